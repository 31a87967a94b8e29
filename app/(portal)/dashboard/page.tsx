import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { StatCard } from '@/components/ui/stat-card';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { getDashboardCounts } from '@/lib/server/data/dashboard';
import { formatNumber } from '@/lib/i18n/translate';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('dashboard.title') };
}

const STATUSES = ['DRAFT', 'SCHEDULED', 'SENDING', 'SENT', 'PARTIALLY_FAILED', 'FAILED', 'CANCELLED', 'ARCHIVED'] as const;

export default async function DashboardPage() {
  const viewer = await requirePermission('partner:read');
  const { t, locale } = await getTranslator();
  const counts = await getDashboardCounts(viewer);
  const n = (value: number) => formatNumber(locale, value);
  return (
    <>
      <PageHeader title={t('dashboard.title')} description={t('dashboard.description', { partner: viewer.partnerName ?? '' })} />
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <StatCard label={t('dashboard.customers')} value={n(counts.customers)} />
        <StatCard label={t('dashboard.activeSubscriptions')} value={n(counts.activeSubscriptions)} />
        <StatCard
          label={t('dashboard.renewalsDue')}
          value={n(counts.renewalsDue60)}
          hint={t('dashboard.renewalsWithoutNotice', { count: counts.renewalsDue60WithoutNotice })}
        />
        <StatCard label={t('dashboard.openIncidents')} value={n(counts.openIncidents)} />
      </div>
      <section aria-labelledby="notices-by-status" className="mt-6 rounded-md border border-neutral-200 bg-white p-4 shadow-sm">
        <h2 id="notices-by-status" className="text-lg font-semibold">
          {t('dashboard.noticesByStatus')}
        </h2>
        <table className="mt-3 w-full max-w-md text-sm">
          <thead className="sr-only">
            <tr>
              <th scope="col">{t('dashboard.status')}</th>
              <th scope="col">{t('dashboard.count')}</th>
            </tr>
          </thead>
          <tbody>
            {STATUSES.map((status) => (
              <tr key={status} className="border-t border-neutral-100">
                <th scope="row" className="py-1.5 text-left font-normal">
                  {t(`noticeStatus.${status}`)}
                </th>
                <td className="py-1.5 text-right tabular-nums">{n(counts.noticesByStatus[status] ?? 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
