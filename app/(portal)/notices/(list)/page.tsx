import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/ui/page-header';
import { KeysetPagination } from '@/components/ui/keyset-pagination';
import { NoticeFilters } from '@/components/notices/list/notice-filters';
import { NoticeTable } from '@/components/notices/list/notice-table';
import { StatusChips } from '@/components/notices/list/status-chips';
import { hasNoticeFilters, noticeListHref, parseNoticeListQuery } from '@/components/notices/list/list-query';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { listNotices } from '@/lib/server/data/notice-reads';
import { getCommunicationLabel, getCustomerLabel } from '@/lib/server/data/notice-filters';
import { listCustomers } from '@/lib/server/data/customers';
import { can } from '@/lib/domain/permissions';
import type { SearchParams } from '@/lib/domain/customer-query';
import type { NoticeKind } from '@/lib/schemas/notices';

const CUSTOMER_MATCHES = 10;

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('notices.title') };
}

export default async function NoticesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await requirePermission('partner:read');
  const { t, locale } = await getTranslator();
  const query = parseNoticeListQuery(await searchParams);
  const [page, customer, communication, matches] = await Promise.all([
    listNotices(viewer, {
      status: query.status,
      kind: query.kind as NoticeKind | undefined,
      customerId: query.customerId,
      communicationId: query.communicationId,
      from: query.from,
      to: query.to,
      cursor: query.cursor,
    }),
    query.customerId ? getCustomerLabel(viewer, query.customerId) : Promise.resolve(null),
    query.communicationId ? getCommunicationLabel(viewer, query.communicationId) : Promise.resolve(null),
    query.customerSearch
      ? listCustomers(viewer, { sort: 'name', q: query.customerSearch }, { pageSize: CUSTOMER_MATCHES })
      : Promise.resolve(null),
  ]);
  const canWrite = can(viewer.role, 'notice:write');
  const anyNotices = Object.values(page.countsByStatus).some((count) => count > 0);
  const filtered = hasNoticeFilters(query);

  const actions = (
    <div className="flex flex-wrap gap-2">
      {canWrite ? (
        <Link href="/notices/new" className="rounded bg-brand px-4 py-2 text-sm font-semibold text-white hover:bg-brand-dark">
          {t('notices.newNotice')}
        </Link>
      ) : null}
      <Link
        href="/notices/renewals"
        className="rounded border border-brand bg-white px-4 py-2 text-sm font-semibold text-brand hover:bg-neutral-50"
      >
        {t('notices.renewalCoverage')}
      </Link>
    </div>
  );

  return (
    <>
      <PageHeader title={t('notices.title')} description={t('notices.description')} actions={actions} />
      {!anyNotices && !filtered ? (
        <section aria-labelledby="notices-empty" className="rounded-md border border-dashed border-neutral-300 bg-white p-6 text-center">
          <h2 id="notices-empty" className="text-lg font-semibold">
            {t('notices.empty.title')}
          </h2>
          <p className="mt-1 text-sm text-neutral-700">{canWrite ? t('notices.empty.body') : t('notices.empty.bodyReadOnly')}</p>
          {canWrite ? (
            <Link
              href="/notices/new"
              className="mt-3 inline-block rounded bg-brand px-4 py-2 text-sm font-semibold text-white hover:bg-brand-dark"
            >
              {t('notices.newNotice')}
            </Link>
          ) : null}
        </section>
      ) : (
        <>
          <StatusChips query={query} counts={page.countsByStatus} t={t} />
          <NoticeFilters
            key={noticeListHref(query, { cursor: undefined })}
            status={query.status}
            kind={query.kind}
            customerId={customer?.id}
            communicationId={communication?.id}
            customerSearch={query.customerSearch}
            from={query.from}
            to={query.to}
            timeZone={viewer.timeZone}
          />
          {customer ? (
            <p className="mb-3 text-sm">
              {t('notices.filters.customerChosen', { name: customer.companyName })}{' '}
              <Link href={noticeListHref(query, { customerId: undefined, cursor: undefined })} className="text-brand underline">
                {t('notices.filters.clearCustomer')}
              </Link>
            </p>
          ) : null}
          {communication ? (
            <p className="mb-3 text-sm">
              {t('notices.filters.communicationChosen', { id: communication.externalId, title: communication.title })}{' '}
              <Link href={`/communications/${communication.id}`} className="text-brand underline">
                {t('notices.filters.openCommunication')}
              </Link>{' '}
              <Link href={noticeListHref(query, { communicationId: undefined, cursor: undefined })} className="text-brand underline">
                {t('notices.filters.clearCommunication')}
              </Link>
            </p>
          ) : null}
          {matches && query.customerSearch ? (
            <section aria-labelledby="notice-customer-matches" className="mb-4 rounded-md border border-neutral-200 bg-white p-4 shadow-sm">
              <h2 id="notice-customer-matches" className="text-sm font-semibold">
                {t('notices.filters.customerMatches', { q: query.customerSearch })}
              </h2>
              {matches.rows.length === 0 ? (
                <p className="mt-1 text-sm text-neutral-700">{t('notices.filters.customerNoMatch', { q: query.customerSearch })}</p>
              ) : (
                <ul className="mt-2 flex flex-wrap gap-2">
                  {matches.rows.map((row) => (
                    <li key={row.id}>
                      <Link
                        href={noticeListHref(query, { customerId: row.id, customerSearch: undefined, cursor: undefined })}
                        aria-label={t('notices.filters.chooseCustomer', { name: row.companyName })}
                        className="inline-block rounded border border-neutral-300 px-3 py-1 text-sm text-brand hover:bg-neutral-100"
                      >
                        {row.companyName}
                      </Link>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          ) : null}
          {page.invalidCursor ? (
            <p role="alert" className="mb-4 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
              {t('notices.invalidCursor')}
            </p>
          ) : null}
          {page.items.length === 0 ? (
            <section
              aria-labelledby="notices-no-match"
              className="rounded-md border border-dashed border-neutral-300 bg-white p-6 text-center"
            >
              <h2 id="notices-no-match" className="text-lg font-semibold">
                {t('notices.noMatch.title')}
              </h2>
              <p className="mt-1 text-sm text-neutral-700">{t('notices.noMatch.body')}</p>
              <Link href="/notices" className="mt-2 inline-block text-sm text-brand underline">
                {t('notices.filters.clear')}
              </Link>
            </section>
          ) : (
            <>
              <NoticeTable items={page.items} t={t} locale={locale} timeZone={viewer.timeZone} />
              <KeysetPagination
                label={t('notices.pagination.label')}
                first={
                  query.cursor
                    ? {
                        href: noticeListHref(query, { cursor: undefined, customerSearch: undefined }),
                        label: t('notices.pagination.first'),
                      }
                    : null
                }
                next={
                  page.nextCursor
                    ? {
                        href: noticeListHref(query, { cursor: page.nextCursor, customerSearch: undefined }),
                        label: t('notices.pagination.next'),
                      }
                    : null
                }
              />
            </>
          )}
        </>
      )}
    </>
  );
}
