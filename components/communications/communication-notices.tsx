import Link from 'next/link';
import type { Locale } from '@/lib/i18n/locales';
import { formatDateTime, type Translate } from '@/lib/i18n/translate';
import type { CommunicationNotices } from '@/lib/server/data/service-updates';
import { NoticeStatusBadge } from '@/components/notices/list/status-badge';
import { statusLabel } from './labels';

const primaryLink = 'rounded bg-brand px-4 py-2 text-sm font-semibold text-white hover:bg-brand-dark';

/**
 * The partner's notices about this communication (each linked), and what it may do next: "Tell
 * affected customers" until a notice has gone out, then "Send an update" once the communication's
 * status differs from what the last notice told (to those who may write notices).
 */
export function CommunicationNoticesSection({
  communication,
  notices,
  canWrite,
  t,
  locale,
  timeZone,
}: {
  communication: { id: string; status: string; affectedCount: number };
  notices: CommunicationNotices;
  canWrite: boolean;
  t: Translate;
  locale: Locale;
  timeZone: string;
}) {
  const { offer } = notices;
  const other: Locale = locale === 'en' ? 'zh-TW' : 'en';
  const when = (date: Date | null) => (date ? formatDateTime(locale, date, timeZone) : '—');
  const tellHref = `/notices/new?communicationId=${communication.id}`;
  return (
    <section aria-labelledby="comm-notices" className="rounded-md border border-neutral-200 bg-white p-4 shadow-sm">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="comm-notices" className="text-lg font-semibold">
          {t('communications.notices.title')}
        </h2>
        {canWrite && communication.affectedCount > 0 ? (
          offer.code === 'TELL' ? (
            <Link href={tellHref} className={primaryLink}>
              {t('communications.notices.tell')}
            </Link>
          ) : offer.code === 'UPDATE' ? (
            <Link href={`${tellHref}&update=1`} className={primaryLink}>
              {t('communications.notices.sendUpdate')}
            </Link>
          ) : null
        ) : null}
      </div>
      <p className="mt-1 text-sm text-neutral-800">
        {offer.code === 'TELL'
          ? t('communications.notices.tellHint')
          : offer.code === 'UPDATE'
            ? t('communications.notices.changed', {
                before: offer.previousStatus ? statusLabel(t, offer.previousStatus) : t('communications.notices.unknownStatus'),
                now: statusLabel(t, communication.status),
              })
            : t('communications.notices.upToDate', { status: statusLabel(t, communication.status) })}
      </p>
      {notices.notices.length === 0 ? (
        <p className="mt-3 text-sm text-neutral-700">{t('communications.notices.empty')}</p>
      ) : (
        <div className="mt-3 overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{t('communications.notices.title')}</caption>
            <thead className="bg-neutral-50">
              <tr>
                <th scope="col" className="px-3 py-2">
                  {t('communications.notices.subject')}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t('communications.notices.status')}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t('communications.notices.told')}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t('communications.notices.customers')}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t('communications.notices.made')}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t('communications.notices.sent')}
                </th>
              </tr>
            </thead>
            <tbody>
              {notices.notices.map((notice) => (
                <tr key={notice.id} className="border-t border-neutral-100 align-top">
                  <th scope="row" className="px-3 py-2 text-left font-normal">
                    <Link href={`/notices/${notice.id}`} className="font-semibold text-brand hover:underline">
                      {notice.subjects[locale] || notice.subjects[other] || t('notices.noSubject')}
                    </Link>
                    <span className="block text-xs text-neutral-700">
                      {notice.ruleName
                        ? t('communications.notices.byRule', { name: notice.ruleName })
                        : t('communications.notices.byPerson')}
                    </span>
                  </th>
                  <td className="px-3 py-2">
                    <NoticeStatusBadge status={notice.status} t={t} />
                  </td>
                  <td className="px-3 py-2">{notice.communicationStatus ? statusLabel(t, notice.communicationStatus) : '—'}</td>
                  <td className="px-3 py-2">{notice.customerCount}</td>
                  <td className="px-3 py-2 whitespace-nowrap">{when(notice.createdAt)}</td>
                  <td className="px-3 py-2 whitespace-nowrap">{when(notice.sentAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
