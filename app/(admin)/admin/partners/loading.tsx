import { PageLoading } from '@/components/ui/page-loading';
import { getTranslator } from '@/lib/server/locale';

export default async function PartnersLoading() {
  const { t } = await getTranslator();
  return <PageLoading title={t('admin.partners.title')} message={t('accounts.partners.loading')} />;
}
