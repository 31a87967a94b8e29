'use client';
import { useI18n } from '@/components/i18n-provider';
import { FilterForm, FilterInput, FilterSelect } from '@/components/ui/filter-form';
import { CLOUDS, DIRECT_RELATIONSHIPS, RELATIONSHIPS_TO_PARTNER } from '@/lib/domain/policy';
import { CUSTOMER_SORTS, DEFAULT_CUSTOMER_SORT, SEARCH_MAX_LENGTH, type CustomerQuery } from '@/lib/domain/customer-query';
import { SORT_LABEL } from './labels';

const DEFAULTS = { sort: DEFAULT_CUSTOMER_SORT };

/** Search, filters and sort of /customers (see FilterForm); a new search starts at the first page. */
export function CustomerSearchForm({ query }: { query: CustomerQuery }) {
  const { t } = useI18n();
  const any = t('customers.search.any');

  return (
    <FilterForm
      path="/customers"
      label={t('customers.search.region')}
      defaults={DEFAULTS}
      className="xl:grid-cols-6"
      applyLabel={t('customers.search.submit')}
      clearLabel={t('customers.search.clear')}
      actionsClassName="md:col-span-2 xl:col-span-6"
    >
      <FilterInput
        id="customer-q"
        name="q"
        type="search"
        label={t('customers.search.label')}
        defaultValue={query.q}
        maxLength={SEARCH_MAX_LENGTH}
        hint={t('customers.search.hint')}
        className="md:col-span-2"
      />
      <FilterSelect
        id="customer-cloud"
        name="cloud"
        label={t('customers.columns.cloud')}
        defaultValue={query.cloud}
        emptyLabel={any}
        options={CLOUDS.map((cloud) => ({ value: cloud, label: t(`clouds.${cloud}`) }))}
      />
      <FilterSelect
        id="customer-relationship"
        name="relationshipToPartner"
        label={t('customers.columns.relationshipToPartner')}
        defaultValue={query.relationshipToPartner}
        emptyLabel={any}
        options={RELATIONSHIPS_TO_PARTNER.map((value) => ({ value, label: t(`customers.relationshipToPartner.${value}`) }))}
      />
      <FilterSelect
        id="customer-direct"
        name="directRelationship"
        label={t('customers.columns.directRelationship')}
        defaultValue={query.directRelationship}
        emptyLabel={any}
        options={DIRECT_RELATIONSHIPS.map((value) => ({ value, label: t(`customers.directRelationship.${value}`) }))}
      />
      <FilterSelect
        id="customer-sort"
        name="sort"
        label={t('customers.search.sort')}
        defaultValue={query.sort}
        options={CUSTOMER_SORTS.map((sort) => ({ value: sort, label: t(SORT_LABEL[sort]) }))}
      />
    </FilterForm>
  );
}
