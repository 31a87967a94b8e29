import Link from 'next/link';
import type { Locale } from '@/lib/i18n/locales';
import { formatDateTime, type Translate } from '@/lib/i18n/translate';
import type { TenantPage, TenantRow, TenantState } from '@/lib/server/data/microsoft-tenants';
import { connectorErrorAction, connectorErrorTitle } from './connector-errors';
import { GovernmentGraphForm } from './government-graph-form';
import { TestConnection } from './test-connection';

const STATE_CLASS: Record<TenantState, string> = {
  OK: 'bg-green-100 text-green-900',
  FAILING: 'bg-red-100 text-red-900',
  NEVER: 'bg-neutral-100 text-neutral-800',
  QUEUED: 'bg-blue-100 text-blue-900',
  RETIRED: 'bg-neutral-200 text-neutral-900',
};

export const TENANT_STATES: readonly TenantState[] = ['FAILING', 'OK', 'QUEUED', 'NEVER', 'RETIRED'];

function Problem({ row, t }: { row: TenantRow; t: Translate }) {
  if (row.state === 'RETIRED') return <p>{t('microsoftConnector.tenants.retired')}</p>;
  if (row.state !== 'FAILING' || !row.lastErrorCode)
    return <span className="text-neutral-700">{t('microsoftConnector.tenants.noProblem')}</span>;
  return (
    <div>
      <p className="font-semibold text-red-900">{connectorErrorTitle(t, row.lastErrorCode)}</p>
      <p>{connectorErrorAction(t, row.lastErrorCode)}</p>
      {row.lastErrorDetail ? (
        <p className="text-xs text-neutral-700">{t('microsoftConnector.tenants.microsoftCode', { code: row.lastErrorDetail })}</p>
      ) : null}
      {row.lastErrorCode === 'CONSENT_MISSING' && row.consentUrl ? (
        <p className="mt-1">
          <a href={row.consentUrl} className="text-brand underline" rel="noreferrer noopener" target="_blank">
            {t('microsoftConnector.tenants.consentLink', { customer: row.companyName })}
          </a>
        </p>
      ) : null}
    </div>
  );
}

/** The partner's customer tenants and their sync state: failing ones first, what to do in words, "Test connection" for each. */
export function TenantTable({
  tenants,
  t,
  locale,
  timeZone,
  canTest,
}: {
  tenants: TenantPage;
  t: Translate;
  locale: Locale;
  timeZone: string;
  /** A real connector (not the demo one): tests can run. */
  canTest: boolean;
}) {
  if (tenants.rows.length === 0) return <p className="text-neutral-700">{t('microsoftConnector.tenants.empty')}</p>;
  const th = 'px-3 py-2 text-left';
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">{t('microsoftConnector.tenants.title')}</caption>
        <thead className="bg-neutral-50">
          <tr>
            <th scope="col" className={th}>
              {t('microsoftConnector.tenants.customer')}
            </th>
            <th scope="col" className={th}>
              {t('microsoftConnector.tenants.cloud')}
            </th>
            <th scope="col" className={th}>
              {t('microsoftConnector.tenants.state')}
            </th>
            <th scope="col" className={th}>
              {t('microsoftConnector.tenants.lastSuccess')}
            </th>
            <th scope="col" className={th}>
              {t('microsoftConnector.tenants.problem')}
            </th>
            <th scope="col" className={th}>
              {t('microsoftConnector.tenants.test')}
            </th>
          </tr>
        </thead>
        <tbody>
          {tenants.rows.map((row) => (
            <tr key={row.customerId} className="border-t border-neutral-100 align-top">
              <th scope="row" className="px-3 py-2 text-left font-normal">
                <Link href={`/customers/${row.customerId}`} className="font-semibold text-brand hover:underline">
                  {row.companyName}
                </Link>
                <span className="block font-mono text-xs text-neutral-700">
                  <span className="sr-only">{t('microsoftConnector.tenants.tenantId')}: </span>
                  {row.tenantId}
                </span>
              </th>
              <td className="px-3 py-2">
                {t(`clouds.${row.cloud}`)}
                {row.cloud === 'US_GOVERNMENT' ? (
                  <GovernmentGraphForm customerId={row.customerId} companyName={row.companyName} value={row.governmentGraph} />
                ) : null}
              </td>
              <td className="px-3 py-2">
                <span className={`rounded px-2 py-0.5 text-xs font-semibold ${STATE_CLASS[row.state]}`}>
                  {t(`microsoftConnector.tenants.states.${row.state}`)}
                </span>
              </td>
              <td className="px-3 py-2">
                {row.lastSuccessAt ? (
                  <>
                    {formatDateTime(locale, row.lastSuccessAt, timeZone)}
                    <span className="block text-neutral-700">
                      {t('microsoftConnector.tenants.brought', { created: row.lastCreated, updated: row.lastUpdated })}
                    </span>
                  </>
                ) : (
                  <span className="text-neutral-700">{t('microsoftConnector.tenants.never')}</span>
                )}
              </td>
              <td className="px-3 py-2">
                <Problem row={row} t={t} />
              </td>
              <td className="px-3 py-2">
                {row.state === 'RETIRED' ? null : canTest ? (
                  <TestConnection customerId={row.customerId} companyName={row.companyName} />
                ) : (
                  <span className="text-neutral-700">{t('microsoftConnector.test.demo')}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
