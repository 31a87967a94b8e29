'use client';
import { useI18n } from '@/components/i18n-provider';
import { describedBy, Field, inputClass, primaryButton, secondaryButton, useKeptForm } from '@/components/customer-forms/form-parts';
import { saveCategoryRulesAction, type ConnectorActionResult } from '@/lib/server/actions/microsoft-connector';
import type { CategoryRules } from '@/lib/domain/communication-category';
import { ConnectorAlert } from './connector-alert';
import { fieldErrorText } from './connector-form';

const FIELDS = ['titleWords', 'tags', 'services'] as const;

/** The partner's billing rules: title words, tags, services — one a line. */
export function CategoryRulesForm({ rules, version }: { rules: CategoryRules; version: number }) {
  const { t } = useI18n();
  const { state, onSubmit, formAction, pending, formRef, alertRef } = useKeptForm<ConnectorActionResult>(saveCategoryRulesAction);
  const current = state?.ok && state.version !== undefined ? state.version : version;
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const error = (field: string) => fieldErrorText(t, errors[field]);
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className="space-y-5">
      {state?.ok ? (
        <p role="status" className="rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
          {t('microsoftConnector.categories.saved', { count: state.recategorized ?? 0 })}
        </p>
      ) : null}
      <ConnectorAlert state={state} alertRef={alertRef} />
      <input type="hidden" name="version" value={current} />
      {FIELDS.map((field) => (
        <Field
          key={field}
          id={field}
          label={t(`microsoftConnector.categories.fields.${field}`)}
          hint={t(`microsoftConnector.categories.hints.${field}`)}
          error={error(field)}
        >
          <textarea
            id={field}
            name={field}
            rows={field === 'titleWords' ? 8 : 4}
            defaultValue={rules[field].join('\n')}
            className={inputClass}
            {...describedBy(field, true, error(field))}
          />
        </Field>
      ))}
      <div className="flex flex-wrap gap-3">
        <button type="submit" disabled={pending} className={primaryButton}>
          {pending ? t('microsoftConnector.categories.saving') : t('microsoftConnector.categories.save')}
        </button>
        <button type="submit" name="reset" value="1" disabled={pending} className={secondaryButton}>
          {t('microsoftConnector.categories.reset')}
        </button>
      </div>
    </form>
  );
}
