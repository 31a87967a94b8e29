'use client';
import { ErrorReference } from '@/components/error-reference';
import { createTranslator } from '@/lib/i18n/translate';
import { isLocale, LOCALE_COOKIE } from '@/lib/i18n/locales';

// Replaces the root layout when it fails: reads the language from the cookie itself.
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const cookie =
    typeof document === 'undefined'
      ? undefined
      : document.cookie
          .split('; ')
          .find((c) => c.startsWith(`${LOCALE_COOKIE}=`))
          ?.split('=')[1];
  const locale = isLocale(cookie) ? cookie : 'en';
  const t = createTranslator(locale);
  return (
    <html lang={locale}>
      <body style={{ fontFamily: 'system-ui, sans-serif', textAlign: 'center', padding: '6rem 1.5rem' }}>
        <h1>{t('errors.errorTitle')}</h1>
        <p>{t('errors.errorBody')}</p>
        <ErrorReference digest={error.digest} t={t} />
        <button type="button" onClick={reset}>
          {t('errors.retry')}
        </button>
      </body>
    </html>
  );
}
