'use client';
import { useEffect, useRef } from 'react';
import { useI18n } from '@/components/i18n-provider';
import type { Locale } from '@/lib/i18n/locales';
import type { MessageKey } from '@/lib/i18n/translate';
import type { PreviewMessage } from './preview-message';

const MESSAGE_STYLE = `
  :host { display: block; }
  .message { padding: 16px; font: 15px/1.55 system-ui, -apple-system, "Segoe UI", "Microsoft JhengHei", "PingFang TC", sans-serif; color: #242424; background: #fff; overflow-wrap: anywhere; }
  .message a { color: #0f6cbd; }
  .message pre, .message code { font-family: ui-monospace, Consolas, monospace; font-size: 13px; }
  .message pre { background: #f5f5f5; padding: 8px; overflow-x: auto; }
  .message blockquote { margin: 0 0 0 4px; padding-left: 12px; border-left: 3px solid #757575; color: #424242; }
  .message table { border-collapse: collapse; } .message th, .message td { border: 1px solid #d1d1d1; padding: 4px 8px; }
  .message > :first-child { margin-top: 0; } .message > :last-child { margin-bottom: 0; }`;

/**
 * The sanitised HTML body, rendered as given inside a shadow root: the page's styles do not reach
 * it and its own styles do not leak out. (The HTML comes from lib/domain/markdown's allowlist:
 * no script, no event handler, no style or class attribute, no remote image.)
 */
function IsolatedHtml({ html, language, label }: { html: string; language: Locale; label: string }) {
  const hostRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
    root.innerHTML = `<style>${MESSAGE_STYLE}</style><div class="message" lang="${language === 'zh-TW' ? 'zh-TW' : 'en'}">${html}</div>`;
  }, [html, language]);
  return <div ref={hostRef} role="group" aria-label={label} className="rounded border border-neutral-200" />;
}

/**
 * One message exactly as a recipient gets it: sender, recipient, subject, the HTML body (already
 * sanitised by lib/domain/markdown, rendered as given in an isolated shadow root) and the plain-text part. The composer's preview and the
 * stored notice's preview page both show a message with this.
 */
export function NoticePreview({ message }: { message: PreviewMessage }) {
  const { t } = useI18n();
  const { sender, recipient, rendered } = message;
  const languageLabel = t(`noticeComposer.languages.${message.language}` as MessageKey);
  return (
    <article aria-label={t('noticeComposer.preview.messageLabel')} className="rounded-md border border-neutral-300 bg-white">
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 border-b border-neutral-200 px-4 py-3 text-sm">
        <dt className="font-medium text-neutral-700">{t('noticeComposer.preview.from')}</dt>
        <dd>
          {sender.name} &lt;{sender.address}&gt;
        </dd>
        {sender.replyTo ? (
          <>
            <dt className="font-medium text-neutral-700">{t('noticeComposer.preview.replyTo')}</dt>
            <dd>{sender.replyTo}</dd>
          </>
        ) : null}
        <dt className="font-medium text-neutral-700">{t('noticeComposer.preview.to')}</dt>
        <dd>
          {recipient.name} &lt;{recipient.email}&gt; · {recipient.companyName}
        </dd>
        <dt className="font-medium text-neutral-700">{t('noticeComposer.preview.language')}</dt>
        <dd>
          {languageLabel}
          {message.languageOverridden ? (
            <span className="ml-2 text-neutral-700">
              ({t('noticeComposer.preview.overridden', { language: t(`noticeComposer.languages.${recipient.language}` as MessageKey) })})
            </span>
          ) : null}
        </dd>
        <dt className="font-medium text-neutral-700">{t('noticeComposer.preview.subject')}</dt>
        <dd lang={message.language} className="font-semibold" data-testid="preview-subject">
          {rendered.subject || <span className="font-normal text-neutral-700">{t('noticeComposer.preview.noSubject')}</span>}
        </dd>
      </dl>
      <div className="px-4 py-3">
        <h3 className="mb-2 text-sm font-semibold text-neutral-800">{t('noticeComposer.preview.htmlPart')}</h3>
        <IsolatedHtml
          html={rendered.html}
          language={message.language}
          label={t('noticeComposer.preview.htmlFrame', { subject: rendered.subject })}
        />
        <h3 className="mt-4 mb-2 text-sm font-semibold text-neutral-800">{t('noticeComposer.preview.textPart')}</h3>
        <pre
          lang={message.language}
          tabIndex={0}
          aria-label={t('noticeComposer.preview.textPart')}
          className="max-h-96 overflow-auto rounded border border-neutral-200 bg-neutral-50 p-3 text-sm whitespace-pre-wrap"
        >
          {rendered.text}
        </pre>
      </div>
    </article>
  );
}
