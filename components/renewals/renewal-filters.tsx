import { FilterForm, FilterSelect } from '@/components/ui/filter-form';
import type { Translate } from '@/lib/i18n/translate';

export const WITHIN_CHOICES = [30, 60, 90] as const;
export type RenewalFilters = { withinDays: (typeof WITHIN_CHOICES)[number]; covered: 'yes' | 'no' | ''; autoRenew: 'yes' | 'no' | '' };

const DEFAULTS = { withinDays: '90' };

/** The list's filters (see FilterForm: the state lives in the URL, bookmarkable, works without script). */
export function RenewalFiltersForm({ filters, t }: { filters: RenewalFilters; t: Translate }) {
  return (
    <FilterForm
      path="/notices/renewals"
      label={t('renewals.filters.label')}
      defaults={DEFAULTS}
      className="xl:grid-cols-4"
      applyLabel={t('renewals.filters.apply')}
      clearLabel={t('renewals.filters.clear')}
      actionsClassName="self-end md:col-span-2 xl:col-span-1"
    >
      <FilterSelect
        id="withinDays"
        name="withinDays"
        label={t('renewals.filters.within')}
        defaultValue={String(filters.withinDays)}
        options={WITHIN_CHOICES.map((days) => ({ value: String(days), label: t('renewals.filters.withinDays', { days }) }))}
      />
      <FilterSelect
        id="covered"
        name="covered"
        label={t('renewals.filters.covered')}
        defaultValue={filters.covered}
        emptyLabel={t('renewals.filters.coveredAny')}
        options={[
          { value: 'yes', label: t('renewals.filters.coveredYes') },
          { value: 'no', label: t('renewals.filters.coveredNo') },
        ]}
      />
      <FilterSelect
        id="autoRenew"
        name="autoRenew"
        label={t('renewals.filters.autoRenew')}
        defaultValue={filters.autoRenew}
        emptyLabel={t('renewals.filters.autoRenewAny')}
        options={[
          { value: 'yes', label: t('renewals.filters.autoRenewYes') },
          { value: 'no', label: t('renewals.filters.autoRenewNo') },
        ]}
      />
    </FilterForm>
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
