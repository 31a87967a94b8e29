'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { useI18n } from '@/components/i18n-provider';
import { CATEGORIES } from '@/lib/domain/policy';
import type { CommunicationParam } from '@/lib/schemas/communications';

const field = 'mt-1 block w-full rounded border border-neutral-400 bg-white px-3 py-2 text-sm';
const label = 'block text-sm font-medium';

export type FilterOptions = {
  services: string[];
  /** Status values with their labels (worded on the server). */
  statuses: { value: string; label: string }[];
  customers: { id: string; companyName: string }[];
  moreCustomers: boolean;
  customerLimit: number;
};

/**
 * The filters: a GET form, so every choice lives in the URL (shareable; the back button works)
 * and it works without JavaScript. With JavaScript, empty choices are left out of the URL. A new
 * choice starts again at the newest communications (no cursor).
 */
export function CommunicationFilters({ values, options }: { values: Partial<Record<CommunicationParam, string>>; options: FilterOptions }) {
  const { t } = useI18n();
  const router = useRouter();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(event.currentTarget)) {
      if (typeof value === 'string' && value.trim() !== '') params.set(name, value.trim());
    }
    const search = params.toString();
    router.push(search ? `/communications?${search}` : '/communications');
  }

  return (
    <form
      role="search"
      aria-label={t('communications.filters.heading')}
      action="/communications"
      method="get"
      onSubmit={onSubmit}
      className="mb-4 grid gap-3 rounded-md border border-neutral-200 bg-white p-4 shadow-sm md:grid-cols-2 xl:grid-cols-4"
    >
      <div>
        <label htmlFor="comm-category" className={label}>
          {t('communications.filters.category')}
        </label>
        <select id="comm-category" name="category" defaultValue={values.category ?? ''} className={field}>
          <option value="">{t('communications.filters.all')}</option>
          {CATEGORIES.map((category) => (
            <option key={category} value={category}>
              {t(`policy.categories.${category}`)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="comm-classification" className={label}>
          {t('communications.filters.classification')}
        </label>
        <select id="comm-classification" name="classification" defaultValue={values.classification ?? ''} className={field}>
          <option value="">{t('communications.filters.all')}</option>
          <option value="incident">{t('communications.classifications.incident')}</option>
          <option value="advisory">{t('communications.classifications.advisory')}</option>
        </select>
      </div>
      <div>
        <label htmlFor="comm-status" className={label}>
          {t('communications.filters.status')}
        </label>
        <select id="comm-status" name="status" defaultValue={values.status ?? ''} className={field}>
          <option value="">{t('communications.filters.all')}</option>
          {options.statuses.map((status) => (
            <option key={status.value} value={status.value}>
              {status.label}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="comm-state" className={label}>
          {t('communications.filters.state')}
        </label>
        <select id="comm-state" name="state" defaultValue={values.state ?? ''} className={field}>
          <option value="">{t('communications.filters.all')}</option>
          <option value="open">{t('communications.states.open')}</option>
          <option value="resolved">{t('communications.states.resolved')}</option>
        </select>
      </div>
      <div>
        <label htmlFor="comm-service" className={label}>
          {t('communications.filters.service')}
        </label>
        <select id="comm-service" name="service" defaultValue={values.service ?? ''} className={field}>
          <option value="">{t('communications.filters.all')}</option>
          {[...new Set([...options.services, ...(values.service ? [values.service] : [])])].map((service) => (
            <option key={service} value={service}>
              {service}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="comm-customer" className={label}>
          {t('communications.filters.customer')}
        </label>
        <select
          id="comm-customer"
          name="customerId"
          defaultValue={values.customerId ?? ''}
          aria-describedby={options.moreCustomers ? 'comm-customer-hint' : undefined}
          className={field}
        >
          <option value="">{t('communications.filters.all')}</option>
          {options.customers.map((customer) => (
            <option key={customer.id} value={customer.id}>
              {customer.companyName}
            </option>
          ))}
        </select>
        {options.moreCustomers ? (
          <p id="comm-customer-hint" className="mt-1 text-xs text-neutral-700">
            {t('communications.filters.moreCustomers', { count: options.customerLimit })}
          </p>
        ) : null}
      </div>
      <div>
        <label htmlFor="comm-from" className={label}>
          {t('communications.filters.from')}
        </label>
        <input id="comm-from" name="from" type="date" defaultValue={values.from ?? ''} className={field} />
      </div>
      <div>
        <label htmlFor="comm-to" className={label}>
          {t('communications.filters.to')}
        </label>
        <input id="comm-to" name="to" type="date" defaultValue={values.to ?? ''} className={field} />
      </div>
      <div className="flex items-center gap-2 md:col-span-2">
        <input
          id="comm-conflict"
          name="conflict"
          type="checkbox"
          value="1"
          defaultChecked={values.conflict === '1'}
          className="h-4 w-4 rounded border-neutral-400"
        />
        <label htmlFor="comm-conflict" className="text-sm">
          {t('communications.filters.conflictOnly')}
        </label>
      </div>
      <div className="flex flex-wrap items-end gap-3 md:col-span-2 md:justify-end">
        <Link href="/communications" className="rounded px-3 py-2 text-sm font-semibold text-brand underline hover:text-brand-dark">
          {t('communications.filters.clear')}
        </Link>
        <button type="submit" className="rounded bg-brand px-4 py-2 text-sm font-semibold text-white hover:bg-brand-dark">
          {t('communications.filters.apply')}
        </button>
      </div>
    </form>
  );
}
