'use client';
import type { Ref } from 'react';
import { useI18n } from '@/components/i18n-provider';

/** A refused request, in words; `alertRef` takes the focus when no field has an error of its own. */
export function EmbedAlert({ message, alertRef, reload }: { message: string; alertRef?: Ref<HTMLParagraphElement>; reload?: boolean }) {
  const { t } = useI18n();
  return (
    <div role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
      <p ref={alertRef} tabIndex={-1} className="outline-none">
        {message}
      </p>
      {reload ? (
        <a href="/settings/embed" className="mt-1 inline-block font-semibold text-red-900 underline">
          {t('embedSettings.errors.reload')}
        </a>
      ) : null}
    </div>
  );
}
