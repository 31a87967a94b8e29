'use client';
import { useRouter } from 'next/navigation';
import { useI18n } from '@/components/i18n-provider';
import { startOverSignInAction } from '@/lib/server/actions/sign-in';
import { SignInAlert, SignInSubmit, useSignInSubmit } from './sign-in-form';
import { signInErrorOf, type SignInError } from './sign-in-errors';

/**
 * The second step of a sign-in: a six-digit code or a recovery code, POSTed to next-auth's
 * `two-step` provider with its CSRF token (the challenge itself is in an httpOnly cookie). Works
 * without the page's script like the password form; with it, a wrong code is told in place.
 */
export function SecondStepForm({
  csrfToken,
  next,
  initialError,
}: {
  csrfToken: string | null;
  /** Where to go once signed in; null: where the password step said (next-auth's callback-url cookie). */
  next: string | null;
  initialError?: SignInError;
}) {
  const { t } = useI18n();
  const router = useRouter();
  const { error, pending, onSubmit } = useSignInSubmit({
    provider: 'two-step',
    next: next ?? '/',
    initialError,
    read: (form) => {
      const code = String(form.get('code') ?? '').trim();
      return code ? { code } : 'CODE_REQUIRED';
    },
    // The challenge is over (too late, too many attempts): back to the password, with the reason.
    refused: (code) => {
      const refusal = signInErrorOf(code);
      if (refusal !== 'CHALLENGE_EXPIRED' && refusal !== 'THROTTLED') return false;
      router.replace(`/signin?error=${refusal}`);
      return true;
    },
  });

  return (
    <div className="mt-6 space-y-4">
      <h2 className="text-lg font-semibold">{t('signin.secondStep.title')}</h2>
      <p className="text-sm text-neutral-700">{t('signin.secondStep.description')}</p>
      <form method="post" action="/api/auth/callback/two-step" className="space-y-4" onSubmit={onSubmit} noValidate>
        <SignInAlert error={error} />
        {csrfToken ? <input type="hidden" name="csrfToken" value={csrfToken} /> : null}
        {next ? <input type="hidden" name="callbackUrl" value={next} /> : null}
        <div>
          <label htmlFor="code" className="block text-sm font-medium">
            {t('signin.secondStep.code')}
          </label>
          <input
            id="code"
            name="code"
            type="text"
            autoComplete="one-time-code"
            autoCapitalize="off"
            spellCheck={false}
            required
            autoFocus
            maxLength={64}
            aria-describedby="code-hint"
            aria-invalid={error === 'CODE_INVALID' || error === 'CODE_USED' ? true : undefined}
            className="mt-1 block w-full rounded border border-neutral-400 px-3 py-2 font-mono tracking-wider"
          />
          <p id="code-hint" className="mt-1 text-sm text-neutral-700">
            {t('signin.secondStep.codeHint')}
          </p>
        </div>
        <SignInSubmit pending={pending} label={t('signin.secondStep.submit')} pendingLabel={t('signin.secondStep.submitting')} />
      </form>
      <form action={startOverSignInAction}>
        <button type="submit" className="text-sm font-semibold text-brand underline hover:text-brand-dark">
          {t('signin.secondStep.startOver')}
        </button>
      </form>
    </div>
  );
}
