import Link from 'next/link';
import type { NoticeListItem } from '@/lib/server/data/notice-reads';
import { formatDateTime, type Translate } from '@/lib/i18n/translate';
import type { Locale } from '@/lib/i18n/locales';
import { tableClass, tdClass, thClass } from '@/components/customers/section';
import { NoticeStatusBadge } from './status-badge';

/** One page of notices: subject (linked), kind, status, customers, recipients, delivery, date in the viewer's zone. */
export function NoticeTable({ items, t, locale, timeZone }: { items: NoticeListItem[]; t: Translate; locale: Locale; timeZone: string }) {
  const when = (date: Date) => formatDateTime(locale, date, timeZone);
  const other: Locale = locale === 'en' ? 'zh-TW' : 'en';
  return (
    <div className="overflow-x-auto rounded-md border border-neutral-200 bg-white shadow-sm">
      <table className={tableClass}>
        <caption className="sr-only">{t('notices.caption')}</caption>
        <thead className="bg-neutral-50">
          <tr>
            <th scope="col" className={thClass}>
              {t('notices.columns.subject')}
            </th>
            <th scope="col" className={thClass}>
              {t('notices.columns.kind')}
            </th>
            <th scope="col" className={thClass}>
              {t('notices.columns.status')}
            </th>
            <th scope="col" className={thClass}>
              {t('notices.columns.customers')}
            </th>
            <th scope="col" className={thClass}>
              {t('notices.columns.recipients')}
            </th>
            <th scope="col" className={thClass}>
              {t('notices.columns.progress')}
            </th>
            <th scope="col" className={thClass}>
              {t('notices.columns.date')}
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((notice) => {
            const subject = notice.subjects[locale] || notice.subjects[other];
            const more = notice.customerCount - notice.customers.length;
            const { deliveries } = notice;
            return (
              <tr key={notice.id} className="border-t border-neutral-100 align-top">
                <th scope="row" className={`${tdClass} font-normal`}>
                  <Link href={`/notices/${notice.id}`} className="font-semibold text-brand hover:underline">
                    {subject || t('notices.noSubject')}
                  </Link>
                  {notice.fromReminder ? <span className="block text-xs text-neutral-700">{t('notices.fromReminder')}</span> : null}
                  {notice.communication ? (
                    <Link href={`/communications/${notice.communication.id}`} className="block text-xs text-brand underline">
                      {t('notices.aboutCommunication', { id: notice.communication.externalId })}
                    </Link>
                  ) : null}
                  {notice.fromServiceUpdateRule ? (
                    <span className="block text-xs text-neutral-700">{t('notices.fromServiceUpdateRule')}</span>
                  ) : null}
                </th>
                <td className={tdClass}>{t(`notices.kinds.${notice.kind}`)}</td>
                <td className={tdClass}>
                  <NoticeStatusBadge status={notice.status} t={t} />
                </td>
                <td className={tdClass}>
                  {notice.customers.length === 0
                    ? t('notices.noCustomers')
                    : `${notice.customers.map((customer) => customer.companyName).join(', ')}${more > 0 ? ` ${t('notices.moreCustomers', { count: more })}` : ''}`}
                </td>
                <td className={tdClass}>{deliveries.total > 0 ? deliveries.total : t('notices.notYet')}</td>
                <td className={`${tdClass} whitespace-nowrap`}>
                  {deliveries.total > 0 ? (
                    <>
                      {t('notices.progressShort', { sent: deliveries.sent, total: deliveries.total })}
                      {deliveries.failed > 0 ? (
                        <span className="block text-red-800">{t('notices.progressFailed', { count: deliveries.failed })}</span>
                      ) : null}
                    </>
                  ) : (
                    t('notices.notYet')
                  )}
                </td>
                <td className={`${tdClass} whitespace-nowrap`}>
                  {notice.sentAt
                    ? t('notices.dateSent', { date: when(notice.sentAt) })
                    : notice.scheduledAt
                      ? t('notices.dateScheduled', { date: when(notice.scheduledAt) })
                      : t('notices.dateCreated', { date: when(notice.createdAt) })}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
