import Link from 'next/link';
import { getTranslator } from '@/lib/server/locale';

// The same content for an id that does not exist and for another partner's id.
export async function NotFoundContent() {
  const { t } = await getTranslator();
  return (
    <div className="mx-auto max-w-xl px-6 py-24 text-center">
      <p className="text-sm font-semibold text-brand">404</p>
      <h1 className="mt-2 text-2xl font-semibold">{t('errors.notFoundTitle')}</h1>
      <p className="mt-2 text-neutral-700">{t('errors.notFoundBody')}</p>
      <Link href="/" className="mt-6 inline-block rounded bg-brand px-4 py-2 font-semibold text-white hover:bg-brand-dark">
        {t('errors.backHome')}
      </Link>
    </div>
  );
}
