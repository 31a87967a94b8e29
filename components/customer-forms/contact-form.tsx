'use client';
import Link from 'next/link';
import { useI18n } from '@/components/i18n-provider';
import { createContactAction, updateContactAction } from '@/lib/server/actions/customers';
import { CONTACT_ROLES, type ContactRole } from '@/lib/domain/customer-import/fields';
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

export type ContactFormValues = { name: string; email: string; role: ContactRole; language: Locale | null };

/** Add (no `contactId`) or edit a contact of a customer; an edit carries the updatedAt it started from. */
export function ContactForm({
  customerId,
  initial,
  contactId,
  updatedAt,
}: {
  customerId: string;
  initial: ContactFormValues;
  contactId?: string;
  updatedAt?: string;
}) {
  const { t } = useI18n();
  const editing = contactId !== undefined;
  const { state, formAction, onSubmit, pending, formRef, alertRef } = useKeptForm(editing ? updateContactAction : createContactAction);
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
        staleKey="customerForms.errors.staleContact"
        reloadHref={editing ? `/customers/${customerId}/contacts/${contactId}/edit` : undefined}
      />
      <input type="hidden" name="customerId" value={customerId} />
      {editing ? (
        <>
          <input type="hidden" name="contactId" value={contactId} />
          <input type="hidden" name="expectedUpdatedAt" value={updatedAt} />
        </>
      ) : null}
      <Field id="name" label={t('customerForms.fields.name')} error={error('name')} required>
        <input
          id="name"
          name="name"
          defaultValue={initial.name}
          maxLength={200}
          required
          autoComplete="off"
          className={inputClass}
          {...describedBy('name', false, error('name'))}
        />
      </Field>
      <Field id="email" label={t('customerForms.fields.email')} error={error('email')} required>
        <input
          id="email"
          name="email"
          type="email"
          defaultValue={initial.email}
          maxLength={254}
          required
          autoComplete="off"
          spellCheck={false}
          className={inputClass}
          {...describedBy('email', false, error('email'))}
        />
      </Field>
      <SelectField
        id="role"
        label={t('customerForms.fields.role')}
        error={error('role')}
        required
        defaultValue={initial.role}
        options={CONTACT_ROLES.map((role) => ({ value: role, label: t(`customerForms.roles.${role}`) }))}
      />
      <Field
        id="language"
        label={t('customerForms.fields.language')}
        hint={t('customerForms.hints.contactLanguage')}
        error={error('language')}
      >
        <select
          id="language"
          name="language"
          defaultValue={initial.language ?? ''}
          className={inputClass}
          {...describedBy('language', true, error('language'))}
        >
          <option value="">{t('customerForms.languageNone')}</option>
          {LOCALES.map((value) => (
            <option key={value} value={value}>
              {t(`customerForms.languages.${value}`)}
            </option>
          ))}
        </select>
      </Field>
      <div className="flex flex-wrap gap-3">
        <button type="submit" disabled={pending} className={primaryButton}>
          {pending ? t('customerForms.saving') : editing ? t('customerForms.saveContact') : t('customerForms.addContact')}
        </button>
        <Link href={`/customers/${customerId}`} className={secondaryButton}>
          {t('customerForms.cancel')}
        </Link>
      </div>
    </form>
  );
}
