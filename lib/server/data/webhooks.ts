import 'server-only';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Prisma } from '../../generated/prisma/client';
import { getDb } from '../db';
import { encryptSecret } from '../crypto';
import { partnerScope, type Viewer } from '../viewer';
import { checkWebhookDestination, type DestinationCheck } from '../webhook-network';
import { canAct } from '../../domain/permissions';
import { isUuid } from '../../domain/ids';
import {
  WEBHOOK_SECRET_BYTES,
  WEBHOOK_TEST_EVENT,
  isWebhookError,
  isWebhookEventType,
  webhookPayload,
  webhookSecretOf,
  type EndpointDisabledReason,
  type WebhookError,
  type WebhookEventType,
} from '../../domain/webhooks';
import {
  WEBHOOK_ENDPOINTS_MAX,
  WEBHOOK_LOG_PAGE_SIZE,
  webhookCreateSchema,
  webhookEventsSchema,
  type WebhookCreateInput,
  type WebhookFieldErrorCode,
} from '../../schemas/webhooks';
import { auditBy, writeAudit } from './audit';
import { runWrite, type Tx } from './transaction';
import { enqueueForEndpoint } from './webhook-outbox';

// A partner's webhook endpoints and their delivery logs (/settings/webhooks, and the REST API's
// /api/v1/webhooks). Every function takes the acting viewer: a partner admin (`settings:webhooks`)
// or an API token with `webhooks:manage` (canAct); anyone else is FORBIDDEN. The viewer's partner
// is in every `where`, so another partner's endpoint or delivery is NOT_FOUND, like one that does
// not exist. Writes run in one transaction with their audit event; a refused write changes
// nothing. The signing secret is made here, stored encrypted (it must be read back to sign) and
// returned once, by createWebhookEndpoint; nothing else ever returns it.

export type WebhookFailureCode =
  'FORBIDDEN' | 'NOT_FOUND' | 'INVALID' | 'STALE' | 'TOO_MANY_ENDPOINTS' | 'ENDPOINT_DISABLED' | 'ALREADY_ENABLED' | 'NOT_FAILED';
export type WebhookFailure =
  | { ok: false; code: Exclude<WebhookFailureCode, 'INVALID'> }
  | { ok: false; code: 'INVALID'; fieldErrors: Record<string, WebhookFieldErrorCode> };
export type WebhookResult<T extends object = object> = ({ ok: true } & T) | WebhookFailure;

/** The HTTP status of each failure, for the API. */
export const WEBHOOK_ERROR_HTTP_STATUS: Record<WebhookFailureCode, number> = {
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID: 400,
  STALE: 412,
  TOO_MANY_ENDPOINTS: 409,
  ENDPOINT_DISABLED: 409,
  ALREADY_ENABLED: 409,
  NOT_FAILED: 409,
};

const FORBIDDEN = { ok: false, code: 'FORBIDDEN' } as const;
const NOT_FOUND = { ok: false, code: 'NOT_FOUND' } as const;

export type WriteContext = { address?: string | null; now?: Date };

export type WebhookEndpointView = {
  id: string;
  url: string;
  description: string;
  events: WebhookEventType[];
  enabled: boolean;
  disabledReason: EndpointDisabledReason | null;
  disabledAt: Date | null;
  consecutiveFailures: number;
  lastSuccessAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};

const ENDPOINT_SELECT = {
  id: true,
  url: true,
  description: true,
  events: true,
  enabled: true,
  disabledReason: true,
  disabledAt: true,
  consecutiveFailures: true,
  lastSuccessAt: true,
  version: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.WebhookEndpointSelect;

type EndpointRow = Prisma.WebhookEndpointGetPayload<{ select: typeof ENDPOINT_SELECT }>;

function endpointView(row: EndpointRow): WebhookEndpointView {
  return { ...row, events: row.events.filter(isWebhookEventType), disabledReason: row.disabledReason === 'FAILING' ? 'FAILING' : null };
}

/** The permission, the partner scope, then one transaction. */
async function webhookWrite<R extends WebhookResult>(
  viewer: Viewer,
  work: (tx: Tx, partnerId: string) => Promise<R>,
): Promise<R | typeof FORBIDDEN> {
  if (!canAct(viewer, 'settings:webhooks')) return FORBIDDEN;
  const partnerId = partnerScope(viewer);
  return runWrite<R>((tx) => work(tx, partnerId));
}

const DESTINATION_FIELD_ERROR: Record<Exclude<DestinationCheck, { ok: true }>['code'], WebhookFieldErrorCode> = {
  URL_INVALID: 'urlInvalid',
  URL_NOT_HTTPS: 'urlNotHttps',
  URL_CREDENTIALS: 'urlCredentials',
  URL_TOO_LONG: 'tooLong',
  URL_FRAGMENT: 'urlFragment',
  HOST_UNRESOLVED: 'hostUnresolved',
  ADDRESS_REFUSED: 'addressRefused',
};

function fieldErrorsOf(issues: readonly { path: PropertyKey[]; message: string }[]): Record<string, WebhookFieldErrorCode> {
  const errors: Record<string, WebhookFieldErrorCode> = {};
  for (const issue of issues) {
    const key = String(issue.path[0] ?? '_');
    errors[key] ??= issue.message as WebhookFieldErrorCode;
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------
// Reads

/** The partner's endpoints, oldest first (at most WEBHOOK_ENDPOINTS_MAX). */
export async function listWebhookEndpoints(viewer: Viewer): Promise<WebhookEndpointView[] | null> {
  if (!canAct(viewer, 'settings:webhooks')) return null;
  const partnerId = partnerScope(viewer);
  const rows = await getDb().webhookEndpoint.findMany({
    where: { partnerId },
    select: ENDPOINT_SELECT,
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return rows.map(endpointView);
}

export async function getWebhookEndpoint(viewer: Viewer, id: string): Promise<WebhookEndpointView | null> {
  if (!canAct(viewer, 'settings:webhooks')) return null;
  const partnerId = partnerScope(viewer);
  if (!isUuid(id)) return null;
  const row = await getDb().webhookEndpoint.findFirst({ where: { id, partnerId }, select: ENDPOINT_SELECT });
  return row ? endpointView(row) : null;
}

export type WebhookDeliveryView = {
  id: string;
  eventId: string;
  eventType: string;
  status: 'QUEUED' | 'SENT' | 'FAILED';
  attempts: number;
  responseStatus: number | null;
  lastError: WebhookError | null;
  nextAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  sentAt: Date | null;
  replayOfId: string | null;
  createdAt: Date;
};

export type WebhookDeliveryPage = { items: WebhookDeliveryView[]; nextCursor: string | null; invalidCursor: boolean };

function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`, 'utf8').toString('base64url');
}

function decodeCursor(value: string): { createdAt: Date; id: string } | null {
  const [time, id, ...rest] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !time || !id || !isUuid(id)) return null;
  const createdAt = new Date(time);
  return Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== time ? null : { createdAt, id: id.toLowerCase() };
}

/** An endpoint's delivery log, newest first, a page at a time (null: no such endpoint for this viewer). */
export async function listWebhookDeliveries(
  viewer: Viewer,
  endpointId: string,
  options: { cursor?: string; limit?: number } = {},
): Promise<WebhookDeliveryPage | null> {
  if (!canAct(viewer, 'settings:webhooks')) return null;
  const partnerId = partnerScope(viewer);
  if (!isUuid(endpointId)) return null;
  const db = getDb();
  const endpoint = await db.webhookEndpoint.findFirst({ where: { id: endpointId, partnerId }, select: { id: true } });
  if (!endpoint) return null;
  const cursor = options.cursor ? decodeCursor(options.cursor) : null;
  const limit = options.limit ?? WEBHOOK_LOG_PAGE_SIZE;
  const rows = await db.webhookDelivery.findMany({
    where: {
      partnerId,
      endpointId,
      ...(cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { gt: cursor.id } }] } : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    take: limit + 1,
    select: {
      id: true,
      eventId: true,
      eventType: true,
      status: true,
      attempts: true,
      responseStatus: true,
      lastError: true,
      nextAttemptAt: true,
      lastAttemptAt: true,
      sentAt: true,
      replayOfId: true,
      createdAt: true,
    },
  });
  const items = rows
    .slice(0, limit)
    .map((row) => ({ ...row, lastError: isWebhookError(row.lastError) ? row.lastError : row.lastError ? 'UNKNOWN' : null }));
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
    invalidCursor: Boolean(options.cursor) && cursor === null,
  };
}

// ---------------------------------------------------------------------------------------------
// Writes

/**
 * Subscribes a new endpoint: the URL's rule and where its host points are checked first (the
 * network rule, lib/domain/network-address.ts); a secret is drawn, stored encrypted and returned
 * this once.
 */
export async function createWebhookEndpoint(
  viewer: Viewer,
  /** Parsed here with webhookCreateSchema (a form's or an API body's values as they came). */
  input: WebhookCreateInput | Record<string, unknown>,
  ctx: WriteContext = {},
): Promise<WebhookResult<{ endpoint: WebhookEndpointView; secret: string }>> {
  if (!canAct(viewer, 'settings:webhooks')) return FORBIDDEN;
  const parsed = webhookCreateSchema.safeParse(input);
  if (!parsed.success) return { ok: false, code: 'INVALID', fieldErrors: fieldErrorsOf(parsed.error.issues) };
  const destination = await checkWebhookDestination(parsed.data.url);
  if (!destination.ok) return { ok: false, code: 'INVALID', fieldErrors: { url: DESTINATION_FIELD_ERROR[destination.code] } };
  const secret = webhookSecretOf(randomBytes(WEBHOOK_SECRET_BYTES));
  return webhookWrite(viewer, async (tx, partnerId) => {
    // One creation at a time per partner, so that the limit holds for two at once.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('webhook-endpoints'), hashtext(${partnerId}))`;
    const count = await tx.webhookEndpoint.count({ where: { partnerId } });
    if (count >= WEBHOOK_ENDPOINTS_MAX) return { ok: false as const, code: 'TOO_MANY_ENDPOINTS' as const };
    const row = await tx.webhookEndpoint.create({
      data: {
        partnerId,
        url: destination.url,
        description: parsed.data.description,
        events: parsed.data.events,
        secretEncrypted: encryptSecret(secret, 'webhook'),
      },
      select: ENDPOINT_SELECT,
    });
    await writeAudit(tx, [
      auditBy(viewer, partnerId, ctx.address, {
        action: 'webhook.created',
        targetType: 'WebhookEndpoint',
        targetId: row.id,
        after: { url: row.url, description: row.description, events: row.events },
      }),
    ]);
    return { ok: true as const, endpoint: endpointView(row), secret };
  });
}

async function lockEndpoint(tx: Tx, partnerId: string, id: string) {
  if (!isUuid(id)) return null;
  const rows = await tx.$queryRaw<
    { id: string; url: string; events: string[]; enabled: boolean; version: number; disabledReason: string | null }[]
  >`
    SELECT "id"::text AS "id", "url", "events", "enabled", "version", "disabledReason" FROM "WebhookEndpoint"
    WHERE "id" = ${id}::uuid AND "partnerId" = ${partnerId}::uuid FOR UPDATE`;
  return rows[0] ?? null;
}

/** Changes the events an endpoint receives (with the version the form read: STALE when it changed). */
export async function updateWebhookEvents(
  viewer: Viewer,
  id: string,
  input: { events: unknown; version?: number },
  ctx: WriteContext = {},
): Promise<WebhookResult<{ endpoint: WebhookEndpointView }>> {
  if (!canAct(viewer, 'settings:webhooks')) return FORBIDDEN;
  const parsed = webhookEventsSchema.safeParse({ events: input.events });
  if (!parsed.success) return { ok: false, code: 'INVALID', fieldErrors: fieldErrorsOf(parsed.error.issues) };
  return webhookWrite(viewer, async (tx, partnerId) => {
    const before = await lockEndpoint(tx, partnerId, id);
    if (!before) return NOT_FOUND;
    if (input.version !== undefined && input.version !== before.version) return { ok: false as const, code: 'STALE' as const };
    const row = await tx.webhookEndpoint.update({
      where: { id: before.id },
      data: { events: parsed.data.events, version: { increment: 1 } },
      select: ENDPOINT_SELECT,
    });
    await writeAudit(tx, [
      auditBy(viewer, partnerId, ctx.address, {
        action: 'webhook.events_updated',
        targetType: 'WebhookEndpoint',
        targetId: before.id,
        before: { events: before.events },
        after: { events: row.events },
      }),
    ]);
    return { ok: true as const, endpoint: endpointView(row) };
  });
}

/** Enables an endpoint the worker disabled: its failure count starts again from zero. */
export async function enableWebhookEndpoint(
  viewer: Viewer,
  id: string,
  ctx: WriteContext = {},
): Promise<WebhookResult<{ endpoint: WebhookEndpointView }>> {
  return webhookWrite(viewer, async (tx, partnerId) => {
    const before = await lockEndpoint(tx, partnerId, id);
    if (!before) return NOT_FOUND;
    if (before.enabled) return { ok: false as const, code: 'ALREADY_ENABLED' as const };
    const row = await tx.webhookEndpoint.update({
      where: { id: before.id },
      data: {
        enabled: true,
        disabledReason: null,
        disabledAt: null,
        consecutiveFailures: 0,
        failingSince: null,
        version: { increment: 1 },
      },
      select: ENDPOINT_SELECT,
    });
    await writeAudit(tx, [
      auditBy(viewer, partnerId, ctx.address, {
        action: 'webhook.enabled',
        targetType: 'WebhookEndpoint',
        targetId: before.id,
        before: { enabled: false, disabledReason: before.disabledReason },
        after: { enabled: true },
      }),
    ]);
    return { ok: true as const, endpoint: endpointView(row) };
  });
}

/** Deletes an endpoint and its delivery log (the audit trail keeps that it existed). */
export async function deleteWebhookEndpoint(viewer: Viewer, id: string, ctx: WriteContext = {}): Promise<WebhookResult> {
  return webhookWrite(viewer, async (tx, partnerId) => {
    const before = await lockEndpoint(tx, partnerId, id);
    if (!before) return NOT_FOUND;
    const deliveries = await tx.webhookDelivery.deleteMany({ where: { partnerId, endpointId: before.id } });
    await tx.webhookEndpoint.deleteMany({ where: { id: before.id, partnerId } });
    await writeAudit(tx, [
      auditBy(viewer, partnerId, ctx.address, {
        action: 'webhook.deleted',
        targetType: 'WebhookEndpoint',
        targetId: before.id,
        before: { url: before.url, events: before.events, enabled: before.enabled },
        after: { deliveriesDeleted: deliveries.count },
      }),
    ]);
    return { ok: true as const };
  });
}

/** Queues a `webhook.test` event for one enabled endpoint (whatever it subscribes to). */
export async function sendWebhookTestEvent(
  viewer: Viewer,
  id: string,
  ctx: WriteContext = {},
): Promise<WebhookResult<{ deliveryId: string }>> {
  const now = ctx.now ?? new Date();
  return webhookWrite(viewer, async (tx, partnerId) => {
    const endpoint = await lockEndpoint(tx, partnerId, id);
    if (!endpoint) return NOT_FOUND;
    if (!endpoint.enabled) return { ok: false as const, code: 'ENDPOINT_DISABLED' as const };
    const eventId = randomUUID();
    const payload = webhookPayload(
      WEBHOOK_TEST_EVENT,
      { endpointId: endpoint.id, message: 'A test event sent from the CSP Communications Portal.' },
      now,
    );
    const deliveryId = await enqueueForEndpoint(tx, { id: endpoint.id, partnerId }, { eventId, type: WEBHOOK_TEST_EVENT, payload }, now);
    await writeAudit(tx, [
      auditBy(viewer, partnerId, ctx.address, {
        action: 'webhook.test_sent',
        targetType: 'WebhookEndpoint',
        targetId: endpoint.id,
        after: { deliveryId, eventId },
      }),
    ]);
    return { ok: true as const, deliveryId };
  });
}

/**
 * Sends a FAILED delivery again: a new delivery in the log (naming the one it replays) with the
 * same event id and body, so that a receiver that did process it after all can tell.
 */
export async function replayWebhookDelivery(
  viewer: Viewer,
  deliveryId: string,
  ctx: WriteContext = {},
): Promise<WebhookResult<{ deliveryId: string; endpointId: string }>> {
  const now = ctx.now ?? new Date();
  return webhookWrite(viewer, async (tx, partnerId) => {
    if (!isUuid(deliveryId)) return NOT_FOUND;
    const original = await tx.webhookDelivery.findFirst({
      where: { id: deliveryId, partnerId },
      select: { id: true, endpointId: true, eventId: true, eventType: true, payload: true, status: true },
    });
    if (!original) return NOT_FOUND;
    const endpoint = await lockEndpoint(tx, partnerId, original.endpointId);
    if (!endpoint) return NOT_FOUND;
    if (original.status !== 'FAILED') return { ok: false as const, code: 'NOT_FAILED' as const };
    if (!endpoint.enabled) return { ok: false as const, code: 'ENDPOINT_DISABLED' as const };
    const id = await enqueueForEndpoint(
      tx,
      { id: endpoint.id, partnerId },
      { eventId: original.eventId, type: original.eventType as WebhookEventType, payload: original.payload, replayOfId: original.id },
      now,
    );
    await writeAudit(tx, [
      auditBy(viewer, partnerId, ctx.address, {
        action: 'webhook.delivery_replayed',
        targetType: 'WebhookDelivery',
        targetId: original.id,
        after: { deliveryId: id, endpointId: endpoint.id, eventType: original.eventType },
      }),
    ]);
    return { ok: true as const, deliveryId: id, endpointId: endpoint.id };
  });
}
