'use client';
import { signOut } from 'next-auth/react';
import { useI18n } from '@/components/i18n-provider';

export function SignOutButton() {
  const { t } = useI18n();
  return (
    <button
      type="button"
      onClick={() => void signOut({ callbackUrl: '/signin' })}
      className="rounded px-2.5 py-1 text-sm text-neutral-800 hover:bg-neutral-100"
    >
      {t('shell.signOut')}
    </button>
  );
}
