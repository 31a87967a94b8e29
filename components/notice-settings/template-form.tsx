'use client';
import Link from 'next/link';
import { useI18n } from '@/components/i18n-provider';
import {
  describedBy,
  Field,
  SelectField,
  inputClass,
  primaryButton,
  secondaryButton,
  useKeptForm,
} from '@/components/customer-forms/form-parts';
import { deleteTemplateAction, saveTemplateAction } from '@/lib/server/actions/notice-settings';
import { NOTICE_KINDS, NOTICE_SUBJECT_MAX, TEMPLATE_NAME_MAX, type NoticeKind } from '@/lib/schemas/notices';
import { LOCALES, type Locale } from '@/lib/i18n/locales';
import { COMMUNICATION_VARIABLES } from '@/lib/domain/communication-variables';
import { variableDescription } from '@/components/notices/composer/compose-messages';
import { ConfirmedDelete, SettingsAlert, settingsFieldError, templateErrorText } from './shared';

export type TemplateFormValues = {
  name: string;
  kind: NoticeKind;
  content: Record<Locale, { subject: string; body: string }>;
};

/** The subject and body take the form's whole width. */
const wideInput = inputClass.replace('max-w-xl', 'max-w-none');

const VARIABLES = [
  ['customer.name', 'customerName'],
  ['partner.name', 'partnerName'],
  ['subscription.offerName', 'offerName'],
  ['subscription.endDate', 'endDate'],
  ['subscription.quantity', 'quantity'],
  ['subscriptions', 'subscriptions'],
] as const;

/** Create (no `templateId`) or edit a template: name, kind, subject and Markdown body in both languages. */
export function TemplateForm({ initial, templateId, version }: { initial: TemplateFormValues; templateId?: string; version?: number }) {
  const { t } = useI18n();
  const editing = templateId !== undefined;
  const { state, formAction, onSubmit, pending, formRef, alertRef } = useKeptForm(saveTemplateAction);
  const fieldErrors: Record<string, string> = {};
  if (state && !state.ok) {
    Object.assign(fieldErrors, state.fieldErrors ?? {});
    for (const problem of state.templateErrors ?? []) {
      const key = `content.${problem.language}.${problem.field}`;
      fieldErrors[key] ??= templateErrorText(t, problem);
    }
  }
  const error = (field: string) => {
    const value = fieldErrors[field];
    if (!value) return undefined;
    return field.startsWith('content.') && state && !state.ok && state.code === 'TEMPLATE_INVALID' ? value : settingsFieldError(t, value);
  };
  return (
    <form
      ref={formRef}
      action={formAction}
      onSubmit={onSubmit}
      noValidate
      className="max-w-4xl space-y-5 rounded-md border border-neutral-200 bg-white p-6 shadow-sm"
    >
      <SettingsAlert
        state={state}
        staleText={t('noticeSettings.errors.staleTemplate')}
        alertRef={alertRef}
        reloadHref={editing ? `/settings/notices/templates/${templateId}` : undefined}
      />
      {editing ? (
        <>
          <input type="hidden" name="templateId" value={templateId} />
          <input type="hidden" name="version" value={version} />
        </>
      ) : null}
      <div className="grid gap-5 md:grid-cols-2">
        <Field id="name" label={t('noticeSettings.templates.fieldName')} error={error('name')} required>
          <input
            id="name"
            name="name"
            defaultValue={initial.name}
            maxLength={TEMPLATE_NAME_MAX}
            required
            autoComplete="off"
            className={inputClass}
            {...describedBy('name', false, error('name'))}
          />
        </Field>
        <SelectField
          id="kind"
          label={t('noticeSettings.templates.fieldKind')}
          error={error('kind')}
          required
          defaultValue={initial.kind}
          options={NOTICE_KINDS.map((kind) => ({ value: kind, label: t(`customers.detail.noticeKinds.${kind}`) }))}
        />
      </div>
      <section aria-labelledby="template-variables" className="rounded border border-neutral-200 bg-neutral-50 p-4 text-sm">
        <h2 id="template-variables" className="font-semibold">
          {t('noticeSettings.templates.variablesTitle')}
        </h2>
        <p className="mt-1 text-neutral-800">{t('noticeSettings.templates.variablesIntro')}</p>
        <ul className="mt-2 grid gap-1 md:grid-cols-2">
          {VARIABLES.map(([name, key]) => (
            <li key={name}>
              <code className="rounded bg-white px-1 font-mono">{`{{${name}}}`}</code> — {t(`noticeSettings.templates.variables.${key}`)}
            </li>
          ))}
        </ul>
        <p className="mt-3 text-neutral-800">{t('noticeSettings.templates.communicationVariablesIntro')}</p>
        <ul className="mt-2 grid gap-1 md:grid-cols-2">
          {COMMUNICATION_VARIABLES.map((name) => (
            <li key={name}>
              <code className="rounded bg-white px-1 font-mono">{`{{${name}}}`}</code> — {variableDescription(t, name)}
            </li>
          ))}
        </ul>
      </section>
      {LOCALES.map((language) => {
        const languageName = t(`noticeSettings.languages.${language}`);
        const subjectId = `content.${language}.subject`;
        const bodyId = `content.${language}.body`;
        return (
          <fieldset key={language} className="space-y-4 rounded border border-neutral-200 p-4">
            <legend className="px-1 text-base font-semibold">
              {t('noticeSettings.templates.languageHeading', { language: languageName })}
            </legend>
            <Field
              id={subjectId}
              label={t('noticeSettings.templates.fieldSubject', { language: languageName })}
              error={error(subjectId)}
              required
            >
              <input
                id={subjectId}
                name={subjectId}
                lang={language}
                defaultValue={initial.content[language].subject}
                maxLength={NOTICE_SUBJECT_MAX}
                required
                autoComplete="off"
                className={wideInput}
                {...describedBy(subjectId, false, error(subjectId))}
              />
            </Field>
            <Field id={bodyId} label={t('noticeSettings.templates.fieldBody', { language: languageName })} error={error(bodyId)} required>
              <textarea
                id={bodyId}
                name={bodyId}
                lang={language}
                defaultValue={initial.content[language].body}
                rows={10}
                required
                className={`${wideInput} font-mono text-sm`}
                {...describedBy(bodyId, false, error(bodyId))}
              />
            </Field>
          </fieldset>
        );
      })}
      <div className="flex flex-wrap gap-3">
        <button type="submit" disabled={pending} className={primaryButton}>
          {pending
            ? t('noticeSettings.templates.saving')
            : editing
              ? t('noticeSettings.templates.save')
              : t('noticeSettings.templates.create')}
        </button>
        <Link href="/settings/notices#templates" className={secondaryButton}>
          {t('noticeSettings.templates.cancel')}
        </Link>
      </div>
    </form>
  );
}

/** "Delete template…": nothing is deleted before the dialog's confirmation. */
export function DeleteTemplateButton({ templateId, version, name }: { templateId: string; version: number; name: string }) {
  const { t } = useI18n();
  return (
    <ConfirmedDelete
      action={deleteTemplateAction}
      hidden={{ templateId, version }}
      name={name}
      messages="noticeSettings.templates"
      alert={(state, alertRef) => (
        <SettingsAlert
          state={state}
          staleText={t('noticeSettings.errors.staleDelete')}
          alertRef={alertRef}
          reloadHref={`/settings/notices/templates/${templateId}`}
        />
      )}
    />
  );
}
