import type { Metadata } from 'next';
import { z } from 'zod';
import { PageHeader } from '@/components/ui/page-header';
import { ReviewDecision } from '@/components/admin/review-decision';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { listRelationshipReviews, type ReviewRow } from '@/lib/server/data/relationships';
import { formatDateTime, type Translate } from '@/lib/i18n/translate';
import type { Locale } from '@/lib/i18n/locales';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('admin.relationships.title') };
}

// The outcome of the last decision, carried in the URL by the decision action (invalid values are ignored).
const searchSchema = z.object({
  decided: z.uuid().optional().catch(undefined),
  review: z.uuid().optional().catch(undefined),
  error: z.enum(['alreadyDecided', 'notFound']).optional().catch(undefined),
});

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function Declaration({ review, t }: { review: ReviewRow; t: Translate }) {
  return (
    <>
      <span className="font-medium">{review.agreementType}</span>
      {review.services.length > 0 ? <p>{t('admin.relationships.services', { services: review.services.join(', ') })}</p> : null}
      <p className="whitespace-pre-line text-neutral-700">{review.evidenceNote}</p>
    </>
  );
}

function Customer({ review, t }: { review: ReviewRow; t: Translate }) {
  return (
    <>
      <span className="font-medium">{review.customerName}</span>
      <span className="block text-neutral-700">{review.customerDomain}</span>
      <span className="block font-mono text-xs text-neutral-700">
        <span className="sr-only">{t('admin.relationships.tenant')}: </span>
        {review.customerTenantId}
      </span>
    </>
  );
}

function Declared({ review, t, locale, timeZone }: { review: ReviewRow; t: Translate; locale: Locale; timeZone: string }) {
  return (
    <>
      {formatDateTime(locale, review.createdAt, timeZone)}
      {review.declaredBy ? (
        <span className="block text-neutral-700">{t('admin.relationships.declaredBy', { name: review.declaredBy })}</span>
      ) : null}
    </>
  );
}

export default async function RelationshipsPage({ searchParams }: Props) {
  const viewer = await requirePermission('admin:relationships');
  const { t, locale } = await getTranslator();
  const query = searchSchema.parse(await searchParams);
  const [pending, decided] = await Promise.all([
    listRelationshipReviews(viewer, { status: 'pending', take: 200 }),
    listRelationshipReviews(viewer, { status: 'decided', take: 100 }),
  ]);
  const justDecided = query.decided ? decided.find((review) => review.id === query.decided) : undefined;
  const refused = query.error && query.review ? [...decided, ...pending].find((review) => review.id === query.review) : undefined;
  const th = 'px-3 py-2';
  return (
    <>
      <PageHeader title={t('admin.relationships.title')} description={t('admin.relationships.description')} />
      {justDecided ? (
        <p role="status" className="mb-4 rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
          {justDecided.status === 'APPROVED'
            ? t('admin.relationships.approved', { customer: justDecided.customerName })
            : t('admin.relationships.rejected', { customer: justDecided.customerName })}
        </p>
      ) : null}
      {query.error ? (
        <p role="alert" className="mb-4 rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          {t(`admin.relationships.errors.${query.error}`)}
          {refused ? ` (${refused.customerName})` : ''}
        </p>
      ) : null}

      <section aria-labelledby="reviews-pending" className="mb-8">
        <h2 id="reviews-pending" className="mb-3 text-lg font-semibold">
          {t('admin.relationships.pendingTitle')}
        </h2>
        {pending.length === 0 ? (
          <p className="rounded-md border border-neutral-200 bg-white p-6 text-neutral-700">{t('admin.relationships.pendingEmpty')}</p>
        ) : (
          <div className="overflow-x-auto rounded-md border border-neutral-200 bg-white shadow-sm">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">{t('admin.relationships.pendingTitle')}</caption>
              <thead className="bg-neutral-50">
                <tr>
                  <th scope="col" className={th}>
                    {t('admin.relationships.partner')}
                  </th>
                  <th scope="col" className={th}>
                    {t('admin.relationships.customer')}
                  </th>
                  <th scope="col" className={th}>
                    {t('admin.relationships.agreement')}
                  </th>
                  <th scope="col" className={th}>
                    {t('admin.relationships.declared')}
                  </th>
                  <th scope="col" className={th}>
                    {t('admin.relationships.actions')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {pending.map((review) => (
                  <tr key={review.id} className="border-t border-neutral-100 align-top">
                    <td className="px-3 py-2">{review.partnerName}</td>
                    <th scope="row" className="px-3 py-2 text-left font-normal">
                      <Customer review={review} t={t} />
                    </th>
                    <td className="px-3 py-2">
                      <Declaration review={review} t={t} />
                    </td>
                    <td className="px-3 py-2">
                      <Declared review={review} t={t} locale={locale} timeZone={viewer.timeZone} />
                    </td>
                    <td className="px-3 py-2">
                      <ReviewDecision reviewId={review.id} customerName={review.customerName} partnerName={review.partnerName} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="reviews-decided">
        <h2 id="reviews-decided" className="mb-3 text-lg font-semibold">
          {t('admin.relationships.historyTitle')}
        </h2>
        {decided.length === 0 ? (
          <p className="rounded-md border border-neutral-200 bg-white p-6 text-neutral-700">{t('admin.relationships.historyEmpty')}</p>
        ) : (
          <div className="overflow-x-auto rounded-md border border-neutral-200 bg-white shadow-sm">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">{t('admin.relationships.historyTitle')}</caption>
              <thead className="bg-neutral-50">
                <tr>
                  <th scope="col" className={th}>
                    {t('admin.relationships.partner')}
                  </th>
                  <th scope="col" className={th}>
                    {t('admin.relationships.customer')}
                  </th>
                  <th scope="col" className={th}>
                    {t('admin.relationships.agreement')}
                  </th>
                  <th scope="col" className={th}>
                    {t('admin.relationships.status')}
                  </th>
                  <th scope="col" className={th}>
                    {t('admin.relationships.declared')}
                  </th>
                  <th scope="col" className={th}>
                    {t('admin.relationships.decision')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {decided.map((review) => (
                  <tr key={review.id} className="border-t border-neutral-100 align-top">
                    <td className="px-3 py-2">{review.partnerName}</td>
                    <th scope="row" className="px-3 py-2 text-left font-normal">
                      <Customer review={review} t={t} />
                    </th>
                    <td className="px-3 py-2">
                      <Declaration review={review} t={t} />
                    </td>
                    <td className="px-3 py-2">{t(`reviewStatus.${review.status}`)}</td>
                    <td className="px-3 py-2">
                      <Declared review={review} t={t} locale={locale} timeZone={viewer.timeZone} />
                    </td>
                    <td className="px-3 py-2">
                      {review.decidedAt ? (
                        <>
                          {review.decidedBy ?? '—'} · {formatDateTime(locale, review.decidedAt, viewer.timeZone)}
                          {review.decisionNote ? <p className="whitespace-pre-line text-neutral-700">{review.decisionNote}</p> : null}
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
