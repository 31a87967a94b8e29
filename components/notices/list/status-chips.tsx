import Link from 'next/link';
import { NOTICE_STATUSES, type NoticeStatus } from '@/lib/domain/notice-lifecycle';
import type { Translate } from '@/lib/i18n/translate';
import { noticeListHref, type NoticeListUrlQuery } from './list-query';

const chip = 'rounded-full border px-3 py-1 text-sm';
const current = 'border-brand bg-brand font-semibold text-white';
const other = 'border-neutral-300 bg-white text-brand hover:bg-neutral-100';

/** Counts per status under the other filters, as links; the chosen one is marked as current. */
export function StatusChips({ query, counts, t }: { query: NoticeListUrlQuery; counts: Record<NoticeStatus, number>; t: Translate }) {
  const total = NOTICE_STATUSES.reduce((sum, status) => sum + counts[status], 0);
  return (
    <nav aria-label={t('notices.statusFilter')} className="mb-4">
      <ul className="flex flex-wrap gap-2">
        <li>
          <Link
            href={noticeListHref(query, { status: undefined, cursor: undefined })}
            aria-current={query.status ? undefined : 'page'}
            className={`${chip} ${query.status ? other : current}`}
          >
            {t('notices.chip', { label: t('notices.allStatuses'), count: total })}
          </Link>
        </li>
        {NOTICE_STATUSES.map((status) => (
          <li key={status}>
            <Link
              href={noticeListHref(query, { status, cursor: undefined })}
              aria-current={query.status === status ? 'page' : undefined}
              className={`${chip} ${query.status === status ? current : other}`}
            >
              {t('notices.chip', { label: t(`noticeStatus.${status}`), count: counts[status] })}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
