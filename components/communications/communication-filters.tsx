'use client';
import { useI18n } from '@/components/i18n-provider';
import { FilterForm, FilterInput, FilterSelect } from '@/components/ui/filter-form';
import { CATEGORIES } from '@/lib/domain/policy';
import type { CommunicationParam } from '@/lib/schemas/communications';

export type FilterOptions = {
  services: string[];
  /** Status values with their labels (worded on the server). */
  statuses: { value: string; label: string }[];
  customers: { id: string; companyName: string }[];
  moreCustomers: boolean;
  customerLimit: number;
};

/** The filters of /communications (see FilterForm); a new choice starts again at the newest communications. */
export function CommunicationFilters({ values, options }: { values: Partial<Record<CommunicationParam, string>>; options: FilterOptions }) {
  const { t } = useI18n();
  const any = t('communications.filters.all');
  const services = [...new Set([...options.services, ...(values.service ? [values.service] : [])])];

  return (
    <FilterForm
      path="/communications"
      label={t('communications.filters.heading')}
      className="xl:grid-cols-4"
      applyLabel={t('communications.filters.apply')}
      clearLabel={t('communications.filters.clear')}
      actionsClassName="md:col-span-2 md:justify-end"
    >
      <FilterSelect
        id="comm-category"
        name="category"
        label={t('communications.filters.category')}
        defaultValue={values.category}
        emptyLabel={any}
        options={CATEGORIES.map((category) => ({ value: category, label: t(`policy.categories.${category}`) }))}
      />
      <FilterSelect
        id="comm-classification"
        name="classification"
        label={t('communications.filters.classification')}
        defaultValue={values.classification}
        emptyLabel={any}
        options={(['incident', 'advisory'] as const).map((value) => ({ value, label: t(`communications.classifications.${value}`) }))}
      />
      <FilterSelect
        id="comm-status"
        name="status"
        label={t('communications.filters.status')}
        defaultValue={values.status}
        emptyLabel={any}
        options={options.statuses}
      />
      <FilterSelect
        id="comm-state"
        name="state"
        label={t('communications.filters.state')}
        defaultValue={values.state}
        emptyLabel={any}
        options={(['open', 'resolved'] as const).map((value) => ({ value, label: t(`communications.states.${value}`) }))}
      />
      <FilterSelect
        id="comm-service"
        name="service"
        label={t('communications.filters.service')}
        defaultValue={values.service}
        emptyLabel={any}
        options={services.map((service) => ({ value: service, label: service }))}
      />
      <FilterSelect
        id="comm-customer"
        name="customerId"
        label={t('communications.filters.customer')}
        defaultValue={values.customerId}
        emptyLabel={any}
        options={options.customers.map((customer) => ({ value: customer.id, label: customer.companyName }))}
        hint={options.moreCustomers ? t('communications.filters.moreCustomers', { count: options.customerLimit }) : undefined}
      />
      <FilterInput id="comm-from" name="from" type="date" label={t('communications.filters.from')} defaultValue={values.from} />
      <FilterInput id="comm-to" name="to" type="date" label={t('communications.filters.to')} defaultValue={values.to} />
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
    </FilterForm>
  );
}
