import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignOutButton } from '@/components/shell/sign-out-button';
import { getViewerDuringEnrolment } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';

// Where next-auth sends a sign-out whose CSRF token it could not check (no cookie yet): the same
// sign-out form, now with the cookie next-auth has just set.
export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('signout.title') };
}

export default async function SignOutPage() {
  if (!(await getViewerDuringEnrolment())) redirect('/signin');
  const { t } = await getTranslator();
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-md bg-white p-8 shadow">
        <p className="text-sm font-semibold text-brand">{t('app.name')}</p>
        <h1 className="mt-1 text-2xl font-semibold">{t('signout.title')}</h1>
        <p className="mt-1 mb-6 text-sm text-neutral-600">{t('signout.confirm')}</p>
        <SignOutButton />
      </div>
    </main>
  );
}
