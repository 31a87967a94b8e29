'use client';
import { useState } from 'react';
import { useI18n } from '@/components/i18n-provider';
import { ConfirmDialog } from '@/components/customer-forms/confirm-dialog';
import { dangerButton, useKeptForm } from '@/components/customer-forms/form-parts';
import { revokeEmbedTokenAction } from '@/lib/server/actions/embed-tokens';
import { EmbedAlert } from './embed-alert';

/** "Revoke…": nothing is revoked before the dialog's confirmation; success returns to the list with a message. */
export function RevokeEmbedTokenButton({ tokenId, name, origin }: { tokenId: string; name: string; origin: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const { state, formAction, onSubmit, pending, formRef, alertRef } = useKeptForm(revokeEmbedTokenAction);
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        aria-label={t('embedSettings.list.revokeNamed', { name })}
        className="rounded border border-red-700 bg-white px-3 py-1 text-sm font-semibold text-red-800 hover:bg-red-50"
      >
        {t('embedSettings.list.revoke')}
      </button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title={t('embedSettings.revoke.title', { name })}
        cancelLabel={t('embedSettings.revoke.keep')}
      >
        {({ cancelButton, descriptionId }) => (
          <form ref={formRef} action={formAction} onSubmit={onSubmit} className="mt-3 space-y-4">
            <p id={descriptionId} className="text-sm text-neutral-800">
              {t('embedSettings.revoke.body', { origin })}
            </p>
            {state && !state.ok ? <EmbedAlert message={t(`embedSettings.errors.${state.code}`)} alertRef={alertRef} reload /> : null}
            <input type="hidden" name="tokenId" value={tokenId} />
            <div className="flex flex-wrap justify-end gap-3">
              {cancelButton}
              <button type="submit" disabled={pending} className={dangerButton}>
                {pending ? t('embedSettings.revoke.revoking') : t('embedSettings.revoke.confirm')}
              </button>
            </div>
          </form>
        )}
      </ConfirmDialog>
    </>
  );
}
