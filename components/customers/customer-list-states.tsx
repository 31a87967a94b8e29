import Link from 'next/link';
import type { Translate } from '@/lib/i18n/translate';

const box = 'rounded-md border border-neutral-200 bg-white p-6 text-neutral-800 shadow-sm';

/** The partner has no customer at all. */
export function NoCustomersYet({ t, canWrite }: { t: Translate; canWrite: boolean }) {
  return (
    <section aria-labelledby="customers-empty" className={box}>
      <h2 id="customers-empty" className="text-lg font-semibold">
        {t('customers.empty.title')}
      </h2>
      <p className="mt-1">{canWrite ? t('customers.empty.admin') : t('customers.empty.body')}</p>
      {canWrite ? (
        <p className="mt-4 flex flex-wrap gap-3">
          <Link href="/customers/new" className="rounded bg-brand px-4 py-2 font-semibold text-white hover:bg-brand-dark">
            {t('customers.add')}
          </Link>
          <Link href="/customers/import" className="rounded border border-brand px-4 py-2 font-semibold text-brand hover:bg-neutral-50">
            {t('customers.import')}
          </Link>
        </p>
      ) : null}
    </section>
  );
}

/** Customers exist, but none matches the search and filters. */
export function NoMatchingCustomers({ t }: { t: Translate }) {
  return (
    <section aria-labelledby="customers-no-match" className={box}>
      <h2 id="customers-no-match" className="text-lg font-semibold">
        {t('customers.noMatch.title')}
      </h2>
      <p className="mt-1">{t('customers.noMatch.body')}</p>
      <p className="mt-4">
        <Link href="/customers" className="text-brand underline">
          {t('customers.search.clear')}
        </Link>
      </p>
    </section>
  );
}
