'use client';
import { useState } from 'react';
import { useI18n } from '@/components/i18n-provider';
import { deleteContactAction, deleteSubscriptionAction } from '@/lib/server/actions/customers';
import { ConfirmDialog } from './confirm-dialog';
import { dangerButton, FormAlert, useKeptForm } from './form-parts';

/** "Delete contact…" / "Delete subscription…": nothing is deleted before the dialog's confirmation. */
export function DeleteButton({
  kind,
  customerId,
  targetId,
  expectedUpdatedAt,
  title,
  body,
  reloadHref,
}: {
  kind: 'contact' | 'subscription';
  customerId: string;
  targetId: string;
  expectedUpdatedAt: string;
  title: string;
  body: string;
  reloadHref: string;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const { state, formAction, onSubmit, pending, formRef, alertRef } = useKeptForm(
    kind === 'contact' ? deleteContactAction : deleteSubscriptionAction,
  );
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} className={dangerButton}>
        {kind === 'contact' ? t('customerForms.deleteContact') : t('customerForms.deleteSubscription')}
      </button>
      <ConfirmDialog open={open} onClose={() => setOpen(false)} title={title} cancelLabel={t('customerForms.keep')}>
        {({ cancelButton, descriptionId }) => (
          <form ref={formRef} action={formAction} onSubmit={onSubmit} className="mt-3 space-y-4">
            <p id={descriptionId} className="text-sm text-neutral-800">
              {body}
            </p>
            <FormAlert
              state={state}
              alertRef={alertRef}
              staleKey={kind === 'contact' ? 'customerForms.errors.staleContact' : 'customerForms.errors.staleSubscription'}
              reloadHref={reloadHref}
            />
            <input type="hidden" name="customerId" value={customerId} />
            <input type="hidden" name={kind === 'contact' ? 'contactId' : 'subscriptionId'} value={targetId} />
            <input type="hidden" name="expectedUpdatedAt" value={expectedUpdatedAt} />
            <div className="flex flex-wrap justify-end gap-3">
              {cancelButton}
              <button type="submit" disabled={pending} className={dangerButton}>
                {pending ? t('customerForms.deleting') : t('customerForms.confirmDelete')}
              </button>
            </div>
          </form>
        )}
      </ConfirmDialog>
    </>
  );
}
