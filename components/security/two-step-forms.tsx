'use client';
import { useState, type Ref } from 'react';
import { useRouter } from 'next/navigation';
import { useI18n } from '@/components/i18n-provider';
import { ConfirmDialog } from '@/components/customer-forms/confirm-dialog';
import {
  dangerButton,
  describedBy,
  Field,
  inputClass,
  primaryButton,
  secondaryButton,
  useKeptForm,
} from '@/components/customer-forms/form-parts';
import {
  cancelTwoStepEnrolmentAction,
  confirmTwoStepEnrolmentAction,
  renewRecoveryCodesAction,
  startTwoStepEnrolmentAction,
  turnOffTwoStepAction,
  type TwoStepActionResult,
} from '@/lib/server/actions/two-step';
import type { MessageKey } from '@/lib/i18n/translate';

/** A refusal in words (security.errors.*), focusable so that the form can move focus to it. */
export function SecurityAlert({ state, alertRef }: { state: TwoStepActionResult | null; alertRef?: Ref<HTMLParagraphElement> }) {
  const { t } = useI18n();
  if (!state || state.ok) return null;
  const key = state.code === 'UNAUTHENTICATED' ? 'signin.errors.sessionEnded' : (`security.errors.${state.code}` as MessageKey);
  return (
    <div role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
      <p ref={alertRef} tabIndex={-1} className="outline-none">
        {t(key)}
      </p>
    </div>
  );
}

function fieldError(state: TwoStepActionResult | null, field: string): string | undefined {
  return state && !state.ok ? state.fieldErrors?.[field] : undefined;
}

/** The authenticator code of one form (`id` tells the page's forms apart; the field is always `code`). */
function CodeField({ id, state, label }: { id: string; state: TwoStepActionResult | null; label: string }) {
  const { t } = useI18n();
  const error = fieldError(state, 'code');
  return (
    <Field id={id} label={label} error={error ? t(`security.errors.${error}` as MessageKey) : undefined}>
      <input
        id={id}
        name="code"
        type="text"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={64}
        required
        className={`${inputClass} max-w-48 font-mono tracking-widest`}
        {...describedBy(id, false, error)}
      />
    </Field>
  );
}

/** "Set up two-step sign-in": a new key to scan (the page then shows it). */
export function StartEnrolmentButton() {
  const { t } = useI18n();
  const { state, formAction, onSubmit, pending, formRef, alertRef } = useKeptForm(startTwoStepEnrolmentAction);
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} className="space-y-3">
      <SecurityAlert state={state} alertRef={alertRef} />
      <button type="submit" disabled={pending} className={primaryButton}>
        {t('security.setUp')}
      </button>
    </form>
  );
}

/** What was done, the codes shown once, and "I have saved them". */
function RecoveryCodes({ message, codes, onDone }: { message: string; codes: string[]; onDone: () => void }) {
  const { t } = useI18n();
  return (
    <div className="space-y-4">
      <p role="status" className="rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
        {message}
      </p>
      <div className="space-y-3" aria-labelledby="recovery-codes-title" role="region">
        <h3 id="recovery-codes-title" className="font-semibold">
          {t('security.recoveryTitle')}
        </h3>
        <p className="max-w-2xl text-sm text-neutral-800">{t('security.recoveryIntro')}</p>
        <ul
          aria-label={t('security.recoveryList')}
          className="grid max-w-md grid-cols-2 gap-2 rounded border border-neutral-300 bg-neutral-50 p-4 font-mono"
        >
          {codes.map((code) => (
            <li key={code}>{code}</li>
          ))}
        </ul>
        <button type="button" onClick={onDone} className={primaryButton}>
          {t('security.recoveryDone')}
        </button>
      </div>
    </div>
  );
}

/**
 * The key shown (by the page: QR code and text), confirmed by a first code. The recovery codes come
 * back once and stay on screen until the user says they saved them; then the page shows the new
 * state (and, for a user held at enrolment, the whole portal's navigation).
 */
export function ConfirmEnrolmentForm() {
  const { t } = useI18n();
  const router = useRouter();
  const { state, formAction, onSubmit, pending, formRef, alertRef } = useKeptForm(confirmTwoStepEnrolmentAction);
  if (state?.ok && state.recoveryCodes) {
    return <RecoveryCodes message={t('security.enabled')} codes={state.recoveryCodes} onDone={() => router.refresh()} />;
  }
  return (
    <div className="space-y-3">
      <form ref={formRef} action={formAction} onSubmit={onSubmit} className="space-y-3" noValidate>
        <p className="text-sm font-medium">{t('security.enterCode')}</p>
        <SecurityAlert state={state} alertRef={alertRef} />
        <CodeField id="enrol-code" state={state} label={t('security.code')} />
        <button type="submit" disabled={pending} className={primaryButton}>
          {pending ? t('security.confirming') : t('security.confirm')}
        </button>
      </form>
      <CancelEnrolmentForm />
    </div>
  );
}

/** "Cancel setup": the key shown is dropped. */
function CancelEnrolmentForm() {
  const { t } = useI18n();
  const { state, formAction, onSubmit, pending, formRef, alertRef } = useKeptForm(cancelTwoStepEnrolmentAction);
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit}>
      <SecurityAlert state={state} alertRef={alertRef} />
      <button type="submit" disabled={pending} className={secondaryButton}>
        {t('security.cancel')}
      </button>
    </form>
  );
}

/** New recovery codes with a current code; shown once like the first ones. */
export function RenewRecoveryCodesForm() {
  const { t } = useI18n();
  const router = useRouter();
  const [shown, setShown] = useState<string[] | null>(null);
  const { state, formAction, onSubmit, pending, formRef, alertRef } = useKeptForm(
    async (previous: TwoStepActionResult | null, form: FormData) => {
      const result = await renewRecoveryCodesAction(previous, form);
      if (result.ok && result.recoveryCodes) setShown(result.recoveryCodes);
      return result;
    },
  );
  if (shown) {
    const done = () => {
      setShown(null);
      router.refresh();
    };
    return <RecoveryCodes message={t('security.renewed')} codes={shown} onDone={done} />;
  }
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} aria-labelledby="renew-title" className="space-y-3" noValidate>
      <h3 id="renew-title" className="font-semibold">
        {t('security.renewTitle')}
      </h3>
      <p className="max-w-2xl text-sm text-neutral-800">{t('security.renewIntro')}</p>
      <SecurityAlert state={state?.ok ? null : state} alertRef={alertRef} />
      <CodeField id="renew-code" state={state} label={t('security.code')} />
      <button type="submit" disabled={pending} className={secondaryButton}>
        {pending ? t('security.renewing') : t('security.renew')}
      </button>
    </form>
  );
}

/** Turning it off: password and a current code, confirmed in a dialog before anything changes. */
export function TurnOffTwoStepForm({ required }: { required: boolean }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const { state, formAction, onSubmit, pending, formRef, alertRef } = useKeptForm(
    async (previous: TwoStepActionResult | null, form: FormData) => {
      setOpen(false);
      return turnOffTwoStepAction(previous, form);
    },
  );
  const passwordError = fieldError(state, 'password');
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} aria-labelledby="turn-off-title" className="space-y-3" noValidate>
      <h3 id="turn-off-title" className="font-semibold">
        {t('security.turnOffTitle')}
      </h3>
      <p className="max-w-2xl text-sm text-neutral-800">{t('security.turnOffIntro')}</p>
      {required ? <p className="max-w-2xl text-sm text-neutral-800">{t('security.turnOffRequired')}</p> : null}
      {state?.ok ? (
        <p role="status" className="rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
          {t('security.turnedOff')}
        </p>
      ) : (
        <SecurityAlert state={state} alertRef={alertRef} />
      )}
      <Field
        id="password"
        label={t('security.password')}
        error={passwordError ? t(`security.errors.${passwordError}` as MessageKey) : undefined}
      >
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className={inputClass}
          {...describedBy('password', false, passwordError)}
        />
      </Field>
      <CodeField id="turn-off-code" state={state} label={t('security.code')} />
      <button type="button" onClick={() => setOpen(true)} className={dangerButton}>
        {t('security.turnOff')}
      </button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title={t('security.confirmTurnOffTitle')}
        cancelLabel={t('security.keepOn')}
      >
        {({ cancelButton, descriptionId }) => (
          <div className="mt-3 space-y-4">
            <p id={descriptionId} className="text-sm text-neutral-800">
              {t('security.confirmTurnOffBody')}
            </p>
            <div className="flex flex-wrap justify-end gap-3">
              {cancelButton}
              <button type="submit" disabled={pending} className={dangerButton}>
                {pending ? t('security.turningOff') : t('security.confirmTurnOff')}
              </button>
            </div>
          </div>
        )}
      </ConfirmDialog>
    </form>
  );
}
