'use client';
import { useState } from 'react';
import { useI18n } from '@/components/i18n-provider';
import { ConfirmDialog } from '@/components/customer-forms/confirm-dialog';
import { dangerButton, useKeptForm } from '@/components/customer-forms/form-parts';
import { removeConnectorAction, type ConnectorActionResult } from '@/lib/server/actions/microsoft-connector';
import { ConnectorAlert } from './connector-alert';

/** "Remove connector…": nothing is removed before the dialog's confirmation. */
export function RemoveConnector({ version }: { version: number }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const { state, formAction, onSubmit, pending, formRef, alertRef } = useKeptForm<ConnectorActionResult>(removeConnectorAction);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} className={dangerButton}>
        {t('microsoftConnector.remove.button')}
      </button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title={t('microsoftConnector.remove.title')}
        cancelLabel={t('microsoftConnector.remove.keep')}
      >
        {({ cancelButton, descriptionId }) => (
          <form ref={formRef} action={formAction} onSubmit={onSubmit} className="mt-3 space-y-4">
            <p id={descriptionId} className="text-sm text-neutral-800">
              {t('microsoftConnector.remove.body')}
            </p>
            <ConnectorAlert state={state} alertRef={alertRef} />
            <input type="hidden" name="version" value={version} />
            <div className="flex flex-wrap justify-end gap-3">
              {cancelButton}
              <button type="submit" disabled={pending} className={dangerButton}>
                {pending ? t('microsoftConnector.remove.removing') : t('microsoftConnector.remove.confirm')}
              </button>
            </div>
          </form>
        )}
      </ConfirmDialog>
    </>
  );
}
