import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { IdentityProviderButtons } from '@/components/auth/identity-provider-buttons';
import { SecondStepForm } from '@/components/auth/second-step-form';
import { SignInForm } from '@/components/auth/sign-in-form';
import { signInErrorOf } from '@/components/auth/sign-in-errors';
import { LanguageSwitch } from '@/components/shell/language-switch';
import { identityProviderButtons } from '@/lib/server/auth';
import { findLiveChallenge } from '@/lib/server/data/sign-in-challenges';
import { getViewerDuringEnrolment, landingPath } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { readSecondStepCookie } from '@/lib/server/second-step-cookie';
import { readCsrfToken } from '@/lib/server/session';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('signin.title') };
}

/**
 * Email and password (and "Sign in with …" when an identity provider is configured); after a
 * correct password of a user with two-step sign-in, the same page asks for the code: it shows the
 * second step while the browser holds a live challenge (its cookie).
 */
const NOTICES = ['PASSWORD_RESET', 'SIGNED_OUT_EVERYWHERE', 'ACCOUNT_READY'] as const;

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = typeof params.callbackUrl === 'string' ? params.callbackUrl : undefined;
  const viewer = await getViewerDuringEnrolment();
  if (viewer) redirect(landingPath(viewer, callbackUrl));
  const { t } = await getTranslator();
  const error = signInErrorOf(typeof params.error === 'string' ? params.error : undefined);
  const notice = NOTICES.find((value) => value === params.notice);
  const challenge = await readSecondStepCookie();
  const secondStep = challenge !== null && (await findLiveChallenge(challenge)) !== null;
  const csrfToken = await readCsrfToken();
  // Where to go once signed in: "/" sends the user home, or back to the page they asked for (checked
  // there). Without one in the URL (the second step after a refusal, without JavaScript), the code
  // form names none and next-auth goes where the password form said (its callback-url cookie).
  const next = callbackUrl ? `/?next=${encodeURIComponent(callbackUrl)}` : null;
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-md bg-white p-8 shadow">
        <p className="text-sm font-semibold text-brand">{t('app.name')}</p>
        <h1 className="mt-1 text-2xl font-semibold">{t('signin.title')}</h1>
        {secondStep ? (
          <SecondStepForm csrfToken={csrfToken} next={next} initialError={error} />
        ) : (
          <>
            <p className="mt-1 text-sm text-neutral-600">{t('signin.subtitle')}</p>
            {notice ? (
              <p role="status" className="mt-4 rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
                {t(`signin.notices.${notice}`)}
              </p>
            ) : null}
            <SignInForm csrfToken={csrfToken} next={next ?? '/'} initialError={error} />
            <p className="mt-4 text-sm">
              <Link href="/forgot-password" className="text-brand underline">
                {t('signin.forgot')}
              </Link>
            </p>
            <IdentityProviderButtons providers={identityProviderButtons()} csrfToken={csrfToken} next={next ?? '/'} />
          </>
        )}
      </div>
      <div className="mt-6">
        <LanguageSwitch />
      </div>
    </main>
  );
}
