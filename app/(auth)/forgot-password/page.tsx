import type { Metadata } from 'next';
import { AuthCard } from '@/components/auth/auth-card';
import { ForgotPasswordForm } from '@/components/auth/account-link-forms';
import { getTranslator } from '@/lib/server/locale';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('accounts.forgot.title') };
}

export default async function ForgotPasswordPage() {
  const { t } = await getTranslator();
  return (
    <AuthCard title={t('accounts.forgot.title')}>
      <p className="mt-3 text-sm text-neutral-800">{t('accounts.forgot.intro')}</p>
      <ForgotPasswordForm />
    </AuthCard>
  );
}
