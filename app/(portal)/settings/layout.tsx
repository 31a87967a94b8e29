import type { ReactNode } from 'react';
import { SettingsNav } from '@/components/notice-settings/settings-nav';
import { requireViewer } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { can } from '@/lib/domain/permissions';

// Frame only: the settings sections this viewer may open. Every page below guards itself.
export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const viewer = await requireViewer();
  const { t } = await getTranslator();
  const items = [
    { href: '/settings/profile', label: t('noticeSettings.nav.profile') },
    { href: '/settings/security', label: t('noticeSettings.nav.security') },
    ...(can(viewer.role, 'settings:notices') ? [{ href: '/settings/notices', label: t('noticeSettings.nav.notices') }] : []),
    ...(can(viewer.role, 'settings:microsoft') ? [{ href: '/settings/microsoft', label: t('microsoftConnector.nav.tab') }] : []),
    ...(can(viewer.role, 'settings:tokens') ? [{ href: '/settings/api-tokens', label: t('apiTokens.nav') }] : []),
    ...(can(viewer.role, 'settings:users') ? [{ href: '/settings/users', label: t('noticeSettings.nav.users') }] : []),
    ...(can(viewer.role, 'settings:webhooks') ? [{ href: '/settings/webhooks', label: t('webhooks.nav') }] : []),
    ...(can(viewer.role, 'settings:tokens') ? [{ href: '/settings/embed', label: t('noticeSettings.nav.embed') }] : []),
    ...(can(viewer.role, 'audit:read:partner') ? [{ href: '/admin/audit', label: t('noticeSettings.nav.audit') }] : []),
  ];
  return (
    <>
      {items.length > 1 ? <SettingsNav items={items} label={t('noticeSettings.nav.label')} /> : null}
      {children}
    </>
  );
}
