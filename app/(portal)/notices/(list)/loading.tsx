import { LoadingState } from '@/components/ui/loading-state';
import { getTranslator } from '@/lib/server/locale';

// The list's own loading state (in a route group, so that the notice pages' not-found answers keep their 404).
export default async function NoticesLoading() {
  const { t } = await getTranslator();
  return <LoadingState title={t('notices.title')} message={t('notices.loading')} />;
}
