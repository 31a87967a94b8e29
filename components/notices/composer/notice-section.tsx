'use client';
import type { Dispatch } from 'react';
import { useI18n } from '@/components/i18n-provider';
import { inputClass, secondaryButton } from '@/components/customer-forms/form-parts';
import type { ComposerTemplate } from '@/lib/server/data/notice-composer';
import { NOTICE_KINDS, type NoticeKind } from '@/lib/schemas/notices';
import { shownTemplates, type ComposerAction, type ComposerState } from './composer-state';
import { FieldError, type ComposerFieldErrors } from './field-error';

/** The notice's kind, and a template to start from (the list narrowed to that kind unless asked otherwise). */
export function NoticeSection({
  values,
  templates,
  dispatch,
  fields,
}: {
  values: ComposerState;
  templates: ComposerTemplate[];
  dispatch: Dispatch<ComposerAction>;
  fields: ComposerFieldErrors;
}) {
  const { t } = useI18n();
  const shown = shownTemplates(templates, values);

  const chooseTemplate = () => {
    const template = templates.find((candidate) => candidate.id === values.templateChoice);
    if (template) dispatch({ type: 'chooseTemplate', template });
  };

  return (
    <fieldset className="space-y-4 rounded-md border border-neutral-200 bg-white p-5 shadow-sm">
      <legend className="px-1 text-lg font-semibold">{t('noticeComposer.sections.notice')}</legend>
      {values.communication ? (
        // A notice about a Microsoft communication is a service update: its kind is not a choice.
        <div>
          <input type="hidden" name="kind" value="SERVICE_UPDATE" />
          <p className="text-sm font-medium">{t('noticeComposer.fields.kind')}</p>
          <p className="mt-1 text-sm">{t('noticeComposer.kinds.SERVICE_UPDATE')}</p>
        </div>
      ) : (
        <div>
          <label htmlFor="kind" className="block text-sm font-medium">
            {t('noticeComposer.fields.kind')}
          </label>
          <select
            id="kind"
            name="kind"
            value={values.kind}
            onChange={(event) => dispatch({ type: 'setKind', kind: event.target.value as NoticeKind })}
            className={inputClass}
            aria-invalid={fields.invalid('kind') || undefined}
            aria-describedby={fields.text('kind') ? 'kind-error' : undefined}
          >
            {NOTICE_KINDS.map((value) => (
              <option key={value} value={value}>
                {t(`noticeComposer.kinds.${value}`)}
              </option>
            ))}
          </select>
          <FieldError id="kind-error" text={fields.text('kind')} spaced />
        </div>
      )}
      <div className="space-y-2">
        <div className="flex flex-wrap items-end gap-3">
          <div className="min-w-64 flex-1">
            <label htmlFor="template-choice" className="block text-sm font-medium">
              {t('noticeComposer.fields.template')}
            </label>
            <select
              id="template-choice"
              value={values.templateChoice}
              onChange={(event) => dispatch({ type: 'setTemplateChoice', templateId: event.target.value })}
              className={inputClass}
              aria-describedby={`template-choice-hint${fields.text('templateId') ? ' template-choice-error' : ''}`}
              aria-invalid={fields.invalid('templateId') || undefined}
            >
              <option value="">{shown.length === 0 ? t('noticeComposer.template.none') : t('noticeComposer.template.choose')}</option>
              {shown.map((template) => (
                <option key={template.id} value={template.id}>
                  {template.name} · {t(`noticeComposer.kinds.${template.kind}`)}
                </option>
              ))}
            </select>
          </div>
          <button type="button" onClick={chooseTemplate} disabled={values.templateChoice === ''} className={secondaryButton}>
            {t('noticeComposer.template.use')}
          </button>
        </div>
        <div className="flex items-center gap-2">
          <input
            id="template-only-kind"
            type="checkbox"
            checked={values.onlyKind}
            onChange={(event) => dispatch({ type: 'setOnlyKind', onlyKind: event.target.checked })}
            className="h-4 w-4 accent-[#0f6cbd]"
          />
          <label htmlFor="template-only-kind" className="text-sm">
            {t('noticeComposer.template.onlyKind')}
          </label>
        </div>
        <p id="template-choice-hint" className="text-sm text-neutral-700">
          {values.templateId
            ? t('noticeComposer.template.current', { name: templates.find((template) => template.id === values.templateId)?.name ?? '' })
            : t('noticeComposer.template.hint')}
        </p>
        <FieldError id="template-choice-error" text={fields.text('templateId')} />
      </div>
    </fieldset>
  );
}
