import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/auth/sign-in-form';
import { LanguageSwitch } from '@/components/shell/language-switch';
import { getViewer } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { safeCallbackPath } from '@/lib/domain/permissions';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('signin.title') };
}

const KNOWN_ERRORS = ['INVALID_CREDENTIALS', 'THROTTLED', 'SESSION_ENDED'] as const;
const NOTICES = ['PASSWORD_RESET', 'SIGNED_OUT_EVERYWHERE', 'ACCOUNT_READY'] as const;

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = typeof params.callbackUrl === 'string' ? params.callbackUrl : undefined;
  const viewer = await getViewer();
  if (viewer) redirect(safeCallbackPath(viewer.role, callbackUrl));
  const { t } = await getTranslator();
  const error = typeof params.error === 'string' && (KNOWN_ERRORS as readonly string[]).includes(params.error) ? params.error : undefined;
  const notice = NOTICES.find((value) => value === params.notice);
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-md bg-white p-8 shadow">
        <p className="text-sm font-semibold text-brand">{t('app.name')}</p>
        <h1 className="mt-1 text-2xl font-semibold">{t('signin.title')}</h1>
        <p className="mt-1 text-sm text-neutral-600">{t('signin.subtitle')}</p>
        {notice ? (
          <p role="status" className="mt-4 rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
            {t(`signin.notices.${notice}`)}
          </p>
        ) : null}
        <SignInForm callbackUrl={callbackUrl} initialError={error as (typeof KNOWN_ERRORS)[number] | undefined} />
        <p className="mt-4 text-sm">
          <Link href="/forgot-password" className="text-brand underline">
            {t('signin.forgot')}
          </Link>
        </p>
      </div>
      <div className="mt-6">
        <LanguageSwitch />
      </div>
    </main>
  );
}
