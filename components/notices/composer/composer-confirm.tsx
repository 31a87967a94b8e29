'use client';
import type { ReactNode } from 'react';
import { ConfirmDialog } from '@/components/customer-forms/confirm-dialog';
import { primaryButton } from '@/components/customer-forms/form-parts';

/** A question the composer asks before a step that cannot be taken back: the safe answer keeps editing. */
export function ComposerConfirm({
  open,
  onClose,
  title,
  cancelLabel,
  confirmLabel,
  onConfirm,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  cancelLabel: string;
  confirmLabel: string;
  onConfirm: () => void;
  children: ReactNode;
}) {
  return (
    <ConfirmDialog open={open} onClose={onClose} title={title} cancelLabel={cancelLabel}>
      {({ cancelButton, descriptionId }) => (
        <>
          <p id={descriptionId} className="mt-3 text-sm">
            {children}
          </p>
          <div className="mt-5 flex flex-wrap justify-end gap-3">
            {cancelButton}
            <button type="button" className={primaryButton} onClick={onConfirm}>
              {confirmLabel}
            </button>
          </div>
        </>
      )}
    </ConfirmDialog>
  );
}
