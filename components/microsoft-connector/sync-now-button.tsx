'use client';
import { useI18n } from '@/components/i18n-provider';
import { primaryButton, useKeptForm } from '@/components/customer-forms/form-parts';
import { requestSyncAction, type ConnectorActionResult } from '@/lib/server/actions/microsoft-connector';
import { ConnectorAlert } from './connector-alert';

/** "Sync now": every tenant is read at the worker's next round, whatever the schedule. */
export function SyncNowButton() {
  const { t } = useI18n();
  const { state, onSubmit, formAction, pending, formRef, alertRef } = useKeptForm<ConnectorActionResult>(requestSyncAction);
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} className="space-y-2">
      <button type="submit" disabled={pending} className={primaryButton}>
        {pending ? t('microsoftConnector.sync.requesting') : t('microsoftConnector.sync.now')}
      </button>
      {state?.ok ? (
        <p role="status" className="text-sm text-green-900">
          {t('microsoftConnector.sync.requested')}
        </p>
      ) : null}
      <ConnectorAlert state={state} alertRef={alertRef} />
    </form>
  );
}
