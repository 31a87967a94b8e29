import type { ReactNode } from 'react';
import SettingsLayout from '@/app/(portal)/settings/layout';
import { requirePermission } from '@/lib/server/guards';
import { auditReach } from '@/lib/domain/audit';

// A partner admin reaches the audit trail from Settings: it shows under the same settings tabs.
// The guard here answers before the page streams (so a refusal is a real 404 or redirect); the
// page guards itself as well.
export default async function AuditLayout({ children }: { children: ReactNode }) {
  const viewer = await requirePermission('audit:read:all', 'audit:read:partner');
  return auditReach(viewer.role) === 'partner' ? <SettingsLayout>{children}</SettingsLayout> : children;
}
