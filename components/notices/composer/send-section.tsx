'use client';
import Link from 'next/link';
import { useMemo, type Dispatch } from 'react';
import { useI18n } from '@/components/i18n-provider';
import { inputClass, primaryButton, secondaryButton } from '@/components/customer-forms/form-parts';
import { localDateTimeToInstant } from '@/lib/domain/local-date-time';
import type { ComposerAction, ComposerInitial } from './composer-state';
import { FieldError, type ComposerFieldErrors } from './field-error';

/** When to send (in the user's time zone, shown back in words) and the form's buttons: save, schedule, send now, cancel. */
export function SendSection({
  scheduleAt,
  status,
  timeZone,
  cancelHref,
  pending,
  checking,
  onSendNow,
  dispatch,
  fields,
}: {
  scheduleAt: string;
  status: ComposerInitial['status'];
  timeZone: string;
  cancelHref: string;
  /** A save, schedule or send is on its way. */
  pending: boolean;
  /** Send now is counting the recipients first. */
  checking: boolean;
  onSendNow: () => void;
  dispatch: Dispatch<ComposerAction>;
  fields: ComposerFieldErrors;
}) {
  const { t, locale } = useI18n();

  const scheduleShown = useMemo(() => {
    if (scheduleAt === '') return null;
    const converted = localDateTimeToInstant(scheduleAt, timeZone);
    if (!converted.ok) return null;
    return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short', timeZone }).format(converted.instant);
  }, [scheduleAt, timeZone, locale]);

  return (
    <fieldset className="space-y-3 rounded-md border border-neutral-200 bg-white p-5 shadow-sm">
      <legend className="px-1 text-lg font-semibold">{t('noticeComposer.sections.send')}</legend>
      <div>
        <label htmlFor="scheduleAt" className="block text-sm font-medium">
          {t('noticeComposer.schedule.label', { timeZone })}
        </label>
        <input
          id="scheduleAt"
          name="scheduleAt"
          type="datetime-local"
          value={scheduleAt}
          onChange={(event) => dispatch({ type: 'setScheduleAt', scheduleAt: event.target.value })}
          className={`${inputClass} max-w-64`}
          aria-invalid={fields.invalid('scheduleAt') || undefined}
          aria-describedby={`scheduleAt-hint${fields.text('scheduleAt') ? ' scheduleAt-error' : ''}`}
        />
        <p id="scheduleAt-hint" className="mt-1 text-sm text-neutral-700" aria-live="polite">
          {scheduleShown
            ? t('noticeComposer.schedule.shown', { time: scheduleShown, timeZone })
            : t('noticeComposer.schedule.hint', { timeZone })}
        </p>
        <FieldError id="scheduleAt-error" text={fields.text('scheduleAt')} spaced />
      </div>
      <div className="flex flex-wrap gap-3 pt-2">
        <button type="submit" name="intent" value="draft" disabled={pending} className={primaryButton}>
          {pending
            ? t('noticeComposer.actions.saving')
            : status === 'SCHEDULED'
              ? t('noticeComposer.actions.saveChanges')
              : t('noticeComposer.actions.saveDraft')}
        </button>
        <button type="submit" name="intent" value="schedule" disabled={pending} className={secondaryButton}>
          {status === 'SCHEDULED' ? t('noticeComposer.actions.reschedule') : t('noticeComposer.actions.schedule')}
        </button>
        <button type="button" disabled={pending || checking} onClick={onSendNow} className={secondaryButton}>
          {t('noticeComposer.actions.sendNow')}
        </button>
        <Link href={cancelHref} className="rounded px-4 py-2 font-semibold text-brand underline-offset-2 hover:underline">
          {t('noticeComposer.actions.cancel')}
        </Link>
      </div>
    </fieldset>
  );
}
