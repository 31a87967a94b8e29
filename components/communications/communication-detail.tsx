import Link from 'next/link';
import type { Locale } from '@/lib/i18n/locales';
import { formatDateTime, formatNumber, type Translate } from '@/lib/i18n/translate';
import type { CommunicationDetail } from '@/lib/server/data/communications';
import { graphDetails } from '@/lib/domain/graph-mapping';
import { CommunicationBadges } from './communication-badges';
import { PolicySummary } from './policy-summary';
import { classificationLabel, messageCategoryLabel, severityLabel, statusLabel } from './labels';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="border-t border-neutral-100 py-2 sm:grid sm:grid-cols-3 sm:gap-4">
      <dt className="font-medium">{label}</dt>
      <dd className="sm:col-span-2">{children}</dd>
    </div>
  );
}

export function CommunicationDetailView({
  item,
  t,
  locale,
  timeZone,
}: {
  item: CommunicationDetail;
  t: Translate;
  locale: Locale;
  timeZone: string;
}) {
  const { updates, details } = graphDetails(item.raw);
  const severity = severityLabel(t, item.severity);
  const messageCategory = messageCategoryLabel(t, item.messageCategory);
  const when = (date: Date) => formatDateTime(locale, date, timeZone);
  return (
    <div className="space-y-6">
      <CommunicationBadges item={item} t={t} />
      <section aria-labelledby="comm-facts" className="rounded-md border border-neutral-200 bg-white p-4 shadow-sm">
        <h2 id="comm-facts" className="text-lg font-semibold">
          {t('communications.detail.facts')}
        </h2>
        <dl className="mt-2 text-sm">
          <Fact label={t('communications.item.microsoftId')}>
            <span className="font-mono">{item.externalId}</span>
          </Fact>
          <Fact label={t('communications.detail.category')}>{t(`policy.categories.${item.category}`)}</Fact>
          <Fact label={t('communications.detail.classification')}>{classificationLabel(t, item.classification)}</Fact>
          {messageCategory ? <Fact label={t('communications.detail.messageCategory')}>{messageCategory}</Fact> : null}
          {item.kind === 'serviceHealthIssue' ? <Fact label={t('communications.detail.status')}>{statusLabel(t, item.status)}</Fact> : null}
          <Fact label={t('communications.detail.open')}>
            {item.isOpen ? t('communications.detail.yes') : t('communications.detail.no')}
          </Fact>
          {item.services.length > 0 ? (
            <Fact label={t('communications.detail.services')}>{item.services.join(', ')}</Fact>
          ) : item.affectedService ? (
            <Fact label={t('communications.item.service')}>{item.affectedService}</Fact>
          ) : null}
          {item.feature ? (
            <Fact label={t('communications.detail.feature')}>
              {item.feature}
              {item.featureGroup && item.featureGroup !== item.feature ? ` (${item.featureGroup})` : ''}
            </Fact>
          ) : null}
          {severity ? <Fact label={t('communications.item.severity')}>{severity}</Fact> : null}
          {item.kind === 'serviceUpdateMessage' ? (
            <Fact label={t('communications.badges.majorChange')}>
              {item.isMajorChange ? t('communications.detail.yes') : t('communications.detail.no')}
            </Fact>
          ) : null}
          {item.highImpact ? <Fact label={t('communications.badges.highImpact')}>{t('communications.detail.yes')}</Fact> : null}
          {item.tags.length > 0 ? <Fact label={t('communications.detail.tags')}>{item.tags.join(', ')}</Fact> : null}
          <Fact label={t('communications.item.started')}>{when(item.startAt)}</Fact>
          {item.endAt ? (
            <Fact label={item.kind === 'serviceUpdateMessage' ? t('communications.detail.ends') : t('communications.item.ended')}>
              {when(item.endAt)}
            </Fact>
          ) : null}
          <Fact label={t('communications.item.lastModified')}>{when(item.lastModifiedAt)}</Fact>
          {item.actionRequiredBy ? <Fact label={t('communications.detail.actionRequiredBy')}>{when(item.actionRequiredBy)}</Fact> : null}
          <Fact label={t('communications.detail.cloud')}>{t(`clouds.${item.cloud}`)}</Fact>
          {details.map((detail, index) => (
            <Fact key={`${index}-${detail.name}`} label={detail.name}>
              <span className="break-words">{detail.value}</span>
            </Fact>
          ))}
        </dl>
      </section>

      <section aria-labelledby="comm-summary" className="rounded-md border border-neutral-200 bg-white p-4 shadow-sm">
        <h2 id="comm-summary" className="text-lg font-semibold">
          {t('communications.detail.summary')}
        </h2>
        <p className="mt-2 whitespace-pre-line text-sm">{item.summary || t('communications.detail.noSummary')}</p>
        {item.classification === 'incident' || updates.length > 0 ? (
          <>
            <h3 className="mt-4 font-semibold">{t('communications.detail.updates')}</h3>
            {updates.length === 0 ? (
              <p className="text-sm text-neutral-700">{t('communications.detail.updatesEmpty')}</p>
            ) : (
              <ol className="mt-2 space-y-3 text-sm">
                {updates.map((update, index) => (
                  <li key={index} className="border-l-2 border-neutral-300 pl-3">
                    <p className="text-neutral-700">{when(update.createdAt)}</p>
                    <p className="whitespace-pre-line">{update.text}</p>
                  </li>
                ))}
              </ol>
            )}
          </>
        ) : null}
      </section>

      <section aria-labelledby="comm-affected" className="rounded-md border border-neutral-200 bg-white p-4 shadow-sm">
        <h2 id="comm-affected" className="text-lg font-semibold">
          {t('communications.detail.affectedTitle')} ({formatNumber(locale, item.affectedCount)})
        </h2>
        <PolicySummary t={t} groups={item.outcomes} headingId="comm-policy" category={item.category} />
        {item.affectedCount === 0 ? (
          <p className="mt-3 text-sm text-neutral-700">{t('communications.item.noneAffected')}</p>
        ) : (
          <div className="mt-3 overflow-x-auto">
            {item.affected.length < item.affectedCount ? (
              <p className="mb-2 text-sm text-neutral-700">
                {t('communications.detail.truncated', { shown: item.affected.length, count: item.affectedCount })}
              </p>
            ) : null}
            <table className="w-full text-left text-sm">
              <caption className="sr-only">{t('communications.detail.affectedTitle')}</caption>
              <thead className="bg-neutral-50">
                <tr>
                  <th scope="col" className="px-3 py-2">
                    {t('communications.detail.customer')}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t('communications.detail.categoryForCustomer')}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t('communications.detail.cloud')}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t('communications.detail.relationship')}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t('communications.detail.direct')}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t('communications.detail.whoMaySend')}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t('communications.detail.conflict')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {item.affected.map((customer) => (
                  <tr key={customer.id} className="border-t border-neutral-100 align-top">
                    <th scope="row" className="px-3 py-2 text-left font-normal">
                      <Link href={`/customers/${customer.id}`} className="text-brand hover:underline">
                        {customer.companyName}
                      </Link>
                      <br />
                      <Link href={`/communications?customerId=${customer.id}`} className="text-xs text-neutral-700 underline">
                        {t('communications.detail.customerCommunications', { customer: customer.companyName })}
                      </Link>
                    </th>
                    <td className="px-3 py-2">{t(`policy.categories.${customer.category}`)}</td>
                    <td className="px-3 py-2">{t(`clouds.${customer.cloud}`)}</td>
                    <td className="px-3 py-2">{t(`communications.relationships.${customer.relationshipToPartner}`)}</td>
                    <td className="px-3 py-2">{t(`communications.directRelationships.${customer.directRelationship}`)}</td>
                    <td className="px-3 py-2">
                      <span className="font-medium">{t(`policy.outcomes.${customer.decision.outcome}`)}</span>
                      <p className="text-neutral-700">{t(`policy.reasons.${customer.decision.reason}`)}</p>
                    </td>
                    <td className="px-3 py-2">
                      {customer.isConflict ? (
                        <span className="rounded bg-red-100 px-1.5 py-0.5 text-xs font-semibold text-red-900">
                          {t('communications.conflict.badge')}
                        </span>
                      ) : (
                        t('communications.conflict.none')
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
