import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { Breadcrumb } from '@/components/customer-forms/breadcrumb';
import { RelationshipForm } from '@/components/customer-forms/relationship-form';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { getRelationshipState } from '@/lib/server/data/relationships';
import { idSchema } from '@/lib/schemas/customers';
import { formatDateTime } from '@/lib/i18n/translate';

type Props = { params: Promise<{ customerId: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('relationshipReview.title') };
}

export default async function RelationshipPage({ params }: Props) {
  const viewer = await requirePermission('relationship:declare');
  const { customerId } = await params;
  if (!idSchema.safeParse(customerId).success) notFound();
  const state = await getRelationshipState(viewer, customerId);
  if (!state) notFound();
  const { t, locale } = await getTranslator();
  const when = (date: Date) => formatDateTime(locale, date, viewer.timeZone);
  const canDeclare = state.directRelationship === 'NONE' || state.directRelationship === 'REJECTED';
  const notice =
    state.directRelationship === 'DECLARED'
      ? t('relationshipReview.pendingNotice')
      : state.directRelationship === 'VERIFIED'
        ? t('relationshipReview.verifiedNotice')
        : state.directRelationship === 'REJECTED'
          ? t('relationshipReview.rejectedNotice')
          : null;
  return (
    <>
      <Breadcrumb
        label={t('customerForms.breadcrumb')}
        items={[
          { href: '/customers', label: t('nav.customers') },
          { href: `/customers/${state.id}`, label: state.companyName },
          { label: t('relationshipReview.title') },
        ]}
      />
      <PageHeader
        title={t('relationshipReview.title')}
        description={t('relationshipReview.description', { customer: state.companyName })}
      />
      <div className="grid gap-6 xl:grid-cols-2">
        <section aria-labelledby="relationship-current" className="rounded-md border border-neutral-200 bg-white p-6 shadow-sm">
          <h2 id="relationship-current" className="text-lg font-semibold">
            {t('relationshipReview.current')}
          </h2>
          <p className="mt-2 font-semibold">{t(`relationshipReview.statuses.${state.directRelationship}`)}</p>
          {state.directAgreementType ? (
            <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
              <dt className="text-neutral-700">{t('relationshipReview.agreement')}</dt>
              <dd>{state.directAgreementType}</dd>
              {state.directServices.length > 0 ? (
                <>
                  <dt className="text-neutral-700">{t('relationshipReview.services')}</dt>
                  <dd>{state.directServices.join(', ')}</dd>
                </>
              ) : null}
              {state.directEvidenceNote ? (
                <>
                  <dt className="text-neutral-700">{t('relationshipReview.evidence')}</dt>
                  <dd className="whitespace-pre-line">{state.directEvidenceNote}</dd>
                </>
              ) : null}
            </dl>
          ) : null}
          {notice ? <p className="mt-4 text-sm text-neutral-800">{notice}</p> : null}
          {canDeclare ? (
            <div className="mt-6 border-t border-neutral-200 pt-4">
              <h2 className="mb-3 text-lg font-semibold">{t('relationshipReview.newDeclaration')}</h2>
              <RelationshipForm customerId={state.id} />
            </div>
          ) : null}
        </section>
        <section aria-labelledby="relationship-history" className="rounded-md border border-neutral-200 bg-white p-6 shadow-sm">
          <h2 id="relationship-history" className="text-lg font-semibold">
            {t('relationshipReview.history')}
          </h2>
          {state.reviews.length === 0 ? (
            <p className="mt-2 text-neutral-700">{t('relationshipReview.historyEmpty')}</p>
          ) : (
            <table className="mt-3 w-full text-left text-sm">
              <caption className="sr-only">{t('relationshipReview.history')}</caption>
              <thead className="bg-neutral-50">
                <tr>
                  <th scope="col" className="px-2 py-1.5">
                    {t('relationshipReview.declared')}
                  </th>
                  <th scope="col" className="px-2 py-1.5">
                    {t('relationshipReview.agreement')}
                  </th>
                  <th scope="col" className="px-2 py-1.5">
                    {t('relationshipReview.decision')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {state.reviews.map((review) => (
                  <tr key={review.id} className="border-t border-neutral-100 align-top">
                    <td className="px-2 py-1.5">{when(review.createdAt)}</td>
                    <td className="px-2 py-1.5">
                      {review.agreementType}
                      {review.services.length > 0 ? <span className="block text-neutral-700">{review.services.join(', ')}</span> : null}
                    </td>
                    <td className="px-2 py-1.5">
                      {t(`reviewStatus.${review.status}`)}
                      {review.decidedAt ? <span className="block text-neutral-700">{when(review.decidedAt)}</span> : null}
                      {review.decisionNote ? (
                        <span className="block whitespace-pre-line text-neutral-800">{review.decisionNote}</span>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </>
  );
}
