import Link from 'next/link';
import type { DeliveryPage } from '@/lib/server/data/delivery-ledger';
import { DELIVERY_STATUSES, type DeliveryStatus } from '@/lib/domain/notice-lifecycle';
import { formatDateTime, type Translate } from '@/lib/i18n/translate';
import type { Locale } from '@/lib/i18n/locales';
import { emptyClass, Section, tableClass, tdClass, thClass } from '@/components/customers/section';
import { DeliveryProgress } from './delivery-progress';
import { LiveRefresh } from './live-refresh';
import { RetryDeliveryButton } from './notice-actions';

const TONE: Record<DeliveryStatus, string> = {
  QUEUED: 'text-neutral-800',
  SENT: 'text-green-800',
  FAILED: 'text-red-800',
  CANCELLED: 'text-neutral-700',
};

const chip = 'rounded-full border px-3 py-1 text-sm';

/**
 * The per-recipient ledger: totals and progress, a status filter and pages in the URL
 * (`deliveryStatus`, `deliveryCursor`), the CSV download, and while the notice is sending a live
 * refresh. The last error is a code, worded here (the mail server's own text is in the log only).
 */
export function DeliveryLedger({
  noticeId,
  version,
  page,
  status,
  canRetry,
  live,
  laterPage,
  t,
  locale,
  timeZone,
}: {
  noticeId: string;
  version: number;
  page: DeliveryPage;
  status: DeliveryStatus | undefined;
  canRetry: boolean;
  live: boolean;
  /** A page after the first is shown (a "First page" link is offered). */
  laterPage: boolean;
  t: Translate;
  locale: Locale;
  timeZone: string;
}) {
  const { counts } = page;
  const when = (date: Date | null) => (date ? formatDateTime(locale, date, timeZone) : '—');
  const href = (params: { status?: DeliveryStatus; cursor?: string }) => {
    const search = new URLSearchParams();
    if (params.status) search.set('deliveryStatus', params.status);
    if (params.cursor) search.set('deliveryCursor', params.cursor);
    const text = search.toString();
    return `/notices/${noticeId}${text ? `?${text}` : ''}#notice-deliveries`;
  };
  const countOf: Record<DeliveryStatus, number> = {
    QUEUED: counts.queued,
    SENT: counts.sent,
    FAILED: counts.failed,
    CANCELLED: counts.cancelled,
  };
  const finished = t('notices.deliveries.finished', { sent: counts.sent, failed: counts.failed });

  return (
    <Section
      id="notice-deliveries"
      title={t('notices.deliveries.title')}
      actions={
        counts.total > 0 ? (
          // A file download, not a page: a plain link.
          <a
            href={`/notices/${noticeId}/deliveries.csv`}
            className="rounded border border-neutral-400 bg-white px-3 py-1.5 text-sm font-semibold text-neutral-900 hover:bg-neutral-50"
          >
            {t('notices.deliveries.downloadCsv')}
          </a>
        ) : null
      }
    >
      <div className="mb-3 space-y-2">
        <LiveRefresh active={live} live={t('notices.deliveries.live')} finished={finished} />
        {counts.total === 0 ? <p className={emptyClass}>{t('notices.deliveries.none')}</p> : <DeliveryProgress counts={counts} t={t} />}
      </div>
      {counts.total > 0 ? (
        <>
          <nav aria-label={t('notices.deliveries.statusFilter')} className="mb-3 flex flex-wrap gap-2">
            <Link
              href={href({})}
              aria-current={status === undefined ? 'true' : undefined}
              className={`${chip} ${status === undefined ? 'border-brand bg-brand text-white' : 'border-neutral-300 bg-white text-brand hover:bg-neutral-100'}`}
            >
              {t('notices.deliveries.all', { count: counts.total })}
            </Link>
            {DELIVERY_STATUSES.map((value) => (
              <Link
                key={value}
                href={href({ status: value })}
                aria-current={status === value ? 'true' : undefined}
                className={`${chip} ${status === value ? 'border-brand bg-brand text-white' : 'border-neutral-300 bg-white text-brand hover:bg-neutral-100'}`}
              >
                {t('notices.deliveries.statusChip', { label: t(`notices.deliveries.statuses.${value}`), count: countOf[value] })}
              </Link>
            ))}
          </nav>
          {page.items.length === 0 ? (
            <p className={emptyClass}>{t('notices.deliveries.noMatch')}</p>
          ) : (
            <div className="overflow-x-auto">
              <table className={tableClass}>
                <caption className="sr-only">{t('notices.deliveries.caption')}</caption>
                <thead className="bg-neutral-50">
                  <tr>
                    <th scope="col" className={thClass}>
                      {t('notices.deliveries.recipient')}
                    </th>
                    <th scope="col" className={thClass}>
                      {t('notices.deliveries.customer')}
                    </th>
                    <th scope="col" className={thClass}>
                      {t('notices.deliveries.language')}
                    </th>
                    <th scope="col" className={thClass}>
                      {t('notices.deliveries.status')}
                    </th>
                    <th scope="col" className={thClass}>
                      {t('notices.deliveries.attempts')}
                    </th>
                    <th scope="col" className={thClass}>
                      {t('notices.deliveries.lastAttempt')}
                    </th>
                    <th scope="col" className={thClass}>
                      {t('notices.deliveries.nextAttempt')}
                    </th>
                    <th scope="col" className={thClass}>
                      {t('notices.deliveries.lastError')}
                    </th>
                    {canRetry ? (
                      <th scope="col" className={thClass}>
                        {t('notices.deliveries.actions')}
                      </th>
                    ) : null}
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((delivery) => (
                    <tr key={delivery.id} className="border-t border-neutral-100 align-top">
                      <th scope="row" className={`${tdClass} font-normal`}>
                        <span className="block font-medium">{delivery.recipientName}</span>
                        <span className="block break-all text-neutral-700">{delivery.recipientEmail}</span>
                      </th>
                      <td className={tdClass}>
                        <Link href={`/customers/${delivery.customerId}`} className="text-brand hover:underline">
                          {delivery.customerName}
                        </Link>
                      </td>
                      <td className={tdClass}>{t(`customers.languages.${delivery.language}`)}</td>
                      <td className={`${tdClass} font-semibold ${TONE[delivery.status]}`}>
                        {t(`notices.deliveries.statuses.${delivery.status}`)}
                      </td>
                      <td className={tdClass}>{delivery.attempts}</td>
                      <td className={`${tdClass} whitespace-nowrap`}>
                        {when(delivery.sentAt ?? (delivery.attempts > 0 ? delivery.updatedAt : null))}
                      </td>
                      <td className={`${tdClass} whitespace-nowrap`}>
                        {delivery.status === 'QUEUED' ? when(delivery.nextAttemptAt) : '—'}
                      </td>
                      <td className={tdClass}>
                        {delivery.lastError ? (
                          <span className="block max-w-xs">{t(`notices.deliveries.errors.${delivery.lastError}`)}</span>
                        ) : (
                          '—'
                        )}
                      </td>
                      {canRetry ? (
                        <td className={tdClass}>
                          {delivery.status === 'FAILED' ? (
                            <RetryDeliveryButton
                              id={noticeId}
                              version={version}
                              deliveryId={delivery.id}
                              email={delivery.recipientEmail}
                              timeZone={timeZone}
                            />
                          ) : null}
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <DeliveryPagination
            first={href({ status })}
            next={page.nextCursor ? href({ status, cursor: page.nextCursor }) : null}
            paged={laterPage}
            t={t}
          />
        </>
      ) : null}
    </Section>
  );
}

function DeliveryPagination({ first, next, paged, t }: { first: string; next: string | null; paged: boolean; t: Translate }) {
  if (!next && !paged) return null;
  const link = 'rounded border border-neutral-300 bg-white px-3 py-1.5 text-sm text-brand hover:bg-neutral-100';
  return (
    <nav aria-label={t('notices.deliveries.pagination')} className="mt-3 flex flex-wrap gap-2">
      {paged ? (
        <Link href={first} className={link}>
          {t('notices.deliveries.first')}
        </Link>
      ) : null}
      {next ? (
        <Link href={next} rel="next" className={link}>
          {t('notices.deliveries.next')}
        </Link>
      ) : null}
    </nav>
  );
}
