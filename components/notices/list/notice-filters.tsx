'use client';
import { useI18n } from '@/components/i18n-provider';
import { FilterForm, FilterInput, FilterSelect } from '@/components/ui/filter-form';
import { NOTICE_KINDS } from '@/lib/schemas/notices';

/**
 * Kind, customer and date filters of /notices (see FilterForm). The status (chips above) and a
 * chosen customer ride along as hidden fields; a new filter starts at the first page.
 */
export function NoticeFilters({
  status,
  kind,
  customerId,
  communicationId,
  customerSearch,
  from,
  to,
  timeZone,
}: {
  status?: string;
  kind?: string;
  customerId?: string;
  communicationId?: string;
  customerSearch?: string;
  from?: string;
  to?: string;
  timeZone: string;
}) {
  const { t } = useI18n();

  return (
    <FilterForm
      path="/notices"
      label={t('notices.filters.region')}
      className="xl:grid-cols-5"
      applyLabel={t('notices.filters.apply')}
      clearLabel={t('notices.filters.clear')}
      actionsClassName="md:col-span-2 xl:col-span-5"
    >
      {status ? <input type="hidden" name="status" value={status} /> : null}
      {customerId ? <input type="hidden" name="customerId" value={customerId} /> : null}
      {communicationId ? <input type="hidden" name="communicationId" value={communicationId} /> : null}
      <FilterSelect
        id="notice-kind"
        name="kind"
        label={t('notices.filters.kind')}
        defaultValue={kind}
        emptyLabel={t('notices.filters.anyKind')}
        options={NOTICE_KINDS.map((value) => ({ value, label: t(`notices.kinds.${value}`) }))}
      />
      <FilterInput
        id="notice-customer"
        name="customerSearch"
        type="search"
        label={t('notices.filters.customer')}
        defaultValue={customerSearch}
        maxLength={200}
        hint={t('notices.filters.customerHint')}
        className="md:col-span-2"
      />
      <FilterInput
        id="notice-from"
        name="from"
        type="date"
        label={t('notices.filters.from')}
        defaultValue={from}
        describedBy="notice-date-hint"
      />
      <FilterInput id="notice-to" name="to" type="date" label={t('notices.filters.to')} defaultValue={to} describedBy="notice-date-hint" />
      <p id="notice-date-hint" className="text-xs text-neutral-700 md:col-span-2 xl:col-span-5">
        {t('notices.filters.dateHint', { timeZone })}
      </p>
    </FilterForm>
  );
}
