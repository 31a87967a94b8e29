'use client';
import { useI18n } from '@/components/i18n-provider';
import { describedBy, Field, inputClass, primaryButton, useKeptForm } from '@/components/customer-forms/form-parts';
import { saveSenderIdentityAction } from '@/lib/server/actions/notice-settings';
import { SENDER_NAME_MAX } from '@/lib/schemas/notices';
import { SavedMessage, SettingsAlert, settingsFieldError } from './shared';

export type SenderIdentityValues = {
  partnerName: string;
  senderName: string | null;
  senderReplyTo: string | null;
  fromAddress: string;
  version: string;
};

/** From name and Reply-To of every notice e-mail; saved with the version it was read at. */
export function SenderIdentityForm({ identity }: { identity: SenderIdentityValues }) {
  const { t } = useI18n();
  const { state, onSubmit, formAction, pending, formRef, alertRef } = useKeptForm(saveSenderIdentityAction);
  // After a save the page is revalidated and brings the new version; until then, the save's own.
  const version = state?.ok && state.version ? state.version : identity.version;
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const error = (field: string) => settingsFieldError(t, errors[field]);
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className="space-y-4">
      {state?.ok ? <SavedMessage text={t('noticeSettings.sender.saved')} /> : null}
      <SettingsAlert state={state} staleText={t('noticeSettings.sender.stale')} alertRef={alertRef} reloadHref="/settings/notices" />
      <input type="hidden" name="version" value={version} />
      <div>
        <p className="text-sm font-medium">{t('noticeSettings.sender.fromAddress')}</p>
        <p className="mt-1 font-mono text-sm" data-testid="from-address">
          {identity.fromAddress}
        </p>
        <p className="mt-1 max-w-xl text-sm text-neutral-700">{t('noticeSettings.sender.fromAddressHint')}</p>
      </div>
      <Field
        id="senderName"
        label={t('noticeSettings.sender.senderName')}
        hint={t('noticeSettings.sender.senderNameHint', { partner: identity.partnerName })}
        error={error('senderName')}
        required
      >
        <input
          id="senderName"
          name="senderName"
          defaultValue={identity.senderName ?? identity.partnerName}
          maxLength={SENDER_NAME_MAX}
          required
          autoComplete="off"
          className={inputClass}
          {...describedBy('senderName', true, error('senderName'))}
        />
      </Field>
      <Field
        id="senderReplyTo"
        label={t('noticeSettings.sender.replyTo')}
        hint={t('noticeSettings.sender.replyToHint')}
        error={error('senderReplyTo')}
      >
        <input
          id="senderReplyTo"
          name="senderReplyTo"
          type="email"
          defaultValue={identity.senderReplyTo ?? ''}
          maxLength={254}
          autoComplete="off"
          spellCheck={false}
          className={inputClass}
          {...describedBy('senderReplyTo', true, error('senderReplyTo'))}
        />
      </Field>
      <button type="submit" disabled={pending} className={primaryButton}>
        {pending ? t('noticeSettings.sender.saving') : t('noticeSettings.sender.save')}
      </button>
    </form>
  );
}
