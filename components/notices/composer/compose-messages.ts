// The composer's codes in words: the data layer's error codes, the zod field-error codes and the
// domain's check findings (NoticeCheckError), in the user's language, each with the field it
// concerns so the message can link to it; and the languages and template variables by name.
import en from '@/messages/en.json';
import type { MessageKey, Translate } from '@/lib/i18n/translate';
import type { NoticeCheckError, TemplateVariable } from '@/lib/domain/notice-template';
import type { Locale } from '@/lib/i18n/locales';

/** The id of the composer's input for a field path ("content.zh-TW.body" → "content-zh-TW-body"). */
export const fieldId = (path: string) => path.replace(/\./g, '-');

/** A result code of the composer in words; unknown codes read as the general "could not be saved". */
export function composeCodeText(t: Translate, code: string): string {
  return code in en.noticeErrors.codes ? t(`noticeErrors.codes.${code}` as MessageKey) : t('noticeErrors.codes.unexpected');
}

/** A field error code in words. */
export function fieldErrorText(t: Translate, code: string | undefined): string | undefined {
  if (!code) return undefined;
  if (code in en.noticeErrors.fields) return t(`noticeErrors.fields.${code}` as MessageKey);
  if (code in en.noticeErrors.codes) return t(`noticeErrors.codes.${code}` as MessageKey);
  return t('noticeErrors.fields.invalid');
}

export const languageName = (t: Translate, language: Locale) => t(`noticeComposer.languages.${language}` as MessageKey);

/** What a variable stands for ("customer.name" → noticeComposer.variables.customer_name). */
export const variableDescription = (t: Translate, variable: TemplateVariable) =>
  t(`noticeComposer.variables.${variable.replace('.', '_')}` as MessageKey);

/** One finding of the domain's checkNotice: its words and the field to go to. */
export function checkErrorText(
  t: Translate,
  error: NoticeCheckError,
  customerName: (id: string) => string,
): { text: string; field: string | null } {
  switch (error.code) {
    case 'NO_TARGET':
      return { text: t('noticeErrors.check.NO_TARGET'), field: 'target' };
    case 'SUBJECT_REQUIRED':
    case 'BODY_REQUIRED':
      return {
        text: t(`noticeErrors.check.${error.code}`, { language: languageName(t, error.language) }),
        field: `content.${error.language}.${error.code === 'SUBJECT_REQUIRED' ? 'subject' : 'body'}`,
      };
    case 'TARGET_WITHOUT_RECIPIENT':
    case 'TARGET_WITHOUT_SUBSCRIPTION':
      return {
        text: t(`noticeErrors.check.${error.code}`, { customer: customerName(error.customerId) }),
        field: error.code === 'TARGET_WITHOUT_RECIPIENT' ? 'recipientRoles' : 'target',
      };
    case 'UNKNOWN_VARIABLE':
    case 'MALFORMED_VARIABLE':
    case 'VARIABLE_NOT_ALLOWED_IN_SUBJECT':
    case 'VARIABLE_NEEDS_COMMUNICATION': {
      const where = t('noticeErrors.check.where', {
        language: languageName(t, error.language),
        field: t(`noticeComposer.fields.${error.field}`),
        line: error.line,
        column: error.column,
      });
      let what: string;
      if (error.code === 'UNKNOWN_VARIABLE') {
        what = error.suggestion
          ? t('noticeErrors.check.UNKNOWN_VARIABLE_SUGGESTION', { name: `{{${error.name}}}`, suggestion: `{{${error.suggestion}}}` })
          : t('noticeErrors.check.UNKNOWN_VARIABLE', { name: `{{${error.name}}}` });
      } else if (error.code === 'VARIABLE_NOT_ALLOWED_IN_SUBJECT') {
        what = t('noticeErrors.check.VARIABLE_NOT_ALLOWED_IN_SUBJECT', { name: `{{${error.name}}}` });
      } else if (error.code === 'VARIABLE_NEEDS_COMMUNICATION') {
        what = t('noticeErrors.check.VARIABLE_NEEDS_COMMUNICATION', { name: `{{${error.name}}}` });
      } else {
        what = t('noticeErrors.check.MALFORMED_VARIABLE');
      }
      return { text: `${where}: ${what}`, field: `content.${error.language}.${error.field}` };
    }
    default:
      return { text: t('noticeErrors.codes.NOTICE_INVALID'), field: null };
  }
}
