'use client';
import { useEffect, useState } from 'react';
import { useI18n } from '@/components/i18n-provider';
import { describedBy, Field, inputClass, primaryButton, secondaryButton, useKeptForm } from '@/components/customer-forms/form-parts';
import { createWebhookAction } from '@/lib/server/actions/webhooks';
import { WEBHOOK_URL_MAX } from '@/lib/domain/webhooks';
import { WEBHOOK_DESCRIPTION_MAX } from '@/lib/schemas/webhooks';
import { EventCheckboxes, WebhookAlert, webhookFieldError } from './shared';

/** Subscribes an endpoint; afterwards its secret is shown this once, with a copy button. */
export function WebhookCreateForm() {
  const { t } = useI18n();
  const { state, onSubmit, formAction, pending, formRef, alertRef } = useKeptForm(createWebhookAction);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const error = (field: string) => webhookFieldError(t, errors[field]);
  const secret = state?.ok ? state.secret : undefined;
  useEffect(() => {
    if (state?.ok) formRef.current?.reset();
  }, [state, formRef]);
  return (
    <div className="space-y-4">
      {secret ? <SecretOnce key={secret} secret={secret} /> : null}
      <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className="space-y-4">
        <WebhookAlert state={state} alertRef={alertRef} />
        <Field id="webhook-url" label={t('webhooks.create.url')} hint={t('webhooks.create.urlHint')} error={error('url')} required>
          <input
            id="webhook-url"
            name="url"
            type="url"
            inputMode="url"
            required
            maxLength={WEBHOOK_URL_MAX}
            autoComplete="off"
            spellCheck={false}
            className={inputClass}
            {...describedBy('webhook-url', true, error('url'))}
          />
        </Field>
        <Field
          id="webhook-description"
          label={t('webhooks.create.descriptionLabel')}
          hint={t('webhooks.create.descriptionHint')}
          error={error('description')}
        >
          <input
            id="webhook-description"
            name="description"
            maxLength={WEBHOOK_DESCRIPTION_MAX}
            autoComplete="off"
            className={inputClass}
            {...describedBy('webhook-description', true, error('description'))}
          />
        </Field>
        <EventCheckboxes idPrefix="create" selected={[]} error={error('events')} />
        <button type="submit" disabled={pending} className={primaryButton}>
          {pending ? t('webhooks.create.saving') : t('webhooks.create.submit')}
        </button>
      </form>
    </div>
  );
}

function SecretOnce({ secret }: { secret: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <section aria-labelledby="webhook-secret-title" className="rounded border border-green-300 bg-green-50 p-4 text-sm text-green-950">
      <h3 id="webhook-secret-title" className="font-semibold">
        {t('webhooks.secret.title')}
      </h3>
      <label htmlFor="webhook-secret" className="mt-2 block font-medium">
        {t('webhooks.secret.label')}
      </label>
      <div className="mt-1 flex flex-wrap gap-2">
        <input
          id="webhook-secret"
          readOnly
          value={secret}
          aria-describedby="webhook-secret-hint"
          className={`${inputClass} mt-0 font-mono`}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button
          type="button"
          className={secondaryButton}
          onClick={() => {
            void navigator.clipboard?.writeText(secret).then(() => setCopied(true));
          }}
        >
          {t('webhooks.secret.copy')}
        </button>
      </div>
      <p id="webhook-secret-hint" className="mt-1">
        {t('webhooks.secret.hint')}
      </p>
      <p aria-live="polite" className="mt-1 font-medium">
        {copied ? t('webhooks.secret.copied') : ''}
      </p>
    </section>
  );
}
