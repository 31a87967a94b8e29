import { LoadingState } from '@/components/ui/loading-state';
import { getTranslator } from '@/lib/server/locale';

// Shown while the events are read (the guard in this folder's layout has answered by then).
export default async function AuditLoading() {
  const { t } = await getTranslator();
  return <LoadingState title={t('audit.title')} message={t('audit.loading')} />;
}
