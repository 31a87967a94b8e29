import type { WebhookEndpointView } from '@/lib/server/data/webhooks';
import { formatDateTime, type Translate } from '@/lib/i18n/translate';
import type { Locale } from '@/lib/i18n/locales';

/** Enabled (with its run of failures, if any), or disabled and why. */
export function EndpointStatus({
  endpoint,
  t,
  locale,
  timeZone,
}: {
  endpoint: Pick<WebhookEndpointView, 'enabled' | 'disabledAt' | 'consecutiveFailures'>;
  t: Translate;
  locale: Locale;
  timeZone: string;
}) {
  if (!endpoint.enabled) {
    return (
      <span className="block">
        <span className="block font-semibold text-red-800">{t('webhooks.status.disabled')}</span>
        {endpoint.disabledAt ? (
          <span className="block text-neutral-700">
            {t('webhooks.status.disabledFailing', {
              time: formatDateTime(locale, endpoint.disabledAt, timeZone),
              failures: endpoint.consecutiveFailures,
            })}
          </span>
        ) : null}
      </span>
    );
  }
  return (
    <span className="block">
      <span className="block font-semibold text-green-800">{t('webhooks.status.enabled')}</span>
      {endpoint.consecutiveFailures > 0 ? (
        <span className="block text-neutral-700">{t('webhooks.status.failing', { failures: endpoint.consecutiveFailures })}</span>
      ) : null}
    </span>
  );
}
