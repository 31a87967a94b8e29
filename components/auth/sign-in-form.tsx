'use client';
import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { useI18n } from '@/components/i18n-provider';
import { SIGN_IN_ERRORS, signInErrorOf, type SignInError } from './sign-in-errors';

/** The alert above a sign-in form. */
export function SignInAlert({ error }: { error: SignInError | undefined }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <p role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
      {t(SIGN_IN_ERRORS[error])}
    </p>
  );
}

export function SignInSubmit({ pending, label, pendingLabel }: { pending: boolean; label: string; pendingLabel: string }) {
  return (
    <button
      type="submit"
      disabled={pending}
      className="w-full rounded bg-brand px-4 py-2 font-semibold text-white hover:bg-brand-dark disabled:opacity-60"
    >
      {pending ? pendingLabel : label}
    </button>
  );
}

/**
 * A sign-in form with the page's script: the same POST next-auth's plain form would send, through
 * its signIn(), so that a refusal is told in place. `read` gives the fields (or the error of a form
 * left incomplete); `refused` may act on a refusal first (and say that the form is done with it).
 * Signed in, the browser goes to `next`.
 */
export function useSignInSubmit(options: {
  provider: 'credentials' | 'two-step';
  next: string;
  initialError?: SignInError;
  read: (form: FormData) => Record<string, string> | SignInError;
  refused?: (code: string | null | undefined) => boolean;
}) {
  const [error, setError] = useState<SignInError | undefined>(options.initialError);
  const [pending, setPending] = useState(false);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields = options.read(new FormData(event.currentTarget));
    if (typeof fields === 'string') {
      setError(fields);
      return;
    }
    setPending(true);
    setError(undefined);
    try {
      // An explicit callbackUrl: next-auth otherwise echoes this page's URL, and reads its `error`
      // parameter (…&error=SESSION_ENDED) as the answer's — a right password would read as refused.
      const result = await signIn(options.provider, { ...fields, redirect: false, callbackUrl: options.next });
      if (!result || result.error) {
        if (options.refused?.(result?.error)) return;
        setError(signInErrorOf(result?.error) ?? (result?.status === 401 ? 'INVALID_CREDENTIALS' : 'UNAVAILABLE'));
        setPending(false);
        return;
      }
      window.location.assign(options.next);
    } catch {
      setError('UNAVAILABLE');
      setPending(false);
    }
  }
  return { error, pending, onSubmit };
}

/**
 * Email and password. A plain form POSTing to next-auth's credentials callback with its CSRF token,
 * so that it works before the page's script has loaded and without it (the password travels in the
 * body, never in a URL); with the script, the same request goes through signIn() and the page stays
 * put on a refusal. A user with two-step sign-in is asked for the code next: the page shows the
 * second step once the password step has left its cookie.
 */
export function SignInForm({ csrfToken, next, initialError }: { csrfToken: string | null; next: string; initialError?: SignInError }) {
  const { t } = useI18n();
  const router = useRouter();
  const { error, pending, onSubmit } = useSignInSubmit({
    provider: 'credentials',
    next,
    initialError,
    read: (form) => {
      const email = String(form.get('email') ?? '').trim();
      const password = String(form.get('password') ?? '');
      return email && password ? { email, password } : 'REQUIRED';
    },
    refused: (code) => {
      if (code !== 'SECOND_STEP') return false;
      router.refresh();
      return true;
    },
  });

  return (
    <form method="post" action="/api/auth/callback/credentials" className="mt-6 space-y-4" onSubmit={onSubmit} noValidate>
      <SignInAlert error={error} />
      {csrfToken ? <input type="hidden" name="csrfToken" value={csrfToken} /> : null}
      <input type="hidden" name="callbackUrl" value={next} />
      <div>
        <label htmlFor="email" className="block text-sm font-medium">
          {t('signin.email')}
        </label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          className="mt-1 block w-full rounded border border-neutral-400 px-3 py-2"
        />
      </div>
      <div>
        <label htmlFor="password" className="block text-sm font-medium">
          {t('signin.password')}
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="mt-1 block w-full rounded border border-neutral-400 px-3 py-2"
        />
      </div>
      <SignInSubmit pending={pending} label={t('signin.submit')} pendingLabel={t('signin.submitting')} />
    </form>
  );
}
