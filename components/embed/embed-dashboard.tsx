import { BarList } from '@/components/dashboard/bar-list';
import { DashboardCard } from '@/components/dashboard/dashboard-card';
import { dashboardFigures } from '@/components/dashboard/figures';
import { StatCard } from '@/components/ui/stat-card';
import type { DashboardCounts } from '@/lib/server/data/dashboard';
import { formatNumber, type Translate } from '@/lib/i18n/translate';
import type { Locale } from '@/lib/i18n/locales';

/** The window of the "renewals without a notice" figure: the longest the dashboard counts. */
const RENEWAL_WINDOW = 90;

/**
 * The compact, read-only dashboard shown in a host page's frame: the partner's figures, each
 * linking to the list behind it in the portal, in a new tab. No navigation, no form, no action.
 */
export function EmbedDashboard({
  partnerName,
  counts,
  locale,
  t,
}: {
  partnerName: string;
  counts: DashboardCounts;
  locale: Locale;
  t: Translate;
}) {
  const n = (value: number) => formatNumber(locale, value);
  const figures = dashboardFigures(counts, t, n);
  const renewals = counts.renewals.find((window) => window.days === RENEWAL_WINDOW);
  return (
    <main className="p-4">
      <header className="mb-4 flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold">{t('embed.title')}</h1>
          <p className="text-sm text-neutral-700">{partnerName}</p>
        </div>
        <a href="/dashboard" target="_blank" rel="noopener" className="text-sm font-semibold text-brand underline">
          {t('embed.openPortal')}
        </a>
      </header>
      <p className="mb-3 text-xs text-neutral-700">{t('embed.newTabNote')}</p>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <StatCard {...figures.customers} newTab />
        <StatCard
          label={t('embed.renewalsWithoutNotice')}
          value={n(renewals?.withoutNotice ?? 0)}
          hint={t('embed.renewalsWithoutNoticeHint', { days: RENEWAL_WINDOW, count: renewals?.due ?? 0 })}
          href={`/notices/renewals?withinDays=${RENEWAL_WINDOW}`}
          newTab
        />
        <StatCard {...figures.openIncidents} newTab />
        <StatCard {...figures.policyConflicts} newTab />
      </div>
      <div className="mt-3 grid gap-3 md:grid-cols-2">
        <DashboardCard id="embed-renewals-due" title={t('dashboard.renewalsTitle')}>
          <BarList label={t('dashboard.renewalsTitle')} bars={figures.renewals} newTab />
        </DashboardCard>
        <DashboardCard id="embed-notices-by-status" title={t('dashboard.noticesByStatus')}>
          <BarList label={t('dashboard.noticesByStatus')} bars={figures.notices} newTab />
        </DashboardCard>
      </div>
    </main>
  );
}
