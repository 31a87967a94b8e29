import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { PageHeader } from '@/components/ui/page-header';
import { ConnectorExplanation } from '@/components/microsoft-connector/connector-explanation';
import { ConnectorForm } from '@/components/microsoft-connector/connector-form';
import { MicrosoftNav } from '@/components/microsoft-connector/microsoft-nav';
import { RemoveConnector } from '@/components/microsoft-connector/remove-connector';
import { SyncNowButton } from '@/components/microsoft-connector/sync-now-button';
import { TENANT_STATES, TenantTable } from '@/components/microsoft-connector/tenant-table';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { getConnector } from '@/lib/server/data/microsoft-connector';
import { listTenants } from '@/lib/server/data/microsoft-tenants';
import { readConfig } from '@/lib/runtime/config';
import { formatDateTime, formatNumber } from '@/lib/i18n/translate';
import { DEFAULT_SYNC_INTERVAL } from '@/lib/schemas/microsoft-connector';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('microsoftConnector.title') };
}

const searchSchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
  state: z.enum(['OK', 'FAILING', 'NEVER', 'QUEUED', 'RETIRED']).optional().catch(undefined),
  removed: z.literal('1').optional().catch(undefined),
});

const card = 'rounded-md border border-neutral-200 bg-white p-6 shadow-sm';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function MicrosoftConnectorPage({ searchParams }: Props) {
  const viewer = await requirePermission('settings:microsoft');
  const { t, locale } = await getTranslator();
  const query = searchSchema.parse(await searchParams);
  const config = readConfig();
  const [connectorResult, tenantsResult] = await Promise.all([
    getConnector(viewer),
    listTenants(viewer, {
      page: query.page,
      state: query.state,
      overrides: { loginUrl: config.microsoftLoginUrl, graphUrl: config.microsoftGraphUrl },
    }),
  ]);
  if (!connectorResult.ok || !tenantsResult.ok) notFound();
  const connector = connectorResult.connector;
  const tenants = tenantsResult.tenants;
  const when = (date: Date) => formatDateTime(locale, date, viewer.timeZone);
  const run = connector?.lastRun ?? null;
  const stateHref = (state: string | null, page = 1) => {
    const params = new URLSearchParams();
    if (state) params.set('state', state);
    if (page > 1) params.set('page', String(page));
    const text = params.toString();
    return `/settings/microsoft${text ? `?${text}` : ''}#tenants`;
  };
  return (
    <>
      <PageHeader title={t('microsoftConnector.title')} description={t('microsoftConnector.description')} />
      <MicrosoftNav
        label={t('microsoftConnector.nav.label')}
        items={[
          { href: '/settings/microsoft', label: t('microsoftConnector.nav.connector') },
          { href: '/settings/microsoft/categories', label: t('microsoftConnector.nav.categories') },
        ]}
      />
      {query.removed ? (
        <p role="status" className="mb-4 rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
          {t('microsoftConnector.remove.done')}
        </p>
      ) : null}
      {connector?.demo ? (
        <div role="note" className="mb-6 rounded-md border-2 border-amber-500 bg-amber-50 p-4 text-amber-950">
          <p className="font-semibold">{t('microsoftConnector.demo.title')}</p>
          <p className="mt-1 text-sm">{t('microsoftConnector.demo.body')}</p>
        </div>
      ) : null}
      <div className="space-y-6">
        <section aria-labelledby="connector-how" className={card}>
          <h2 id="connector-how" className="mb-2 text-lg font-semibold">
            {t('microsoftConnector.explain.title')}
          </h2>
          <ConnectorExplanation t={t} />
        </section>

        <section aria-labelledby="connector-app" className={card}>
          <h2 id="connector-app" className="text-lg font-semibold">
            {t('microsoftConnector.form.title')}
          </h2>
          {connector && !connector.demo ? (
            <p className="mb-4 mt-1 text-sm text-neutral-800">
              {connector.credential === 'CLIENT_SECRET'
                ? t('microsoftConnector.form.secretStored', { date: when(connector.secretSetAt) })
                : t('microsoftConnector.form.certificateStored', {
                    thumbprint: connector.certificateThumbprint ?? '',
                    expires: connector.certificateExpiresAt ? when(connector.certificateExpiresAt) : '—',
                  })}
            </p>
          ) : connector?.demo ? (
            <p className="mb-4 mt-1 text-sm text-neutral-800">{t('microsoftConnector.demo.noSecret')}</p>
          ) : (
            <p className="mb-4 mt-1 text-sm text-neutral-800">{t('microsoftConnector.form.none')}</p>
          )}
          <ConnectorForm
            values={{
              clientId: connector?.clientId ?? '',
              credential: connector?.credential ?? 'CLIENT_SECRET',
              syncIntervalMinutes: connector?.syncIntervalMinutes ?? DEFAULT_SYNC_INTERVAL,
              enabled: connector?.enabled ?? true,
              hasSecret: Boolean(connector),
              demo: connector?.demo ?? false,
              version: connector?.version ?? 0,
            }}
          />
        </section>

        {connector ? (
          <section aria-labelledby="connector-sync" className={card}>
            <h2 id="connector-sync" className="text-lg font-semibold">
              {t('microsoftConnector.sync.title')}
            </h2>
            <dl className="mb-4 mt-2 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
              <div>
                <dt className="text-neutral-700">{t('microsoftConnector.sync.schedule')}</dt>
                <dd>
                  {!connector.enabled
                    ? t('microsoftConnector.sync.off')
                    : connector.syncIntervalMinutes < 60
                      ? t('microsoftConnector.form.everyMinutes', { count: connector.syncIntervalMinutes })
                      : t('microsoftConnector.form.everyHours', { count: connector.syncIntervalMinutes / 60 })}
                </dd>
              </div>
              <div>
                <dt className="text-neutral-700">{t('microsoftConnector.sync.next')}</dt>
                <dd>
                  {connector.demo
                    ? t('microsoftConnector.demo.neverSynced')
                    : connector.syncRequested
                      ? t('microsoftConnector.sync.requestedShort')
                      : connector.enabled && connector.nextRunAt
                        ? when(connector.nextRunAt)
                        : '—'}
                </dd>
              </div>
              <div className="sm:col-span-2">
                <dt className="text-neutral-700">{t('microsoftConnector.sync.last')}</dt>
                <dd>
                  {run === null
                    ? t('microsoftConnector.sync.noRun')
                    : run.finishedAt
                      ? t('microsoftConnector.sync.lastRun', {
                          date: when(run.finishedAt),
                          tenants: formatNumber(locale, run.tenants),
                          failed: formatNumber(locale, run.tenantsFailed),
                          created: formatNumber(locale, run.created),
                          updated: formatNumber(locale, run.updated),
                        })
                      : t('microsoftConnector.sync.running', { date: when(run.startedAt), tenants: formatNumber(locale, run.tenants) })}
                </dd>
              </div>
            </dl>
            {connector.demo ? <p className="text-sm text-neutral-800">{t('microsoftConnector.demo.syncNow')}</p> : <SyncNowButton />}
            <p className="mt-3 text-sm text-neutral-700">{t('microsoftConnector.sync.worker')}</p>
          </section>
        ) : null}

        <section id="tenants" aria-labelledby="connector-tenants" className={card}>
          <h2 id="connector-tenants" className="text-lg font-semibold">
            {t('microsoftConnector.tenants.title')}
          </h2>
          <p className="mb-3 mt-1 max-w-3xl text-sm text-neutral-700">{t('microsoftConnector.tenants.intro')}</p>
          <nav aria-label={t('microsoftConnector.tenants.filterLabel')} className="mb-3">
            <ul className="flex flex-wrap gap-2 text-sm">
              <li>
                <Link
                  href={stateHref(null)}
                  aria-current={!query.state ? 'true' : undefined}
                  className="rounded border border-neutral-400 px-2 py-1 aria-[current=true]:bg-neutral-800 aria-[current=true]:text-white"
                >
                  {t('microsoftConnector.tenants.all', { count: Object.values(tenants.counts).reduce((sum, n) => sum + n, 0) })}
                </Link>
              </li>
              {TENANT_STATES.map((state) => (
                <li key={state}>
                  <Link
                    href={stateHref(state)}
                    aria-current={query.state === state ? 'true' : undefined}
                    className="rounded border border-neutral-400 px-2 py-1 aria-[current=true]:bg-neutral-800 aria-[current=true]:text-white"
                  >
                    {t(`microsoftConnector.tenants.states.${state}`)} ({formatNumber(locale, tenants.counts[state])})
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          {connector ? null : <p className="mb-3 text-sm text-neutral-800">{t('microsoftConnector.tenants.notConfigured')}</p>}
          <TenantTable tenants={tenants} t={t} locale={locale} timeZone={viewer.timeZone} canTest={Boolean(connector && !connector.demo)} />
          {tenants.pageCount > 1 ? (
            <nav aria-label={t('microsoftConnector.tenants.pages')} className="mt-3 flex flex-wrap items-center gap-3 text-sm">
              {tenants.page > 1 ? (
                <Link href={stateHref(query.state ?? null, tenants.page - 1)} className="text-brand underline">
                  {t('microsoftConnector.tenants.previous')}
                </Link>
              ) : null}
              <span>{t('microsoftConnector.tenants.pageOf', { page: tenants.page, pages: tenants.pageCount })}</span>
              {tenants.page < tenants.pageCount ? (
                <Link href={stateHref(query.state ?? null, tenants.page + 1)} className="text-brand underline">
                  {t('microsoftConnector.tenants.next')}
                </Link>
              ) : null}
            </nav>
          ) : null}
        </section>

        {connector ? (
          <section aria-labelledby="connector-remove" className={card}>
            <h2 id="connector-remove" className="text-lg font-semibold">
              {t('microsoftConnector.remove.title')}
            </h2>
            <p className="mb-3 mt-1 max-w-3xl text-sm text-neutral-700">{t('microsoftConnector.remove.intro')}</p>
            <RemoveConnector version={connector.version} />
          </section>
        ) : null}
      </div>
    </>
  );
}
