import Link from 'next/link';
import { customerQueryToSearchParams, withQuery, type CustomerQuery } from '@/lib/domain/customer-query';
import type { Translate } from '@/lib/i18n/translate';

const link = 'rounded border border-neutral-300 bg-white px-3 py-1.5 text-sm text-brand hover:bg-neutral-100';

/** First / previous / next: keyset cursors in the URL (no page numbers: counting pages would need a count of everything). */
export function CustomerPagination({
  query,
  previousCursor,
  nextCursor,
  t,
}: {
  query: CustomerQuery;
  previousCursor: string | null;
  nextCursor: string | null;
  t: Translate;
}) {
  if (!query.cursor && !previousCursor && !nextCursor) return null;
  const base = customerQueryToSearchParams(query, { cursor: false });
  const at = (cursor: string) => {
    const params = new URLSearchParams(base);
    params.set('cursor', cursor);
    return withQuery('/customers', params);
  };
  return (
    <nav aria-label={t('customers.pagination.label')} className="mt-4 flex flex-wrap items-center gap-2">
      {query.cursor ? (
        <Link href={withQuery('/customers', base)} className={link}>
          {t('customers.pagination.first')}
        </Link>
      ) : null}
      {previousCursor ? (
        <Link href={at(previousCursor)} rel="prev" className={link}>
          {t('customers.pagination.previous')}
        </Link>
      ) : null}
      {nextCursor ? (
        <Link href={at(nextCursor)} rel="next" className={link}>
          {t('customers.pagination.next')}
        </Link>
      ) : null}
    </nav>
  );
}
