import type { RecipientChange } from '@/lib/server/data/notice-reads';
import { formatDateTime, type Translate } from '@/lib/i18n/translate';
import type { MessageKey } from '@/lib/i18n/translate';
import type { Locale } from '@/lib/i18n/locales';
import { Section } from '@/components/customers/section';

const REASONS = ['CONTACT_CREATED', 'CONTACT_UPDATED', 'CONTACT_DELETED', 'CUSTOMER_UPDATED', 'DUE', 'CHECKS_FAILED_WHEN_DUE'] as const;

function reasonText(t: Translate, reason: string): string {
  return (REASONS as readonly string[]).includes(reason)
    ? t(`notices.detail.recipientChanges.reasons.${reason}` as MessageKey)
    : t('notices.detail.recipientChanges.reasons.DUE');
}

/** Addresses as listed in the event (up to 100), with how many more there were. */
function Addresses({ label, list, count, t }: { label: string; list: string[]; count: number; t: Translate }) {
  if (count === 0) return null;
  const more = count - list.length;
  return (
    <p className="mt-1 text-sm">
      <span className="font-medium">{label}</span> {list.join(', ')}
      {more > 0 ? ` ${t('notices.detail.recipientChanges.more', { count: more })}` : ''}
    </p>
  );
}

/**
 * After a notice is scheduled, who receives it follows its customers' contacts: each change made to
 * its queued deliveries (and a return to draft when it no longer passed its checks) is listed here.
 */
export function RecipientChanges({
  changes,
  t,
  locale,
  timeZone,
}: {
  changes: RecipientChange[];
  t: Translate;
  locale: Locale;
  timeZone: string;
}) {
  if (changes.length === 0) return null;
  return (
    <Section id="recipient-changes" title={t('notices.detail.recipientChanges.title')}>
      <ul className="grid gap-3">
        {changes.map((change) => (
          <li key={`${change.at.toISOString()}-${change.kind}-${change.reason}`} className="border-l-4 border-neutral-300 pl-3">
            <p className="text-sm">
              <span className="font-medium">{formatDateTime(locale, change.at, timeZone)}</span> ·{' '}
              {change.kind === 'RETURNED_TO_DRAFT' ? t('notices.detail.recipientChanges.returnedToDraft') : reasonText(t, change.reason)}
              {' · '}
              {change.byPortal
                ? t('notices.detail.recipientChanges.byPortal')
                : t('notices.detail.recipientChanges.by', { actor: change.actor })}
            </p>
            <Addresses label={t('notices.detail.recipientChanges.removed')} list={change.removed} count={change.removedCount} t={t} />
            <Addresses label={t('notices.detail.recipientChanges.added')} list={change.added} count={change.addedCount} t={t} />
          </li>
        ))}
      </ul>
    </Section>
  );
}
