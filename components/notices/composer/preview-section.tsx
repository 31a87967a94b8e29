'use client';
import { useState, type RefObject } from 'react';
import { useI18n } from '@/components/i18n-provider';
import { secondaryButton } from '@/components/customer-forms/form-parts';
import { ComposerPreview } from './composer-preview';

/** The preview, opened on request and rendered again from the form as it is each time it is refreshed. */
export function PreviewSection({
  formRef,
  customerName,
}: {
  formRef: RefObject<HTMLFormElement | null>;
  customerName: (id: string) => string;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [version, setVersion] = useState(0);
  return (
    <section aria-labelledby="composer-preview-heading" className="space-y-3 rounded-md border border-neutral-200 bg-white p-5 shadow-sm">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="composer-preview-heading" className="text-lg font-semibold">
          {t('noticeComposer.preview.title')}
        </h2>
        <button
          type="button"
          className={secondaryButton}
          aria-expanded={open}
          aria-controls="composer-preview"
          onClick={() => {
            setOpen(true);
            setVersion((value) => value + 1);
          }}
        >
          {open ? t('noticeComposer.preview.refresh') : t('noticeComposer.preview.open')}
        </button>
      </div>
      <div id="composer-preview">
        {open ? (
          <ComposerPreview formRef={formRef} refresh={version} customerName={customerName} />
        ) : (
          <p className="text-sm text-neutral-700">{t('noticeComposer.preview.hint')}</p>
        )}
      </div>
    </section>
  );
}
