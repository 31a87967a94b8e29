'use client';
import Link from 'next/link';
import { useI18n } from '@/components/i18n-provider';
import { createSubscriptionAction, updateSubscriptionAction } from '@/lib/server/actions/customers';
import {
  BILLING_CYCLES,
  SUBSCRIPTION_STATUSES,
  SUBSCRIPTION_TERMS,
  type BillingCycle,
  type SubscriptionStatus,
  type SubscriptionTerm,
} from '@/lib/domain/customer-import/fields';
import {
  describedBy,
  Field,
  SelectField,
  FormAlert,
  fieldErrorText,
  fieldErrorsOf,
  inputClass,
  primaryButton,
  secondaryButton,
  useKeptForm,
} from './form-parts';

export type SubscriptionFormValues = {
  offerName: string;
  quantity: string;
  status: SubscriptionStatus;
  term: SubscriptionTerm;
  billingCycle: BillingCycle;
  startDate: string;
  commitmentEndDate: string;
  autoRenew: boolean;
};

/** Add (no `subscriptionId`) or edit a subscription; an edit carries the updatedAt it started from. */
export function SubscriptionForm({
  customerId,
  initial,
  subscriptionId,
  updatedAt,
}: {
  customerId: string;
  initial: SubscriptionFormValues;
  subscriptionId?: string;
  updatedAt?: string;
}) {
  const { t } = useI18n();
  const editing = subscriptionId !== undefined;
  const { state, formAction, onSubmit, pending, formRef, alertRef } = useKeptForm(
    editing ? updateSubscriptionAction : createSubscriptionAction,
  );
  const errors = fieldErrorsOf(state);
  const error = (field: string) => fieldErrorText(t, errors[field]);
  return (
    <form
      ref={formRef}
      action={formAction}
      onSubmit={onSubmit}
      noValidate
      className="max-w-2xl space-y-5 rounded-md border border-neutral-200 bg-white p-6 shadow-sm"
    >
      <FormAlert
        state={state}
        alertRef={alertRef}
        staleKey="customerForms.errors.staleSubscription"
        reloadHref={editing ? `/customers/${customerId}/subscriptions/${subscriptionId}/edit` : undefined}
      />
      <input type="hidden" name="customerId" value={customerId} />
      {editing ? (
        <>
          <input type="hidden" name="subscriptionId" value={subscriptionId} />
          <input type="hidden" name="expectedUpdatedAt" value={updatedAt} />
        </>
      ) : null}
      <Field id="offerName" label={t('customerForms.fields.offerName')} error={error('offerName')} required>
        <input
          id="offerName"
          name="offerName"
          defaultValue={initial.offerName}
          maxLength={200}
          required
          className={inputClass}
          {...describedBy('offerName', false, error('offerName'))}
        />
      </Field>
      <Field
        id="quantity"
        label={t('customerForms.fields.quantity')}
        hint={t('customerForms.hints.quantity')}
        error={error('quantity')}
        required
      >
        <input
          id="quantity"
          name="quantity"
          type="number"
          inputMode="numeric"
          min={1}
          max={1_000_000}
          step={1}
          defaultValue={initial.quantity}
          required
          className={`${inputClass} max-w-40`}
          {...describedBy('quantity', true, error('quantity'))}
        />
      </Field>
      <SelectField
        id="status"
        label={t('customerForms.fields.status')}
        error={error('status')}
        required
        defaultValue={initial.status}
        options={SUBSCRIPTION_STATUSES.map((value) => ({ value, label: t(`customerForms.statuses.${value}`) }))}
      />
      <SelectField
        id="term"
        label={t('customerForms.fields.term')}
        error={error('term')}
        required
        defaultValue={initial.term}
        options={SUBSCRIPTION_TERMS.map((value) => ({ value, label: t(`customerForms.terms.${value}`) }))}
      />
      <SelectField
        id="billingCycle"
        label={t('customerForms.fields.billingCycle')}
        hint={t('customerForms.hints.billingCycle')}
        error={error('billingCycle')}
        required
        defaultValue={initial.billingCycle}
        options={BILLING_CYCLES.map((value) => ({ value, label: t(`customerForms.cycles.${value}`) }))}
      />
      <div className="grid gap-5 sm:grid-cols-2">
        <Field id="startDate" label={t('customerForms.fields.startDate')} error={error('startDate')} required>
          <input
            id="startDate"
            name="startDate"
            type="date"
            defaultValue={initial.startDate}
            required
            className={inputClass}
            {...describedBy('startDate', false, error('startDate'))}
          />
        </Field>
        <Field
          id="commitmentEndDate"
          label={t('customerForms.fields.commitmentEndDate')}
          hint={t('customerForms.hints.commitmentEndDate')}
          error={error('commitmentEndDate')}
          required
        >
          <input
            id="commitmentEndDate"
            name="commitmentEndDate"
            type="date"
            defaultValue={initial.commitmentEndDate}
            required
            className={inputClass}
            {...describedBy('commitmentEndDate', true, error('commitmentEndDate'))}
          />
        </Field>
      </div>
      <div>
        <div className="flex items-center gap-2">
          <input
            id="autoRenew"
            name="autoRenew"
            type="checkbox"
            defaultChecked={initial.autoRenew}
            className="h-4 w-4 accent-[#0f6cbd]"
            {...describedBy('autoRenew', false, error('autoRenew'))}
          />
          <label htmlFor="autoRenew" className="text-sm font-medium">
            {t('customerForms.fields.autoRenew')}
          </label>
        </div>
        {error('autoRenew') ? (
          <p id="autoRenew-error" className="mt-1 text-sm font-medium text-red-800">
            {error('autoRenew')}
          </p>
        ) : null}
      </div>
      <div className="flex flex-wrap gap-3">
        <button type="submit" disabled={pending} className={primaryButton}>
          {pending ? t('customerForms.saving') : editing ? t('customerForms.saveSubscription') : t('customerForms.addSubscription')}
        </button>
        <Link href={`/customers/${customerId}`} className={secondaryButton}>
          {t('customerForms.cancel')}
        </Link>
      </div>
    </form>
  );
}
