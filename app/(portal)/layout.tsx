import type { ReactNode } from 'react';
import { AppShell } from '@/components/shell/app-shell';
import { requireViewer } from '@/lib/server/guards';

// Frame only: every page below guards itself as well (layouts are not a security boundary).
export default async function PortalLayout({ children }: { children: ReactNode }) {
  const viewer = await requireViewer();
  return <AppShell viewer={viewer}>{children}</AppShell>;
}
