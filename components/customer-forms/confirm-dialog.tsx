'use client';
import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A modal confirmation built on the native <dialog>: opened by a button, it traps focus, closes
 * with Escape or the cancel button, and returns focus to the opener. The safe choice (cancel)
 * has the focus when it opens, so that Enter never confirms by accident.
 */
export function ConfirmDialog({
  open,
  onClose,
  title,
  children,
  cancelLabel,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  children: (parts: { cancelButton: ReactNode; descriptionId: string }) => ReactNode;
  cancelLabel: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      cancelRef.current?.focus();
    } else if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      onClose={onClose}
      onCancel={onClose}
      className="m-auto w-full max-w-lg rounded-md border border-neutral-300 bg-white p-6 text-[#242424] shadow-xl backdrop:bg-black/40"
    >
      <h2 id={titleId} className="text-lg font-semibold">
        {title}
      </h2>
      {children({
        descriptionId,
        cancelButton: (
          <button
            ref={cancelRef}
            type="button"
            onClick={onClose}
            className="rounded border border-neutral-500 bg-white px-4 py-2 font-semibold text-neutral-900 hover:bg-neutral-100"
          >
            {cancelLabel}
          </button>
        ),
      })}
    </dialog>
  );
}
