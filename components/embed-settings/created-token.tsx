'use client';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '@/components/i18n-provider';
import { secondaryButton } from '@/components/customer-forms/form-parts';
import { embedSnippet } from '@/lib/domain/embed-snippet';
import { createTranslator } from '@/lib/i18n/translate';
import type { Locale } from '@/lib/i18n/locales';

/**
 * The token just created, shown this once (only its hash is kept), and the snippet that shows the
 * dashboard on the host page. Focus moves here when it appears (each new token mounts it afresh).
 */
export function CreatedToken({ id, secret, locale, portalOrigin }: { id: string; secret: string; locale: Locale; portalOrigin: string }) {
  const { t } = useI18n();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const snippetRef = useRef<HTMLTextAreaElement>(null);
  const [copied, setCopied] = useState<'copied' | 'failed' | null>(null);
  useEffect(() => headingRef.current?.focus(), []);
  // The frame's title is in the dashboard's language, which may not be the admin's.
  const snippet = embedSnippet({
    portalOrigin,
    secret,
    frameId: `csp-portal-dashboard-${id.slice(0, 8)}`,
    title: createTranslator(locale)('embed.title'),
  });
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(snippet);
      setCopied('copied');
    } catch {
      snippetRef.current?.select();
      setCopied('failed');
    }
  };
  return (
    <section
      aria-labelledby="embed-token-created"
      className="mb-6 space-y-3 rounded-md border border-green-300 bg-green-50 p-4 text-green-950"
    >
      <h3 id="embed-token-created" ref={headingRef} tabIndex={-1} className="text-base font-semibold outline-none">
        {t('embedSettings.created.title')}
      </h3>
      <p className="text-sm">{t('embedSettings.created.once')}</p>
      <div>
        <label htmlFor="embed-token-secret" className="block text-sm font-medium">
          {t('embedSettings.created.secret')}
        </label>
        <input
          id="embed-token-secret"
          readOnly
          value={secret}
          className="mt-1 block w-full max-w-xl rounded border border-neutral-500 bg-white px-3 py-2 font-mono text-sm"
        />
      </div>
      <div>
        <label htmlFor="embed-snippet" className="block text-sm font-medium">
          {t('embedSettings.created.snippet')}
        </label>
        <p id="embed-snippet-hint" className="mt-1 max-w-3xl text-sm">
          {t('embedSettings.created.snippetHint')}
        </p>
        <textarea
          id="embed-snippet"
          ref={snippetRef}
          readOnly
          rows={16}
          value={snippet}
          aria-describedby="embed-snippet-hint"
          spellCheck={false}
          className="mt-1 block w-full rounded border border-neutral-500 bg-white px-3 py-2 font-mono text-xs"
        />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="button" onClick={copy} className={secondaryButton}>
          {t('embedSettings.created.copy')}
        </button>
        <p role="status" className="text-sm">
          {copied === 'copied' ? t('embedSettings.created.copied') : copied === 'failed' ? t('embedSettings.created.copyFailed') : ''}
        </p>
      </div>
    </section>
  );
}
