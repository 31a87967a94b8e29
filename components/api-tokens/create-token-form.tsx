'use client';
import { useState } from 'react';
import { useI18n } from '@/components/i18n-provider';
import { describedBy, Field, inputClass, primaryButton, secondaryButton, useKeptForm } from '@/components/customer-forms/form-parts';
import { createApiTokenAction } from '@/lib/server/actions/api-tokens';
import { TOKEN_NAME_MAX } from '@/lib/schemas/api-tokens';
import type { MessageKey } from '@/lib/i18n/translate';

/** A new token: name, scopes, optional expiry day. Its secret is shown here once, with a copy button. */
export function CreateTokenForm({ scopes }: { scopes: string[] }) {
  const { t } = useI18n();
  const { state, onSubmit, formAction, pending, formRef, alertRef } = useKeptForm(createApiTokenAction);
  const [copied, setCopied] = useState(false);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const error = (field: string) => (errors[field] ? t(`apiTokens.fieldErrors.${errors[field]}` as MessageKey) : undefined);
  const scopesError = error('scopes');
  return (
    <div className="space-y-4">
      {state?.ok ? (
        <div role="status" className="max-w-3xl rounded border border-green-300 bg-green-50 p-4 text-sm text-green-950">
          <p className="font-semibold">{t('apiTokens.create.created', { name: state.name })}</p>
          <p className="mt-1">{t('apiTokens.create.secretOnce')}</p>
          <label htmlFor="new-token-secret" className="mt-3 block font-medium">
            {t('apiTokens.create.secretLabel')}
          </label>
          <div className="mt-1 flex flex-wrap gap-2">
            <input
              id="new-token-secret"
              readOnly
              value={state.secret}
              className="block w-full max-w-xl rounded border border-neutral-500 bg-white px-3 py-2 font-mono text-sm"
              onFocus={(event) => event.currentTarget.select()}
            />
            <button
              type="button"
              className={secondaryButton}
              onClick={() => {
                void navigator.clipboard?.writeText(state.secret).then(() => setCopied(true));
              }}
            >
              {copied ? t('apiTokens.create.copied') : t('apiTokens.create.copy')}
            </button>
          </div>
        </div>
      ) : null}
      {state && !state.ok ? (
        <div role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          <p ref={alertRef} tabIndex={-1} className="outline-none">
            {t(`apiTokens.errors.${state.code}`)}
          </p>
        </div>
      ) : null}
      <form
        ref={formRef}
        action={formAction}
        onSubmit={(event) => {
          setCopied(false);
          onSubmit(event);
        }}
        noValidate
        className="space-y-4"
      >
        <Field id="token-name" label={t('apiTokens.create.name')} hint={t('apiTokens.create.nameHint')} error={error('name')} required>
          <input
            id="token-name"
            name="name"
            maxLength={TOKEN_NAME_MAX}
            required
            autoComplete="off"
            className={inputClass}
            {...describedBy('token-name', true, error('name'))}
          />
        </Field>
        <fieldset aria-describedby={scopesError ? 'token-scopes-error' : undefined}>
          <legend className="text-sm font-medium">
            {t('apiTokens.create.scopes')}{' '}
            <span className="ml-1 text-xs font-normal text-neutral-700">({t('customerForms.required')})</span>
          </legend>
          <div className="mt-2 grid max-w-3xl gap-2 sm:grid-cols-2">
            {scopes.map((scope) => (
              <label key={scope} className="flex items-start gap-2 text-sm">
                <input type="checkbox" name="scopes" value={scope} className="mt-1" aria-invalid={scopesError ? true : undefined} />
                <span>
                  <code className="font-semibold">{scope}</code>
                  <span className="block text-neutral-700">{t(`apiTokens.scopes.${scope}` as MessageKey)}</span>
                </span>
              </label>
            ))}
          </div>
          {scopesError ? (
            <p id="token-scopes-error" className="mt-1 text-sm font-medium text-red-800">
              {scopesError}
            </p>
          ) : null}
        </fieldset>
        <Field
          id="token-expiry"
          label={t('apiTokens.create.expiresOn')}
          hint={t('apiTokens.create.expiresOnHint')}
          error={error('expiresOn')}
        >
          <input
            id="token-expiry"
            name="expiresOn"
            type="date"
            className={inputClass}
            {...describedBy('token-expiry', true, error('expiresOn'))}
          />
        </Field>
        <button type="submit" disabled={pending} className={primaryButton}>
          {pending ? t('apiTokens.create.creating') : t('apiTokens.create.submit')}
        </button>
      </form>
    </div>
  );
}
