import type { Metadata } from 'next';
import { AuthCard, LinkNotWorking } from '@/components/auth/auth-card';
import { AcceptInvitationForm } from '@/components/auth/account-link-forms';
import { getTranslator } from '@/lib/server/locale';
import { findOpenInvitation } from '@/lib/server/data/invitations';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('accounts.invitation.pageTitle'), robots: { index: false } };
}

// Signed out: the invited person chooses a name and a password. An unknown, used, withdrawn or
// expired link gets one page that tells nothing about the invitation.
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { t } = await getTranslator();
  const invitation = await findOpenInvitation(token);
  if (!invitation) {
    return (
      <LinkNotWorking
        title={t('accounts.invitation.invalidTitle')}
        body={t('accounts.invitation.invalidBody')}
        href="/signin"
        action={t('accounts.invitation.toSignIn')}
      />
    );
  }
  return (
    <AuthCard title={t('accounts.invitation.title', { partner: invitation.partnerName })}>
      <p className="mt-3 text-sm text-neutral-800">
        {t('accounts.invitation.intro', { app: t('app.name'), role: t(`roles.${invitation.role}`), email: invitation.email })}
      </p>
      <AcceptInvitationForm token={token} />
    </AuthCard>
  );
}
