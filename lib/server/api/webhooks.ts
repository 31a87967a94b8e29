import 'server-only';
import { z } from '../../zod';
import {
  WEBHOOK_PAYLOAD_SCHEMAS,
  webhookCreateSchema,
  webhookEndpointCreatedSchema,
  webhookEndpointListSchema,
  webhookEndpointSchema,
} from '../../schemas/webhooks';
import {
  WEBHOOK_ERROR_HTTP_STATUS,
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookEndpoints,
  type WebhookEndpointView,
  type WebhookFailure,
} from '../data/webhooks';
import { invalidInput, json, notFound, problem } from './http';
import type { WebhookDescription } from './openapi';
import { defineOperation } from './operation';
import { iso, pathId } from './schemas';

// The webhooks part of the REST API (DESIGN.md, "REST API v1"; scope `webhooks:manage`). The
// operations call the same data functions as /settings/webhooks, which scope every query by the
// token's partner (another partner's endpoint is 404) and check the URL and where it points. The
// request and answer shapes, and every event's payload (the description's `webhooks` section:
// WEBHOOK_EVENTS), are the zod schemas of lib/schemas/webhooks.ts.

export function webhookEndpointJson(endpoint: WebhookEndpointView): z.output<typeof webhookEndpointSchema> {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    events: endpoint.events,
    enabled: endpoint.enabled,
    disabledReason: endpoint.disabledReason,
    disabledAt: iso(endpoint.disabledAt),
    consecutiveFailures: endpoint.consecutiveFailures,
    lastSuccessAt: iso(endpoint.lastSuccessAt),
    createdAt: endpoint.createdAt.toISOString(),
    updatedAt: endpoint.updatedAt.toISOString(),
  };
}

/** A data-layer refusal as a problem response. */
export function webhookFailure(failure: WebhookFailure): Response {
  if (failure.code === 'NOT_FOUND') return notFound();
  if (failure.code === 'INVALID') return invalidInput(failure.fieldErrors);
  if (failure.code === 'FORBIDDEN')
    return problem('forbidden', { detail: "This API token's scopes do not allow this change.", code: failure.code });
  return problem(WEBHOOK_ERROR_HTTP_STATUS[failure.code] === 412 ? 'stale-version' : 'conflict', { code: failure.code });
}

export const listWebhooksOperation = defineOperation({
  id: 'listWebhooks',
  method: 'get',
  path: '/webhooks',
  tag: 'Webhooks',
  summary: "The partner's webhook endpoints (at most 20, oldest first; never their secrets)",
  scope: 'webhooks:manage',
  answers: { 200: { description: 'Every endpoint, on one page.', schema: webhookEndpointListSchema } },
  problems: [],
  run: async ({ caller }) => {
    const endpoints = (await listWebhookEndpoints(caller.viewer)) ?? [];
    return json({ data: endpoints.map(webhookEndpointJson), nextCursor: null });
  },
});

export const createWebhookOperation = defineOperation({
  id: 'createWebhook',
  method: 'post',
  path: '/webhooks',
  tag: 'Webhooks',
  summary: 'Subscribe an endpoint to events (201 with the signing secret, shown this once)',
  scope: 'webhooks:manage',
  body: { schema: webhookCreateSchema, description: 'The https URL, the events and an optional description.' },
  answers: {
    201: {
      description: 'The endpoint with its secret.',
      schema: webhookEndpointCreatedSchema,
      headers: { Location: 'The endpoint’s URL.' },
    },
  },
  problems: ['invalid-input', 'invalid-json', 'conflict', 'forbidden', 'unsupported-media-type', 'body-too-large'],
  run: async ({ caller, body }) => {
    const read = await body();
    if (!read.ok) return read.response;
    const result = await createWebhookEndpoint(caller.viewer, read.body, { address: caller.address });
    if (!result.ok) return webhookFailure(result);
    return json(
      { ...webhookEndpointJson(result.endpoint), secret: result.secret } satisfies z.output<typeof webhookEndpointCreatedSchema>,
      {
        status: 201,
        headers: { Location: `/api/v1/webhooks/${result.endpoint.id}` },
      },
    );
  },
});

export const deleteWebhookOperation = defineOperation({
  id: 'deleteWebhook',
  method: 'delete',
  path: '/webhooks/{webhookId}',
  tag: 'Webhooks',
  summary: 'Delete an endpoint (its pending deliveries are not sent)',
  scope: 'webhooks:manage',
  params: z.object({ webhookId: pathId }),
  answers: { 204: { description: 'Deleted.' } },
  problems: ['not-found', 'forbidden'],
  run: async ({ caller, params }) => {
    const result = await deleteWebhookEndpoint(caller.viewer, params.webhookId, { address: caller.address });
    if (!result.ok) return webhookFailure(result);
    return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
  },
});

export const WEBHOOK_OPERATIONS = [listWebhooksOperation, createWebhookOperation, deleteWebhookOperation];

/** The events webhook endpoints receive: the description's `webhooks` section. */
export const WEBHOOK_EVENTS: WebhookDescription[] = Object.entries(WEBHOOK_PAYLOAD_SCHEMAS).map(([event, payload]) => ({
  event,
  summary: `The ${event} event (payload version 1), signed with the Standard Webhooks headers webhook-id, webhook-timestamp and webhook-signature.`,
  payload,
}));

// The handlers as the data tests call them (a Request and the path's parameters).
export const listWebhooksHandler = listWebhooksOperation.handle;
export const createWebhookHandler = createWebhookOperation.handle;
export const deleteWebhookHandler = deleteWebhookOperation.handle;
