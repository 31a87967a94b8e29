'use client';
import { ErrorReference } from '@/components/error-reference';
import { useI18n } from '@/components/i18n-provider';

// Unexpected errors: a plain message in the user's language, never the raw error, and the
// reference that leads to the error's log line.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const { t } = useI18n();
  return (
    <main className="mx-auto max-w-xl px-6 py-24 text-center">
      <h1 className="text-2xl font-semibold">{t('errors.errorTitle')}</h1>
      <p className="mt-2 text-neutral-700">{t('errors.errorBody')}</p>
      <ErrorReference digest={error.digest} t={t} className="mt-2 text-sm text-neutral-700" />
      <button type="button" onClick={reset} className="mt-6 rounded bg-brand px-4 py-2 font-semibold text-white hover:bg-brand-dark">
        {t('errors.retry')}
      </button>
    </main>
  );
}
