import Link from 'next/link';
import { DETAIL_LIMITS, type CustomerDetail } from '@/lib/server/data/customers';
import { formatDate, formatNumber, type Translate } from '@/lib/i18n/translate';
import type { Locale } from '@/lib/i18n/locales';
import { emptyClass, secondaryLink, Section, tableClass, tdClass, thClass, Truncated } from './section';

export function SubscriptionsTable({
  customerId,
  subscriptions,
  truncated,
  canWrite,
  t,
  locale,
}: {
  customerId: string;
  subscriptions: CustomerDetail['subscriptions'];
  truncated: boolean;
  canWrite: boolean;
  t: Translate;
  locale: Locale;
}) {
  const actions = canWrite ? (
    <Link href={`/customers/${customerId}/subscriptions/new`} className={secondaryLink}>
      {t('customers.detail.subscriptions.add')}
    </Link>
  ) : null;
  const columns = ['offer', 'quantity', 'status', 'term', 'billingCycle', 'commitmentEnd', 'autoRenew'] as const;
  return (
    <Section id="customer-subscriptions" title={t('customers.detail.subscriptions.title')} actions={actions}>
      {subscriptions.length === 0 ? (
        <p className={emptyClass}>{t('customers.detail.subscriptions.empty')}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className={tableClass}>
            <caption className="sr-only">{t('customers.detail.subscriptions.title')}</caption>
            <thead className="bg-neutral-50">
              <tr>
                {columns.map((column) => (
                  <th key={column} scope="col" className={`${thClass} ${column === 'quantity' ? 'text-right' : ''}`}>
                    {t(`customers.detail.subscriptions.${column}`)}
                  </th>
                ))}
                {canWrite ? (
                  <th scope="col" className={thClass}>
                    <span className="sr-only">{t('customers.detail.subscriptions.actions')}</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {subscriptions.map((subscription) => (
                <tr key={subscription.id} className="border-t border-neutral-100">
                  <th scope="row" className={`${tdClass} font-normal`}>
                    {subscription.offerName}
                  </th>
                  <td className={`${tdClass} text-right tabular-nums`}>{formatNumber(locale, subscription.quantity)}</td>
                  <td className={tdClass}>{t(`customers.detail.subscriptionStatus.${subscription.status}`)}</td>
                  <td className={tdClass}>{t(`customers.detail.terms.${subscription.term}`)}</td>
                  <td className={tdClass}>{t(`customers.detail.billingCycles.${subscription.billingCycle}`)}</td>
                  {/* Calendar days (@db.Date): shown as that day in every time zone. */}
                  <td className={`${tdClass} whitespace-nowrap`}>{formatDate(locale, subscription.commitmentEndDate, 'UTC')}</td>
                  <td className={tdClass}>{subscription.autoRenew ? t('customers.detail.yes') : t('customers.detail.no')}</td>
                  {canWrite ? (
                    <td className={tdClass}>
                      <Link
                        href={`/customers/${customerId}/subscriptions/${subscription.id}/edit`}
                        className="text-brand underline"
                        aria-label={t('customers.detail.subscriptions.edit', { offer: subscription.offerName })}
                      >
                        {t('customers.detail.editShort')}
                      </Link>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
          {truncated ? <Truncated text={t('customers.detail.showingFirst', { count: DETAIL_LIMITS.subscriptions })} /> : null}
        </div>
      )}
    </Section>
  );
}
