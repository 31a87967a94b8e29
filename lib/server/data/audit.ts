import 'server-only';
import { Prisma } from '../../generated/prisma/client';
import type { PrismaClient } from '../../runtime/prisma';
import { actorOf, type Actor, type Viewer } from '../viewer';

// The audit trail's one writer. Every change (and every sign-in) appends events here, in the
// transaction of the change itself, so that a change and its event are kept or lost together.
// The table is append-only: PostgreSQL refuses every UPDATE, DELETE and TRUNCATE of it
// (docs/decisions/0019-audit-trail.md).

export type AuditEvent = {
  action: string;
  targetType: string;
  targetId: string | null;
  before?: unknown;
  after?: unknown;
};

export type AuditEntry = AuditEvent & {
  actor: Actor;
  /** The partner the event belongs to (null: the portal itself, e.g. a portal admin's own sign-in). */
  partnerId: string | null;
  address?: string | null;
  /** When it happened; the transaction's time when absent. */
  at?: Date;
};

type Db = PrismaClient | Prisma.TransactionClient;

/** Events per INSERT: each is one row of an unnest() of arrays, whatever their number. */
const BATCH = 2000;

const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

/** Appends the events, in order, in the caller's transaction (or on their own). */
export async function writeAudit(db: Db, entries: readonly AuditEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += BATCH) {
    const part = entries.slice(i, i + BATCH);
    const column = <T>(pick: (entry: AuditEntry) => T) => part.map(pick);
    await db.$executeRaw`
      INSERT INTO "AuditEvent" ("actorId", "actorLabel", "partnerId", "action", "targetType", "targetId", "before", "after", "address", "createdAt")
      SELECT u."actorId", u."actorLabel", u."partnerId", u."action", u."targetType", u."targetId", u."before", u."after", u."address",
             coalesce(u."at", now())
      FROM unnest(
        ${column((e) => e.actor.userId)}::uuid[], ${column((e) => e.actor.label)}::text[], ${column((e) => e.partnerId)}::uuid[],
        ${column((e) => e.action)}::text[], ${column((e) => e.targetType)}::text[], ${column((e) => e.targetId)}::text[],
        ${column((e) => json(e.before))}::jsonb[], ${column((e) => json(e.after))}::jsonb[], ${column((e) => e.address ?? null)}::text[],
        ${column((e) => e.at ?? null)}::timestamptz[]
      ) WITH ORDINALITY AS u("actorId", "actorLabel", "partnerId", "action", "targetType", "targetId", "before", "after", "address", "at", "n")
      ORDER BY u."n"`;
  }
}

/** An event by the viewer (a signed-in user, or an API token), in `partnerId`. */
export function auditBy(viewer: Viewer, partnerId: string | null, address: string | null | undefined, event: AuditEvent): AuditEntry {
  return { actor: actorOf(viewer), partnerId, address: address ?? null, ...event };
}

/**
 * For the delivery worker's one-statement hot path only (recordDeliveryResults), where the events
 * come from the rows a CTE has just updated: the INSERT of this table's columns, in the same
 * statement. `select` yields, in order: actorId, actorLabel, partnerId, action, targetType,
 * targetId, before, after, address, createdAt.
 */
export function auditInsertFrom(select: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`INSERT INTO "AuditEvent" ("actorId", "actorLabel", "partnerId", "action", "targetType", "targetId", "before", "after", "address", "createdAt") ${select}`;
}
