import 'server-only';
import type { PrismaClient } from '../../runtime/prisma';
import { SYSTEM_ACTORS } from '../viewer';
import type { ConnectorFailure } from '../../domain/connector-errors';
import type { GovernmentGraph } from '../../domain/microsoft-cloud';
import type { Cloud } from '../../domain/policy';
import type { StoredCredential } from '../microsoft/credentials';
import { SYNC_FAILURES_LISTED, type SyncTrigger } from '../../schemas/microsoft-connector';
import type { MicrosoftSyncCompletedEventData } from '../../schemas/webhooks';
import { writeAudit } from './audit';
import { runWrite, type Tx } from './transaction';
import { enqueueWebhookEvents } from './webhook-outbox';

// The connector's sync as the worker runs it (lib/worker/graph-sync.ts): system scope — these
// functions take the partner from the rows they claim, never from a viewer, and every statement
// names that partner. docs/decisions/0029-graph-connector.md.
//
// - startDueRuns: for each partner whose connector is due (its interval passed, or "Sync now"), a
//   run: every tenant not in a retired cloud becomes due in it. A run still in progress postpones
//   the next one.
// - claimTenants: due tenants, each leased to one worker (FOR UPDATE SKIP LOCKED, a lease token and
//   an end time): any number of workers share the tenants, none reads a tenant another holds.
// - holdLease: inside the transaction of each page of results, the lease is checked (still this
//   worker's token) and extended, and the page's changes counted; a worker that lost its lease
//   writes nothing.
// - finishTenant: the tenant's state (last success and what it brought, or its error), out of the
//   run; when it was the run's last tenant, the run is summed up in one audit event and, in the same
//   transaction, one `microsoft.sync_completed` webhook event for the endpoints subscribed to it.

const SYNC_ACTOR = SYSTEM_ACTORS.graphSync;

export class LeaseLostError extends Error {
  constructor(customerId: string) {
    super(`The sync lease of tenant ${customerId} was taken over by another worker.`);
  }
}

export type TenantClaim = {
  partnerId: string;
  customerId: string;
  tenantId: string;
  cloud: Cloud;
  governmentGraph: GovernmentGraph | null;
  runId: string;
  leaseToken: string;
  /** Everything changed before this was read by the last successful sync (null: never synced). */
  syncedThrough: Date | null;
  connector: StoredCredential;
};

type Db = PrismaClient;

/**
 * Closes a run whose tenants are all done: its end, one audit event that sums it up, and the same
 * summary as a `microsoft.sync_completed` webhook (written only for endpoints subscribed to it).
 */
async function closeRun(tx: Tx, partnerId: string, runId: string, now: Date): Promise<void> {
  const run = await tx.microsoftSyncRun.findFirst({
    where: { id: runId, partnerId, finishedAt: null },
    select: { trigger: true, requestedBy: true, startedAt: true, tenants: true, tenantsFailed: true, created: true, updated: true },
  });
  if (!run) return;
  const failures = await tx.microsoftTenantSync.findMany({
    where: { partnerId, lastErrorAt: { gte: run.startedAt }, lastErrorCode: { not: null } },
    orderBy: { customerId: 'asc' },
    take: SYNC_FAILURES_LISTED,
    select: { customerId: true, lastErrorCode: true, lastErrorDetail: true },
  });
  await tx.microsoftSyncRun.updateMany({ where: { id: runId, partnerId }, data: { finishedAt: now } });
  await writeAudit(tx, [
    {
      actor: SYNC_ACTOR,
      partnerId,
      action: 'microsoft.sync_completed',
      targetType: 'MicrosoftSyncRun',
      targetId: runId,
      after: {
        trigger: run.trigger,
        requestedBy: run.requestedBy,
        startedAt: run.startedAt.toISOString(),
        tenants: run.tenants,
        tenantsFailed: run.tenantsFailed,
        created: run.created,
        updated: run.updated,
        failures: failures.map((f) => ({ customerId: f.customerId, code: f.lastErrorCode, microsoftCode: f.lastErrorDetail })),
      },
    },
  ]);
  const summary: MicrosoftSyncCompletedEventData = {
    run: {
      id: runId,
      trigger: run.trigger === 'SYNC_NOW' ? 'SYNC_NOW' : ('SCHEDULE' satisfies SyncTrigger),
      startedAt: run.startedAt.toISOString(),
      finishedAt: now.toISOString(),
    },
    tenants: { total: run.tenants, succeeded: Math.max(0, run.tenants - run.tenantsFailed), failed: run.tenantsFailed },
    communications: { created: run.created, updated: run.updated },
    failures: failures.map((f) => ({
      customerId: f.customerId,
      code: f.lastErrorCode ?? 'PORTAL_ERROR',
      microsoftCode: f.lastErrorDetail,
    })),
  };
  await enqueueWebhookEvents(tx, partnerId, [{ type: 'microsoft.sync_completed', at: now, data: summary }], now);
}

/** Ends the partner's unfinished run (the connector switched off or removed): its tenants are no longer due. */
export async function abandonRuns(tx: Tx, partnerId: string, now: Date): Promise<void> {
  await tx.microsoftTenantSync.updateMany({
    where: { partnerId, runId: { not: null } },
    data: { runId: null, leaseUntil: null, leaseToken: null },
  });
  await tx.microsoftSyncRun.updateMany({ where: { partnerId, finishedAt: null }, data: { finishedAt: now } });
}

export type StartedRun = { partnerId: string; runId: string; tenants: number };

/** Starts the runs that are due (at most `limit` partners per call). */
export async function startDueRuns(db: Db, now: Date, options: { limit?: number } = {}): Promise<StartedRun[]> {
  const started: StartedRun[] = [];
  for (let i = 0; i < (options.limit ?? 10); i += 1) {
    const { outcome } = await runWrite(
      async (tx): Promise<{ ok: true; outcome: StartedRun | 'BUSY' | null }> => ({ ok: true, outcome: await startRun(tx, now) }),
      { db, limits: { maxWait: 5_000, timeout: 60_000 } },
    );
    if (outcome === null) break;
    if (outcome !== 'BUSY') started.push(outcome);
  }
  return started;
}

/** The next due partner's run (see startDueRuns), in the caller's transaction; null when none is due. */
async function startRun(tx: Tx, now: Date): Promise<StartedRun | 'BUSY' | null> {
  const [due] = await tx.$queryRaw<{ partnerId: string; syncIntervalMinutes: number; syncRequestedBy: string | null }[]>`
    SELECT "partnerId"::text AS "partnerId", "syncIntervalMinutes", "syncRequestedBy" FROM "MicrosoftConnector"
    WHERE "enabled" AND NOT "demo" AND "nextRunAt" <= ${now}
    ORDER BY "nextRunAt" LIMIT 1 FOR UPDATE SKIP LOCKED`;
  if (!due) return null;
  const partnerId = due.partnerId;
  const intervalMs = due.syncIntervalMinutes * 60_000;
  const open = await tx.microsoftSyncRun.findFirst({ where: { partnerId, finishedAt: null }, select: { id: true } });
  if (open) {
    const pending = await tx.microsoftTenantSync.count({ where: { partnerId, runId: open.id } });
    if (pending > 0) {
      // Still reading the previous run: look again in a minute (or the interval, when shorter).
      await tx.microsoftConnector.updateMany({
        where: { partnerId },
        data: { nextRunAt: new Date(now.getTime() + Math.min(60_000, intervalMs)) },
      });
      return 'BUSY' as const;
    }
    await closeRun(tx, partnerId, open.id, now);
  }
  // Every customer has a state row (customers added since the last run get theirs now).
  await tx.$executeRaw`
    INSERT INTO "MicrosoftTenantSync" ("customerId", "partnerId", "updatedAt")
    SELECT c."id", c."partnerId", ${now} FROM "Customer" c WHERE c."partnerId" = ${partnerId}::uuid
    ON CONFLICT ("customerId") DO NOTHING`;
  const [{ n: tenants } = { n: 0 }] = await tx.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM "Customer" WHERE "partnerId" = ${partnerId}::uuid AND "cloud" <> 'GERMANY'`;
  const run = await tx.microsoftSyncRun.create({
    data: {
      partnerId,
      trigger: due.syncRequestedBy ? 'SYNC_NOW' : 'SCHEDULE',
      requestedBy: due.syncRequestedBy,
      startedAt: now,
      tenants,
    },
    select: { id: true },
  });
  // Microsoft Cloud Germany is retired: its tenants are never due (no request is made).
  await tx.$executeRaw`
    UPDATE "MicrosoftTenantSync" t SET "runId" = ${run.id}::uuid, "runCreated" = 0, "runUpdated" = 0, "leaseUntil" = NULL,
           "leaseToken" = NULL, "updatedAt" = ${now}
    FROM "Customer" c
    WHERE t."partnerId" = ${partnerId}::uuid AND c."id" = t."customerId" AND c."partnerId" = t."partnerId" AND c."cloud" <> 'GERMANY'`;
  await tx.microsoftConnector.updateMany({
    where: { partnerId },
    data: { nextRunAt: new Date(now.getTime() + intervalMs), syncRequestedBy: null },
  });
  if (tenants === 0) await closeRun(tx, partnerId, run.id, now);
  return { partnerId, runId: run.id, tenants };
}

/** Leases up to `limit` due tenants to this worker until `now + leaseMs`. */
export async function claimTenants(db: Db, now: Date, options: { limit: number; leaseMs: number }): Promise<TenantClaim[]> {
  const leaseUntil = new Date(now.getTime() + options.leaseMs);
  const claimed = await db.$queryRaw<{ customerId: string; leaseToken: string }[]>`
    WITH picked AS (
      SELECT t."customerId" FROM "MicrosoftTenantSync" t
      JOIN "MicrosoftConnector" k ON k."partnerId" = t."partnerId" AND k."enabled" AND NOT k."demo"
      WHERE t."runId" IS NOT NULL AND (t."leaseUntil" IS NULL OR t."leaseUntil" < ${now})
      ORDER BY t."leaseUntil" NULLS FIRST, t."runId", t."customerId"
      LIMIT ${options.limit}
      FOR UPDATE OF t SKIP LOCKED
    )
    UPDATE "MicrosoftTenantSync" t
    SET "leaseUntil" = ${leaseUntil}, "leaseToken" = gen_random_uuid(), "attempts" = t."attempts" + 1, "lastAttemptAt" = ${now}, "updatedAt" = ${now}
    FROM picked WHERE t."customerId" = picked."customerId"
    RETURNING t."customerId"::text AS "customerId", t."leaseToken"::text AS "leaseToken"`;
  if (claimed.length === 0) return [];
  const rows = await db.microsoftTenantSync.findMany({
    where: { customerId: { in: claimed.map((c) => c.customerId) } },
    select: {
      partnerId: true,
      customerId: true,
      governmentGraph: true,
      runId: true,
      syncedThrough: true,
      customer: { select: { tenantId: true, cloud: true } },
      partner: {
        select: {
          microsoftConnector: { select: { clientId: true, credential: true, secretEncrypted: true, certificateThumbprint: true } },
        },
      },
    },
  });
  const tokens = new Map(claimed.map((c) => [c.customerId, c.leaseToken]));
  return rows.flatMap((row) => {
    const connector = row.partner.microsoftConnector;
    const leaseToken = tokens.get(row.customerId);
    if (!connector || !row.runId || !leaseToken) return [];
    return [
      {
        partnerId: row.partnerId,
        customerId: row.customerId,
        tenantId: row.customer.tenantId,
        cloud: row.customer.cloud,
        governmentGraph: row.governmentGraph,
        runId: row.runId,
        leaseToken,
        syncedThrough: row.syncedThrough,
        connector,
      },
    ];
  });
}

/**
 * Inside a page's transaction: the lease is still this worker's (else LeaseLostError rolls the page
 * back) and now lasts until `now + leaseMs`; the page's changes are added to the run's counts.
 */
export async function holdLease(
  tx: Tx,
  claim: TenantClaim,
  now: Date,
  leaseMs: number,
  counts: { created: number; updated: number } = { created: 0, updated: 0 },
): Promise<void> {
  const held = await tx.$executeRaw`
    UPDATE "MicrosoftTenantSync" SET "leaseUntil" = ${new Date(now.getTime() + leaseMs)},
           "runCreated" = "runCreated" + ${counts.created}, "runUpdated" = "runUpdated" + ${counts.updated}
    WHERE "customerId" = ${claim.customerId}::uuid AND "partnerId" = ${claim.partnerId}::uuid AND "leaseToken" = ${claim.leaseToken}::uuid`;
  if (held !== 1) throw new LeaseLostError(claim.customerId);
}

/** Extends the lease between pages that wrote nothing (false: the lease was lost). */
export async function extendLease(db: Db, claim: TenantClaim, now: Date, leaseMs: number): Promise<boolean> {
  const held = await db.microsoftTenantSync.updateMany({
    where: { customerId: claim.customerId, partnerId: claim.partnerId, leaseToken: claim.leaseToken },
    data: { leaseUntil: new Date(now.getTime() + leaseMs) },
  });
  return held.count === 1;
}

export type TenantOutcome = { ok: true; startedAt: Date } | { ok: false; failure: ConnectorFailure };

/**
 * The end of one tenant's sync: success (everything changed before `startedAt` is stored) or its
 * failure; out of its run, whose last tenant closes it. False when the lease had been lost (another
 * worker finishes the tenant).
 */
export async function finishTenant(db: Db, claim: TenantClaim, outcome: TenantOutcome, now: Date): Promise<boolean> {
  const { finished } = await runWrite(
    async (tx): Promise<{ ok: true; finished: boolean }> => ({ ok: true, finished: await finishIn(tx, claim, outcome, now) }),
    { db },
  );
  return finished;
}

async function finishIn(tx: Tx, claim: TenantClaim, outcome: TenantOutcome, now: Date): Promise<boolean> {
  // The run's row orders its tenants' ends: the last one sees all the others'.
  await tx.$queryRaw`SELECT "id" FROM "MicrosoftSyncRun" WHERE "id" = ${claim.runId}::uuid AND "partnerId" = ${claim.partnerId}::uuid FOR UPDATE`;
  const [done] = await tx.$queryRaw<{ created: number; updated: number }[]>`
    UPDATE "MicrosoftTenantSync" SET
      "runId" = NULL, "leaseUntil" = NULL, "leaseToken" = NULL, "updatedAt" = ${now},
      "lastCreated" = CASE WHEN ${outcome.ok} THEN "runCreated" ELSE "lastCreated" END,
      "lastUpdated" = CASE WHEN ${outcome.ok} THEN "runUpdated" ELSE "lastUpdated" END,
      "lastSuccessAt" = CASE WHEN ${outcome.ok} THEN ${now} ELSE "lastSuccessAt" END,
      "syncedThrough" = CASE WHEN ${outcome.ok} THEN ${outcome.ok ? outcome.startedAt : null}::timestamptz ELSE "syncedThrough" END,
      "lastErrorCode" = ${outcome.ok ? null : outcome.failure.code},
      "lastErrorDetail" = ${outcome.ok ? null : outcome.failure.microsoftCode},
      "lastErrorAt" = ${outcome.ok ? null : now}::timestamptz
    WHERE "customerId" = ${claim.customerId}::uuid AND "partnerId" = ${claim.partnerId}::uuid AND "leaseToken" = ${claim.leaseToken}::uuid
    RETURNING "runCreated" AS "created", "runUpdated" AS "updated"`;
  if (!done) return false;
  await tx.$executeRaw`
    UPDATE "MicrosoftSyncRun" SET "created" = "created" + ${done.created}, "updated" = "updated" + ${done.updated},
           "tenantsFailed" = "tenantsFailed" + ${outcome.ok ? 0 : 1}
    WHERE "id" = ${claim.runId}::uuid AND "partnerId" = ${claim.partnerId}::uuid`;
  const pending = await tx.microsoftTenantSync.count({ where: { partnerId: claim.partnerId, runId: claim.runId } });
  if (pending === 0) await closeRun(tx, claim.partnerId, claim.runId, now);
  return true;
}
