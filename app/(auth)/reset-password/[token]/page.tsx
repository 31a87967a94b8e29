import type { Metadata } from 'next';
import { AuthCard, LinkNotWorking } from '@/components/auth/auth-card';
import { ResetPasswordForm } from '@/components/auth/account-link-forms';
import { getTranslator } from '@/lib/server/locale';
import { findPasswordReset } from '@/lib/server/data/password-resets';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('accounts.reset.title'), robots: { index: false } };
}

// Signed out: a new password through the link of a reset mail. A link that does not work (unknown,
// used, expired) gets one page that tells nothing more.
export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { t } = await getTranslator();
  const reset = await findPasswordReset(token);
  if (!reset) {
    return (
      <LinkNotWorking
        title={t('accounts.reset.invalidTitle')}
        body={t('accounts.reset.invalidBody')}
        href="/forgot-password"
        action={t('accounts.reset.requestNew')}
      />
    );
  }
  return (
    <AuthCard title={t('accounts.reset.title')}>
      <p className="mt-3 text-sm text-neutral-800">{t('accounts.reset.intro', { email: reset.email })}</p>
      <ResetPasswordForm token={token} />
    </AuthCard>
  );
}
