'use client';
import { useEffect } from 'react';
import { useI18n } from '@/components/i18n-provider';
import { describedBy, Field, inputClass, primaryButton, SelectField, useKeptForm } from '@/components/customer-forms/form-parts';
import { createEmbedTokenAction } from '@/lib/server/actions/embed-tokens';
import { EMBED_NAME_MAX, EMBED_ORIGIN_MAX } from '@/lib/domain/embed';
import { LOCALES } from '@/lib/i18n/locales';
import type { MessageKey } from '@/lib/i18n/translate';
import { CreatedToken } from './created-token';
import { EmbedAlert } from './embed-alert';

/**
 * A new embed token: name, host origin, language, optional expiry. On success the form empties and
 * the token appears once, with the snippet to paste (CreatedToken).
 */
export function CreateEmbedTokenForm({ portalOrigin, timeZone, today }: { portalOrigin: string; timeZone: string; today: string }) {
  const { t, locale } = useI18n();
  const { state, formAction, onSubmit, pending, formRef, alertRef } = useKeptForm(createEmbedTokenAction);
  useEffect(() => {
    if (state?.ok) formRef.current?.reset();
  }, [state, formRef]);
  const errors: Record<string, string | undefined> = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const error = (field: string) => (errors[field] ? t(`embedSettings.fieldErrors.${errors[field]}` as MessageKey) : undefined);
  return (
    <>
      {state?.ok ? (
        <CreatedToken key={state.id} id={state.id} secret={state.secret} locale={state.locale} portalOrigin={portalOrigin} />
      ) : null}
      <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className="space-y-4">
        {state && !state.ok ? <EmbedAlert message={t(`embedSettings.errors.${state.code}`)} alertRef={alertRef} /> : null}
        <Field id="name" label={t('embedSettings.create.name')} hint={t('embedSettings.create.nameHint')} error={error('name')} required>
          <input
            id="name"
            name="name"
            maxLength={EMBED_NAME_MAX}
            required
            autoComplete="off"
            className={inputClass}
            {...describedBy('name', true, error('name'))}
          />
        </Field>
        <Field
          id="allowedOrigin"
          label={t('embedSettings.create.origin')}
          hint={t('embedSettings.create.originHint')}
          error={error('allowedOrigin')}
          required
        >
          <input
            id="allowedOrigin"
            name="allowedOrigin"
            inputMode="url"
            maxLength={EMBED_ORIGIN_MAX}
            required
            autoComplete="off"
            spellCheck={false}
            placeholder="https://intranet.example.com"
            className={`${inputClass} font-mono`}
            {...describedBy('allowedOrigin', true, error('allowedOrigin'))}
          />
        </Field>
        <SelectField
          id="language"
          label={t('embedSettings.create.language')}
          hint={t('embedSettings.create.languageHint')}
          error={error('language')}
          defaultValue={locale}
          options={LOCALES.map((value) => ({ value, label: t(`embedSettings.languages.${value}`) }))}
        />
        <Field
          id="expiresOn"
          label={t('embedSettings.create.expiresOn')}
          hint={t('embedSettings.create.expiresOnHint', { timeZone })}
          error={error('expiresOn')}
        >
          <input
            id="expiresOn"
            name="expiresOn"
            type="date"
            min={today}
            className={inputClass}
            {...describedBy('expiresOn', true, error('expiresOn'))}
          />
        </Field>
        <button type="submit" disabled={pending} className={primaryButton}>
          {pending ? t('embedSettings.create.submitting') : t('embedSettings.create.submit')}
        </button>
      </form>
    </>
  );
}
