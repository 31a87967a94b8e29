'use client';
import en from '@/messages/en.json';
import { useI18n } from '@/components/i18n-provider';
import type { WebhookActionResult } from '@/lib/server/actions/webhooks';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '@/lib/domain/webhooks';
import type { MessageKey, Translate } from '@/lib/i18n/translate';

/** A field error code in words (an unknown code reads as "check this value"). */
export function webhookFieldError(t: Translate, code: string | undefined): string | undefined {
  if (!code) return undefined;
  return code in en.webhooks.fieldErrors ? t(`webhooks.fieldErrors.${code}` as MessageKey) : t('webhooks.fieldErrors.invalid');
}

/** A refused action's message (focusable, so that the form can move focus to it). */
export function WebhookAlert({ state, alertRef }: { state: WebhookActionResult | null; alertRef?: React.Ref<HTMLParagraphElement> }) {
  const { t } = useI18n();
  if (!state || state.ok) return null;
  const key = state.code in en.webhooks.errors ? state.code : 'UNEXPECTED';
  return (
    <div role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
      <p ref={alertRef} tabIndex={-1} className="outline-none">
        {t(`webhooks.errors.${key}` as MessageKey)}
      </p>
    </div>
  );
}

export function Done({ text }: { text: string }) {
  return (
    <p role="status" className="rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
      {text}
    </p>
  );
}

/** The events as checkboxes in a fieldset, each with its hint; the error (eventsRequired) under the legend. */
export function EventCheckboxes({
  idPrefix,
  selected,
  error,
}: {
  idPrefix: string;
  selected: readonly WebhookEventType[];
  error?: string;
}) {
  const { t } = useI18n();
  const errorId = `${idPrefix}-events-error`;
  return (
    <fieldset aria-describedby={error ? errorId : undefined} aria-invalid={error ? true : undefined}>
      <legend className="text-sm font-medium">{t('webhooks.create.eventsLegend')}</legend>
      {error ? (
        <p id={errorId} className="mt-1 text-sm font-medium text-red-800">
          {error}
        </p>
      ) : null}
      <ul className="mt-2 space-y-2">
        {WEBHOOK_EVENT_TYPES.map((type) => {
          const id = `${idPrefix}-event-${type.replace('.', '-')}`;
          return (
            <li key={type} className="flex items-start gap-2">
              <input
                id={id}
                type="checkbox"
                name="events"
                value={type}
                defaultChecked={selected.includes(type)}
                aria-describedby={`${id}-hint`}
                className="mt-1 h-4 w-4"
              />
              <div>
                <label htmlFor={id} className="text-sm font-medium">
                  {t(`webhooks.events.${type}`)} <code className="text-xs text-neutral-700">{type}</code>
                </label>
                <p id={`${id}-hint`} className="text-sm text-neutral-700">
                  {t(`webhooks.eventHints.${type}`)}
                </p>
              </div>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
