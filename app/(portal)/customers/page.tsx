import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/ui/page-header';
import { CustomerSearchForm } from '@/components/customers/customer-search-form';
import { CustomerTable } from '@/components/customers/customer-table';
import { CustomerPagination } from '@/components/customers/customer-pagination';
import { NoCustomersYet, NoMatchingCustomers } from '@/components/customers/customer-list-states';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { listCustomers } from '@/lib/server/data/customers';
import { can } from '@/lib/domain/permissions';
import { customerQueryToSearchParams, parseCustomerQuery, withQuery, type SearchParams } from '@/lib/domain/customer-query';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('customers.title') };
}

export default async function CustomersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await requirePermission('partner:read');
  const { t, locale } = await getTranslator();
  const { query, invalid } = parseCustomerQuery(await searchParams);
  const page = await listCustomers(viewer, query);
  const canWrite = can(viewer.role, 'customer:write');
  const filters = customerQueryToSearchParams(query, { cursor: false });
  const count = page.total.more
    ? t('customers.countMore', { count: page.total.count })
    : page.total.count === 1
      ? t('customers.countOne')
      : t('customers.count', { count: page.total.count });

  const actions = (
    <div className="flex flex-wrap gap-2">
      {canWrite ? (
        <>
          <Link href="/customers/new" className="rounded bg-brand px-4 py-2 text-sm font-semibold text-white hover:bg-brand-dark">
            {t('customers.add')}
          </Link>
          <Link
            href="/customers/import"
            className="rounded border border-brand bg-white px-4 py-2 text-sm font-semibold text-brand hover:bg-neutral-50"
          >
            {t('customers.import')}
          </Link>
        </>
      ) : null}
      {page.partnerHasCustomers ? (
        // A file download, not a page: a plain link (no client-side navigation or prefetch).
        <a
          href={withQuery('/customers/export.csv', filters)}
          className="rounded border border-neutral-400 bg-white px-4 py-2 text-sm font-semibold text-neutral-900 hover:bg-neutral-50"
        >
          {t('customers.exportCsv')}
        </a>
      ) : null}
    </div>
  );

  return (
    <>
      <PageHeader title={t('customers.title')} description={t('customers.description')} actions={actions} />
      {invalid.length > 0 ? (
        <p role="alert" className="mb-4 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t('customers.invalidQuery', { params: invalid.map((name) => t(`customers.queryParams.${name}`)).join(', ') })}
        </p>
      ) : null}
      {page.partnerHasCustomers ? <CustomerSearchForm key={filters.toString()} query={query} /> : null}
      {!page.partnerHasCustomers ? (
        <NoCustomersYet t={t} canWrite={canWrite} />
      ) : page.rows.length === 0 ? (
        <NoMatchingCustomers t={t} />
      ) : (
        <>
          <p role="status" className="mb-2 text-sm text-neutral-700">
            {count}
          </p>
          <CustomerTable rows={page.rows} query={query} t={t} locale={locale} />
          <CustomerPagination query={query} previousCursor={page.previousCursor} nextCursor={page.nextCursor} t={t} />
        </>
      )}
    </>
  );
}
