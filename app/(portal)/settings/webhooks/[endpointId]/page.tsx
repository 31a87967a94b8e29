import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { LiveRefresh } from '@/components/notices/detail/live-refresh';
import { emptyClass, tableClass, tdClass, thClass } from '@/components/customers/section';
import { EndpointStatus } from '@/components/webhooks/endpoint-status';
import { DeleteEndpointButton, EnableButton, EventsForm, ReplayButton, TestEventButton } from '@/components/webhooks/endpoint-controls';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { getWebhookEndpoint, listWebhookDeliveries } from '@/lib/server/data/webhooks';
import { formatDateTime, type MessageKey } from '@/lib/i18n/translate';
import { isWebhookEventType, WEBHOOK_TEST_EVENT } from '@/lib/domain/webhooks';
import en from '@/messages/en.json';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('webhooks.title') };
}

const card = 'rounded-md border border-neutral-200 bg-white p-6 shadow-sm';
const TONE = { QUEUED: 'text-neutral-800', SENT: 'text-green-800', FAILED: 'text-red-800' } as const;

export default async function WebhookEndpointPage({
  params,
  searchParams,
}: {
  params: Promise<{ endpointId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePermission('settings:webhooks');
  const { t, locale } = await getTranslator();
  const { endpointId } = await params;
  const cursorParam = (await searchParams).cursor;
  const cursor = typeof cursorParam === 'string' ? cursorParam : undefined;
  const endpoint = await getWebhookEndpoint(viewer, endpointId);
  if (!endpoint) notFound();
  const page = await listWebhookDeliveries(viewer, endpoint.id, { cursor });
  if (!page) notFound();
  const when = (date: Date | null) => (date ? formatDateTime(locale, date, viewer.timeZone) : '—');
  const eventName = (type: string) => (isWebhookEventType(type) || type === WEBHOOK_TEST_EVENT ? t(`webhooks.events.${type}`) : type);
  const live = page.items.some((item) => item.status === 'QUEUED');
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/settings/webhooks" className="text-brand hover:underline">
          {t('webhooks.endpoint.back')}
        </Link>
      </p>
      <PageHeader title={endpoint.url} description={endpoint.description || undefined} />
      <div className="space-y-6">
        <section aria-labelledby="webhook-status" className={card}>
          <h2 id="webhook-status" className="sr-only">
            {t('webhooks.list.status')}
          </h2>
          <EndpointStatus endpoint={endpoint} t={t} locale={locale} timeZone={viewer.timeZone} />
          {!endpoint.enabled ? <p className="mt-2 max-w-3xl text-sm text-neutral-700">{t('webhooks.endpoint.disabledIntro')}</p> : null}
          <div className="mt-4 flex flex-wrap items-start gap-3">
            {endpoint.enabled ? <TestEventButton endpointId={endpoint.id} /> : <EnableButton endpointId={endpoint.id} />}
            <DeleteEndpointButton endpointId={endpoint.id} url={endpoint.url} />
          </div>
        </section>
        <section aria-labelledby="webhook-events" className={card}>
          <h2 id="webhook-events" className="mb-3 text-lg font-semibold">
            {t('webhooks.endpoint.eventsTitle')}
          </h2>
          <EventsForm key={endpoint.version} endpointId={endpoint.id} version={endpoint.version} events={endpoint.events} />
        </section>
        <section aria-labelledby="webhook-log" className={card}>
          <h2 id="webhook-log" className="mb-3 text-lg font-semibold">
            {t('webhooks.log.title')}
          </h2>
          <div className="mb-3">
            <LiveRefresh active={live} live={t('webhooks.log.pending')} finished={t('webhooks.log.settled')} />
          </div>
          {page.items.length === 0 ? (
            <p className={emptyClass}>{t('webhooks.log.empty')}</p>
          ) : (
            <div className="overflow-x-auto">
              <table className={tableClass}>
                <caption className="sr-only">{t('webhooks.log.title')}</caption>
                <thead className="bg-neutral-50">
                  <tr>
                    {(['event', 'time', 'status', 'response', 'attempts', 'error', 'actions'] as const).map((column) => (
                      <th key={column} scope="col" className={thClass}>
                        {t(`webhooks.log.${column}`)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((delivery) => (
                    <tr key={delivery.id} className="border-t border-neutral-100 align-top">
                      <th scope="row" className={`${tdClass} font-normal`}>
                        <span className="block font-medium">{eventName(delivery.eventType)}</span>
                        <code className="block text-xs text-neutral-700">{delivery.eventType}</code>
                        {delivery.replayOfId ? <span className="block text-xs text-neutral-700">{t('webhooks.log.replayOf')}</span> : null}
                      </th>
                      <td className={`${tdClass} whitespace-nowrap`}>{when(delivery.createdAt)}</td>
                      <td className={`${tdClass} font-semibold ${TONE[delivery.status]}`}>
                        {t(`webhooks.deliveryStatus.${delivery.status}`)}
                        {delivery.status === 'QUEUED' && delivery.attempts > 0 ? (
                          <span className="block font-normal text-neutral-700">
                            {t('webhooks.log.nextAttempt', { time: when(delivery.nextAttemptAt) })}
                          </span>
                        ) : null}
                      </td>
                      <td className={tdClass}>{delivery.responseStatus ?? t('webhooks.log.noResponse')}</td>
                      <td className={tdClass}>{delivery.attempts}</td>
                      <td className={tdClass}>
                        {delivery.lastError && delivery.lastError in en.webhooks.deliveryErrors
                          ? t(`webhooks.deliveryErrors.${delivery.lastError}` as MessageKey)
                          : '—'}
                      </td>
                      <td className={tdClass}>
                        {delivery.status === 'FAILED' && endpoint.enabled ? (
                          <ReplayButton deliveryId={delivery.id} event={eventName(delivery.eventType)} time={when(delivery.createdAt)} />
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <nav aria-label={t('webhooks.log.title')} className="mt-3 flex gap-3 text-sm">
            {cursor ? (
              <Link href={`/settings/webhooks/${endpoint.id}`} className="text-brand hover:underline">
                {t('webhooks.log.newest')}
              </Link>
            ) : null}
            {page.nextCursor ? (
              <Link
                href={`/settings/webhooks/${endpoint.id}?cursor=${encodeURIComponent(page.nextCursor)}`}
                className="text-brand hover:underline"
              >
                {t('webhooks.log.older')}
              </Link>
            ) : null}
          </nav>
        </section>
      </div>
    </>
  );
}
