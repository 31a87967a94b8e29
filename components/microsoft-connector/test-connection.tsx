'use client';
import { useActionState } from 'react';
import { useI18n } from '@/components/i18n-provider';
import { secondaryButton } from '@/components/customer-forms/form-parts';
import { testTenantAction } from '@/lib/server/actions/microsoft-connector';
import { connectorErrorAction, connectorErrorTitle } from './connector-errors';

/** "Test connection" for one customer's tenant: asks Microsoft now, and says what it found in words. */
export function TestConnection({ customerId, companyName }: { customerId: string; companyName: string }) {
  const { t } = useI18n();
  const [state, formAction, pending] = useActionState(testTenantAction, null);
  return (
    <form action={formAction} className="space-y-1">
      <input type="hidden" name="customerId" value={customerId} />
      <button
        type="submit"
        disabled={pending}
        aria-label={t('microsoftConnector.test.buttonFor', { customer: companyName })}
        className={`${secondaryButton} px-3 py-1 text-sm`}
      >
        {pending ? t('microsoftConnector.test.testing') : t('microsoftConnector.test.button')}
      </button>
      <div role="status" className="text-sm">
        {state === null ? null : !state.ok ? (
          <p className="text-red-900">{t(`microsoftConnector.actionErrors.${state.code}`)}</p>
        ) : state.test.ok ? (
          <p className="font-medium text-green-900">{t('microsoftConnector.test.ok', { customer: state.companyName })}</p>
        ) : (
          <div className="text-red-900">
            <p className="font-semibold">
              {t('microsoftConnector.test.failed', { problem: connectorErrorTitle(t, state.test.failure.code) })}
            </p>
            <p>{connectorErrorAction(t, state.test.failure.code)}</p>
            {state.test.failure.microsoftCode ? (
              <p className="text-xs text-neutral-800">
                {t('microsoftConnector.tenants.microsoftCode', { code: state.test.failure.microsoftCode })}
              </p>
            ) : null}
          </div>
        )}
      </div>
    </form>
  );
}
