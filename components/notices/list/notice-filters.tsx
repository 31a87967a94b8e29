'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { useI18n } from '@/components/i18n-provider';
import { NOTICE_KINDS } from '@/lib/schemas/notices';

const field = 'mt-1 block w-full rounded border border-neutral-400 bg-white px-3 py-2 text-sm';
const label = 'block text-sm font-medium';

/**
 * Kind, customer and date filters: a GET form, so every choice lands in the URL (shareable, the
 * back button works) and it works without JavaScript. The status (chips above) and a chosen
 * customer ride along as hidden fields; a new filter starts at the first page.
 */
export function NoticeFilters({
  status,
  kind,
  customerId,
  customerSearch,
  from,
  to,
  timeZone,
}: {
  status?: string;
  kind?: string;
  customerId?: string;
  customerSearch?: string;
  from?: string;
  to?: string;
  timeZone: string;
}) {
  const { t } = useI18n();
  const router = useRouter();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(event.currentTarget)) {
      if (typeof value !== 'string' || value.trim() === '') continue;
      params.set(name, value.trim());
    }
    const search = params.toString();
    router.push(search ? `/notices?${search}` : '/notices');
  }

  return (
    <form
      role="search"
      aria-label={t('notices.filters.region')}
      action="/notices"
      method="get"
      onSubmit={onSubmit}
      className="mb-4 grid gap-3 rounded-md border border-neutral-200 bg-white p-4 shadow-sm md:grid-cols-2 xl:grid-cols-5"
    >
      {status ? <input type="hidden" name="status" value={status} /> : null}
      {customerId ? <input type="hidden" name="customerId" value={customerId} /> : null}
      <div>
        <label htmlFor="notice-kind" className={label}>
          {t('notices.filters.kind')}
        </label>
        <select id="notice-kind" name="kind" defaultValue={kind ?? ''} className={field}>
          <option value="">{t('notices.filters.anyKind')}</option>
          {NOTICE_KINDS.map((value) => (
            <option key={value} value={value}>
              {t(`notices.kinds.${value}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="md:col-span-2">
        <label htmlFor="notice-customer-search" className={label}>
          {t('notices.filters.customer')}
        </label>
        <input
          id="notice-customer-search"
          name="customerSearch"
          type="search"
          defaultValue={customerSearch ?? ''}
          maxLength={200}
          aria-describedby="notice-customer-hint"
          className={field}
        />
        <p id="notice-customer-hint" className="mt-1 text-xs text-neutral-700">
          {t('notices.filters.customerHint')}
        </p>
      </div>
      <div>
        <label htmlFor="notice-from" className={label}>
          {t('notices.filters.from')}
        </label>
        <input id="notice-from" name="from" type="date" defaultValue={from ?? ''} aria-describedby="notice-date-hint" className={field} />
      </div>
      <div>
        <label htmlFor="notice-to" className={label}>
          {t('notices.filters.to')}
        </label>
        <input id="notice-to" name="to" type="date" defaultValue={to ?? ''} aria-describedby="notice-date-hint" className={field} />
      </div>
      <p id="notice-date-hint" className="text-xs text-neutral-700 md:col-span-2 xl:col-span-5">
        {t('notices.filters.dateHint', { timeZone })}
      </p>
      <div className="flex flex-wrap items-center gap-3 md:col-span-2 xl:col-span-5">
        <button type="submit" className="rounded bg-brand px-4 py-2 text-sm font-semibold text-white hover:bg-brand-dark">
          {t('notices.filters.apply')}
        </button>
        <Link href="/notices" className="text-sm text-brand underline">
          {t('notices.filters.clear')}
        </Link>
      </div>
    </form>
  );
}
