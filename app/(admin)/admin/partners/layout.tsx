import type { ReactNode } from 'react';
import { requirePermission } from '@/lib/server/guards';

// The page guards itself too. Checked here as well because the page has a loading state: once that
// has streamed, the page's own redirect could no longer answer with a redirect status.
export default async function PartnersLayout({ children }: { children: ReactNode }) {
  await requirePermission('admin:partners');
  return children;
}
