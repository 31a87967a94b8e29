'use client';
import type { Ref } from 'react';
import { useI18n } from '@/components/i18n-provider';
import type { NoticeCheckError } from '@/lib/domain/notice-template';
import { checkErrorText, composeCodeText, fieldId } from './compose-messages';
import type { TargetMode } from './composer-state';

/**
 * Why the notice was not saved, scheduled or sent: the code in words, each check finding as a
 * link to its field, and a reload link when someone else changed the notice meanwhile.
 */
export function ComposerAlert({
  alertRef,
  code,
  checkErrors,
  customerName,
  targetMode,
  editHref,
  savedAsDraft,
  fieldErrorsBelow,
}: {
  alertRef: Ref<HTMLDivElement>;
  code: string;
  checkErrors: NoticeCheckError[];
  customerName: (id: string) => string;
  targetMode: TargetMode;
  editHref: string | null;
  /** The notice was saved as a draft before the step that was refused. */
  savedAsDraft: boolean;
  /** Some fields below carry their own error. */
  fieldErrorsBelow: boolean;
}) {
  const { t } = useI18n();
  return (
    <div
      ref={alertRef}
      tabIndex={-1}
      role="alert"
      className="rounded border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900 outline-none"
    >
      <p className="font-semibold">{composeCodeText(t, code)}</p>
      {code === 'STALE' && editHref ? (
        <a href={editHref} className="mt-1 inline-block font-semibold underline">
          {t('noticeErrors.reload')}
        </a>
      ) : null}
      {savedAsDraft ? <p className="mt-1">{t('noticeErrors.savedAsDraft')}</p> : null}
      {checkErrors.length > 0 ? (
        <ul className="mt-2 list-disc space-y-1 pl-5">
          {checkErrors.map((error, index) => {
            const { text, field } = checkErrorText(t, error, customerName);
            const target =
              field === 'target'
                ? targetMode === 'customers'
                  ? 'customer-search'
                  : targetMode === 'affected'
                    ? 'affected-targets'
                    : 'target-days'
                : field
                  ? fieldId(field === 'recipientRoles' ? 'recipientRoles.PRIMARY' : field)
                  : null;
            return (
              <li key={index}>
                {target ? (
                  <a
                    href={`#${target}`}
                    onClick={(event) => {
                      event.preventDefault();
                      document.getElementById(target)?.focus();
                    }}
                    className="underline"
                  >
                    {text}
                  </a>
                ) : (
                  text
                )}
              </li>
            );
          })}
        </ul>
      ) : null}
      {fieldErrorsBelow ? <p className="mt-1">{t('noticeErrors.fieldsBelow')}</p> : null}
    </div>
  );
}
