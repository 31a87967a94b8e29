'use server';
import 'server-only';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getViewer } from '../guards';
import { requestAddress } from '../request';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  enableWebhookEndpoint,
  replayWebhookDelivery,
  sendWebhookTestEvent,
  updateWebhookEvents,
  type WebhookFailure,
  type WebhookFailureCode,
} from '../data/webhooks';
import { webhookIdSchema, type WebhookFieldErrorCode } from '../../schemas/webhooks';

// /settings/webhooks: every export is a public endpoint: parse (zod) → guard (a signed-in user;
// the data layer checks `settings:webhooks` and answers FORBIDDEN) → data (scoped to the viewer's
// partner, audited) → revalidate → a typed result whose codes the page words in both languages.

export type WebhookActionCode = WebhookFailureCode | 'UNEXPECTED';

export type WebhookActionResult =
  | { ok: true; secret?: string; endpointId?: string }
  | { ok: false; code: WebhookActionCode; fieldErrors?: Record<string, WebhookFieldErrorCode> };

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

function refused(failure: WebhookFailure): WebhookActionResult {
  return failure.code === 'INVALID' ? { ok: false, code: 'INVALID', fieldErrors: failure.fieldErrors } : { ok: false, code: failure.code };
}

const NOT_FOUND: WebhookActionResult = { ok: false, code: 'NOT_FOUND' };
const versionSchema = z.coerce.number().int().min(0);

function revalidate(endpointId?: string) {
  revalidatePath('/settings/webhooks');
  if (endpointId) revalidatePath(`/settings/webhooks/${endpointId}`);
}

/** Subscribes a new endpoint; the result carries its secret, shown once by the page. */
export async function createWebhookAction(_: WebhookActionResult | null, form: FormData): Promise<WebhookActionResult> {
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'FORBIDDEN' };
  const input = {
    url: text(form, 'url'),
    description: text(form, 'description'),
    events: form.getAll('events').filter((value): value is string => typeof value === 'string'),
  };
  const result = await createWebhookEndpoint(viewer, input, { address: await requestAddress() });
  if (!result.ok) return refused(result);
  revalidate();
  return { ok: true, secret: result.secret, endpointId: result.endpoint.id };
}

export async function updateWebhookEventsAction(_: WebhookActionResult | null, form: FormData): Promise<WebhookActionResult> {
  const id = webhookIdSchema.safeParse(text(form, 'endpointId'));
  const version = versionSchema.safeParse(text(form, 'version'));
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'FORBIDDEN' };
  if (!id.success) return NOT_FOUND;
  const events = form.getAll('events').filter((value): value is string => typeof value === 'string');
  const result = await updateWebhookEvents(
    viewer,
    id.data,
    { events, version: version.success ? version.data : undefined },
    { address: await requestAddress() },
  );
  if (!result.ok) return refused(result);
  revalidate(id.data);
  return { ok: true };
}

export async function enableWebhookAction(_: WebhookActionResult | null, form: FormData): Promise<WebhookActionResult> {
  const id = webhookIdSchema.safeParse(text(form, 'endpointId'));
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'FORBIDDEN' };
  if (!id.success) return NOT_FOUND;
  const result = await enableWebhookEndpoint(viewer, id.data, { address: await requestAddress() });
  if (!result.ok) return refused(result);
  revalidate(id.data);
  return { ok: true };
}

export async function sendWebhookTestAction(_: WebhookActionResult | null, form: FormData): Promise<WebhookActionResult> {
  const id = webhookIdSchema.safeParse(text(form, 'endpointId'));
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'FORBIDDEN' };
  if (!id.success) return NOT_FOUND;
  const result = await sendWebhookTestEvent(viewer, id.data, { address: await requestAddress() });
  if (!result.ok) return refused(result);
  revalidate(id.data);
  return { ok: true };
}

export async function replayWebhookDeliveryAction(_: WebhookActionResult | null, form: FormData): Promise<WebhookActionResult> {
  const id = webhookIdSchema.safeParse(text(form, 'deliveryId'));
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'FORBIDDEN' };
  if (!id.success) return NOT_FOUND;
  const result = await replayWebhookDelivery(viewer, id.data, { address: await requestAddress() });
  if (!result.ok) return refused(result);
  revalidate(result.endpointId);
  return { ok: true };
}

/** Deletes the endpoint and goes back to the list, which says so. */
export async function deleteWebhookAction(_: WebhookActionResult | null, form: FormData): Promise<WebhookActionResult> {
  const id = webhookIdSchema.safeParse(text(form, 'endpointId'));
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'FORBIDDEN' };
  if (!id.success) return NOT_FOUND;
  const result = await deleteWebhookEndpoint(viewer, id.data, { address: await requestAddress() });
  if (!result.ok) return refused(result);
  revalidate(id.data);
  redirect('/settings/webhooks?deleted=1');
}
