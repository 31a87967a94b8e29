import 'server-only';
import { randomUUID } from 'node:crypto';
import { Prisma } from '../../generated/prisma/client';
import type { PrismaClient } from '../../runtime/prisma';
import { webhookPayload, type WebhookEventType, type WebhookPayloadType } from '../../domain/webhooks';
import type { Tx } from './transaction';

// The webhook outbox: an event is written, in the transaction of the change it tells of, as one
// QUEUED delivery per enabled endpoint of the partner subscribed to its type. So an event is
// never lost (it commits with the change) nor sent for a change that was rolled back; the worker
// (lib/worker/webhooks.ts) sends it afterwards. Callers that would have to read more to build a
// payload ask first whether anyone listens (subscribedEventTypes).

type Db = Tx | PrismaClient;

export type WebhookEvent<T extends WebhookPayloadType = WebhookEventType> = {
  type: T;
  data: unknown;
  /** When it happened (the payload's timestamp). */
  at: Date;
  /** The same for every endpoint the event goes to; a new one by default. */
  eventId?: string;
};

/** The event types that at least one enabled endpoint of the partner subscribes to. */
export async function subscribedEventTypes(db: Db, partnerId: string): Promise<Set<string>> {
  const rows = await db.$queryRaw<{ type: string }[]>`
    SELECT DISTINCT unnest("events") AS "type" FROM "WebhookEndpoint" WHERE "partnerId" = ${partnerId}::uuid AND "enabled"`;
  return new Set(rows.map((row) => row.type));
}

/** Writes the events for the partner's subscribed, enabled endpoints. Returns the deliveries written. */
export async function enqueueWebhookEvents(db: Db, partnerId: string, events: readonly WebhookEvent[], now: Date): Promise<number> {
  if (events.length === 0) return 0;
  const ids = events.map((event) => event.eventId ?? randomUUID());
  return db.$executeRaw`
    INSERT INTO "WebhookDelivery" ("id", "partnerId", "endpointId", "eventId", "eventType", "payload", "status", "attempts", "nextAttemptAt", "createdAt", "updatedAt")
    SELECT gen_random_uuid(), e."partnerId", e."id", v."eventId", v."type", v."payload", 'QUEUED', 0, ${now}, ${now}, ${now}
    FROM unnest(${ids}::uuid[], ${events.map((event) => event.type)}::text[],
                ${events.map((event) => JSON.stringify(webhookPayload(event.type, event.data, event.at)))}::jsonb[]
         ) WITH ORDINALITY AS v("eventId", "type", "payload", "n")
    JOIN "WebhookEndpoint" AS e ON e."partnerId" = ${partnerId}::uuid AND e."enabled" AND v."type" = ANY(e."events")
    ORDER BY v."n", e."createdAt"`;
}

/** One event for one endpoint whatever it subscribes to (a test event, a replay). Returns the delivery's id. */
export async function enqueueForEndpoint(
  tx: Tx,
  endpoint: { id: string; partnerId: string },
  event: { eventId: string; type: WebhookPayloadType; payload: unknown; replayOfId?: string | null },
  now: Date,
): Promise<string> {
  const id = randomUUID();
  await tx.webhookDelivery.create({
    data: {
      id,
      partnerId: endpoint.partnerId,
      endpointId: endpoint.id,
      eventId: event.eventId,
      eventType: event.type,
      payload: event.payload as Prisma.InputJsonValue,
      status: 'QUEUED',
      nextAttemptAt: now,
      replayOfId: event.replayOfId ?? null,
      createdAt: now,
    },
  });
  return id;
}

/** SQL: a timestamptz as the payloads write times (ISO 8601 in UTC with milliseconds, as Date.toISOString). */
export function sqlIsoTime(column: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/**
 * For the delivery worker's one-statement hot path only (recordDeliveryResults): the INSERT of
 * `delivery.failed` webhooks from the rows its CTE has just recorded, in the same statement.
 * `failed` yields, per failed notice delivery: partnerId, eventId, at (timestamptz), data (jsonb).
 * Only partners with a subscribed, enabled endpoint get rows; the join costs nothing for the others.
 */
export function deliveryFailedWebhooksFrom(failed: Prisma.Sql): Prisma.Sql {
  const type: WebhookEventType = 'delivery.failed';
  const sample = webhookPayload(type, null, new Date(0));
  return Prisma.sql`
    INSERT INTO "WebhookDelivery" ("id", "partnerId", "endpointId", "eventId", "eventType", "payload", "status", "attempts", "nextAttemptAt", "createdAt", "updatedAt")
    SELECT gen_random_uuid(), f."partnerId", e."id", f."eventId", ${type},
           jsonb_build_object('type', ${type}::text, 'v', ${sample.v}::int, 'timestamp', ${sqlIsoTime(Prisma.sql`f."at"`)}, 'data', f."data"),
           'QUEUED', 0, f."at", f."at", f."at"
    FROM (${failed}) AS f("partnerId", "eventId", "at", "data")
    JOIN "WebhookEndpoint" AS e ON e."partnerId" = f."partnerId" AND e."enabled" AND ${type} = ANY(e."events")`;
}
