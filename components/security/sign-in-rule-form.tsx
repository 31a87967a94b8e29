'use client';
import { useState } from 'react';
import { useI18n } from '@/components/i18n-provider';
import { ConfirmDialog } from '@/components/customer-forms/confirm-dialog';
import { dangerButton, secondaryButton, useKeptForm } from '@/components/customer-forms/form-parts';
import { setSignInRuleAction } from '@/lib/server/actions/two-step';
import type { MessageKey } from '@/lib/i18n/translate';

/**
 * One button that sets one of the partner's sign-in rules. `confirm` (turning password sign-in
 * off) asks first in a dialog; nothing changes before.
 */
export function SignInRuleForm({
  rule,
  value,
  label,
  values,
  confirm,
}: {
  rule: 'twoStepRequired' | 'passwordSignIn';
  value: 'on' | 'off';
  label: string;
  /** Placeholders of the error messages. */
  values: Record<string, string>;
  confirm?: { title: string; body: string; confirmLabel: string; cancelLabel: string };
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const { state, formAction, onSubmit, pending, formRef, alertRef } = useKeptForm(
    async (previous: Awaited<ReturnType<typeof setSignInRuleAction>> | null, form: FormData) => {
      setOpen(false);
      return setSignInRuleAction(previous, form);
    },
  );
  const message =
    state && !state.ok
      ? t(state.code === 'UNAUTHENTICATED' ? 'signin.errors.sessionEnded' : (`security.rules.errors.${state.code}` as MessageKey), values)
      : null;
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} className="space-y-3">
      {state?.ok ? (
        <p role="status" className="rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
          {t('security.rules.saved')}
        </p>
      ) : null}
      {message ? (
        <div role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          <p ref={alertRef} tabIndex={-1} className="outline-none">
            {message}
          </p>
        </div>
      ) : null}
      <input type="hidden" name="rule" value={rule} />
      <input type="hidden" name="value" value={value} />
      {confirm ? (
        <>
          <button type="button" onClick={() => setOpen(true)} className={dangerButton}>
            {label}
          </button>
          <ConfirmDialog open={open} onClose={() => setOpen(false)} title={confirm.title} cancelLabel={confirm.cancelLabel}>
            {({ cancelButton, descriptionId }) => (
              <div className="mt-3 space-y-4">
                <p id={descriptionId} className="text-sm text-neutral-800">
                  {confirm.body}
                </p>
                <div className="flex flex-wrap justify-end gap-3">
                  {cancelButton}
                  <button type="submit" disabled={pending} className={dangerButton}>
                    {confirm.confirmLabel}
                  </button>
                </div>
              </div>
            )}
          </ConfirmDialog>
        </>
      ) : (
        <button type="submit" disabled={pending} className={secondaryButton}>
          {label}
        </button>
      )}
    </form>
  );
}
