'use client';
import { useI18n } from '@/components/i18n-provider';
import { secondaryButton, useKeptForm } from '@/components/customer-forms/form-parts';
import { setServiceUpdateOptOutAction } from '@/lib/server/actions/service-updates';

/**
 * A customer's opt-out of the automatic service-update notices, as one button: "Opt out" while it
 * receives them, "Opt back in" once it does not (the page shows the new state after the save).
 */
export function ServiceUpdateOptOutButton({ customerId, optedOut, name }: { customerId: string; optedOut: boolean; name: string }) {
  const { t } = useI18n();
  const { state, formAction, onSubmit, pending, formRef, alertRef } = useKeptForm(setServiceUpdateOptOutAction);
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} className="inline-flex flex-wrap items-center gap-2">
      <input type="hidden" name="customerId" value={customerId} />
      <input type="hidden" name="optedOut" value={optedOut ? '0' : '1'} />
      <button
        type="submit"
        disabled={pending}
        className={`${secondaryButton} px-3 py-1.5 text-sm`}
        aria-label={optedOut ? t('serviceUpdateOptOut.optInFor', { name }) : t('serviceUpdateOptOut.optOutFor', { name })}
      >
        {optedOut ? t('serviceUpdateOptOut.optIn') : t('serviceUpdateOptOut.optOut')}
      </button>
      {state && !state.ok ? (
        <span role="alert" className="text-sm text-red-800">
          <span ref={alertRef} tabIndex={-1} className="outline-none">
            {t(`noticeSettings.serviceUpdates.errors.${state.code}`)}
          </span>
        </span>
      ) : null}
    </form>
  );
}
