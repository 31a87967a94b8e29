import type { Translate } from '@/lib/i18n/translate';
import type { OutcomeGroup } from '@/lib/server/data/communications';
import type { CommunicationCategory, PolicyReason } from '@/lib/domain/policy';

type ConflictReason =
  | 'PARTNER_OWNS_BILLING'
  | 'DIRECT_RELATIONSHIP_PENDING_REVIEW'
  | 'DIRECT_RELATIONSHIP_REJECTED'
  | 'NO_DIRECT_RELATIONSHIP'
  | 'GENERAL_RULE';
const CONFLICT_REASONS: readonly PolicyReason[] = [
  'PARTNER_OWNS_BILLING',
  'DIRECT_RELATIONSHIP_PENDING_REVIEW',
  'DIRECT_RELATIONSHIP_REJECTED',
  'NO_DIRECT_RELATIONSHIP',
  'GENERAL_RULE',
];

/** Why a conflict is one, in plain words (reasons whose outcome is not Microsoft's). */
export function conflictExplanation(t: Translate, reason: PolicyReason): string {
  return CONFLICT_REASONS.includes(reason)
    ? t(`communications.conflict.explanations.${reason as ConflictReason}`)
    : t('policy.reasons.GENERAL_RULE');
}

/**
 * For one communication: the affected customers grouped by what the policy says about its
 * category for them — Microsoft may have told them (the partner need not repeat it), or it was the
 * partner's to send (a conflict, explained). Customers for whom the communication falls in another
 * category than `category` (a post about products they buy outside CSP) are named with it.
 */
export function PolicySummary({
  t,
  groups,
  headingId,
  category,
}: {
  t: Translate;
  groups: OutcomeGroup[];
  headingId: string;
  category: CommunicationCategory;
}) {
  if (groups.length === 0) return null;
  return (
    <div className="mt-3 rounded border border-neutral-200 bg-neutral-50 p-3">
      <h3 id={headingId} className="text-sm font-semibold">
        {t('communications.policy.heading')}
      </h3>
      <ul aria-labelledby={headingId} className="mt-2 space-y-2 text-sm">
        {groups.map((group) => (
          <li
            key={`${group.category}/${group.outcome}/${group.reason}`}
            className={group.isConflict ? 'border-l-4 border-red-700 pl-2' : 'border-l-4 border-green-700 pl-2'}
          >
            <span className="font-semibold">{t(`policy.outcomes.${group.outcome}`)}</span>
            <span className="text-neutral-700"> · {t('communications.policy.customers', { count: group.count })}</span>
            {group.category !== category ? (
              <span className="text-neutral-700">
                {' '}
                · {t('communications.policy.otherCategory', { category: t(`policy.categories.${group.category}`) })}
              </span>
            ) : null}
            {group.isConflict ? (
              <>
                {' '}
                <span className="rounded bg-red-100 px-1.5 py-0.5 text-xs font-semibold text-red-900">
                  {t('communications.conflict.badge')}
                </span>
                <p className="mt-0.5">
                  {t('communications.policy.partner')} {conflictExplanation(t, group.reason)}
                </p>
              </>
            ) : (
              <p className="mt-0.5">
                {group.outcome === 'MICROSOFT_OWNS_BILLING'
                  ? t('communications.policy.microsoftBills')
                  : t('communications.policy.microsoft')}
              </p>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
