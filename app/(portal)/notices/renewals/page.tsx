import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/ui/page-header';
import { parseRenewalFilters, renewalFilterParams, RenewalFiltersForm } from '@/components/renewals/renewal-filters';
import { RenewalList, type RenewalRow } from '@/components/renewals/renewal-list';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { getReminderRule } from '@/lib/server/data/reminder-rules';
import { listRenewalCoverage, RENEWAL_NOTICES_MAX_SUBSCRIPTIONS } from '@/lib/server/data/renewals';
import { listTemplates } from '@/lib/server/data/notice-templates';
import { can } from '@/lib/domain/permissions';
import { formatDate, formatDateTime, formatNumber } from '@/lib/i18n/translate';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('renewals.title') };
}

const pageLink = 'rounded border border-neutral-300 bg-white px-3 py-1.5 text-sm text-brand hover:bg-neutral-100';

/** Today's calendar day in `timeZone` plus one, at 09:00: the suggested time to schedule notices. */
function tomorrowMorning(timeZone: string, now = new Date()): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  return `${new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10)}T09:00`;
}

export default async function RenewalsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requirePermission('partner:read');
  const { t, locale } = await getTranslator();
  const { cursor, ...filters } = parseRenewalFilters(await searchParams);
  const canWrite = can(viewer.role, 'notice:write');
  const [page, templates, rule] = await Promise.all([
    listRenewalCoverage(viewer, {
      withinDays: filters.withinDays,
      covered: filters.covered || undefined,
      autoRenew: filters.autoRenew || undefined,
      cursor,
    }),
    canWrite ? listTemplates(viewer, { kind: 'RENEWAL' }) : Promise.resolve([]),
    getReminderRule(viewer),
  ]);
  const days = filters.withinDays;
  const base = renewalFilterParams(filters);
  const href = (next?: string) => {
    const params = new URLSearchParams(base);
    if (next) params.set('cursor', next);
    const query = params.toString();
    return query ? `/notices/renewals?${query}` : '/notices/renewals';
  };
  const rows: RenewalRow[] = page.items.map((item) => ({
    subscriptionId: item.subscriptionId,
    customerId: item.customer.id,
    customerName: item.customer.companyName,
    offerName: item.offerName,
    quantity: formatNumber(locale, item.quantity),
    // A calendar date: shown as that day in the viewer's language, whatever the time zone.
    commitmentEnd: formatDate(locale, item.commitmentEndDate, 'UTC'),
    daysLeft:
      item.daysLeft === 0
        ? t('renewals.table.endsToday')
        : item.daysLeft === 1
          ? t('renewals.table.oneDay')
          : t('renewals.table.days', { count: item.daysLeft }),
    autoRenew: item.autoRenew,
    covered: item.covered,
    notices: item.notices.map((notice) => ({
      id: notice.id,
      status: notice.status,
      when: notice.sentAt
        ? formatDateTime(locale, notice.sentAt, viewer.timeZone)
        : notice.scheduledAt
          ? t('renewals.table.scheduledFor', { time: formatDateTime(locale, notice.scheduledAt, viewer.timeZone) })
          : null,
      fromReminder: notice.fromReminder,
    })),
  }));
  const filtered = Boolean(filters.covered || filters.autoRenew);
  return (
    <>
      <PageHeader
        title={t('renewals.title')}
        description={t('renewals.description')}
        actions={
          <Link
            href="/notices"
            className="rounded border border-brand bg-white px-4 py-2 text-sm font-semibold text-brand hover:bg-neutral-50"
          >
            {t('renewals.allNotices')}
          </Link>
        }
      />
      <RenewalFiltersForm key={base.toString()} filters={filters} t={t} />
      {page.invalidCursor ? (
        <p role="alert" className="mb-4 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t('renewals.invalidCursor')}
        </p>
      ) : null}
      <p className="mb-3 text-sm text-neutral-800" data-testid="renewal-totals">
        {t(page.totals.subscriptions === 1 ? 'renewals.totalsOne' : 'renewals.totals', {
          subscriptions: page.totals.subscriptions,
          days,
          covered: page.totals.covered,
          uncovered: page.totals.uncovered,
          autoRenew: page.totals.autoRenew,
        })}
      </p>
      <p className="mb-3 text-sm text-neutral-800">
        {rule.enabled && rule.template ? t('renewals.remindersOn', { offsets: rule.offsetsDays.join(', ') }) : t('renewals.remindersOff')}
        {can(viewer.role, 'settings:notices') ? (
          <>
            {' '}
            <Link href="/settings/notices" className="text-brand underline">
              {t('renewals.remindersSettings')}
            </Link>
          </>
        ) : null}
      </p>
      {!canWrite ? <p className="mb-3 text-sm text-neutral-700">{t('renewals.readOnly')}</p> : null}
      {rows.length === 0 ? (
        <p className="rounded-md border border-neutral-200 bg-white p-6 text-neutral-800 shadow-sm">
          {filtered && page.totals.subscriptions > 0 ? t('renewals.emptyFiltered', { days }) : t('renewals.empty', { days })}
        </p>
      ) : (
        <RenewalList
          key={`${base.toString()}|${cursor ?? ''}`}
          rows={rows}
          caption={t('renewals.table.caption', { days })}
          create={
            canWrite
              ? {
                  templates: templates.map(({ id, name }) => ({ id, name })),
                  defaultScheduleAt: tomorrowMorning(viewer.timeZone),
                  timeZone: viewer.timeZone,
                  maxSubscriptions: RENEWAL_NOTICES_MAX_SUBSCRIPTIONS,
                }
              : null
          }
        />
      )}
      {cursor || page.nextCursor ? (
        <nav aria-label={t('renewals.pagination.label')} className="mt-4 flex flex-wrap items-center gap-2">
          {cursor ? (
            <Link href={href()} className={pageLink}>
              {t('renewals.pagination.first')}
            </Link>
          ) : null}
          {page.nextCursor ? (
            <Link href={href(page.nextCursor)} rel="next" className={pageLink}>
              {t('renewals.pagination.next')}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}
