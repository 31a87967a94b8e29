'use client';
import { useState } from 'react';
import { useI18n } from '@/components/i18n-provider';
import { ConfirmDialog } from '@/components/customer-forms/confirm-dialog';
import { dangerButton, primaryButton, secondaryButton, useKeptForm } from '@/components/customer-forms/form-parts';
import {
  deleteWebhookAction,
  enableWebhookAction,
  replayWebhookDeliveryAction,
  sendWebhookTestAction,
  updateWebhookEventsAction,
} from '@/lib/server/actions/webhooks';
import type { WebhookEventType } from '@/lib/domain/webhooks';
import { Done, EventCheckboxes, WebhookAlert, webhookFieldError } from './shared';

/** The events this endpoint receives, saved with the version the page was read at. */
export function EventsForm({ endpointId, version, events }: { endpointId: string; version: number; events: readonly WebhookEventType[] }) {
  const { t } = useI18n();
  const { state, onSubmit, formAction, pending, formRef, alertRef } = useKeptForm(updateWebhookEventsAction);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className="space-y-4">
      {state?.ok ? <Done text={t('webhooks.endpoint.eventsSaved')} /> : null}
      <WebhookAlert state={state} alertRef={alertRef} />
      <input type="hidden" name="endpointId" value={endpointId} />
      <input type="hidden" name="version" value={version} />
      <EventCheckboxes idPrefix="edit" selected={events} error={webhookFieldError(t, errors.events)} />
      <button type="submit" disabled={pending} className={primaryButton}>
        {pending ? t('webhooks.endpoint.savingEvents') : t('webhooks.endpoint.saveEvents')}
      </button>
    </form>
  );
}

/** A one-button form (enable again, send a test event). */
function ButtonForm({
  action,
  endpointId,
  label,
  pendingLabel,
  doneText,
  primary,
}: {
  action: typeof enableWebhookAction;
  endpointId: string;
  label: string;
  pendingLabel: string;
  doneText: string;
  primary?: boolean;
}) {
  const { state, onSubmit, formAction, pending, formRef, alertRef } = useKeptForm(action);
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} className="space-y-2">
      {state?.ok ? <Done text={doneText} /> : null}
      <WebhookAlert state={state} alertRef={alertRef} />
      <input type="hidden" name="endpointId" value={endpointId} />
      <button type="submit" disabled={pending} className={primary ? primaryButton : secondaryButton}>
        {pending ? pendingLabel : label}
      </button>
    </form>
  );
}

export function EnableButton({ endpointId }: { endpointId: string }) {
  const { t } = useI18n();
  return (
    <ButtonForm
      action={enableWebhookAction}
      endpointId={endpointId}
      label={t('webhooks.endpoint.enable')}
      pendingLabel={t('webhooks.endpoint.enabling')}
      doneText={t('webhooks.endpoint.enabled')}
      primary
    />
  );
}

export function TestEventButton({ endpointId }: { endpointId: string }) {
  const { t } = useI18n();
  return (
    <ButtonForm
      action={sendWebhookTestAction}
      endpointId={endpointId}
      label={t('webhooks.endpoint.test')}
      pendingLabel={t('webhooks.endpoint.testing')}
      doneText={t('webhooks.endpoint.testQueued')}
    />
  );
}

/** "Delete endpoint…": nothing is deleted before the dialog's confirmation. */
export function DeleteEndpointButton({ endpointId, url }: { endpointId: string; url: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const { state, formAction, onSubmit, pending, formRef, alertRef } = useKeptForm(deleteWebhookAction);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} className={dangerButton}>
        {t('webhooks.endpoint.delete')}
      </button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title={t('webhooks.endpoint.deleteTitle')}
        cancelLabel={t('webhooks.endpoint.keep')}
      >
        {({ cancelButton, descriptionId }) => (
          <form ref={formRef} action={formAction} onSubmit={onSubmit} className="mt-3 space-y-4">
            <p id={descriptionId} className="break-all text-sm text-neutral-800">
              {t('webhooks.endpoint.deleteBody', { url })}
            </p>
            <WebhookAlert state={state} alertRef={alertRef} />
            <input type="hidden" name="endpointId" value={endpointId} />
            <div className="flex flex-wrap justify-end gap-3">
              {cancelButton}
              <button type="submit" disabled={pending} className={dangerButton}>
                {pending ? t('webhooks.endpoint.deleting') : t('webhooks.endpoint.confirmDelete')}
              </button>
            </div>
          </form>
        )}
      </ConfirmDialog>
    </>
  );
}

/** "Replay…" of a failed delivery, after a confirmation. */
export function ReplayButton({ deliveryId, event, time }: { deliveryId: string; event: string; time: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const { state, formAction, onSubmit, pending, formRef, alertRef } = useKeptForm(replayWebhookDeliveryAction);
  return (
    <>
      {state?.ok ? <Done text={t('webhooks.log.replayed')} /> : null}
      <button
        type="button"
        onClick={() => setOpen(true)}
        aria-label={t('webhooks.log.replayLabel', { event, time })}
        className={secondaryButton}
      >
        {t('webhooks.log.replay')}
      </button>
      <ConfirmDialog
        open={open && !state?.ok}
        onClose={() => setOpen(false)}
        title={t('webhooks.log.replayTitle')}
        cancelLabel={t('webhooks.log.cancel')}
      >
        {({ cancelButton, descriptionId }) => (
          <form ref={formRef} action={formAction} onSubmit={onSubmit} className="mt-3 space-y-4">
            <p id={descriptionId} className="text-sm text-neutral-800">
              {t('webhooks.log.replayBody', { event, time })}
            </p>
            <WebhookAlert state={state} alertRef={alertRef} />
            <input type="hidden" name="deliveryId" value={deliveryId} />
            <div className="flex flex-wrap justify-end gap-3">
              {cancelButton}
              <button type="submit" disabled={pending} className={primaryButton}>
                {pending ? t('webhooks.log.replaying') : t('webhooks.log.confirmReplay')}
              </button>
            </div>
          </form>
        )}
      </ConfirmDialog>
    </>
  );
}
