import 'server-only';
import { webhookIdSchema } from '../../schemas/webhooks';
import {
  WEBHOOK_ERROR_HTTP_STATUS,
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookEndpoints,
  type WebhookEndpointView,
  type WebhookFailure,
} from '../data/webhooks';
import { authenticate } from './auth';
import { invalidInput, json, notFound, problem, readJsonObject } from './http';

// The webhooks part of the REST API (DESIGN.md, "REST API v1"; scope `webhooks:manage`): the
// handlers behind app/api/v1/webhooks/**. They call the same data functions as
// /settings/webhooks, which scope every query by the token's partner (another partner's endpoint
// is 404) and check the URL and where it points. The request and answer shapes, and every event's
// payload, are the zod schemas of lib/schemas/webhooks.ts.

type Params = { params: Promise<{ webhookId: string }> };

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function webhookEndpointJson(endpoint: WebhookEndpointView) {
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

const TITLES: Record<WebhookFailure['code'], string> = {
  FORBIDDEN: 'Forbidden',
  NOT_FOUND: 'Not found',
  INVALID: 'Invalid input',
  STALE: 'Stale version',
  TOO_MANY_ENDPOINTS: 'Too many endpoints',
  ENDPOINT_DISABLED: 'The endpoint is disabled',
  ALREADY_ENABLED: 'The endpoint is already enabled',
  NOT_FAILED: 'The delivery has not failed',
};

/** A data-layer refusal as a problem response. */
export function webhookFailure(failure: WebhookFailure): Response {
  if (failure.code === 'NOT_FOUND') return notFound();
  if (failure.code === 'INVALID') return invalidInput(failure.fieldErrors);
  return problem({ status: WEBHOOK_ERROR_HTTP_STATUS[failure.code], title: TITLES[failure.code], code: failure.code });
}

/** GET /api/v1/webhooks: the partner's endpoints (at most 20, oldest first; never their secrets). */
export async function listWebhooksHandler(request: Request): Promise<Response> {
  const auth = await authenticate(request, 'webhooks:manage');
  if (!auth.ok) return auth.response;
  const endpoints = (await listWebhookEndpoints(auth.caller.viewer)) ?? [];
  return json({ data: endpoints.map(webhookEndpointJson), nextCursor: null });
}

/** POST /api/v1/webhooks `{ url, events, description? }`: 201 with the secret, shown this once. */
export async function createWebhookHandler(request: Request): Promise<Response> {
  const auth = await authenticate(request, 'webhooks:manage');
  if (!auth.ok) return auth.response;
  const body = await readJsonObject(request);
  if (!body.ok) return body.response;
  const result = await createWebhookEndpoint(auth.caller.viewer, body.body, { address: auth.caller.address });
  if (!result.ok) return webhookFailure(result);
  return json(
    { ...webhookEndpointJson(result.endpoint), secret: result.secret },
    { status: 201, headers: { Location: `/api/v1/webhooks/${result.endpoint.id}` } },
  );
}

/** DELETE /api/v1/webhooks/{id}: 204. */
export async function deleteWebhookHandler(request: Request, { params }: Params): Promise<Response> {
  const auth = await authenticate(request, 'webhooks:manage');
  if (!auth.ok) return auth.response;
  const id = webhookIdSchema.safeParse((await params).webhookId);
  if (!id.success) return notFound();
  const result = await deleteWebhookEndpoint(auth.caller.viewer, id.data.toLowerCase(), { address: auth.caller.address });
  if (!result.ok) return webhookFailure(result);
  return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
}
