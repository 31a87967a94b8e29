import Link from 'next/link';
import { DETAIL_LIMITS, type CustomerDetail } from '@/lib/server/data/customers';
import { formatDateTime, type Translate } from '@/lib/i18n/translate';
import { isOpen } from '@/lib/domain/graph-mapping';
import type { Locale } from '@/lib/i18n/locales';
import { emptyClass, Section, tableClass, tdClass, thClass, Truncated } from './section';

/**
 * Microsoft's direct communications that affected this customer, newest first (the most recent
 * few), each in its category for this customer, with the date by which a post asks for action
 * and the partner's notices about each.
 */
export function CustomerCommunications({
  customerId,
  communications,
  truncated,
  t,
  locale,
  timeZone,
  now,
}: {
  customerId: string;
  communications: CustomerDetail['communications'];
  truncated: boolean;
  t: Translate;
  locale: Locale;
  timeZone: string;
  now: Date;
}) {
  return (
    <Section id="customer-communications" title={t('customers.detail.communications.title')}>
      {communications.length === 0 ? (
        <p className={emptyClass}>{t('customers.detail.communications.empty')}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className={tableClass}>
            <caption className="sr-only">{t('customers.detail.communications.title')}</caption>
            <thead className="bg-neutral-50">
              <tr>
                <th scope="col" className={thClass}>
                  {t('customers.detail.communications.item')}
                </th>
                <th scope="col" className={thClass}>
                  {t('customers.detail.communications.category')}
                </th>
                <th scope="col" className={thClass}>
                  {t('customers.detail.communications.service')}
                </th>
                <th scope="col" className={thClass}>
                  {t('customers.detail.communications.started')}
                </th>
                <th scope="col" className={thClass}>
                  {t('customers.detail.communications.actionRequiredBy')}
                </th>
                <th scope="col" className={thClass}>
                  {t('customers.detail.communications.state')}
                </th>
                <th scope="col" className={thClass}>
                  {t('customers.detail.communications.notices')}
                </th>
              </tr>
            </thead>
            <tbody>
              {communications.map((item) => (
                <tr key={item.id} className="border-t border-neutral-100 align-top">
                  <th scope="row" className={`${tdClass} font-normal`}>
                    <Link href={`/communications/${item.id}`} className="font-semibold text-brand hover:underline">
                      {item.title}
                    </Link>
                    <span className="block font-mono text-xs text-neutral-700">{item.externalId}</span>
                  </th>
                  <td className={tdClass}>
                    {t(`policy.categories.${item.category}`)}
                    {item.isConflict ? (
                      <span className="mt-1 block">
                        <span className="inline-block rounded border border-red-300 bg-red-50 px-2 py-0.5 text-xs font-semibold text-red-800">
                          {t('customers.detail.communications.conflict')}
                        </span>
                        <span className="mt-0.5 block text-xs text-neutral-700">{t('customers.detail.communications.conflictHint')}</span>
                      </span>
                    ) : null}
                  </td>
                  <td className={tdClass}>{item.affectedService}</td>
                  <td className={`${tdClass} whitespace-nowrap`}>{formatDateTime(locale, item.startAt, timeZone)}</td>
                  <td className={`${tdClass} whitespace-nowrap`}>
                    {item.actionRequiredBy ? (
                      <span className="font-semibold">{formatDateTime(locale, item.actionRequiredBy, timeZone)}</span>
                    ) : (
                      <span className="text-neutral-700">{t('customers.detail.communications.noAction')}</span>
                    )}
                  </td>
                  <td className={tdClass}>
                    {isOpen(item, now) ? t('customers.detail.communications.open') : t('customers.detail.communications.resolved')}
                  </td>
                  <td className={tdClass}>
                    {item.noticeCount > 0 ? (
                      <Link
                        href={`/notices?customerId=${customerId}&communicationId=${item.id}`}
                        className="text-brand underline"
                        aria-label={t('customers.detail.communications.noticesAbout', { count: item.noticeCount, id: item.externalId })}
                      >
                        {t('customers.detail.communications.noticeCount', { count: item.noticeCount })}
                      </Link>
                    ) : (
                      t('customers.detail.communications.noNotices')
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {truncated ? <Truncated text={t('customers.detail.showingRecent', { count: DETAIL_LIMITS.communications })} /> : null}
        </div>
      )}
    </Section>
  );
}
