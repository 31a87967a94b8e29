import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/ui/page-header';
import { tableClass, tdClass, thClass } from '@/components/customers/section';
import { ServiceUpdateOptOutButton } from '@/components/customers/service-update-opt-out';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { listServiceUpdateOptOuts, listServiceUpdateRules } from '@/lib/server/data/service-update-rules';
import { formatDateTime } from '@/lib/i18n/translate';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('noticeSettings.serviceUpdates.title') };
}

const card = 'rounded-md border border-neutral-200 bg-white p-6 shadow-sm';

// The partner's automatic service-update rules and the customers that opted out of them (partner admins).
export default async function ServiceUpdateRulesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePermission('settings:notices');
  const { t, locale } = await getTranslator();
  const [rules, optOuts] = await Promise.all([listServiceUpdateRules(viewer), listServiceUpdateOptOuts(viewer)]);
  const saved = (await searchParams).saved;
  const list = (values: string[]) => values.join(', ');
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/settings/notices" className="text-brand hover:underline">
          {t('noticeSettings.serviceUpdates.back')}
        </Link>
      </p>
      <PageHeader
        title={t('noticeSettings.serviceUpdates.title')}
        description={t('noticeSettings.serviceUpdates.description')}
        actions={
          <Link
            href="/settings/notices/service-updates/new"
            className="rounded bg-brand px-4 py-2 text-sm font-semibold text-white hover:bg-brand-dark"
          >
            {t('noticeSettings.serviceUpdates.add')}
          </Link>
        }
      />
      {saved === 'rule' || saved === 'ruleDeleted' ? (
        <p role="status" className="mb-4 rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
          {saved === 'rule' ? t('noticeSettings.serviceUpdates.saved') : t('noticeSettings.serviceUpdates.deleted')}
        </p>
      ) : null}
      <div className="space-y-6">
        <section aria-labelledby="service-update-rules" className={card}>
          <h2 id="service-update-rules" className="text-lg font-semibold">
            {t('noticeSettings.serviceUpdates.rulesTitle')}
          </h2>
          <p className="mb-4 mt-1 max-w-3xl text-sm text-neutral-700">{t('noticeSettings.serviceUpdates.worker')}</p>
          {rules.length === 0 ? (
            <p className="text-sm text-neutral-700">{t('noticeSettings.serviceUpdates.empty')}</p>
          ) : (
            <div className="overflow-x-auto">
              <table className={tableClass}>
                <caption className="sr-only">{t('noticeSettings.serviceUpdates.rulesTitle')}</caption>
                <thead className="bg-neutral-50">
                  <tr>
                    <th scope="col" className={thClass}>
                      {t('noticeSettings.serviceUpdates.fieldName')}
                    </th>
                    <th scope="col" className={thClass}>
                      {t('noticeSettings.serviceUpdates.matches')}
                    </th>
                    <th scope="col" className={thClass}>
                      {t('noticeSettings.serviceUpdates.fieldAction')}
                    </th>
                    <th scope="col" className={thClass}>
                      {t('noticeSettings.serviceUpdates.state')}
                    </th>
                    <th scope="col" className={thClass}>
                      {t('noticeSettings.serviceUpdates.noticesMade')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rules.map((rule) => (
                    <tr key={rule.id} className="border-t border-neutral-100 align-top">
                      <th scope="row" className={`${tdClass} font-normal`}>
                        <Link href={`/settings/notices/service-updates/${rule.id}`} className="font-semibold text-brand hover:underline">
                          {rule.name}
                        </Link>
                      </th>
                      <td className={tdClass}>
                        <p>{list(rule.categories.map((category) => t(`policy.categories.${category}`)))}</p>
                        <p className="text-neutral-700">
                          {rule.services.length > 0
                            ? t('noticeSettings.serviceUpdates.servicesList', { services: list(rule.services) })
                            : t('noticeSettings.serviceUpdates.anyService')}
                          {' · '}
                          {rule.minSeverity
                            ? t('noticeSettings.serviceUpdates.atLeast', { severity: t(`communications.severities.${rule.minSeverity}`) })
                            : t('noticeSettings.serviceUpdates.anySeverity')}
                        </p>
                      </td>
                      <td className={tdClass}>
                        {t(`noticeSettings.serviceUpdates.actions.${rule.action}`)}
                        <span className="block text-neutral-700">
                          {list(rule.recipientRoles.map((role) => t(`noticeComposer.roles.${role}`)))}
                        </span>
                      </td>
                      <td className={tdClass}>
                        {rule.enabled ? t('noticeSettings.serviceUpdates.on') : t('noticeSettings.serviceUpdates.off')}
                      </td>
                      <td className={tdClass}>{rule.noticeCount}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        <section aria-labelledby="service-update-opt-outs" className={card}>
          <h2 id="service-update-opt-outs" className="text-lg font-semibold">
            {t('noticeSettings.serviceUpdates.optOutsTitle')}
          </h2>
          <p className="mb-4 mt-1 max-w-3xl text-sm text-neutral-700">{t('noticeSettings.serviceUpdates.optOutsIntro')}</p>
          {optOuts.length === 0 ? (
            <p className="text-sm text-neutral-700">{t('noticeSettings.serviceUpdates.optOutsEmpty')}</p>
          ) : (
            <ul className="space-y-2">
              {optOuts.map((optOut) => (
                <li key={optOut.customerId} className="flex flex-wrap items-center gap-3 text-sm">
                  <Link href={`/customers/${optOut.customerId}`} className="font-semibold text-brand hover:underline">
                    {optOut.companyName}
                  </Link>
                  <span className="text-neutral-700">
                    {t('noticeSettings.serviceUpdates.optedOutSince', { date: formatDateTime(locale, optOut.since, viewer.timeZone) })}
                  </span>
                  <ServiceUpdateOptOutButton customerId={optOut.customerId} optedOut name={optOut.companyName} />
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}
