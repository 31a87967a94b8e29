import { getTranslator } from '@/lib/server/locale';

// The list's own loading state (in a route group, so that the notice pages' not-found answers keep their 404).
export default async function NoticesLoading() {
  const { t } = await getTranslator();
  return (
    <div role="status" aria-live="polite" className="space-y-3">
      <h1 className="text-2xl font-semibold">{t('notices.title')}</h1>
      <p className="text-sm text-neutral-700">{t('notices.loading')}</p>
      <div aria-hidden="true" className="h-40 animate-pulse rounded-md bg-neutral-100" />
    </div>
  );
}
