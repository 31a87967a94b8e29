import Link from 'next/link';
import { DETAIL_LIMITS, type CustomerDetail } from '@/lib/server/data/customers';
import { formatDateTime, type Translate } from '@/lib/i18n/translate';
import type { Locale } from '@/lib/i18n/locales';
import { emptyClass, secondaryLink, Section, tableClass, tdClass, thClass, Truncated } from './section';

/** This customer's notices (the partner's own), newest first (the most recent few). */
export function CustomerNotices({
  customerId,
  canWrite,
  notices,
  truncated,
  t,
  locale,
  timeZone,
}: {
  customerId: string;
  /** The viewer may compose notices (notice:write). */
  canWrite: boolean;
  notices: CustomerDetail['notices'];
  truncated: boolean;
  t: Translate;
  locale: Locale;
  timeZone: string;
}) {
  const when = (date: Date | null) => (date ? formatDateTime(locale, date, timeZone) : '—');
  return (
    <Section
      id="customer-notices"
      title={t('customers.detail.notices.title')}
      actions={
        <div className="flex flex-wrap gap-2">
          {notices.length > 0 ? (
            <Link href={`/notices?customerId=${customerId}`} className={secondaryLink}>
              {t('customers.detail.notices.all')}
            </Link>
          ) : null}
          {canWrite ? (
            <Link href={`/notices/new?customerId=${customerId}`} className={secondaryLink}>
              {t('customers.detail.notices.compose')}
            </Link>
          ) : null}
        </div>
      }
    >
      {notices.length === 0 ? (
        <p className={emptyClass}>{t('customers.detail.notices.empty')}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className={tableClass}>
            <caption className="sr-only">{t('customers.detail.notices.title')}</caption>
            <thead className="bg-neutral-50">
              <tr>
                <th scope="col" className={thClass}>
                  {t('customers.detail.notices.subject')}
                </th>
                <th scope="col" className={thClass}>
                  {t('customers.detail.notices.kind')}
                </th>
                <th scope="col" className={thClass}>
                  {t('customers.detail.notices.status')}
                </th>
                <th scope="col" className={thClass}>
                  {t('customers.detail.notices.created')}
                </th>
                <th scope="col" className={thClass}>
                  {t('customers.detail.notices.scheduled')}
                </th>
                <th scope="col" className={thClass}>
                  {t('customers.detail.notices.sent')}
                </th>
              </tr>
            </thead>
            <tbody>
              {notices.map((notice) => {
                const subject = (locale === 'zh-TW' ? notice.subjectZhTw : notice.subjectEn) || notice.subjectEn || notice.subjectZhTw;
                return (
                  <tr key={notice.id} className="border-t border-neutral-100 align-top">
                    <th scope="row" className={`${tdClass} font-normal`}>
                      <Link href={`/notices/${notice.id}`} className="font-semibold text-brand hover:underline">
                        {subject || t('customers.detail.notices.noSubject')}
                      </Link>
                      {notice.communicationId && notice.communicationExternalId ? (
                        <Link href={`/communications/${notice.communicationId}`} className="block text-xs text-brand underline">
                          {t('notices.aboutCommunication', { id: notice.communicationExternalId })}
                        </Link>
                      ) : null}
                    </th>
                    <td className={tdClass}>{t(`customers.detail.noticeKinds.${notice.kind}`)}</td>
                    <td className={tdClass}>{t(`noticeStatus.${notice.status}`)}</td>
                    <td className={`${tdClass} whitespace-nowrap`}>{when(notice.createdAt)}</td>
                    <td className={`${tdClass} whitespace-nowrap`}>{when(notice.scheduledAt)}</td>
                    <td className={`${tdClass} whitespace-nowrap`}>{when(notice.sentAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {truncated ? <Truncated text={t('customers.detail.showingRecent', { count: DETAIL_LIMITS.notices })} /> : null}
        </div>
      )}
    </Section>
  );
}
