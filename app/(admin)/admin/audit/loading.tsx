import { getTranslator } from '@/lib/server/locale';

// Shown while the events are read (the guard in this folder's layout has answered by then).
export default async function AuditLoading() {
  const { t } = await getTranslator();
  return (
    <div role="status" aria-live="polite" className="space-y-3">
      <h1 className="text-2xl font-semibold">{t('audit.title')}</h1>
      <p className="text-sm text-neutral-700">{t('audit.loading')}</p>
      <div aria-hidden="true" className="h-40 animate-pulse rounded-md bg-neutral-100" />
    </div>
  );
}
