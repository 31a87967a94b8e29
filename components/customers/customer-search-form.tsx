'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { useI18n } from '@/components/i18n-provider';
import { CLOUDS, DIRECT_RELATIONSHIPS, RELATIONSHIPS_TO_PARTNER } from '@/lib/domain/policy';
import { CUSTOMER_SORTS, DEFAULT_CUSTOMER_SORT, SEARCH_MAX_LENGTH, type CustomerQuery } from '@/lib/domain/customer-query';
import { SORT_LABEL } from './labels';

const field = 'mt-1 block w-full rounded border border-neutral-400 bg-white px-3 py-2 text-sm';
const label = 'block text-sm font-medium';

/**
 * Search, filters and sort: a GET form, so every choice lands in the URL (shareable, the back
 * button works) and it works without JavaScript. With JavaScript, empty choices are left out of
 * the URL and the page changes without a full reload. A new search starts at the first page.
 */
export function CustomerSearchForm({ query }: { query: CustomerQuery }) {
  const { t } = useI18n();
  const router = useRouter();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(event.currentTarget)) {
      if (typeof value !== 'string') continue;
      const text = value.trim();
      if (text === '' || (name === 'sort' && text === DEFAULT_CUSTOMER_SORT)) continue;
      params.set(name, text);
    }
    const search = params.toString();
    router.push(search ? `/customers?${search}` : '/customers');
  }

  return (
    <form
      role="search"
      aria-label={t('customers.search.region')}
      action="/customers"
      method="get"
      onSubmit={onSubmit}
      className="mb-4 grid gap-3 rounded-md border border-neutral-200 bg-white p-4 shadow-sm md:grid-cols-2 xl:grid-cols-6"
    >
      <div className="md:col-span-2">
        <label htmlFor="customer-q" className={label}>
          {t('customers.search.label')}
        </label>
        <input
          id="customer-q"
          name="q"
          type="search"
          defaultValue={query.q ?? ''}
          maxLength={SEARCH_MAX_LENGTH}
          aria-describedby="customer-q-hint"
          className={field}
        />
        <p id="customer-q-hint" className="mt-1 text-xs text-neutral-700">
          {t('customers.search.hint')}
        </p>
      </div>
      <div>
        <label htmlFor="customer-cloud" className={label}>
          {t('customers.columns.cloud')}
        </label>
        <select id="customer-cloud" name="cloud" defaultValue={query.cloud ?? ''} className={field}>
          <option value="">{t('customers.search.any')}</option>
          {CLOUDS.map((cloud) => (
            <option key={cloud} value={cloud}>
              {t(`clouds.${cloud}`)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="customer-relationship" className={label}>
          {t('customers.columns.relationshipToPartner')}
        </label>
        <select id="customer-relationship" name="relationshipToPartner" defaultValue={query.relationshipToPartner ?? ''} className={field}>
          <option value="">{t('customers.search.any')}</option>
          {RELATIONSHIPS_TO_PARTNER.map((value) => (
            <option key={value} value={value}>
              {t(`customers.relationshipToPartner.${value}`)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="customer-direct" className={label}>
          {t('customers.columns.directRelationship')}
        </label>
        <select id="customer-direct" name="directRelationship" defaultValue={query.directRelationship ?? ''} className={field}>
          <option value="">{t('customers.search.any')}</option>
          {DIRECT_RELATIONSHIPS.map((value) => (
            <option key={value} value={value}>
              {t(`customers.directRelationship.${value}`)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="customer-sort" className={label}>
          {t('customers.search.sort')}
        </label>
        <select id="customer-sort" name="sort" defaultValue={query.sort} className={field}>
          {CUSTOMER_SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {t(SORT_LABEL[sort])}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-wrap items-center gap-3 md:col-span-2 xl:col-span-6">
        <button type="submit" className="rounded bg-brand px-4 py-2 text-sm font-semibold text-white hover:bg-brand-dark">
          {t('customers.search.submit')}
        </button>
        <Link href="/customers" className="text-sm text-brand underline">
          {t('customers.search.clear')}
        </Link>
      </div>
    </form>
  );
}
