import Link from 'next/link';
import type { CustomerDetail } from '@/lib/server/data/customers';
import { formatDateTime, type Translate } from '@/lib/i18n/translate';
import type { Locale } from '@/lib/i18n/locales';
import { emptyClass, secondaryLink, Section, tableClass, tdClass, thClass } from './section';

/** The customer's own commercial relationship with Microsoft, and the history of its declarations and reviews. */
export function DirectRelationship({
  customer,
  reviews,
  canDeclare,
  t,
  locale,
  timeZone,
}: {
  customer: CustomerDetail['customer'];
  reviews: CustomerDetail['reviews'];
  /** relationship:declare — the declaration page is another part of the portal. */
  canDeclare: boolean;
  t: Translate;
  locale: Locale;
  timeZone: string;
}) {
  return (
    <Section
      id="customer-direct"
      title={t('customers.detail.direct.title')}
      actions={
        canDeclare ? (
          <Link href={`/customers/${customer.id}/relationship`} className={secondaryLink}>
            {t('customers.detail.direct.manage')}
          </Link>
        ) : null
      }
    >
      <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-2">
        <div>
          <dt className="text-sm text-neutral-700">{t('customers.detail.direct.status')}</dt>
          <dd className="mt-0.5 font-semibold">{t(`customers.directRelationship.${customer.directRelationship}`)}</dd>
        </div>
        {customer.directAgreementType ? (
          <div>
            <dt className="text-sm text-neutral-700">{t('customers.detail.direct.agreement')}</dt>
            <dd className="mt-0.5">{customer.directAgreementType}</dd>
          </div>
        ) : null}
        {customer.directServices.length > 0 ? (
          <div>
            <dt className="text-sm text-neutral-700">{t('customers.detail.direct.services')}</dt>
            <dd className="mt-0.5">{customer.directServices.join(', ')}</dd>
          </div>
        ) : null}
        {customer.directEvidenceNote ? (
          <div className="sm:col-span-2">
            <dt className="text-sm text-neutral-700">{t('customers.detail.direct.evidence')}</dt>
            <dd className="mt-0.5 whitespace-pre-line">{customer.directEvidenceNote}</dd>
          </div>
        ) : null}
      </dl>
      <p className="mt-3 text-sm text-neutral-700">{t(`customers.detail.direct.${customer.directRelationship}`)}</p>
      <h3 id="customer-direct-history" className="mt-4 font-semibold">
        {t('customers.detail.direct.history')}
      </h3>
      {reviews.length === 0 ? (
        <p className={`mt-1 ${emptyClass}`}>{t('customers.detail.direct.historyEmpty')}</p>
      ) : (
        <div className="mt-2 overflow-x-auto">
          <table className={tableClass} aria-labelledby="customer-direct-history">
            <thead className="bg-neutral-50">
              <tr>
                <th scope="col" className={thClass}>
                  {t('customers.detail.direct.declared')}
                </th>
                <th scope="col" className={thClass}>
                  {t('customers.detail.direct.agreement')}
                </th>
                <th scope="col" className={thClass}>
                  {t('customers.detail.direct.status')}
                </th>
                <th scope="col" className={thClass}>
                  {t('customers.detail.direct.decision')}
                </th>
              </tr>
            </thead>
            <tbody>
              {reviews.map((review) => (
                <tr key={review.id} className="border-t border-neutral-100 align-top">
                  <td className={tdClass}>
                    {formatDateTime(locale, review.createdAt, timeZone)}
                    {review.declaredBy ? (
                      <span className="block text-neutral-700">{t('customers.detail.direct.declaredBy', { name: review.declaredBy })}</span>
                    ) : null}
                  </td>
                  <td className={tdClass}>
                    {review.agreementType}
                    <span className="block text-neutral-700">{review.evidenceNote}</span>
                  </td>
                  <td className={tdClass}>{t(`reviewStatus.${review.status}`)}</td>
                  <td className={tdClass}>
                    {review.decidedAt ? formatDateTime(locale, review.decidedAt, timeZone) : t('customers.detail.direct.pending')}
                    {review.decisionNote ? <span className="block text-neutral-700">{review.decisionNote}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
