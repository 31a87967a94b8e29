'use client';
import { useRef, type Dispatch } from 'react';
import { useI18n } from '@/components/i18n-provider';
import { inputClass } from '@/components/customer-forms/form-parts';
import { NOTICE_SUBJECT_MAX } from '@/lib/schemas/notices';
import type { TemplateVariable } from '@/lib/domain/notice-template';
import { MARKDOWN_MAX_LENGTH } from '@/lib/domain/markdown';
import type { Locale } from '@/lib/i18n/locales';
import { fieldId, languageName, variableDescription } from './compose-messages';
import { variableField, variableToken, type ComposerAction, type ComposerContent, type TextField } from './composer-state';
import { FieldError, type ComposerFieldErrors } from './field-error';

/**
 * One language's subject and body, with a button per variable that writes it where the cursor
 * was in the field used last (a list of subscriptions always into the body).
 */
export function LanguageContent({
  language,
  text,
  variables,
  dispatch,
  fields,
}: {
  language: Locale;
  text: ComposerContent[Locale];
  variables: readonly TemplateVariable[];
  dispatch: Dispatch<ComposerAction>;
  fields: ComposerFieldErrors;
}) {
  const { t } = useI18n();
  const lastField = useRef<TextField>('body');
  const subjectRef = useRef<HTMLInputElement>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const subjectPath = `content.${language}.subject`;
  const bodyPath = `content.${language}.body`;
  const languageLabel = languageName(t, language);

  const insertVariable = (variable: TemplateVariable) => {
    const field = variableField(variable, lastField.current);
    const element = field === 'subject' ? subjectRef.current : bodyRef.current;
    const start = element?.selectionStart ?? text[field].length;
    const end = element?.selectionEnd ?? text[field].length;
    dispatch({ type: 'insertVariable', language, field, variable, start, end });
    requestAnimationFrame(() => {
      if (!element) return;
      const caret = start + variableToken(variable).length;
      element.focus();
      element.setSelectionRange(caret, caret);
    });
  };

  return (
    <fieldset lang={language} className="space-y-3 rounded border border-neutral-200 p-4">
      <legend className="px-1 font-semibold">{languageLabel}</legend>
      <div>
        <label htmlFor={fieldId(subjectPath)} className="block text-sm font-medium">
          {t('noticeComposer.content.subjectIn', { language: languageLabel })}
        </label>
        <input
          id={fieldId(subjectPath)}
          ref={subjectRef}
          name={subjectPath}
          value={text.subject}
          maxLength={NOTICE_SUBJECT_MAX}
          onChange={(event) => dispatch({ type: 'setText', language, field: 'subject', value: event.target.value })}
          onFocus={() => (lastField.current = 'subject')}
          className={`${inputClass} max-w-none`}
          aria-invalid={fields.invalid(subjectPath) || undefined}
          aria-describedby={fields.text(subjectPath) ? `${fieldId(subjectPath)}-error` : undefined}
        />
        <FieldError id={`${fieldId(subjectPath)}-error`} text={fields.text(subjectPath)} spaced />
      </div>
      <div>
        <label htmlFor={fieldId(bodyPath)} className="block text-sm font-medium">
          {t('noticeComposer.content.bodyIn', { language: languageLabel })}
        </label>
        <textarea
          id={fieldId(bodyPath)}
          ref={bodyRef}
          name={bodyPath}
          value={text.body}
          rows={12}
          maxLength={MARKDOWN_MAX_LENGTH}
          onChange={(event) => dispatch({ type: 'setText', language, field: 'body', value: event.target.value })}
          onFocus={() => (lastField.current = 'body')}
          className={`${inputClass} max-w-none font-mono text-sm`}
          aria-invalid={fields.invalid(bodyPath) || undefined}
          aria-describedby={`${fieldId(bodyPath)}-hint${fields.text(bodyPath) ? ` ${fieldId(bodyPath)}-error` : ''}`}
        />
        <p id={`${fieldId(bodyPath)}-hint`} className="mt-1 text-sm text-neutral-700">
          {t('noticeComposer.content.markdownHint')}
        </p>
        <FieldError id={`${fieldId(bodyPath)}-error`} text={fields.text(bodyPath)} spaced />
      </div>
      <div role="group" aria-label={t('noticeComposer.content.variablesIn', { language: languageLabel })}>
        <p className="text-sm font-medium">{t('noticeComposer.content.variables')}</p>
        <ul className="mt-1 flex flex-wrap gap-2">
          {variables.map((variable) => (
            <li key={variable}>
              <button
                type="button"
                onClick={() => insertVariable(variable)}
                title={variableDescription(t, variable)}
                aria-label={t('noticeComposer.content.insert', { variable: variableToken(variable), language: languageLabel })}
                className="rounded border border-neutral-400 bg-neutral-50 px-2 py-0.5 font-mono text-xs hover:bg-neutral-100"
              >
                {variableToken(variable)}
              </button>
            </li>
          ))}
        </ul>
      </div>
    </fieldset>
  );
}
