'use client';
import { useEffect, useState, type RefObject } from 'react';
import { useI18n } from '@/components/i18n-provider';
import { NoticePreview } from '@/components/notices/notice-preview';
import { previewMessageOf } from '@/components/notices/preview-message';
import { previewNoticeAction, type ComposerPreviewResult } from '@/lib/server/actions/notice-compose';
import { LOCALES, type Locale } from '@/lib/i18n/locales';
import { inputClass } from '@/components/customer-forms/form-parts';
import { checkErrorText, composeCodeText, languageName } from './compose-messages';

const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', 'zh-TW': '繁體中文' };

/**
 * The composer's preview of the form as it is now (nothing saved): pick a recipient (name,
 * address, language) and the language to read; the message is rendered on the server by the
 * renderer the e-mail uses.
 */
export function ComposerPreview({
  formRef,
  refresh,
  customerName,
}: {
  formRef: RefObject<HTMLFormElement | null>;
  refresh: number;
  customerName: (id: string) => string;
}) {
  const { t } = useI18n();
  const [pick, setPick] = useState<{ email?: string; language?: Locale }>({});
  const [result, setResult] = useState<ComposerPreviewResult | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    const form = formRef.current;
    if (!form) return;
    let current = true;
    setLoading(true);
    previewNoticeAction(new FormData(form), pick).then(
      (next) => {
        if (!current) return;
        setResult(next);
        setLoading(false);
      },
      () => {
        if (!current) return;
        setResult({ ok: false, code: 'PREVIEW_UNAVAILABLE' });
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [formRef, refresh, pick]);

  if (!result) {
    return (
      <p role="status" className="text-sm text-neutral-700">
        {t('noticeComposer.preview.loading')}
      </p>
    );
  }
  if (!result.ok) {
    return (
      <div role="status" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
        {result.code === 'INVALID' ? t('noticeComposer.preview.invalid') : composeCodeText(t, result.code)}
      </div>
    );
  }
  const { preview } = result;
  const shown = preview.previews[0];
  // The recipient chosen last, even while its preview is still on its way (a language switched
  // meanwhile keeps that recipient).
  const picked =
    pick.email !== undefined && preview.recipients.some((recipient) => recipient.email === pick.email) ? pick.email : undefined;
  const selectedEmail = picked ?? shown?.recipient.email ?? '';
  return (
    <div className="space-y-4" aria-busy={loading}>
      <p role="status" className="text-sm text-neutral-800">
        {t('noticeComposer.preview.recipientCount', { count: preview.recipientCount })}
      </p>
      {preview.problems.length > 0 ? (
        <div className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
          <p className="font-semibold">{t('noticeComposer.preview.problems')}</p>
          <ul className="mt-1 list-disc pl-5">
            {preview.problems.map((problem, index) => (
              <li key={index}>{checkErrorText(t, problem, customerName).text}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {preview.recipients.length === 0 || !shown ? (
        <p className="text-sm text-neutral-700">{t('noticeComposer.preview.noRecipients')}</p>
      ) : (
        <>
          <div className="flex flex-wrap items-end gap-4">
            <div className="min-w-72 flex-1">
              <label htmlFor="preview-recipient" className="block text-sm font-medium">
                {t('noticeComposer.preview.recipient')}
              </label>
              <select
                id="preview-recipient"
                value={selectedEmail}
                onChange={(event) => {
                  const recipient = preview.recipients.find((r) => r.email === event.target.value);
                  if (recipient) setPick({ email: recipient.email, language: recipient.language });
                }}
                className={`${inputClass} max-w-none`}
              >
                {preview.recipients.map((recipient) => (
                  <option key={recipient.email} value={recipient.email}>
                    {t('noticeComposer.preview.recipientOption', {
                      name: recipient.name,
                      email: recipient.email,
                      customer: recipient.companyName,
                      language: languageName(t, recipient.language),
                    })}
                  </option>
                ))}
              </select>
            </div>
            <div
              role="group"
              aria-label={t('noticeComposer.preview.languageSwitch')}
              className="inline-flex overflow-hidden rounded border border-neutral-400 text-sm"
            >
              {LOCALES.map((language) => (
                <button
                  key={language}
                  type="button"
                  lang={language}
                  aria-pressed={shown.language === language}
                  onClick={() => setPick({ email: selectedEmail, language })}
                  className={`px-3 py-1.5 ${shown.language === language ? 'bg-brand text-white' : 'bg-white text-neutral-800 hover:bg-neutral-100'}`}
                >
                  {LANGUAGE_NAMES[language]}
                </button>
              ))}
            </div>
          </div>
          {preview.recipientCount > preview.recipients.length ? (
            <p className="text-sm text-neutral-700">{t('noticeComposer.preview.moreRecipients', { shown: preview.recipients.length })}</p>
          ) : null}
          <NoticePreview message={previewMessageOf(preview.sender, shown)} />
        </>
      )}
    </div>
  );
}
