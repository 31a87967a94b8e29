'use client';
import { useState, type ReactNode, type Ref } from 'react';
import en from '@/messages/en.json';
import { useI18n } from '@/components/i18n-provider';
import { ConfirmDialog } from '@/components/customer-forms/confirm-dialog';
import { dangerButton, useKeptForm } from '@/components/customer-forms/form-parts';
import type { TemplateCheckError } from '@/lib/server/data/notice-results';
import type { NoticeSettingsResult } from '@/lib/server/actions/notice-settings';
import { REMINDER_OFFSET_MAX_DAYS, REMINDER_OFFSETS_MAX } from '@/lib/schemas/notices';
import type { MessageKey, Translate } from '@/lib/i18n/translate';

/** A field error code in words (unknown codes read as "check this value"). */
export function settingsFieldError(t: Translate, code: string | undefined): string | undefined {
  if (!code) return undefined;
  const values = { max: code === 'tooMany' ? REMINDER_OFFSETS_MAX : REMINDER_OFFSET_MAX_DAYS };
  return code in en.noticeSettings.fieldErrors
    ? t(`noticeSettings.fieldErrors.${code}` as MessageKey, values)
    : t('noticeSettings.fieldErrors.invalid');
}

/** One variable problem of a template, with its language, field, line and column. */
export function templateErrorText(t: Translate, error: TemplateCheckError): string {
  const variable = 'name' in error ? `{{${error.name}}}` : '';
  const problem =
    error.code === 'UNKNOWN_VARIABLE'
      ? error.suggestion
        ? t('noticeSettings.problems.unknownVariableSuggestion', { variable, suggestion: `{{${error.suggestion}}}` })
        : t('noticeSettings.problems.unknownVariable', { variable })
      : error.code === 'VARIABLE_NOT_ALLOWED_IN_SUBJECT'
        ? t('noticeSettings.problems.variableInSubject', { variable })
        : error.code === 'VARIABLE_NEEDS_COMMUNICATION'
          ? t('noticeSettings.problems.needsCommunication', { variable })
          : t('noticeSettings.problems.malformedVariable');
  return t('noticeSettings.templates.templateError', {
    language: t(`noticeSettings.languages.${error.language}`),
    field: t(`noticeSettings.templates.${error.field}`),
    line: error.line,
    column: error.column,
    problem,
  });
}

/** The form-level message of a refused save; `staleText` words STALE for this form. */
export function SettingsAlert({
  state,
  staleText,
  alertRef,
  reloadHref,
}: {
  state: NoticeSettingsResult | null;
  staleText: string;
  alertRef?: React.Ref<HTMLParagraphElement>;
  reloadHref?: string;
}) {
  const { t } = useI18n();
  if (!state || state.ok) return null;
  const message = state.code === 'STALE' ? staleText : t(`noticeSettings.errors.${state.code}`);
  return (
    <div role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
      <p ref={alertRef} tabIndex={-1} className="outline-none">
        {message}
      </p>
      {state.code === 'TEMPLATE_INVALID' && state.templateErrors ? (
        <ul className="mt-1 list-disc pl-5">
          {state.templateErrors.map((error, index) => (
            <li key={index}>{templateErrorText(t, error)}</li>
          ))}
        </ul>
      ) : null}
      {state.code === 'STALE' && reloadHref ? (
        <a href={reloadHref} className="mt-1 inline-block font-semibold text-red-900 underline">
          {t('noticeSettings.errors.reload')}
        </a>
      ) : null}
    </div>
  );
}

export function SavedMessage({ text }: { text: string }) {
  return (
    <p role="status" className="rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
      {text}
    </p>
  );
}

type FormResult = { ok: true } | { ok: false; code: string; fieldErrors?: Record<string, string> };

/**
 * "Delete …" for a settings object named `name`: a button that opens a confirmation dialog whose
 * form posts the `hidden` fields to `action`; nothing is deleted before the dialog's confirmation.
 * Its words are the `messages` section's delete, deleteTitle, deleteBody, keep, confirmDelete and
 * deleting; `alert` words a refusal for this object.
 */
export function ConfirmedDelete<S extends FormResult>({
  action,
  hidden,
  name,
  messages,
  alert,
}: {
  action: (previous: S | null, form: FormData) => Promise<S>;
  hidden: Record<string, string | number>;
  name: string;
  messages: 'noticeSettings.templates' | 'noticeSettings.serviceUpdates';
  alert: (state: S | null, alertRef: Ref<HTMLParagraphElement>) => ReactNode;
}) {
  const { t } = useI18n();
  const labels = {
    open: t(`${messages}.delete`),
    title: t(`${messages}.deleteTitle`, { name }),
    body: t(`${messages}.deleteBody`),
    keep: t(`${messages}.keep`),
    confirm: t(`${messages}.confirmDelete`),
    pending: t(`${messages}.deleting`),
  };
  const [open, setOpen] = useState(false);
  const { state, formAction, onSubmit, pending, formRef, alertRef } = useKeptForm(action);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} className={dangerButton}>
        {labels.open}
      </button>
      <ConfirmDialog open={open} onClose={() => setOpen(false)} title={labels.title} cancelLabel={labels.keep}>
        {({ cancelButton, descriptionId }) => (
          <form ref={formRef} action={formAction} onSubmit={onSubmit} className="mt-3 space-y-4">
            <p id={descriptionId} className="text-sm text-neutral-800">
              {labels.body}
            </p>
            {alert(state, alertRef)}
            {Object.entries(hidden).map(([name, value]) => (
              <input key={name} type="hidden" name={name} value={value} />
            ))}
            <div className="flex flex-wrap justify-end gap-3">
              {cancelButton}
              <button type="submit" disabled={pending} className={dangerButton}>
                {pending ? labels.pending : labels.confirm}
              </button>
            </div>
          </form>
        )}
      </ConfirmDialog>
    </>
  );
}
