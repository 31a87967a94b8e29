import Link from 'next/link';
import type { Translate } from '@/lib/i18n/translate';
import { communicationsHref, type CommunicationParam } from '@/lib/schemas/communications';

const link = 'rounded border border-neutral-300 bg-white px-3 py-1.5 text-sm font-semibold text-brand hover:bg-neutral-50';

/** Newest / Newer / Older: keyset pages, the cursor in the URL with the filters. */
export function CommunicationsPagination({
  t,
  values,
  prevCursor,
  nextCursor,
}: {
  t: Translate;
  values: Partial<Record<CommunicationParam, string>>;
  prevCursor: string | null;
  nextCursor: string | null;
}) {
  if (!prevCursor && !nextCursor) return null;
  const { cursor: _current, ...filters } = values;
  return (
    <nav aria-label={t('communications.pagination.label')} className="mt-4 flex flex-wrap gap-2">
      {prevCursor ? (
        <>
          <Link href={communicationsHref(filters)} className={link}>
            {t('communications.pagination.newest')}
          </Link>
          <Link href={communicationsHref({ ...filters, cursor: prevCursor })} className={link} rel="prev">
            {t('communications.pagination.newer')}
          </Link>
        </>
      ) : null}
      {nextCursor ? (
        <Link href={communicationsHref({ ...filters, cursor: nextCursor })} className={link} rel="next">
          {t('communications.pagination.older')}
        </Link>
      ) : null}
    </nav>
  );
}
