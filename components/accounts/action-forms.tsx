'use client';
import { useState, type ReactNode } from 'react';
import { ConfirmDialog } from '@/components/customer-forms/confirm-dialog';
import { FormAlert, useKeptForm } from '@/components/customer-forms/form-parts';
import type { MessageKey } from '@/lib/i18n/translate';
import type { AccountFormResult } from '@/lib/server/actions/account-form-result';

// The small forms of the account pages: a button that opens a dialog holding a form (rename,
// invite an admin, deactivate, withdraw), and a one-button form (send again, reactivate). Each
// says what happened next to its button: a status when it worked, an alert when it did not.

type Action = (previous: AccountFormResult | null, form: FormData) => Promise<AccountFormResult>;

export function Hidden({ values }: { values: Record<string, string> }) {
  return (
    <>
      {Object.entries(values).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
    </>
  );
}

/** Words for a finished action, given the address it concerned (an invitation's), if any. */
export type DoneText = (email: string) => string;

/** What a finished action says: the success text, or the mail failure of an invitation that was saved. */
export function DoneMessage({ state, done, mailFailed }: { state: AccountFormResult | null; done: DoneText; mailFailed?: DoneText }) {
  if (!state?.ok) return null;
  const failed = state.mailFailed && mailFailed;
  const email = state.email ?? '';
  return (
    <p
      role="status"
      className={`mt-2 rounded border px-3 py-2 text-sm ${failed ? 'border-amber-300 bg-amber-50 text-amber-950' : 'border-green-300 bg-green-50 text-green-900'}`}
    >
      {failed ? mailFailed(email) : done(email)}
    </p>
  );
}

export function ActionDialog({
  action,
  hidden,
  openLabel,
  openClass,
  title,
  body,
  submitLabel,
  pendingLabel,
  submitClass,
  cancelLabel,
  done,
  mailFailed,
  staleKey,
  children,
}: {
  action: Action;
  hidden: Record<string, string>;
  openLabel: string;
  openClass: string;
  title: string;
  body?: string;
  submitLabel: string;
  pendingLabel: string;
  submitClass: string;
  cancelLabel: string;
  done: DoneText;
  mailFailed?: DoneText;
  staleKey?: MessageKey;
  children?: (fieldErrors: Record<string, string>) => ReactNode;
}) {
  const { state, formAction, onSubmit, pending, formRef, alertRef } = useKeptForm(action);
  // Open from the click until closed, or until a success arrives after it was opened.
  const [opened, setOpened] = useState<{ at: AccountFormResult | null } | null>(null);
  const open = opened !== null && !(state?.ok && state !== opened.at);
  const setOpen = (value: boolean) => setOpened(value ? { at: state } : null);
  const fieldErrors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <div>
      <button type="button" onClick={() => setOpen(true)} className={openClass}>
        {openLabel}
      </button>
      <DoneMessage state={state} done={done} mailFailed={mailFailed} />
      <ConfirmDialog open={open} onClose={() => setOpen(false)} title={title} cancelLabel={cancelLabel}>
        {({ cancelButton, descriptionId }) => (
          <form ref={formRef} action={formAction} onSubmit={onSubmit} className="mt-3 space-y-4" noValidate>
            <p id={descriptionId} className="text-sm text-neutral-800">
              {body ?? ''}
            </p>
            <FormAlert state={state} alertRef={alertRef} staleKey={staleKey} />
            <Hidden values={hidden} />
            {children?.(fieldErrors)}
            <div className="flex flex-wrap justify-end gap-3">
              {cancelButton}
              <button type="submit" disabled={pending} className={submitClass}>
                {pending ? pendingLabel : submitLabel}
              </button>
            </div>
          </form>
        )}
      </ConfirmDialog>
    </div>
  );
}

export function ActionButton({
  action,
  hidden,
  label,
  pendingLabel,
  className,
  done,
  mailFailed,
  staleKey,
}: {
  action: Action;
  hidden: Record<string, string>;
  label: string;
  pendingLabel: string;
  className: string;
  done: DoneText;
  mailFailed?: DoneText;
  staleKey?: MessageKey;
}) {
  const { state, formAction, onSubmit, pending, formRef, alertRef } = useKeptForm(action);
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit}>
      <Hidden values={hidden} />
      <button type="submit" disabled={pending} className={className}>
        {pending ? pendingLabel : label}
      </button>
      <DoneMessage state={state} done={done} mailFailed={mailFailed} />
      <div className="mt-2 empty:hidden">
        <FormAlert state={state} alertRef={alertRef} staleKey={staleKey} />
      </div>
    </form>
  );
}
