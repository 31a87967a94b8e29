import { PageLoading } from '@/components/ui/page-loading';
import { getTranslator } from '@/lib/server/locale';

export default async function UsersLoading() {
  const { t } = await getTranslator();
  return <PageLoading title={t('accounts.users.title')} message={t('accounts.users.loading')} />;
}
