import Link from 'next/link';
import type { ReactNode } from 'react';
import { LanguageSwitch } from '@/components/shell/language-switch';
import { getTranslator } from '@/lib/server/locale';

/** The frame of the signed-out pages (invitation, password reset): the portal's name, a title, the language switch. */
export async function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  const { t } = await getTranslator();
  return (
    <main id="main" className="flex min-h-screen flex-col items-center justify-center px-4 py-8">
      <div className="w-full max-w-md rounded-md bg-white p-8 shadow">
        <p className="text-sm font-semibold text-brand">{t('app.name')}</p>
        <h1 className="mt-1 text-2xl font-semibold">{title}</h1>
        {children}
      </div>
      <div className="mt-6">
        <LanguageSwitch />
      </div>
    </main>
  );
}

/** A link from a mail that does not work (unknown, used, withdrawn, expired): one page that tells nothing more. */
export async function LinkNotWorking({ title, body, href, action }: { title: string; body: string; href: string; action: string }) {
  return (
    <AuthCard title={title}>
      <p className="mt-3 text-sm text-neutral-800">{body}</p>
      <p className="mt-4 text-sm">
        <Link href={href} className="text-brand underline">
          {action}
        </Link>
      </p>
    </AuthCard>
  );
}
