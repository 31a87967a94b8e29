'use client';
import { useState, type FormEvent } from 'react';
import { signIn } from 'next-auth/react';
import { useI18n } from '@/components/i18n-provider';

type ErrorCode = 'INVALID_CREDENTIALS' | 'THROTTLED' | 'SESSION_ENDED' | 'REQUIRED' | 'UNAVAILABLE';

export function SignInForm({ callbackUrl, initialError }: { callbackUrl?: string; initialError?: ErrorCode }) {
  const { t } = useI18n();
  const [error, setError] = useState<ErrorCode | undefined>(initialError);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    if (!email || !password) {
      setError('REQUIRED');
      return;
    }
    setPending(true);
    setError(undefined);
    try {
      // An explicit callbackUrl: next-auth otherwise echoes this page's URL, and reads its `error`
      // parameter (…&error=SESSION_ENDED) as the answer's — a right password would read as refused.
      const result = await signIn('credentials', { email, password, redirect: false, callbackUrl: '/' });
      if (!result || result.error) {
        setError(
          result?.error === 'THROTTLED'
            ? 'THROTTLED'
            : result?.error === 'INVALID_CREDENTIALS' || result?.status === 401
              ? 'INVALID_CREDENTIALS'
              : 'UNAVAILABLE',
        );
        setPending(false);
        return;
      }
      // "/" sends the user to their home, or back to the page they asked for (checked server-side).
      window.location.assign(callbackUrl ? `/?next=${encodeURIComponent(callbackUrl)}` : '/');
    } catch {
      setError('UNAVAILABLE');
      setPending(false);
    }
  }

  const messages: Record<ErrorCode, string> = {
    INVALID_CREDENTIALS: t('signin.errors.invalid'),
    THROTTLED: t('signin.errors.throttled'),
    SESSION_ENDED: t('signin.errors.sessionEnded'),
    REQUIRED: t('signin.errors.required'),
    UNAVAILABLE: t('signin.errors.unavailable'),
  };

  return (
    <form className="mt-6 space-y-4" onSubmit={onSubmit} noValidate>
      {error ? (
        <p role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
          {messages[error]}
        </p>
      ) : null}
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
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded bg-brand px-4 py-2 font-semibold text-white hover:bg-brand-dark disabled:opacity-60"
      >
        {pending ? t('signin.submitting') : t('signin.submit')}
      </button>
    </form>
  );
}
