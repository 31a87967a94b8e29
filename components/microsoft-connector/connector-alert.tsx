'use client';
import { useI18n } from '@/components/i18n-provider';
import type { ConnectorActionCode } from '@/lib/server/actions/microsoft-connector';

/** The form-level message of a refused connector action, in words. */
export function ConnectorAlert({
  state,
  alertRef,
}: {
  state: { ok: true } | { ok: false; code: ConnectorActionCode } | null;
  alertRef?: React.Ref<HTMLParagraphElement>;
}) {
  const { t } = useI18n();
  if (!state || state.ok) return null;
  return (
    <div role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
      <p ref={alertRef} tabIndex={-1} className="outline-none">
        {t(`microsoftConnector.actionErrors.${state.code}`)}
      </p>
      {state.code === 'STALE' ? (
        <a href="/settings/microsoft" className="mt-1 inline-block font-semibold text-red-900 underline">
          {t('microsoftConnector.actionErrors.reload')}
        </a>
      ) : null}
    </div>
  );
}
