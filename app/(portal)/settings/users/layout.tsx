import type { ReactNode } from 'react';
import { requirePermission } from '@/lib/server/guards';

// The page guards itself too. Checked here as well because the page has a loading state: once that
// has streamed, the page's own "not found" could no longer answer with a 404 status.
export default async function UsersLayout({ children }: { children: ReactNode }) {
  await requirePermission('settings:users');
  return children;
}
