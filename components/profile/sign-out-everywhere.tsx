'use client';
import { useState, useTransition } from 'react';
import { signOut } from 'next-auth/react';
import { useI18n } from '@/components/i18n-provider';
import { ConfirmDialog } from '@/components/customer-forms/confirm-dialog';
import { dangerButton } from '@/components/customer-forms/form-parts';
import { signOutEverywhereAction } from '@/lib/server/actions/profile';

/** "Sign out everywhere…": after the confirmation every session ends, this one too, and the user signs in again. */
export function SignOutEverywhere() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [failed, setFailed] = useState(false);
  const [pending, startTransition] = useTransition();
  const confirm = () =>
    startTransition(async () => {
      const result = await signOutEverywhereAction();
      if (!result.ok) {
        setFailed(true);
        return;
      }
      await signOut({ callbackUrl: '/signin?notice=SIGNED_OUT_EVERYWHERE' });
    });
  return (
    <div className="space-y-3">
      <p className="text-sm text-neutral-800">{t('profile.sessionsBody')}</p>
      {failed ? (
        <p role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          {t('profile.signOutFailed')}
        </p>
      ) : null}
      <button type="button" onClick={() => setOpen(true)} className={dangerButton}>
        {t('profile.signOutEverywhere')}
      </button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title={t('profile.signOutEverywhereTitle')}
        cancelLabel={t('profile.keepSignedIn')}
      >
        {({ cancelButton, descriptionId }) => (
          <div className="mt-3 space-y-4">
            <p id={descriptionId} className="text-sm text-neutral-800">
              {t('profile.signOutEverywhereConfirmBody')}
            </p>
            <div className="flex flex-wrap justify-end gap-3">
              {cancelButton}
              <button type="button" onClick={confirm} disabled={pending} className={dangerButton}>
                {pending ? t('profile.signingOut') : t('profile.signOutEverywhereConfirm')}
              </button>
            </div>
          </div>
        )}
      </ConfirmDialog>
    </div>
  );
}
