import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { PasswordForm, ProfileForm } from '@/components/profile/profile-form';
import { SignOutEverywhere } from '@/components/profile/sign-out-everywhere';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { getProfile } from '@/lib/server/data/profile';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('profile.title') };
}

export default async function ProfilePage() {
  const viewer = await requirePermission('profile:write');
  const { t } = await getTranslator();
  const profile = await getProfile(viewer);
  const timeZones = Intl.supportedValuesOf('timeZone');
  if (!timeZones.includes(profile.timeZone)) timeZones.unshift(profile.timeZone);
  return (
    <>
      <PageHeader title={t('profile.title')} description={t('profile.description')} />
      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="profile-details" className="rounded-md border border-neutral-200 bg-white p-6 shadow-sm">
          <h2 id="profile-details" className="mb-4 text-lg font-semibold">
            {t('profile.title')}
          </h2>
          <ProfileForm profile={{ ...profile, updatedAt: profile.updatedAt.toISOString() }} timeZones={timeZones} />
        </section>
        <section aria-labelledby="profile-password" className="rounded-md border border-neutral-200 bg-white p-6 shadow-sm">
          <h2 id="profile-password" className="mb-4 text-lg font-semibold">
            {t('profile.passwordTitle')}
          </h2>
          <PasswordForm />
        </section>
        <section aria-labelledby="profile-sessions" className="rounded-md border border-neutral-200 bg-white p-6 shadow-sm">
          <h2 id="profile-sessions" className="mb-4 text-lg font-semibold">
            {t('profile.sessionsTitle')}
          </h2>
          <SignOutEverywhere />
        </section>
      </div>
    </>
  );
}
