import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { listPartners } from '@/lib/server/data/partners';
import { formatNumber } from '@/lib/i18n/translate';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('admin.partners.title') };
}

export default async function PartnersPage() {
  const viewer = await requirePermission('admin:partners');
  const { t, locale } = await getTranslator();
  const partners = await listPartners(viewer);
  return (
    <>
      <PageHeader title={t('admin.partners.title')} description={t('admin.partners.description')} />
      {partners.length === 0 ? (
        <p className="rounded-md border border-neutral-200 bg-white p-6 text-neutral-700">{t('admin.partners.empty')}</p>
      ) : (
        <div className="overflow-x-auto rounded-md border border-neutral-200 bg-white shadow-sm">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{t('admin.partners.title')}</caption>
            <thead className="bg-neutral-50">
              <tr>
                <th scope="col" className="px-3 py-2">
                  {t('admin.partners.name')}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t('admin.partners.partnerId')}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t('admin.partners.cloud')}
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  {t('admin.partners.customers')}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t('admin.partners.admins')}
                </th>
              </tr>
            </thead>
            <tbody>
              {partners.map((partner) => (
                <tr key={partner.id} className="border-t border-neutral-100">
                  <td className="px-3 py-2 font-medium">{partner.name}</td>
                  <td className="px-3 py-2 tabular-nums">{partner.partnerNumber}</td>
                  <td className="px-3 py-2">{t(`clouds.${partner.cloud}`)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{formatNumber(locale, partner.customers)}</td>
                  <td className="px-3 py-2">{partner.admins.join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
