import type { DeliveryCounts } from '@/lib/domain/notice-lifecycle';
import type { Translate } from '@/lib/i18n/translate';

/** Sent / failed / queued of all deliveries, as a labelled progress bar (final deliveries out of all). */
export function DeliveryProgress({ counts, t }: { counts: DeliveryCounts; t: Translate }) {
  const done = counts.sent + counts.failed + counts.cancelled;
  const percent = counts.total === 0 ? 0 : Math.floor((done / counts.total) * 100);
  const share = (n: number) => `${counts.total === 0 ? 0 : (n / counts.total) * 100}%`;
  const text = t('notices.deliveries.progressText', {
    sent: counts.sent,
    failed: counts.failed,
    queued: counts.queued,
    total: counts.total,
  });
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <span id="delivery-progress-label" className="font-medium">
          {t('notices.deliveries.progressLabel')}
        </span>
        <span>
          {text}
          {counts.cancelled > 0 ? ` · ${t('notices.deliveries.cancelledText', { count: counts.cancelled })}` : ''} ·{' '}
          {t('notices.deliveries.percent', { percent })}
        </span>
      </div>
      <div
        role="progressbar"
        aria-labelledby="delivery-progress-label"
        aria-valuemin={0}
        aria-valuemax={counts.total}
        aria-valuenow={done}
        aria-valuetext={text}
        className="flex h-3 w-full overflow-hidden rounded bg-neutral-200"
      >
        <div className="h-full bg-green-700" style={{ width: share(counts.sent) }} />
        <div className="h-full bg-red-700" style={{ width: share(counts.failed) }} />
        <div className="h-full bg-neutral-500" style={{ width: share(counts.cancelled) }} />
      </div>
    </div>
  );
}
