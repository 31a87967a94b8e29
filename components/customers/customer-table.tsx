import Link from 'next/link';
import type { CustomerListRow } from '@/lib/server/data/customers';
import { customerQueryToSearchParams, withQuery, type CustomerQuery, type CustomerSort } from '@/lib/domain/customer-query';
import { RETIRED_CLOUDS } from '@/lib/domain/policy';
import { formatDate, type Translate } from '@/lib/i18n/translate';
import type { Locale } from '@/lib/i18n/locales';
import { SORT_LABEL } from './labels';

type SortableColumn = { ascending: CustomerSort; descending: CustomerSort };
const SORTABLE: Record<'companyName' | 'nextCommitmentEnd', SortableColumn> = {
  companyName: { ascending: 'name', descending: '-name' },
  nextCommitmentEnd: { ascending: 'nextCommitmentEnd', descending: '-nextCommitmentEnd' },
};

const th = 'px-3 py-2 font-semibold';
const td = 'px-3 py-2';

/** A column header that sorts by its column (ascending first, then the other way), keeping the filters. */
function SortHeader({ label, column, query }: { label: string; column: SortableColumn; query: CustomerQuery }) {
  const active = query.sort === column.ascending ? 'ascending' : query.sort === column.descending ? 'descending' : undefined;
  const next = active === 'ascending' ? column.descending : column.ascending;
  const href = withQuery('/customers', customerQueryToSearchParams({ ...query, sort: next, cursor: undefined }));
  return (
    <th scope="col" className={th} aria-sort={active ?? 'none'}>
      <Link href={href} className="inline-flex items-center gap-1 hover:underline">
        {label}
        <span aria-hidden="true" className="text-neutral-500">
          {active === 'ascending' ? '▲' : active === 'descending' ? '▼' : '↕'}
        </span>
      </Link>
    </th>
  );
}

export function CustomerTable({ rows, query, t, locale }: { rows: CustomerListRow[]; query: CustomerQuery; t: Translate; locale: Locale }) {
  return (
    <div className="overflow-x-auto rounded-md border border-neutral-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{t('customers.caption', { sort: t(SORT_LABEL[query.sort]) })}</caption>
        <thead className="bg-neutral-50">
          <tr>
            <SortHeader label={t('customers.columns.companyName')} column={SORTABLE.companyName} query={query} />
            <th scope="col" className={th}>
              {t('customers.columns.domain')}
            </th>
            <th scope="col" className={th}>
              {t('customers.columns.tenantId')}
            </th>
            <th scope="col" className={th}>
              {t('customers.columns.cloud')}
            </th>
            <th scope="col" className={th}>
              {t('customers.columns.relationshipToPartner')}
            </th>
            <th scope="col" className={th}>
              {t('customers.columns.directRelationship')}
            </th>
            <SortHeader label={t('customers.columns.nextCommitmentEnd')} column={SORTABLE.nextCommitmentEnd} query={query} />
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className="border-t border-neutral-100 align-top">
              <th scope="row" className={`${td} font-normal`}>
                <Link href={`/customers/${row.id}`} className="font-semibold text-brand hover:underline">
                  {row.companyName}
                </Link>
              </th>
              <td className={td}>{row.domain}</td>
              <td className={`${td} font-mono text-xs`}>{row.tenantId}</td>
              <td className={td}>
                <span className={RETIRED_CLOUDS.includes(row.cloud) ? 'text-amber-900' : undefined}>{t(`clouds.${row.cloud}`)}</span>
              </td>
              <td className={td}>{t(`customers.relationshipToPartner.${row.relationshipToPartner}`)}</td>
              <td className={td}>{t(`customers.directRelationship.${row.directRelationship}`)}</td>
              <td className={`${td} whitespace-nowrap`}>
                {/* A calendar day (the subscription's commitment end date), shown as that day in every zone. */}
                {row.nextCommitmentEndAt ? formatDate(locale, row.nextCommitmentEndAt, 'UTC') : t('customers.noDate')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
