import type { PolicyDecision, PolicyOutcome } from '@/lib/domain/policy';
import type { Translate } from '@/lib/i18n/translate';
import { Section, tableClass, tdClass, thClass } from './section';

// Outcome badges: colour is decoration only; the words carry the meaning.
const BADGE: Record<PolicyOutcome, string> = {
  PARTNER_ONLY: 'border-neutral-400 bg-neutral-100 text-neutral-900',
  MICROSOFT_OWNS_BILLING: 'border-sky-300 bg-sky-50 text-sky-900',
  MICROSOFT_MAY_CONTACT: 'border-sky-300 bg-sky-50 text-sky-900',
  MICROSOFT_DIRECT_NON_CSP: 'border-sky-300 bg-sky-50 text-sky-900',
  PENDING_REVIEW: 'border-amber-300 bg-amber-50 text-amber-900',
  NO_DIRECT_RELATIONSHIP: 'border-neutral-400 bg-neutral-100 text-neutral-900',
};

/** The communication-policy matrix (lib/domain/policy.ts): one row per category, with the reason in plain words. */
export function PolicyMatrix({ entries, customerName, t }: { entries: PolicyDecision[]; customerName: string; t: Translate }) {
  return (
    <Section id="customer-policy" title={t('customers.detail.policy.title')}>
      <p className="mb-3 text-sm text-neutral-700">{t('customers.detail.policy.description', { customer: customerName })}</p>
      <div className="overflow-x-auto">
        <table className={tableClass}>
          <caption className="sr-only">{t('customers.detail.policy.title')}</caption>
          <thead className="bg-neutral-50">
            <tr>
              <th scope="col" className={thClass}>
                {t('customers.detail.policy.category')}
              </th>
              <th scope="col" className={thClass}>
                {t('customers.detail.policy.outcome')}
              </th>
              <th scope="col" className={thClass}>
                {t('customers.detail.policy.reason')}
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.category} className="border-t border-neutral-100 align-top">
                <th scope="row" className={`${tdClass} font-normal`}>
                  <span className="font-semibold">{t(`policy.categories.${entry.category}`)}</span>
                  <span className="mt-0.5 block text-xs text-neutral-700">{t(`policy.categoryDescriptions.${entry.category}`)}</span>
                </th>
                <td className={tdClass}>
                  <span className={`inline-block rounded border px-2 py-0.5 text-sm font-semibold ${BADGE[entry.outcome]}`}>
                    {t(`policy.outcomes.${entry.outcome}`)}
                  </span>
                </td>
                <td className={tdClass}>{t(`policy.reasons.${entry.reason}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}
