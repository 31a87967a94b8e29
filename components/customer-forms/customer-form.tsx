'use client';
import Link from 'next/link';
import { useI18n } from '@/components/i18n-provider';
import { createCustomerAction, updateCustomerAction } from '@/lib/server/actions/customers';
import { CLOUDS, RELATIONSHIPS_TO_PARTNER, type Cloud, type RelationshipToPartner } from '@/lib/domain/policy';
import { LOCALES, type Locale } from '@/lib/i18n/locales';
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

export type CustomerFormValues = {
  companyName: string;
  domain: string;
  tenantId: string;
  cloud: Cloud;
  relationshipToPartner: RelationshipToPartner;
  preferredLanguage: Locale;
};

/** Add (no `customerId`) or edit a customer; an edit carries the version it was loaded with. */
export function CustomerForm({
  initial,
  customerId,
  version,
  cancelHref,
}: {
  initial: CustomerFormValues;
  customerId?: string;
  version?: number;
  cancelHref: string;
}) {
  const { t } = useI18n();
  const editing = customerId !== undefined;
  const { state, formAction, onSubmit, pending, formRef, alertRef } = useKeptForm(editing ? updateCustomerAction : createCustomerAction);
  const errors = fieldErrorsOf(state);
  const error = (field: string) => fieldErrorText(t, errors[field]);
  // Germany is a retired cloud: offered only to a customer that is already there.
  const clouds = CLOUDS.filter((cloud) => cloud !== 'GERMANY' || initial.cloud === 'GERMANY');
  return (
    <form
      ref={formRef}
      action={formAction}
      onSubmit={onSubmit}
      noValidate
      className="max-w-2xl space-y-5 rounded-md border border-neutral-200 bg-white p-6 shadow-sm"
    >
      <FormAlert state={state} alertRef={alertRef} reloadHref={editing ? `/customers/${customerId}/edit` : undefined} />
      {editing ? (
        <>
          <input type="hidden" name="customerId" value={customerId} />
          <input type="hidden" name="version" value={version} />
        </>
      ) : null}
      <Field id="companyName" label={t('customerForms.fields.companyName')} error={error('companyName')} required>
        <input
          id="companyName"
          name="companyName"
          defaultValue={initial.companyName}
          maxLength={200}
          required
          autoComplete="organization"
          className={inputClass}
          {...describedBy('companyName', false, error('companyName'))}
        />
      </Field>
      <Field id="domain" label={t('customerForms.fields.domain')} hint={t('customerForms.hints.domain')} error={error('domain')} required>
        <input
          id="domain"
          name="domain"
          defaultValue={initial.domain}
          maxLength={253}
          required
          spellCheck={false}
          autoCapitalize="none"
          className={inputClass}
          {...describedBy('domain', true, error('domain'))}
        />
      </Field>
      <Field
        id="tenantId"
        label={t('customerForms.fields.tenantId')}
        hint={t('customerForms.hints.tenantId')}
        error={error('tenantId')}
        required
      >
        <input
          id="tenantId"
          name="tenantId"
          defaultValue={initial.tenantId}
          maxLength={36}
          required
          spellCheck={false}
          autoCapitalize="none"
          className={`${inputClass} font-mono`}
          {...describedBy('tenantId', true, error('tenantId'))}
        />
      </Field>
      <SelectField
        id="cloud"
        label={t('customerForms.fields.cloud')}
        hint={initial.cloud === 'GERMANY' ? t('customerForms.hints.cloudRetired') : undefined}
        error={error('cloud')}
        required
        defaultValue={initial.cloud}
        options={clouds.map((cloud) => ({ value: cloud, label: t(`clouds.${cloud}`) }))}
      />
      <SelectField
        id="relationshipToPartner"
        label={t('customerForms.fields.relationshipToPartner')}
        error={error('relationshipToPartner')}
        required
        defaultValue={initial.relationshipToPartner}
        options={RELATIONSHIPS_TO_PARTNER.map((value) => ({ value, label: t(`customerForms.relationship.${value}`) }))}
      />
      <SelectField
        id="preferredLanguage"
        label={t('customerForms.fields.preferredLanguage')}
        error={error('preferredLanguage')}
        required
        defaultValue={initial.preferredLanguage}
        options={LOCALES.map((value) => ({ value, label: t(`customerForms.languages.${value}`) }))}
      />
      <div className="flex flex-wrap gap-3">
        <button type="submit" disabled={pending} className={primaryButton}>
          {pending ? t('customerForms.saving') : editing ? t('customerForms.saveCustomer') : t('customerForms.addCustomer')}
        </button>
        <Link href={cancelHref} className={secondaryButton}>
          {t('customerForms.cancel')}
        </Link>
      </div>
    </form>
  );
}
