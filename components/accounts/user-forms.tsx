'use client';
import { useI18n } from '@/components/i18n-provider';
import {
  dangerButton,
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
import {
  changeRoleAction,
  inviteUserAction,
  resendInvitationAction,
  revokeInvitationAction,
  setUserActiveAction,
} from '@/lib/server/actions/users';
import { PARTNER_ROLES, type PartnerRole } from '@/lib/domain/accounts';
import type { Locale } from '@/lib/i18n/locales';
import { ActionButton, ActionDialog, DoneMessage, Hidden } from './action-forms';

const smallButton = 'rounded border border-neutral-500 bg-white px-3 py-1 text-sm font-semibold text-neutral-900 hover:bg-neutral-100';
const smallDanger = 'rounded border border-red-700 bg-white px-3 py-1 text-sm font-semibold text-red-800 hover:bg-red-50';

/** The language of an invitation: the mail's, and the new user's profile's. */
export function LanguageField({ id, defaultValue, error }: { id: string; defaultValue: Locale; error?: string }) {
  const { t } = useI18n();
  return (
    <Field id={id} label={t('accounts.users.language')} hint={t('accounts.users.languageHint')} error={error}>
      <select id={id} name="language" defaultValue={defaultValue} className={inputClass} {...describedBy(id, true, error)}>
        <option value="en">English</option>
        <option value="zh-TW" lang="zh-TW">
          繁體中文
        </option>
      </select>
    </Field>
  );
}

export function InviteUserForm() {
  const { t, locale } = useI18n();
  const { state, formAction, onSubmit, pending, formRef, alertRef } = useKeptForm(inviteUserAction);
  const errors = fieldErrorsOf(state);
  const error = (field: string) => fieldErrorText(t, errors[field]);
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormAlert state={state} alertRef={alertRef} />
      <Field id="invite-email" label={t('accounts.users.email')} error={error('email')} required>
        <input
          id="invite-email"
          name="email"
          type="email"
          autoComplete="off"
          className={inputClass}
          {...describedBy('invite-email', false, error('email'))}
        />
      </Field>
      <SelectField
        id="role"
        label={t('accounts.users.role')}
        error={error('role')}
        required
        defaultValue="PARTNER_AGENT"
        options={PARTNER_ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
      />
      <LanguageField id="invite-language" defaultValue={locale} error={error('language')} />
      <button type="submit" disabled={pending} className={primaryButton}>
        {pending ? t('accounts.users.inviting') : t('accounts.users.invite')}
      </button>
      <DoneMessage
        state={state}
        done={(email) => t('accounts.users.invited', { email })}
        mailFailed={(email) => t('accounts.users.invitedNoMail', { email })}
      />
    </form>
  );
}

export function RoleForm({ userId, name, role, updatedAt }: { userId: string; name: string; role: PartnerRole; updatedAt: string }) {
  const { t } = useI18n();
  const { state, formAction, onSubmit, pending, formRef, alertRef } = useKeptForm(changeRoleAction);
  const id = `role-${userId}`;
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} className="flex flex-wrap items-center gap-2">
      <Hidden values={{ userId, expectedUpdatedAt: updatedAt }} />
      <label htmlFor={id} className="sr-only">
        {t('accounts.users.roleFor', { name })}
      </label>
      <select id={id} name="role" defaultValue={role} className="rounded border border-neutral-500 bg-white px-2 py-1 text-sm">
        {PARTNER_ROLES.map((value) => (
          <option key={value} value={value}>
            {t(`roles.${value}`)}
          </option>
        ))}
      </select>
      <button type="submit" disabled={pending} className={smallButton}>
        {t('accounts.users.changeRole')}
      </button>
      <div className="basis-full empty:hidden">
        <FormAlert state={state} alertRef={alertRef} staleKey="accounts.users.staleUser" />
        <DoneMessage state={state} done={() => t('accounts.users.roleChanged', { name })} />
      </div>
    </form>
  );
}

export function ActiveButton({ userId, name, active, updatedAt }: { userId: string; name: string; active: boolean; updatedAt: string }) {
  const { t } = useI18n();
  const hidden = { userId, active: String(!active), expectedUpdatedAt: updatedAt };
  if (!active) {
    return (
      <ActionButton
        action={setUserActiveAction}
        hidden={hidden}
        label={t('accounts.users.reactivate')}
        pendingLabel={t('accounts.partners.saving')}
        className={smallButton}
        done={() => t('accounts.users.reactivated', { name })}
        staleKey="accounts.users.staleUser"
      />
    );
  }
  return (
    <ActionDialog
      action={setUserActiveAction}
      hidden={hidden}
      openLabel={t('accounts.users.deactivate')}
      openClass={smallDanger}
      title={t('accounts.users.deactivateTitle', { name })}
      body={t('accounts.users.deactivateBody', { name })}
      submitLabel={t('accounts.users.deactivateConfirm')}
      pendingLabel={t('accounts.partners.saving')}
      submitClass={dangerButton}
      cancelLabel={t('accounts.users.keep')}
      done={() => t('accounts.users.deactivated', { name })}
      staleKey="accounts.users.staleUser"
    />
  );
}

export function InvitationButtons({ invitationId, email }: { invitationId: string; email: string }) {
  const { t } = useI18n();
  return (
    <div className="flex flex-wrap items-start gap-2">
      <ActionButton
        action={resendInvitationAction}
        hidden={{ invitationId }}
        label={t('accounts.users.resend')}
        pendingLabel={t('accounts.users.resending')}
        className={smallButton}
        done={() => t('accounts.users.resent', { email })}
        mailFailed={() => t('accounts.users.resentNoMail', { email })}
      />
      <ActionDialog
        action={revokeInvitationAction}
        hidden={{ invitationId }}
        openLabel={t('accounts.users.revoke')}
        openClass={smallDanger}
        title={t('accounts.users.revokeTitle', { email })}
        body={t('accounts.users.revokeBody')}
        submitLabel={t('accounts.users.revokeConfirm')}
        pendingLabel={t('accounts.partners.saving')}
        submitClass={dangerButton}
        cancelLabel={t('accounts.users.keep')}
        done={() => t('accounts.users.revoked', { email })}
      />
    </div>
  );
}
