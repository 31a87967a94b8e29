'use client';
import { useI18n } from '@/components/i18n-provider';
import {
  describedBy,
  Field,
  fieldErrorsOf,
  fieldErrorText,
  FormAlert,
  inputClass,
  primaryButton,
  SelectField,
  useKeptForm,
} from '@/components/customer-forms/form-parts';
import { createPartnerAction, invitePartnerAdminAction, renamePartnerAction } from '@/lib/server/actions/partners';
import { ActionDialog, DoneMessage } from './action-forms';
import { LanguageField } from './user-forms';

const smallButton = 'rounded border border-neutral-500 bg-white px-3 py-1 text-sm font-semibold text-neutral-900 hover:bg-neutral-100';

/** "Add a partner": name, Partner ID, cloud (the retired Germany cloud is not offered). */
export function CreatePartnerForm() {
  const { t } = useI18n();
  const { state, formAction, onSubmit, pending, formRef, alertRef } = useKeptForm(createPartnerAction);
  const errors = fieldErrorsOf(state);
  const error = (field: string) => fieldErrorText(t, errors[field]);
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormAlert state={state} alertRef={alertRef} />
      <Field id="partner-name" label={t('admin.partners.name')} error={error('name')} required>
        <input
          id="partner-name"
          name="name"
          maxLength={200}
          className={inputClass}
          {...describedBy('partner-name', false, error('name'))}
        />
      </Field>
      <Field
        id="partner-number"
        label={t('admin.partners.partnerId')}
        hint={t('accounts.partners.partnerIdHint')}
        error={error('partnerNumber')}
        required
      >
        <input
          id="partner-number"
          name="partnerNumber"
          inputMode="numeric"
          maxLength={12}
          className={inputClass}
          {...describedBy('partner-number', true, error('partnerNumber'))}
        />
      </Field>
      <SelectField
        id="cloud"
        label={t('admin.partners.cloud')}
        hint={t('accounts.partners.cloudHint')}
        error={error('cloud')}
        required
        defaultValue="PUBLIC"
        options={(['PUBLIC', 'US_GOVERNMENT'] as const).map((value) => ({ value, label: t(`clouds.${value}`) }))}
      />
      <button type="submit" disabled={pending} className={primaryButton}>
        {pending ? t('accounts.partners.creating') : t('accounts.partners.create')}
      </button>
      <DoneMessage state={state} done={() => t('accounts.partners.created')} />
    </form>
  );
}

export function RenamePartnerButton({ partnerId, name, updatedAt }: { partnerId: string; name: string; updatedAt: string }) {
  const { t } = useI18n();
  const id = `rename-${partnerId}`;
  return (
    <ActionDialog
      action={renamePartnerAction}
      hidden={{ partnerId, expectedUpdatedAt: updatedAt }}
      openLabel={t('accounts.partners.rename')}
      openClass={smallButton}
      title={t('accounts.partners.renameTitle', { partner: name })}
      submitLabel={t('accounts.partners.renameConfirm')}
      pendingLabel={t('accounts.partners.saving')}
      submitClass={primaryButton}
      cancelLabel={t('accounts.partners.cancel')}
      done={() => t('accounts.partners.renamed')}
      staleKey="accounts.partners.staleRename"
    >
      {(errors) => (
        <Field id={id} label={t('admin.partners.name')} error={fieldErrorText(t, errors.name)} required>
          <input
            id={id}
            name="name"
            defaultValue={name}
            maxLength={200}
            className={inputClass}
            {...describedBy(id, false, fieldErrorText(t, errors.name))}
          />
        </Field>
      )}
    </ActionDialog>
  );
}

export function InviteAdminButton({ partnerId, partnerName }: { partnerId: string; partnerName: string }) {
  const { t, locale } = useI18n();
  const id = `admin-email-${partnerId}`;
  return (
    <ActionDialog
      action={invitePartnerAdminAction}
      hidden={{ partnerId }}
      openLabel={t('accounts.partners.inviteAdmin')}
      openClass={smallButton}
      title={t('accounts.partners.inviteAdminTitle', { partner: partnerName })}
      body={t('accounts.partners.inviteAdminBody')}
      submitLabel={t('accounts.users.invite')}
      pendingLabel={t('accounts.users.inviting')}
      submitClass={primaryButton}
      cancelLabel={t('accounts.partners.cancel')}
      done={(email) => t('accounts.users.invited', { email })}
      mailFailed={(email) => t('accounts.users.invitedNoMail', { email })}
    >
      {(errors) => (
        <>
          <Field id={id} label={t('accounts.users.email')} error={fieldErrorText(t, errors.email)} required>
            <input
              id={id}
              name="email"
              type="email"
              autoComplete="off"
              className={inputClass}
              {...describedBy(id, false, fieldErrorText(t, errors.email))}
            />
          </Field>
          <LanguageField id={`admin-language-${partnerId}`} defaultValue={locale} error={fieldErrorText(t, errors.language)} />
        </>
      )}
    </ActionDialog>
  );
}
