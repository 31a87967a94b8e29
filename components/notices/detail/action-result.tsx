'use client';
import { createContext, useContext, useEffect, useRef, useState, useTransition, type ReactNode } from 'react';
import { useI18n } from '@/components/i18n-provider';
import type { NoticeActionResult } from '@/lib/server/actions/notices';
import { formatDateTime, type Translate } from '@/lib/i18n/translate';
import type { Locale } from '@/lib/i18n/locales';

type Action = (previous: NoticeActionResult | null, form: FormData) => Promise<NoticeActionResult>;

type SharedResult = { result: NoticeActionResult | null; setResult: (result: NoticeActionResult) => void };
const SharedResultContext = createContext<SharedResult | null>(null);

/**
 * Keeps the last action's result for the whole notice page. A button that acts on one delivery
 * disappears with the refresh its action causes (the row is no longer FAILED); its result must
 * outlive it, so it is kept here and shown by the page's action area.
 */
export function NoticeActionResults({ children }: { children: ReactNode }) {
  const [result, setResult] = useState<NoticeActionResult | null>(null);
  return <SharedResultContext.Provider value={{ result, setResult }}>{children}</SharedResultContext.Provider>;
}

/** Runs a notice action from a form's submit and keeps its result (the page refreshes itself on success). */
export function useNoticeAction() {
  const shared = useContext(SharedResultContext);
  const [local, setLocal] = useState<NoticeActionResult | null>(null);
  const result = shared ? shared.result : local;
  const setResult = shared ? shared.setResult : setLocal;
  const [pending, startTransition] = useTransition();
  const run = (action: Action, form: FormData, after?: (result: NoticeActionResult) => void) => {
    startTransition(async () => {
      const next = await action(null, form);
      setResult(next);
      after?.(next);
    });
  };
  return { result, pending, run, shared: shared !== null };
}

/** A result in words: what was done, or why nothing was (the data layer's code, with the notice's status now). */
export function resultText(t: Translate, locale: Locale, timeZone: string, result: NoticeActionResult): string {
  if (result.ok) {
    switch (result.action) {
      case 'schedule':
        return t('notices.actions.done.schedule', {
          date: result.scheduledAt ? formatDateTime(locale, new Date(result.scheduledAt), timeZone) : '',
        });
      case 'retry':
        return result.requeued === 1
          ? t('notices.actions.done.retryOne')
          : t('notices.actions.done.retry', { count: result.requeued ?? 0 });
      default:
        return t(`notices.actions.done.${result.action}`);
    }
  }
  const status = (value: string | undefined) => (value ? t(`noticeStatus.${value as 'DRAFT'}`) : '');
  switch (result.code) {
    case 'STALE':
      return result.status ? t('notices.errors.STALE', { status: status(result.status) }) : t('notices.errors.STALE_UNKNOWN');
    case 'TRANSITION_NOT_ALLOWED':
      return t('notices.errors.TRANSITION_NOT_ALLOWED', { from: status(result.from), to: status(result.to) });
    case 'NOT_EDITABLE':
      return t('notices.errors.NOT_EDITABLE', { status: status(result.status) });
    case 'DELIVERY_NOT_RETRYABLE':
      return t('notices.errors.DELIVERY_NOT_RETRYABLE', {
        status: result.deliveryStatus ? t(`notices.deliveries.statuses.${result.deliveryStatus}`) : '',
      });
    case 'notAllowed':
    case 'invalid':
    case 'timeInvalid':
    case 'NOT_FOUND':
    case 'NOTHING_TO_RETRY':
    case 'DELIVERY_NOT_FOUND':
    case 'SCHEDULE_NOT_IN_FUTURE':
    case 'SCHEDULE_INVALID_TIME':
    case 'NOTICE_INVALID':
    case 'FORBIDDEN':
      return t(`notices.errors.${result.code}`);
    default:
      return t('notices.errors.unexpected');
  }
}

/** The result of the last action: a polite status when done, an alert (focused) when refused. */
export function ActionMessage({
  result,
  timeZone,
  reloadHref,
}: {
  result: NoticeActionResult | null;
  timeZone: string;
  reloadHref: string;
}) {
  const { t, locale } = useI18n();
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (result && !result.ok) ref.current?.focus();
  }, [result]);
  if (!result) return null;
  const text = resultText(t, locale, timeZone, result);
  if (result.ok) {
    return (
      <p role="status" className="rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
        {text}
      </p>
    );
  }
  const reload =
    result.code === 'STALE' ||
    result.code === 'TRANSITION_NOT_ALLOWED' ||
    result.code === 'NOT_EDITABLE' ||
    result.code === 'DELIVERY_NOT_RETRYABLE';
  return (
    <div role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
      <p ref={ref} tabIndex={-1} className="outline-none">
        {text}
      </p>
      {reload ? (
        <a href={reloadHref} className="mt-1 inline-block font-semibold text-red-900 underline">
          {t('notices.actions.reload')}
        </a>
      ) : null}
    </div>
  );
}
