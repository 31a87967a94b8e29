import type { Translate } from '@/lib/i18n/translate';
import type { CommunicationItem } from '@/lib/server/data/communications';

const badge = 'rounded px-2 py-0.5 text-xs font-semibold';

/** Category, classification, open or resolved, and the conflict count when there is one. */
export function CommunicationBadges({
  item,
  t,
}: {
  item: Pick<CommunicationItem, 'category' | 'classification' | 'isResolved' | 'conflictCount' | 'affectedCount'>;
  t: Translate;
}) {
  return (
    <p className="flex flex-wrap gap-2">
      <span className={`${badge} bg-blue-100 text-blue-900`}>{t(`policy.categories.${item.category}`)}</span>
      <span className={`${badge} bg-neutral-100 text-neutral-800`}>{t(`communications.classifications.${item.classification}`)}</span>
      <span className={`${badge} ${item.isResolved ? 'bg-green-100 text-green-900' : 'bg-amber-100 text-amber-900'}`}>
        {item.isResolved ? t('communications.states.resolved') : t('communications.states.open')}
      </span>
      {item.conflictCount > 0 ? (
        <span className={`${badge} bg-red-700 text-white`}>
          {t('communications.conflict.summary', { count: item.conflictCount, total: item.affectedCount })}
        </span>
      ) : null}
    </p>
  );
}
