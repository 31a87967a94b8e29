'use client';
import type { Dispatch } from 'react';
import { useI18n } from '@/components/i18n-provider';
import { inputClass } from '@/components/customer-forms/form-parts';
import { loadNoticeCustomersAction } from '@/lib/server/actions/notice-compose';
import type { ComposerCustomer, ComposerCustomerMatch } from '@/lib/server/data/notice-composer';
import { ENDING_WITHIN_MAX_DAYS } from '@/lib/schemas/notices';
import { CustomerPicker } from './customer-picker';
import { CustomerSubscriptions } from './customer-subscriptions';
import { AffectedTargets } from './affected-targets';
import type { ComposerAction, ComposerState } from './composer-state';
import { FieldError, type ComposerFieldErrors } from './field-error';

/**
 * Who the notice is about: customers picked one by one (as removable chips, each with its
 * subscriptions to check), or every customer with a subscription ending within N days.
 */
export function TargetsSection({
  values,
  moreTargets,
  dispatch,
  fields,
}: {
  values: ComposerState;
  /** The stored notice's target customers the form does not list. */
  moreTargets: number;
  dispatch: Dispatch<ComposerAction>;
  fields: ComposerFieldErrors;
}) {
  const { t } = useI18n();
  if (values.communication) return <AffectedTargets values={values} dispatch={dispatch} fields={fields} />;

  const addCustomer = async (match: ComposerCustomerMatch) => {
    dispatch({ type: 'touchTargets' });
    const result = await loadNoticeCustomersAction([match.id]);
    if (!result.ok || result.customers.length === 0) return;
    dispatch({ type: 'addCustomer', customer: result.customers[0]! });
  };

  const removeCustomer = (customer: ComposerCustomer) => {
    dispatch({ type: 'removeCustomer', customerId: customer.id });
    document.getElementById('customer-search')?.focus();
  };

  return (
    <fieldset
      className="space-y-4 rounded-md border border-neutral-200 bg-white p-5 shadow-sm"
      aria-describedby={fields.text('target') ? 'target-error' : undefined}
    >
      <legend className="px-1 text-lg font-semibold">{t('noticeComposer.sections.targets')}</legend>
      <div role="radiogroup" aria-label={t('noticeComposer.targets.mode')} className="space-y-2">
        {(['customers', 'endingWithin'] as const).map((mode) => (
          <div key={mode} className="flex items-center gap-2">
            <input
              id={`target-mode-${mode}`}
              type="radio"
              name="targetMode"
              value={mode}
              checked={values.targetMode === mode}
              onChange={() => dispatch({ type: 'setTargetMode', mode })}
              className="h-4 w-4 accent-[#0f6cbd]"
            />
            <label htmlFor={`target-mode-${mode}`} className="text-sm font-medium">
              {t(`noticeComposer.targets.${mode}`)}
            </label>
          </div>
        ))}
      </div>
      <FieldError id="target-error" text={fields.text('target')} />

      {values.targetMode === 'customers' ? (
        <div className="space-y-4">
          <CustomerPicker
            selectedIds={values.customers.map((customer) => customer.id)}
            onPick={addCustomer}
            invalid={fields.invalid('target') || fields.invalid('target.customerIds')}
            describedBy={fields.text('target.customerIds') ? 'target-customerIds-error' : undefined}
          />
          <FieldError id="target-customerIds-error" text={fields.text('target.customerIds')} />
          {values.keepTargets ? (
            <p className="text-sm text-neutral-800">{t('noticeComposer.targets.moreTargets', { count: moreTargets })}</p>
          ) : null}
          {values.customers.length === 0 ? (
            <p className="text-sm text-neutral-700">{t('noticeComposer.targets.noneChosen')}</p>
          ) : (
            <ul aria-label={t('noticeComposer.targets.chosen')} className="flex flex-wrap gap-2">
              {values.customers.map((customer) => (
                <li
                  key={customer.id}
                  className="inline-flex items-center gap-1 rounded-full border border-brand bg-sky-50 py-1 pr-1 pl-3 text-sm"
                >
                  <input type="hidden" name="target.customerIds" value={customer.id} />
                  <span>{customer.companyName}</span>
                  <button
                    type="button"
                    onClick={() => removeCustomer(customer)}
                    aria-label={t('noticeComposer.targets.remove', { name: customer.companyName })}
                    className="rounded-full px-2 leading-6 text-neutral-800 hover:bg-neutral-200"
                  >
                    <span aria-hidden="true">×</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {values.customers.map((customer) => (
            <CustomerSubscriptions
              key={customer.id}
              customer={customer}
              subscriptionIds={values.subscriptionIds}
              onChange={(subscriptionId, checked) => dispatch({ type: 'setSubscription', subscriptionId, checked })}
            />
          ))}
        </div>
      ) : (
        <div>
          <label htmlFor="target-days" className="block text-sm font-medium">
            {t('noticeComposer.targets.days')}
          </label>
          <input
            id="target-days"
            name="target.days"
            type="number"
            inputMode="numeric"
            min={1}
            max={ENDING_WITHIN_MAX_DAYS}
            step={1}
            value={values.days}
            onChange={(event) => dispatch({ type: 'setDays', days: event.target.value })}
            className={`${inputClass} max-w-40`}
            aria-invalid={fields.invalid('target.days') || fields.invalid('target') || undefined}
            aria-describedby={`target-days-hint${fields.text('target.days') ? ' target-days-error' : ''}`}
          />
          <p id="target-days-hint" className="mt-1 max-w-xl text-sm text-neutral-700">
            {t('noticeComposer.targets.daysHint', { max: ENDING_WITHIN_MAX_DAYS })}
          </p>
          <FieldError id="target-days-error" text={fields.text('target.days')} spaced />
        </div>
      )}
    </fieldset>
  );
}
