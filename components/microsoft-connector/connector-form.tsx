'use client';
import { useState } from 'react';
import { useI18n } from '@/components/i18n-provider';
import { describedBy, Field, inputClass, primaryButton, useKeptForm } from '@/components/customer-forms/form-parts';
import { saveConnectorAction, type ConnectorActionResult } from '@/lib/server/actions/microsoft-connector';
import { SYNC_INTERVALS, type ConnectorCredentialKind } from '@/lib/schemas/microsoft-connector';
import type { MessageKey, Translate } from '@/lib/i18n/translate';
import en from '@/messages/en.json';
import { ConnectorAlert } from './connector-alert';

export type ConnectorFormValues = {
  clientId: string;
  credential: ConnectorCredentialKind;
  syncIntervalMinutes: number;
  enabled: boolean;
  /** Whether a credential is stored (its value is never sent to the page). */
  hasSecret: boolean;
  demo: boolean;
  version: number;
};

export function fieldErrorText(t: Translate, code: string | undefined): string | undefined {
  if (!code) return undefined;
  return code in en.microsoftConnector.fieldErrors
    ? t(`microsoftConnector.fieldErrors.${code}` as MessageKey)
    : t('microsoftConnector.fieldErrors.invalid');
}

/**
 * The partner's application (client id), its credential — a client secret, or a certificate with
 * its private key — and the schedule. A stored credential is never shown: leaving the fields empty
 * keeps it.
 */
export function ConnectorForm({ values }: { values: ConnectorFormValues }) {
  const { t } = useI18n();
  const { state, onSubmit, formAction, pending, formRef, alertRef } = useKeptForm<ConnectorActionResult>(saveConnectorAction);
  const [credential, setCredential] = useState<ConnectorCredentialKind>(values.credential);
  const version = state?.ok && state.version !== undefined ? state.version : values.version;
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const error = (field: string) => fieldErrorText(t, errors[field]);
  const keeps = values.hasSecret && !values.demo && credential === values.credential;
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className="space-y-5">
      {state?.ok ? (
        <p role="status" className="rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
          {t('microsoftConnector.form.saved')}
        </p>
      ) : null}
      <ConnectorAlert state={state} alertRef={alertRef} />
      <input type="hidden" name="version" value={version} />
      <Field
        id="clientId"
        label={t('microsoftConnector.form.clientId')}
        hint={t('microsoftConnector.form.clientIdHint')}
        error={error('clientId')}
        required
      >
        <input
          id="clientId"
          name="clientId"
          defaultValue={values.clientId}
          required
          autoComplete="off"
          spellCheck={false}
          className={`${inputClass} font-mono`}
          {...describedBy('clientId', true, error('clientId'))}
        />
      </Field>
      <fieldset>
        <legend className="text-sm font-medium">{t('microsoftConnector.form.credential')}</legend>
        <div className="mt-1 flex flex-wrap gap-4">
          {(['CLIENT_SECRET', 'CERTIFICATE'] as const).map((kind) => (
            <label key={kind} className="flex items-center gap-2">
              <input type="radio" name="credential" value={kind} checked={credential === kind} onChange={() => setCredential(kind)} />
              {t(`microsoftConnector.form.credentials.${kind}`)}
            </label>
          ))}
        </div>
      </fieldset>
      {credential === 'CLIENT_SECRET' ? (
        <Field
          id="secret"
          label={t('microsoftConnector.form.secret')}
          hint={keeps ? t('microsoftConnector.form.secretKeep') : t('microsoftConnector.form.secretHint')}
          error={error('secret')}
          required={!keeps}
        >
          <input
            id="secret"
            name="secret"
            type="password"
            autoComplete="new-password"
            spellCheck={false}
            className={inputClass}
            {...describedBy('secret', true, error('secret'))}
          />
        </Field>
      ) : (
        <>
          <Field
            id="certificatePem"
            label={t('microsoftConnector.form.certificate')}
            hint={keeps ? t('microsoftConnector.form.certificateKeep') : t('microsoftConnector.form.certificateHint')}
            error={error('certificatePem')}
            required={!keeps}
          >
            <textarea
              id="certificatePem"
              name="certificatePem"
              rows={5}
              spellCheck={false}
              className={`${inputClass} font-mono text-xs`}
              {...describedBy('certificatePem', true, error('certificatePem'))}
            />
          </Field>
          <Field
            id="privateKeyPem"
            label={t('microsoftConnector.form.privateKey')}
            hint={t('microsoftConnector.form.privateKeyHint')}
            error={error('privateKeyPem')}
            required={!keeps}
          >
            <textarea
              id="privateKeyPem"
              name="privateKeyPem"
              rows={5}
              spellCheck={false}
              autoComplete="off"
              className={`${inputClass} font-mono text-xs`}
              {...describedBy('privateKeyPem', true, error('privateKeyPem'))}
            />
          </Field>
        </>
      )}
      <Field
        id="syncIntervalMinutes"
        label={t('microsoftConnector.form.interval')}
        hint={t('microsoftConnector.form.intervalHint')}
        error={error('syncIntervalMinutes')}
      >
        <select
          id="syncIntervalMinutes"
          name="syncIntervalMinutes"
          defaultValue={String(values.syncIntervalMinutes)}
          className={inputClass}
          {...describedBy('syncIntervalMinutes', true, error('syncIntervalMinutes'))}
        >
          {SYNC_INTERVALS.map((minutes) => (
            <option key={minutes} value={minutes}>
              {minutes < 60
                ? t('microsoftConnector.form.everyMinutes', { count: minutes })
                : t('microsoftConnector.form.everyHours', { count: minutes / 60 })}
            </option>
          ))}
        </select>
      </Field>
      <label className="flex items-start gap-2">
        <input type="checkbox" name="enabled" defaultChecked={values.enabled} className="mt-1" aria-describedby="enabled-hint" />
        <span>
          <span className="font-medium">{t('microsoftConnector.form.enabled')}</span>
          <span id="enabled-hint" className="block text-sm text-neutral-700">
            {t('microsoftConnector.form.enabledHint')}
          </span>
        </span>
      </label>
      <button type="submit" disabled={pending} className={primaryButton}>
        {pending ? t('microsoftConnector.form.saving') : t('microsoftConnector.form.save')}
      </button>
    </form>
  );
}
