import type { ReactNode } from 'react';
import { requirePermission } from '@/lib/server/guards';

// The guard answers here, before the list streams its loading state: a viewer who may not read
// notices gets a real redirect or 404, not a page that redirects once it has streamed. The page
// guards itself as well.
export default async function NoticeListLayout({ children }: { children: ReactNode }) {
  await requirePermission('partner:read');
  return children;
}
