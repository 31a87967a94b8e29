'use client';
import { useState, type FormEvent } from 'react';
import { useI18n } from '@/components/i18n-provider';
import { ConfirmDialog } from '@/components/customer-forms/confirm-dialog';
import { dangerButton, primaryButton, secondaryButton } from '@/components/customer-forms/form-parts';
import {
  archiveNoticeAction,
  cancelNoticeAction,
  duplicateNoticeAction,
  retryDeliveriesAction,
  scheduleNoticeAction,
  sendNoticeNowAction,
  unscheduleNoticeAction,
  type NoticeActionResult,
} from '@/lib/server/actions/notices';
import type { NoticeAction, NoticeStatus } from '@/lib/domain/notice-lifecycle';
import { ActionMessage, useNoticeAction } from './action-result';

type Action = (previous: NoticeActionResult | null, form: FormData) => Promise<NoticeActionResult>;

const inputClass = 'mt-1 block rounded border border-neutral-500 bg-white px-3 py-2 text-sm';
const small = 'text-sm';

/**
 * The status actions the notice allows (its status's actions; the page renders this only for
 * users who may write notices). Every form carries the version the page was rendered with, so a
 * notice changed meanwhile is refused (STALE) and nothing happens. Sending and cancelling ask first.
 */
export function NoticeActions({
  id,
  version,
  status,
  actions,
  recipientCount,
  scheduledAtLocal,
  timeZone,
}: {
  id: string;
  version: number;
  status: NoticeStatus;
  actions: NoticeAction[];
  recipientCount: number;
  scheduledAtLocal: string | null;
  timeZone: string;
}) {
  const { t } = useI18n();
  const { result, pending, run } = useNoticeAction();
  const [dialog, setDialog] = useState<'send' | 'cancel' | null>(null);
  const has = (action: NoticeAction) => actions.includes(action);

  const submit = (action: Action) => (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    run(action, new FormData(event.currentTarget), () => setDialog(null));
  };
  const hidden = (
    <>
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="version" value={version} />
    </>
  );
  const button = (label: string, className = secondaryButton) => (
    <button type="submit" disabled={pending} className={`${className} ${small}`}>
      {label}
    </button>
  );

  return (
    <section
      aria-label={t('notices.actions.region')}
      className="mb-6 space-y-3 rounded-md border border-neutral-200 bg-white p-4 shadow-sm"
    >
      <ActionMessage result={result} timeZone={timeZone} reloadHref={`/notices/${id}`} />
      {has('SCHEDULE') ? (
        <form onSubmit={submit(scheduleNoticeAction)} className="flex flex-wrap items-end gap-3">
          {hidden}
          <div>
            <label htmlFor="notice-schedule-at" className="block text-sm font-medium">
              {t('notices.actions.scheduleLabel', { timeZone })}
            </label>
            <input
              id="notice-schedule-at"
              name="at"
              type="datetime-local"
              required
              defaultValue={scheduledAtLocal ?? ''}
              className={inputClass}
            />
          </div>
          {button(status === 'SCHEDULED' ? t('notices.actions.reschedule') : t('notices.actions.schedule'), primaryButton)}
        </form>
      ) : null}
      <div className="flex flex-wrap gap-2">
        {has('SEND_NOW') ? (
          <button type="button" disabled={pending} onClick={() => setDialog('send')} className={`${primaryButton} ${small}`}>
            {t('notices.actions.sendNow')}
          </button>
        ) : null}
        {has('UNSCHEDULE') ? (
          <form onSubmit={submit(unscheduleNoticeAction)}>
            {hidden}
            {button(t('notices.actions.unschedule'))}
          </form>
        ) : null}
        {has('RETRY_FAILED') ? (
          <form onSubmit={submit(retryDeliveriesAction)}>
            {hidden}
            {button(t('notices.actions.retryFailed'), primaryButton)}
          </form>
        ) : null}
        {has('ARCHIVE') ? (
          <form onSubmit={submit(archiveNoticeAction)}>
            {hidden}
            {button(t('notices.actions.archive'))}
          </form>
        ) : null}
        {has('DUPLICATE') ? (
          <form onSubmit={submit(duplicateNoticeAction)}>
            {hidden}
            {button(t('notices.actions.duplicate'))}
          </form>
        ) : null}
        {has('CANCEL') ? (
          <button type="button" disabled={pending} onClick={() => setDialog('cancel')} className={`${dangerButton} ${small}`}>
            {t('notices.actions.cancel')}
          </button>
        ) : null}
      </div>
      <ConfirmDialog
        open={dialog === 'send'}
        onClose={() => setDialog(null)}
        title={t('notices.actions.sendTitle')}
        cancelLabel={t('notices.actions.keep')}
      >
        {({ cancelButton, descriptionId }) => (
          <form onSubmit={submit(sendNoticeNowAction)} className="mt-3 space-y-4">
            {hidden}
            <p id={descriptionId} className="text-sm text-neutral-800">
              {recipientCount === 1 ? t('notices.actions.sendBodyOne') : t('notices.actions.sendBody', { count: recipientCount })}
            </p>
            <div className="flex flex-wrap justify-end gap-3">
              {cancelButton}
              <button type="submit" disabled={pending} className={primaryButton}>
                {pending ? t('notices.actions.working') : t('notices.actions.sendConfirm', { count: recipientCount })}
              </button>
            </div>
          </form>
        )}
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === 'cancel'}
        onClose={() => setDialog(null)}
        title={t('notices.actions.cancelTitle')}
        cancelLabel={t('notices.actions.keep')}
      >
        {({ cancelButton, descriptionId }) => (
          <form onSubmit={submit(cancelNoticeAction)} className="mt-3 space-y-4">
            {hidden}
            <p id={descriptionId} className="text-sm text-neutral-800">
              {t('notices.actions.cancelBody', { count: recipientCount })}
            </p>
            <div className="flex flex-wrap justify-end gap-3">
              {cancelButton}
              <button type="submit" disabled={pending} className={dangerButton}>
                {pending ? t('notices.actions.working') : t('notices.actions.cancelConfirm')}
              </button>
            </div>
          </form>
        )}
      </ConfirmDialog>
    </section>
  );
}

/** "Retry" on one failed delivery of the ledger. */
export function RetryDeliveryButton({
  id,
  version,
  deliveryId,
  email,
  timeZone,
}: {
  id: string;
  version: number;
  deliveryId: string;
  email: string;
  timeZone: string;
}) {
  const { t } = useI18n();
  const { result, pending, run, shared } = useNoticeAction();
  return (
    <div className="space-y-1">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          run(retryDeliveriesAction, new FormData(event.currentTarget));
        }}
      >
        <input type="hidden" name="id" value={id} />
        <input type="hidden" name="version" value={version} />
        <input type="hidden" name="deliveryId" value={deliveryId} />
        <button
          type="submit"
          disabled={pending}
          aria-label={t('notices.actions.retryOneLabel', { email })}
          className="rounded border border-brand bg-white px-2 py-1 text-xs font-semibold text-brand hover:bg-neutral-50 disabled:opacity-60"
        >
          {t('notices.actions.retryOne')}
        </button>
      </form>
      {/* Inside the notice page the result is shown by the action area (NoticeActionResults). */}
      {shared ? null : <ActionMessage result={result} timeZone={timeZone} reloadHref={`/notices/${id}`} />}
    </div>
  );
}
