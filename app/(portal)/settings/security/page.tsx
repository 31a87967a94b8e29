import type { Metadata } from 'next';
import QRCode from 'qrcode';
import { PageHeader } from '@/components/ui/page-header';
import { SignInRuleForm } from '@/components/security/sign-in-rule-form';
import {
  ConfirmEnrolmentForm,
  RenewRecoveryCodesForm,
  StartEnrolmentButton,
  TurnOffTwoStepForm,
} from '@/components/security/two-step-forms';
import { requireViewer } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { getEnrolmentKey, getTwoStepStatus } from '@/lib/server/data/two-step';
import { getSignInRules } from '@/lib/server/data/sign-in-rules';
import { identityProviderButtons } from '@/lib/server/auth';
import { can } from '@/lib/domain/permissions';
import { TWO_STEP_ROLES } from '@/lib/domain/two-step';
import { formatDate } from '@/lib/i18n/translate';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('security.title') };
}

const section = 'space-y-4 rounded-md border border-neutral-200 bg-white p-6 shadow-sm';

/**
 * Every user's two-step sign-in (the one page a user held at enrolment may open), and for partner
 * admins their partner's sign-in rules.
 */
export default async function SecurityPage() {
  const viewer = await requireViewer();
  const { t, locale } = await getTranslator();
  const status = await getTwoStepStatus(viewer);
  const pending = viewer.twoStep?.enrolmentPending ?? false;
  const key = status.enrolling ? await getEnrolmentKey(viewer) : null;
  // The QR code is made here, as a data: URL (the CSP allows data: images): no request leaves the portal.
  const qr = key ? await QRCode.toDataURL(key.uri, { margin: 1, width: 208, errorCorrectionLevel: 'M' }) : null;
  const rules = can(viewer.role, 'settings:users') && !pending ? await getSignInRules(viewer) : null;
  const providers = identityProviderButtons()
    .map((provider) => provider.name)
    .join(', ');
  return (
    <>
      <PageHeader title={t('security.title')} description={t('security.description')} />
      {pending ? (
        <p
          role="status"
          className="mb-6 max-w-3xl rounded border border-amber-400 bg-amber-50 px-4 py-3 text-sm font-medium text-amber-950"
        >
          {t('security.pending')}
        </p>
      ) : null}
      <div className="space-y-6">
        <section aria-labelledby="two-step-title" className={section}>
          <h2 id="two-step-title" className="text-lg font-semibold">
            {t('security.twoStepTitle')}
          </h2>
          {status.exempt ? (
            <p className="max-w-3xl text-sm text-neutral-800">{t('security.demo')}</p>
          ) : (
            <>
              <p className="max-w-3xl text-sm text-neutral-800">{t('security.intro')}</p>
              <p className="font-medium">
                {status.enabled ? t('security.on') : t('security.off')}{' '}
                {status.enabledAt ? (
                  <span className="font-normal text-neutral-700">
                    {t('security.onSince', { date: formatDate(locale, status.enabledAt, viewer.timeZone) })}
                  </span>
                ) : null}
              </p>
              {status.required ? (
                <p className="text-sm text-neutral-800">
                  {TWO_STEP_ROLES.includes(viewer.role)
                    ? t('security.requiredByRole')
                    : t('security.requiredByPartner', { partner: viewer.partnerName ?? '' })}
                </p>
              ) : null}
            </>
          )}
          {status.exempt ? null : status.enabled ? (
            <>
              <p className="text-sm text-neutral-800">{t('security.recoveryLeft', { count: status.recoveryCodesLeft })}</p>
              <div className="border-t border-neutral-200 pt-4">
                <RenewRecoveryCodesForm />
              </div>
              <div className="border-t border-neutral-200 pt-4">
                <TurnOffTwoStepForm required={status.required} />
              </div>
            </>
          ) : key && qr ? (
            <div className="space-y-4 border-t border-neutral-200 pt-4">
              <p className="text-sm font-medium">{t('security.scan')}</p>
              {/* A data: URL made on the server; next/image would add nothing here. */}
              {/* eslint-disable-next-line @next/next/no-img-element */}
              <img src={qr} alt={t('security.qrAlt')} width={208} height={208} className="rounded border border-neutral-300" />
              <div>
                <p className="text-sm">{t('security.keyLabel')}</p>
                <p className="mt-1 font-mono text-base tracking-wider break-all" data-testid="two-step-key">
                  {key.key.match(/.{1,4}/g)?.join(' ')}
                </p>
              </div>
              <ConfirmEnrolmentForm />
            </div>
          ) : (
            <StartEnrolmentButton />
          )}
        </section>
        {rules?.ok ? (
          <section aria-labelledby="rules-title" className={section}>
            <h2 id="rules-title" className="text-lg font-semibold">
              {t('security.rules.title', { partner: rules.rules.partnerName })}
            </h2>
            <p className="max-w-3xl text-sm text-neutral-800">{t('security.rules.intro', { partner: rules.rules.partnerName })}</p>
            <div className="space-y-2">
              <p className="font-medium">
                {rules.rules.twoStepRequired ? t('security.rules.everyoneOn') : t('security.rules.everyoneOff')}
              </p>
              <p className="text-sm text-neutral-700">{t('security.rules.requireHint')}</p>
              <SignInRuleForm
                rule="twoStepRequired"
                value={rules.rules.twoStepRequired ? 'off' : 'on'}
                label={rules.rules.twoStepRequired ? t('security.rules.requireAdminsOnly') : t('security.rules.requireEveryone')}
                values={{ providers }}
              />
            </div>
            <div className="space-y-2 border-t border-neutral-200 pt-4">
              {rules.rules.providers.length === 0 ? (
                <p className="text-sm text-neutral-800">{t('security.rules.noProvider')}</p>
              ) : (
                <>
                  <p className="font-medium">
                    {rules.rules.passwordSignInDisabled ? t('security.rules.passwordOff', { providers }) : t('security.rules.passwordOn')}
                  </p>
                  <p className="text-sm text-neutral-700">
                    {t('security.rules.linkedAdmins', { providers, count: rules.rules.linkedAdmins })}
                  </p>
                  {rules.rules.passwordSignInDisabled ? (
                    <SignInRuleForm rule="passwordSignIn" value="on" label={t('security.rules.turnPasswordOn')} values={{ providers }} />
                  ) : (
                    <SignInRuleForm
                      rule="passwordSignIn"
                      value="off"
                      label={t('security.rules.turnPasswordOff')}
                      values={{ providers }}
                      confirm={{
                        title: t('security.rules.confirmPasswordOffTitle'),
                        body: t('security.rules.confirmPasswordOffBody', { partner: rules.rules.partnerName, providers }),
                        confirmLabel: t('security.rules.confirmPasswordOff'),
                        cancelLabel: t('security.rules.keep'),
                      }}
                    />
                  )}
                </>
              )}
            </div>
          </section>
        ) : null}
      </div>
    </>
  );
}
