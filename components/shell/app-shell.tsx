import type { ReactNode } from 'react';
import { NavLinks, type NavItem } from './nav-links';
import { LanguageSwitch } from './language-switch';
import { SignOutButton } from './sign-out-button';
import { getTranslator } from '@/lib/server/locale';
import type { Viewer } from '@/lib/server/viewer';
import { can } from '@/lib/domain/permissions';

// Partner Center–like frame: top bar with the partner, the user and their role, the language
// switch and sign-out; left navigation by role (only Settings while two-step sign-in must be set up
// first); a note on demo accounts, which sign in without two-step sign-in.
export async function AppShell({ viewer, children }: { viewer: Viewer; children: ReactNode }) {
  const { t } = await getTranslator();
  const twoStep = viewer.apiToken ? undefined : viewer.twoStep;
  const items: NavItem[] = twoStep?.enrolmentPending
    ? [{ href: '/settings/security', match: '/settings', label: t('nav.settings') }]
    : can(viewer.role, 'partner:read')
      ? [
          { href: '/dashboard', match: '/dashboard', label: t('nav.dashboard') },
          { href: '/customers', match: '/customers', label: t('nav.customers') },
          { href: '/communications', match: '/communications', label: t('nav.communications') },
          { href: '/notices', match: '/notices', label: t('nav.notices') },
          // A partner admin's audit trail is one of the settings tabs.
          { href: '/settings/profile', match: ['/settings', '/admin/audit'], label: t('nav.settings') },
        ]
      : [
          { href: '/admin/relationships', match: '/admin/relationships', label: t('nav.relationships') },
          { href: '/admin/partners', match: '/admin/partners', label: t('nav.partners') },
          { href: '/admin/audit', match: '/admin/audit', label: t('nav.audit') },
          { href: '/settings/profile', match: '/settings', label: t('nav.settings') },
        ];
  return (
    <div className="flex min-h-screen flex-col">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-10 focus:bg-white focus:p-2">
        {t('shell.skipToContent')}
      </a>
      <header className="flex flex-wrap items-center justify-between gap-3 bg-[#1b1a19] px-4 py-2 text-white">
        <div className="flex items-center gap-3">
          <span className="font-semibold">{t('app.name')}</span>
          <span aria-hidden="true" className="text-neutral-400">
            |
          </span>
          <span data-testid="partner-name">{viewer.partnerName ?? t('shell.portalAdministration')}</span>
        </div>
        <div className="flex flex-wrap items-center gap-3 rounded bg-white px-2 py-1 text-neutral-900">
          <span className="text-sm">
            <span className="font-semibold">{viewer.name}</span>
            <span className="text-neutral-700"> · {t(`roles.${viewer.role}`)}</span>
          </span>
          <LanguageSwitch />
          <SignOutButton />
        </div>
      </header>
      <div className="flex flex-1 flex-col md:flex-row">
        <aside className="w-full border-r border-neutral-200 bg-[#ebebeb] p-3 md:w-56">
          <NavLinks items={items} label={t('shell.mainNavigation')} />
        </aside>
        <main id="main" className="flex-1 p-6">
          {twoStep?.exempt ? (
            <p className="mb-4 rounded border border-sky-300 bg-sky-50 px-3 py-2 text-sm text-sky-950">{t('shell.demoTwoStep')}</p>
          ) : null}
          {children}
        </main>
      </div>
    </div>
  );
}
