import Link from 'next/link';
import type { Translate } from '@/lib/i18n/translate';

export const WITHIN_CHOICES = [30, 60, 90] as const;
export type RenewalFilters = { withinDays: (typeof WITHIN_CHOICES)[number]; covered: 'yes' | 'no' | ''; autoRenew: 'yes' | 'no' | '' };

const select = 'mt-1 block rounded border border-neutral-500 bg-white px-3 py-2 text-sm';

/** The list's filters as a plain GET form: the state lives in the URL (bookmarkable, works without script). */
export function RenewalFiltersForm({ filters, t }: { filters: RenewalFilters; t: Translate }) {
  return (
    <form method="get" action="/notices/renewals" aria-label={t('renewals.filters.label')} className="mb-4 flex flex-wrap items-end gap-4">
      <div>
        <label htmlFor="withinDays" className="block text-sm font-medium">
          {t('renewals.filters.within')}
        </label>
        <select id="withinDays" name="withinDays" defaultValue={String(filters.withinDays)} className={select}>
          {WITHIN_CHOICES.map((days) => (
            <option key={days} value={days}>
              {t('renewals.filters.withinDays', { days })}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="covered" className="block text-sm font-medium">
          {t('renewals.filters.covered')}
        </label>
        <select id="covered" name="covered" defaultValue={filters.covered} className={select}>
          <option value="">{t('renewals.filters.coveredAny')}</option>
          <option value="yes">{t('renewals.filters.coveredYes')}</option>
          <option value="no">{t('renewals.filters.coveredNo')}</option>
        </select>
      </div>
      <div>
        <label htmlFor="autoRenew" className="block text-sm font-medium">
          {t('renewals.filters.autoRenew')}
        </label>
        <select id="autoRenew" name="autoRenew" defaultValue={filters.autoRenew} className={select}>
          <option value="">{t('renewals.filters.autoRenewAny')}</option>
          <option value="yes">{t('renewals.filters.autoRenewYes')}</option>
          <option value="no">{t('renewals.filters.autoRenewNo')}</option>
        </select>
      </div>
      <button type="submit" className="rounded bg-brand px-4 py-2 text-sm font-semibold text-white hover:bg-brand-dark">
        {t('renewals.filters.apply')}
      </button>
      {filters.withinDays !== 90 || filters.covered || filters.autoRenew ? (
        <Link href="/notices/renewals" className="px-2 py-2 text-sm text-brand underline">
          {t('renewals.filters.clear')}
        </Link>
      ) : null}
    </form>
  );
}

/** `?withinDays=&covered=&autoRenew=` → filters; anything else falls back to the default (90 days, any). */
export function parseRenewalFilters(
  params: Record<string, string | string[] | undefined>,
): RenewalFilters & { cursor: string | undefined } {
  const one = (name: string) => {
    const value = params[name];
    return typeof value === 'string' ? value : undefined;
  };
  const within = Number(one('withinDays'));
  const yesNo = (value: string | undefined) => (value === 'yes' || value === 'no' ? value : '');
  const cursor = one('cursor');
  return {
    withinDays: (WITHIN_CHOICES as readonly number[]).includes(within) ? (within as RenewalFilters['withinDays']) : 90,
    covered: yesNo(one('covered')),
    autoRenew: yesNo(one('autoRenew')),
    cursor: cursor && cursor.length <= 200 ? cursor : undefined,
  };
}

export function renewalFilterParams(filters: RenewalFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.withinDays !== 90) params.set('withinDays', String(filters.withinDays));
  if (filters.covered) params.set('covered', filters.covered);
  if (filters.autoRenew) params.set('autoRenew', filters.autoRenew);
  return params;
}
