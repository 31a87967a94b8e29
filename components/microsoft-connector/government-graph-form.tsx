'use client';
import { useI18n } from '@/components/i18n-provider';
import { secondaryButton, useKeptForm } from '@/components/customer-forms/form-parts';
import { setGovernmentGraphAction, type ConnectorActionResult } from '@/lib/server/actions/microsoft-connector';
import type { GovernmentGraph } from '@/lib/domain/microsoft-cloud';
import { ConnectorAlert } from './connector-alert';

/** A US Government tenant's Graph: GCC High (graph.microsoft.us) or DoD (dod-graph.microsoft.us). */
export function GovernmentGraphForm({
  customerId,
  companyName,
  value,
}: {
  customerId: string;
  companyName: string;
  value: GovernmentGraph | null;
}) {
  const { t } = useI18n();
  const { state, onSubmit, formAction, pending, formRef, alertRef } = useKeptForm<ConnectorActionResult>(setGovernmentGraphAction);
  const id = `graph-${customerId}`;
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} className="mt-1 flex flex-wrap items-center gap-2">
      <input type="hidden" name="customerId" value={customerId} />
      <label htmlFor={id} className="sr-only">
        {t('microsoftConnector.tenants.governmentGraphFor', { customer: companyName })}
      </label>
      <select
        id={id}
        name="governmentGraph"
        defaultValue={value ?? 'GCC_HIGH'}
        className="rounded border border-neutral-500 bg-white px-2 py-1 text-sm"
      >
        <option value="GCC_HIGH">{t('microsoftConnector.tenants.governmentGraphs.GCC_HIGH')}</option>
        <option value="DOD">{t('microsoftConnector.tenants.governmentGraphs.DOD')}</option>
      </select>
      <button type="submit" disabled={pending} className={`${secondaryButton} px-2 py-1 text-sm`}>
        {t('microsoftConnector.tenants.governmentGraphSave')}
      </button>
      {state?.ok ? (
        <span role="status" className="text-sm text-green-900">
          {t('microsoftConnector.tenants.governmentGraphSaved')}
        </span>
      ) : null}
      <ConnectorAlert state={state} alertRef={alertRef} />
    </form>
  );
}
