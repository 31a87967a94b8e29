import type { Translate } from '@/lib/i18n/translate';

/** What the partner sets up in Microsoft Entra ID, and what each customer's administrator consents to. */
export function ConnectorExplanation({ t }: { t: Translate }) {
  return (
    <div className="space-y-3 text-sm text-neutral-800">
      <p>{t('microsoftConnector.explain.intro')}</p>
      <h3 className="font-semibold">{t('microsoftConnector.explain.appTitle')}</h3>
      <p>{t('microsoftConnector.explain.app')}</p>
      <h3 className="font-semibold">{t('microsoftConnector.explain.permissionsTitle')}</h3>
      <ul className="list-disc space-y-1 pl-5">
        <li>
          <span className="font-mono">ServiceHealth.Read.All</span> — {t('microsoftConnector.explain.serviceHealth')}
        </li>
        <li>
          <span className="font-mono">ServiceMessage.Read.All</span> — {t('microsoftConnector.explain.serviceMessage')}
        </li>
      </ul>
      <p>{t('microsoftConnector.explain.permissionsNote')}</p>
      <h3 className="font-semibold">{t('microsoftConnector.explain.consentTitle')}</h3>
      <p>{t('microsoftConnector.explain.consent')}</p>
      <p>{t('microsoftConnector.explain.consentLink')}</p>
      <h3 className="font-semibold">{t('microsoftConnector.explain.cloudsTitle')}</h3>
      <ul className="list-disc space-y-1 pl-5">
        <li>{t('microsoftConnector.explain.cloudPublic')}</li>
        <li>{t('microsoftConnector.explain.cloudGovernment')}</li>
        <li>{t('microsoftConnector.explain.cloudGermany')}</li>
      </ul>
      <p>{t('microsoftConnector.explain.secretStorage')}</p>
    </div>
  );
}
