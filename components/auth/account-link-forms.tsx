'use client';
import { useEffect, useState } from 'react';
import Link from 'next/link';
import { signIn } from 'next-auth/react';
import { useI18n } from '@/components/i18n-provider';
import {
  describedBy,
  Field,
  fieldErrorsOf,
  fieldErrorText,
  FormAlert,
  inputClass,
  useKeptForm,
} from '@/components/customer-forms/form-parts';
import { acceptInvitationAction, forgotPasswordAction, resetPasswordAction } from '@/lib/server/actions/account-links';
import type { MessageKey } from '@/lib/i18n/translate';

// The forms people reach from a mail or signed out: accept an invitation, ask for a reset link, set a new password.

const submit = 'w-full rounded bg-brand px-4 py-2 font-semibold text-white hover:bg-brand-dark disabled:opacity-60';

function PasswordFields({ errors, labels }: { errors: Record<string, string>; labels: { password: MessageKey; confirm: MessageKey } }) {
  const { t } = useI18n();
  const error = (field: string) => fieldErrorText(t, errors[field]);
  return (
    <>
      <Field id="password" label={t(labels.password)} hint={t('accounts.invitation.passwordHint')} error={error('password')} required>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          className={inputClass}
          {...describedBy('password', true, error('password'))}
        />
      </Field>
      <Field id="confirmPassword" label={t(labels.confirm)} error={error('confirmPassword')} required>
        <input
          id="confirmPassword"
          name="confirmPassword"
          type="password"
          autoComplete="new-password"
          className={inputClass}
          {...describedBy('confirmPassword', false, error('confirmPassword'))}
        />
      </Field>
    </>
  );
}

const ACCOUNT_READY = '/signin?notice=ACCOUNT_READY';

/** Creates the account, then signs in with the password just chosen and goes to the user's home page. */
export function AcceptInvitationForm({ token }: { token: string }) {
  const { t } = useI18n();
  const { state, formAction, onSubmit, pending, formRef, alertRef } = useKeptForm(acceptInvitationAction);
  useEffect(() => {
    if (!state?.ok || !state.email) return;
    const password = (formRef.current?.elements.namedItem('password') as HTMLInputElement | null)?.value ?? '';
    // Signed in: "/" sends the user to their home. Should signing in fail, the account exists all the same.
    const go = (signedIn: boolean) => window.location.assign(signedIn ? '/' : ACCOUNT_READY);
    signIn('credentials', { email: state.email, password, redirect: false, callbackUrl: '/' }).then(
      (result) => go(Boolean(result && !result.error)),
      () => go(false),
    );
  }, [state, formRef]);
  const errors = fieldErrorsOf(state);
  const busy = pending || Boolean(state?.ok);
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
      <FormAlert state={state} alertRef={alertRef} />
      <input type="hidden" name="token" value={token} />
      <Field id="name" label={t('accounts.invitation.name')} error={fieldErrorText(t, errors.name)} required>
        <input
          id="name"
          name="name"
          autoComplete="name"
          maxLength={100}
          className={inputClass}
          {...describedBy('name', false, fieldErrorText(t, errors.name))}
        />
      </Field>
      <PasswordFields
        errors={errors}
        labels={{ password: 'accounts.invitation.password', confirm: 'accounts.invitation.confirmPassword' }}
      />
      <button type="submit" disabled={busy} className={submit}>
        {busy ? t('accounts.invitation.submitting') : t('accounts.invitation.submit')}
      </button>
    </form>
  );
}

/** The same answer for any address: a link is on its way if an account uses it. */
export function ForgotPasswordForm() {
  const { t } = useI18n();
  const { state, formAction, onSubmit, pending, formRef, alertRef } = useKeptForm(forgotPasswordAction);
  const [email, setEmail] = useState('');
  const errors = fieldErrorsOf(state);
  return (
    <form
      ref={formRef}
      action={formAction}
      onSubmit={(event) => {
        setEmail(String(new FormData(event.currentTarget).get('email') ?? '').trim());
        onSubmit(event);
      }}
      className="mt-6 space-y-4"
      noValidate
    >
      {state?.ok ? (
        <p role="status" className="rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
          {t('accounts.forgot.sent', { email })}
        </p>
      ) : null}
      <FormAlert state={state} alertRef={alertRef} />
      <Field id="email" label={t('accounts.forgot.email')} error={fieldErrorText(t, errors.email)} required>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          className={inputClass}
          {...describedBy('email', false, fieldErrorText(t, errors.email))}
        />
      </Field>
      <button type="submit" disabled={pending} className={submit}>
        {pending ? t('accounts.forgot.submitting') : t('accounts.forgot.submit')}
      </button>
      <p className="text-sm">
        <Link href="/signin" className="text-brand underline">
          {t('accounts.forgot.back')}
        </Link>
      </p>
    </form>
  );
}

/** Sets the new password; the action then sends the user to sign in with it. */
export function ResetPasswordForm({ token }: { token: string }) {
  const { t } = useI18n();
  const { state, formAction, onSubmit, pending, formRef, alertRef } = useKeptForm(resetPasswordAction);
  const errors = fieldErrorsOf(state);
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
      <FormAlert state={state} alertRef={alertRef} />
      {state && !state.ok && state.code === 'resetClosed' ? (
        <p className="text-sm">
          <Link href="/forgot-password" className="text-brand underline">
            {t('accounts.reset.requestNew')}
          </Link>
        </p>
      ) : null}
      <input type="hidden" name="token" value={token} />
      <PasswordFields errors={errors} labels={{ password: 'accounts.reset.password', confirm: 'accounts.reset.confirmPassword' }} />
      <button type="submit" disabled={pending} className={submit}>
        {pending ? t('accounts.reset.submitting') : t('accounts.reset.submit')}
      </button>
    </form>
  );
}
