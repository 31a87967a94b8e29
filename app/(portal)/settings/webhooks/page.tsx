import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { emptyClass, tableClass, tdClass, thClass } from '@/components/customers/section';
import { WebhookCreateForm } from '@/components/webhooks/create-form';
import { EndpointStatus } from '@/components/webhooks/endpoint-status';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { listWebhookEndpoints } from '@/lib/server/data/webhooks';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('webhooks.title') };
}

const card = 'rounded-md border border-neutral-200 bg-white p-6 shadow-sm';

export default async function WebhooksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requirePermission('settings:webhooks');
  const { t, locale } = await getTranslator();
  const endpoints = await listWebhookEndpoints(viewer);
  if (!endpoints) notFound();
  const deleted = (await searchParams).deleted === '1';
  return (
    <>
      <PageHeader title={t('webhooks.title')} description={t('webhooks.description')} />
      {deleted ? (
        <p role="status" className="mb-4 rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
          {t('webhooks.endpoint.deleted')}
        </p>
      ) : null}
      <div className="space-y-6">
        <section aria-labelledby="webhook-endpoints" className={card}>
          <h2 id="webhook-endpoints" className="mb-3 text-lg font-semibold">
            {t('webhooks.list.title')}
          </h2>
          {endpoints.length === 0 ? (
            <p className={emptyClass}>{t('webhooks.list.empty')}</p>
          ) : (
            <div className="overflow-x-auto">
              <table className={tableClass}>
                <thead className="bg-neutral-50">
                  <tr>
                    <th scope="col" className={thClass}>
                      {t('webhooks.list.url')}
                    </th>
                    <th scope="col" className={thClass}>
                      {t('webhooks.list.events')}
                    </th>
                    <th scope="col" className={thClass}>
                      {t('webhooks.list.status')}
                    </th>
                    <th scope="col" className={thClass}>
                      {t('webhooks.list.actions')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {endpoints.map((endpoint) => (
                    <tr key={endpoint.id} className="border-t border-neutral-100 align-top">
                      <th scope="row" className={`${tdClass} font-normal`}>
                        <span className="block break-all font-mono">{endpoint.url}</span>
                        {endpoint.description ? <span className="block text-neutral-700">{endpoint.description}</span> : null}
                      </th>
                      <td className={tdClass}>{endpoint.events.map((type) => t(`webhooks.events.${type}`)).join(', ')}</td>
                      <td className={tdClass}>
                        <EndpointStatus endpoint={endpoint} t={t} locale={locale} timeZone={viewer.timeZone} />
                      </td>
                      <td className={tdClass}>
                        <Link
                          href={`/settings/webhooks/${endpoint.id}`}
                          aria-label={t('webhooks.list.manageLabel', { url: endpoint.url })}
                          className="font-semibold text-brand hover:underline"
                        >
                          {t('webhooks.list.manage')}
                        </Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        <section aria-labelledby="webhook-create" className={card}>
          <h2 id="webhook-create" className="text-lg font-semibold">
            {t('webhooks.create.title')}
          </h2>
          <p className="mb-4 mt-1 max-w-3xl text-sm text-neutral-700">{t('webhooks.create.intro')}</p>
          <WebhookCreateForm />
        </section>
      </div>
    </>
  );
}
