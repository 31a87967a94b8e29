'use client';
import { useActionState, useEffect } from 'react';
import { useRouter } from 'next/navigation';
import { signOut } from 'next-auth/react';
import { useI18n } from '@/components/i18n-provider';
import { changePasswordAction, updateProfileAction, type ActionResult } from '@/lib/server/actions/profile';
import type { Locale } from '@/lib/i18n/locales';
import type { MessageKey } from '@/lib/i18n/translate';

const input = 'mt-1 block w-full max-w-md rounded border border-neutral-400 px-3 py-2';
const button = 'rounded bg-brand px-4 py-2 font-semibold text-white hover:bg-brand-dark disabled:opacity-60';

function Message({ state, success }: { state: ActionResult | null; success: MessageKey }) {
  const { t } = useI18n();
  if (!state) return null;
  if (state.ok)
    return (
      <p role="status" className="rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
        {t(success)}
      </p>
    );
  const key = state.code === 'UNAUTHENTICATED' ? 'signin.errors.sessionEnded' : (`profile.errors.${state.code}` as MessageKey);
  return (
    <p role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
      {t(key)}
    </p>
  );
}

export function ProfileForm({
  profile,
  timeZones,
}: {
  profile: { email: string; displayName: string; language: Locale; timeZone: string; updatedAt: string };
  timeZones: string[];
}) {
  const { t } = useI18n();
  const router = useRouter();
  const [state, action, pending] = useActionState(updateProfileAction, null);
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
  const invalid = (field: string) => (state && !state.ok && state.fieldErrors?.[field] ? true : undefined);
  return (
    <form action={action} className="space-y-4" noValidate>
      <Message state={state} success="profile.saved" />
      <input type="hidden" name="expectedUpdatedAt" value={profile.updatedAt} />
      <div>
        <p className="text-sm font-medium">{t('profile.email')}</p>
        <p className="mt-1">{profile.email}</p>
      </div>
      <div>
        <label htmlFor="displayName" className="block text-sm font-medium">
          {t('profile.name')}
        </label>
        <input
          id="displayName"
          name="displayName"
          defaultValue={profile.displayName}
          maxLength={100}
          required
          aria-invalid={invalid('displayName')}
          className={input}
        />
      </div>
      <div>
        <label htmlFor="language" className="block text-sm font-medium">
          {t('profile.language')}
        </label>
        <select id="language" name="language" defaultValue={profile.language} className={input}>
          <option value="en">English</option>
          <option value="zh-TW" lang="zh-TW">
            繁體中文
          </option>
        </select>
      </div>
      <div>
        <label htmlFor="timeZone" className="block text-sm font-medium">
          {t('profile.timeZone')}
        </label>
        <select id="timeZone" name="timeZone" defaultValue={profile.timeZone} aria-invalid={invalid('timeZone')} className={input}>
          {timeZones.map((zone) => (
            <option key={zone} value={zone}>
              {zone}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" disabled={pending} className={button}>
        {t('profile.save')}
      </button>
    </form>
  );
}

export function PasswordForm() {
  const { t } = useI18n();
  const [state, action, pending] = useActionState(changePasswordAction, null);
  useEffect(() => {
    // Every session ended with the change, this one too: sign in again with the new password.
    if (state?.ok) void signOut({ callbackUrl: '/signin' });
  }, [state]);
  const invalid = (field: string) => (state && !state.ok && state.fieldErrors?.[field] ? true : undefined);
  return (
    <form action={action} className="space-y-4" noValidate>
      <Message state={state} success="profile.passwordChanged" />
      {(['currentPassword', 'newPassword', 'confirmPassword'] as const).map((field) => (
        <div key={field}>
          <label htmlFor={field} className="block text-sm font-medium">
            {t(`profile.${field}`)}
          </label>
          <input
            id={field}
            name={field}
            type="password"
            autoComplete={field === 'currentPassword' ? 'current-password' : 'new-password'}
            required
            aria-invalid={invalid(field)}
            aria-describedby={field === 'newPassword' ? 'newPassword-hint' : undefined}
            className={input}
          />
          {field === 'newPassword' ? (
            <p id="newPassword-hint" className="mt-1 max-w-md text-sm text-neutral-700">
              {t('profile.passwordHint')}
            </p>
          ) : null}
        </div>
      ))}
      <button type="submit" disabled={pending} className={button}>
        {t('profile.changePassword')}
      </button>
    </form>
  );
}
