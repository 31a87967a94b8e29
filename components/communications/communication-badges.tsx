import type { Translate } from '@/lib/i18n/translate';
import type { CommunicationItem } from '@/lib/server/data/communications';
import { classificationLabel } from './labels';

const badge = 'rounded px-2 py-0.5 text-xs font-semibold';

/** Category, classification, open or resolved, a major change or high impact, and the conflict count when there is one. */
export function CommunicationBadges({
  item,
  t,
}: {
  item: Pick<
    CommunicationItem,
    'category' | 'classification' | 'isOpen' | 'conflictCount' | 'affectedCount' | 'isMajorChange' | 'highImpact'
  >;
  t: Translate;
}) {
  return (
    <p className="flex flex-wrap gap-2">
      <span className={`${badge} bg-blue-100 text-blue-900`}>{t(`policy.categories.${item.category}`)}</span>
      <span className={`${badge} bg-neutral-100 text-neutral-800`}>{classificationLabel(t, item.classification)}</span>
      <span className={`${badge} ${item.isOpen ? 'bg-amber-100 text-amber-900' : 'bg-green-100 text-green-900'}`}>
        {item.isOpen ? t('communications.states.open') : t('communications.states.resolved')}
      </span>
      {item.isMajorChange ? (
        <span className={`${badge} bg-purple-100 text-purple-900`}>{t('communications.badges.majorChange')}</span>
      ) : null}
      {item.highImpact ? <span className={`${badge} bg-orange-100 text-orange-900`}>{t('communications.badges.highImpact')}</span> : null}
      {item.conflictCount > 0 ? (
        <span className={`${badge} bg-red-700 text-white`}>
          {t('communications.conflict.summary', { count: item.conflictCount, total: item.affectedCount })}
        </span>
      ) : null}
    </p>
  );
}
