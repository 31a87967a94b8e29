import type { NoticeStatus } from '@/lib/domain/notice-lifecycle';
import type { Translate } from '@/lib/i18n/translate';

const TONE: Record<NoticeStatus, string> = {
  DRAFT: 'border-neutral-400 bg-neutral-50 text-neutral-900',
  SCHEDULED: 'border-blue-300 bg-blue-50 text-blue-900',
  SENDING: 'border-amber-300 bg-amber-50 text-amber-900',
  SENT: 'border-green-300 bg-green-50 text-green-900',
  PARTIALLY_FAILED: 'border-orange-300 bg-orange-50 text-orange-900',
  FAILED: 'border-red-300 bg-red-50 text-red-900',
  CANCELLED: 'border-neutral-300 bg-neutral-100 text-neutral-800',
  ARCHIVED: 'border-neutral-300 bg-neutral-100 text-neutral-800',
};

/** A notice's status as a badge (the word carries the meaning; the colour only repeats it). */
export function NoticeStatusBadge({ status, t }: { status: NoticeStatus; t: Translate }) {
  return (
    <span className={`inline-block rounded border px-2 py-0.5 text-xs font-semibold ${TONE[status]}`}>{t(`noticeStatus.${status}`)}</span>
  );
}
