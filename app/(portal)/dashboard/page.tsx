import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { StatCard } from '@/components/ui/stat-card';
import { BarList } from '@/components/dashboard/bar-list';
import { DashboardCard } from '@/components/dashboard/dashboard-card';
import { dashboardFigures } from '@/components/dashboard/figures';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { getDashboardCounts } from '@/lib/server/data/dashboard';
import { formatNumber } from '@/lib/i18n/translate';
import { CLOUDS } from '@/lib/domain/policy';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('dashboard.title') };
}

// Partner Center–style overview: figures counted in the database, each card linking to the
// filtered list behind it.
export default async function DashboardPage() {
  const viewer = await requirePermission('partner:read');
  const { t, locale } = await getTranslator();
  const counts = await getDashboardCounts(viewer);
  const n = (value: number) => formatNumber(locale, value);
  const figures = dashboardFigures(counts, t, n);
  return (
    <>
      <PageHeader title={t('dashboard.title')} description={t('dashboard.description', { partner: viewer.partnerName ?? '' })} />
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <StatCard {...figures.customers} />
        <StatCard
          label={t('dashboard.activeSubscriptions')}
          value={n(counts.activeSubscriptions)}
          hint={t('dashboard.activeSubscriptionsHint')}
          href="/customers?sort=nextCommitmentEnd"
        />
        <StatCard {...figures.openIncidents} />
        <StatCard {...figures.policyConflicts} />
      </div>
      <div className="mt-6 grid gap-4 lg:grid-cols-3">
        <DashboardCard id="customers-by-cloud" title={t('dashboard.customersByCloud')} hint={t('dashboard.customersByCloudHint')}>
          <BarList
            label={t('dashboard.customersByCloud')}
            bars={CLOUDS.map((cloud) => ({
              key: cloud,
              label: t(`clouds.${cloud}`),
              value: counts.customersByCloud[cloud],
              display: n(counts.customersByCloud[cloud]),
              href: `/customers?cloud=${cloud}`,
            }))}
          />
        </DashboardCard>
        <DashboardCard id="renewals-due" title={t('dashboard.renewalsTitle')} hint={t('dashboard.renewalsHint')}>
          <BarList label={t('dashboard.renewalsTitle')} bars={figures.renewals} />
        </DashboardCard>
        <DashboardCard id="notices-by-status" title={t('dashboard.noticesByStatus')} hint={t('dashboard.noticesHint')}>
          <BarList label={t('dashboard.noticesByStatus')} bars={figures.notices} />
        </DashboardCard>
      </div>
    </>
  );
}
