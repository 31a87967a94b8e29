import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { listRelationshipReviews } from '@/lib/server/data/admin';
import { formatDateTime } from '@/lib/i18n/translate';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('admin.relationships.title') };
}

export default async function RelationshipsPage() {
  const viewer = await requirePermission('admin:relationships');
  const { t, locale } = await getTranslator();
  const reviews = await listRelationshipReviews(viewer);
  return (
    <>
      <PageHeader title={t('admin.relationships.title')} description={t('admin.relationships.description')} />
      {reviews.length === 0 ? (
        <p className="rounded-md border border-neutral-200 bg-white p-6 text-neutral-700">{t('admin.relationships.empty')}</p>
      ) : (
        <div className="overflow-x-auto rounded-md border border-neutral-200 bg-white shadow-sm">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{t('admin.relationships.title')}</caption>
            <thead className="bg-neutral-50">
              <tr>
                <th scope="col" className="px-3 py-2">
                  {t('admin.relationships.partner')}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t('admin.relationships.customer')}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t('admin.relationships.agreement')}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t('admin.relationships.status')}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t('admin.relationships.declared')}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t('admin.relationships.decision')}
                </th>
              </tr>
            </thead>
            <tbody>
              {reviews.map((review) => (
                <tr key={review.id} className="border-t border-neutral-100 align-top">
                  <td className="px-3 py-2">{review.partnerName}</td>
                  <td className="px-3 py-2">{review.customerName}</td>
                  <td className="px-3 py-2">
                    {review.agreementType}
                    <p className="text-neutral-700">{review.evidenceNote}</p>
                  </td>
                  <td className="px-3 py-2">{t(`reviewStatus.${review.status}`)}</td>
                  <td className="px-3 py-2">{formatDateTime(locale, review.createdAt, viewer.timeZone)}</td>
                  <td className="px-3 py-2">
                    {review.decidedAt ? (
                      <>
                        {review.decidedBy ?? '—'} · {formatDateTime(locale, review.decidedAt, viewer.timeZone)}
                        {review.decisionNote ? <p className="text-neutral-700">{review.decisionNote}</p> : null}
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
    </>
  );
}
