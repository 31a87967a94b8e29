'use client';
import { useI18n } from '@/components/i18n-provider';
import type { ComposerCustomer } from '@/lib/server/data/notice-composer';
import type { Locale } from '@/lib/i18n/locales';

function formatDay(day: string, locale: Locale): string {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** One chosen customer's subscriptions, each a checkbox: the notice concerns those checked. */
export function CustomerSubscriptions({
  customer,
  subscriptionIds,
  onChange,
}: {
  customer: ComposerCustomer;
  subscriptionIds: readonly string[];
  onChange: (subscriptionId: string, checked: boolean) => void;
}) {
  const { t, locale } = useI18n();
  return (
    <fieldset className="rounded border border-neutral-200 p-3">
      <legend className="px-1 text-sm font-semibold">{t('noticeComposer.targets.subscriptionsOf', { name: customer.companyName })}</legend>
      {customer.subscriptions.length === 0 ? (
        <p className="text-sm text-neutral-700">{t('noticeComposer.targets.noSubscriptions')}</p>
      ) : (
        <ul className="space-y-1">
          {customer.subscriptions.map((subscription) => {
            const checkboxId = `subscription-${subscription.id}`;
            return (
              <li key={subscription.id} className="flex items-start gap-2">
                <input
                  id={checkboxId}
                  type="checkbox"
                  name="target.subscriptionIds"
                  value={subscription.id}
                  checked={subscriptionIds.includes(subscription.id)}
                  onChange={(event) => onChange(subscription.id, event.target.checked)}
                  className="mt-1 h-4 w-4 accent-[#0f6cbd]"
                />
                <label htmlFor={checkboxId} className="text-sm">
                  <span className="font-medium">{subscription.offerName}</span>
                  {' — '}
                  {t('noticeComposer.targets.subscriptionLine', {
                    quantity: subscription.quantity,
                    date: formatDay(subscription.commitmentEndDate, locale),
                  })}
                  {subscription.status !== 'ACTIVE' ? ` · ${t(`noticeComposer.subscriptionStatuses.${subscription.status}`)}` : ''}
                </label>
              </li>
            );
          })}
        </ul>
      )}
      {customer.moreSubscriptions ? <p className="mt-1 text-sm text-neutral-700">{t('noticeComposer.targets.moreSubscriptions')}</p> : null}
    </fieldset>
  );
}
