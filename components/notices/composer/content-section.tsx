'use client';
import type { Dispatch } from 'react';
import { useI18n } from '@/components/i18n-provider';
import type { TemplateVariable } from '@/lib/domain/notice-template';
import { LOCALES } from '@/lib/i18n/locales';
import { variableToken, type ComposerAction, type ComposerContent } from './composer-state';
import { variableDescription } from './compose-messages';
import { LanguageContent } from './language-content';
import type { ComposerFieldErrors } from './field-error';

/** What the notice says: a subject and a Markdown body in each language, and the variables they may use. */
export function ContentSection({
  content,
  variables,
  dispatch,
  fields,
}: {
  content: ComposerContent;
  /** The variables this notice may use (availableVariables). */
  variables: readonly TemplateVariable[];
  dispatch: Dispatch<ComposerAction>;
  fields: ComposerFieldErrors;
}) {
  const { t } = useI18n();
  return (
    <fieldset className="space-y-4 rounded-md border border-neutral-200 bg-white p-5 shadow-sm">
      <legend className="px-1 text-lg font-semibold">{t('noticeComposer.sections.content')}</legend>
      <p className="text-sm text-neutral-700">{t('noticeComposer.content.hint')}</p>
      <div className="grid gap-6 xl:grid-cols-2">
        {LOCALES.map((language) => (
          <LanguageContent
            key={language}
            language={language}
            text={content[language]}
            variables={variables}
            dispatch={dispatch}
            fields={fields}
          />
        ))}
      </div>
      <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
        {variables.map((variable) => (
          <div key={variable} className="contents">
            <dt className="font-mono text-xs leading-5">{variableToken(variable)}</dt>
            <dd className="text-neutral-800">{variableDescription(t, variable)}</dd>
          </div>
        ))}
      </dl>
    </fieldset>
  );
}
