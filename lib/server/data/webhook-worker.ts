import 'server-only';
import { Prisma } from '../../generated/prisma/client';
import { queryRows, type PrismaClient } from '../../runtime/prisma';
import { localeFromDb, type Locale } from '../../i18n/locales';
import { shouldDisableEndpoint, type DisablePolicy, type WebhookAttemptOutcome } from '../../domain/webhooks';
import { SYSTEM_ACTORS } from '../viewer';
import { writeAudit } from './audit';
import { runWrite } from './transaction';

// The webhook worker's queries (system scope, no viewer: it serves every partner; never call these
// from a page): `claimDueWebhooks`, `recordWebhookResults`, `releaseWebhookClaims`,
// `listPartnerAdmins`. As for notice deliveries (delivery-worker.ts), a claim is one statement
// that takes due rows with FOR UPDATE SKIP LOCKED, bumps their attempts and moves their next
// attempt to the end of a lease: a worker that dies leaves them to come due again, so nothing is
// lost; a webhook is sent twice only if the worker died between the receiver's answer and the
// record (receivers drop the duplicate by its webhook-id).

export type ClaimedWebhook = {
  id: string;
  partnerId: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  /** The body exactly as it is signed and sent. */
  payload: string;
  /** The attempt number of this claim. */
  attempts: number;
  url: string;
  secretEncrypted: string;
  leaseUntil: Date;
};

/** Claims up to `limit` due deliveries of enabled endpoints, earliest first. */
export async function claimDueWebhooks(
  db: PrismaClient,
  now: Date,
  options: { limit: number; leaseMs: number },
): Promise<ClaimedWebhook[]> {
  const leaseUntil = new Date(now.getTime() + options.leaseMs);
  const rows = await queryRows<Omit<ClaimedWebhook, 'leaseUntil'>>(
    db,
    Prisma.sql`
    UPDATE "WebhookDelivery" AS d
    SET "attempts" = d."attempts" + 1, "nextAttemptAt" = ${leaseUntil}, "lastAttemptAt" = ${now}, "updatedAt" = ${now}
    FROM (
      SELECT w."id", e."url", e."secretEncrypted" FROM "WebhookDelivery" AS w
      JOIN "WebhookEndpoint" AS e ON e."id" = w."endpointId" AND e."partnerId" = w."partnerId"
      WHERE w."status" = 'QUEUED' AND w."nextAttemptAt" <= ${now} AND e."enabled"
      ORDER BY w."nextAttemptAt"
      LIMIT ${options.limit}
      FOR UPDATE OF w SKIP LOCKED
    ) AS due
    WHERE d."id" = due."id"
    RETURNING d."id"::text AS "id", d."partnerId"::text AS "partnerId", d."endpointId"::text AS "endpointId",
              d."eventId"::text AS "eventId", d."eventType", d."payload"::text AS "payload", d."attempts", due."url", due."secretEncrypted"`,
  );
  return rows.map((row) => ({ ...row, leaseUntil }));
}

/** Gives claims back untouched (a worker stopping). */
export async function releaseWebhookClaims(db: PrismaClient, claims: readonly ClaimedWebhook[], now: Date): Promise<number> {
  if (claims.length === 0) return 0;
  return db.$executeRaw`
    UPDATE "WebhookDelivery" AS d
    SET "attempts" = GREATEST(d."attempts" - 1, 0), "nextAttemptAt" = ${now}, "updatedAt" = ${now}
    FROM unnest(${claims.map((c) => c.id)}::uuid[], ${claims.map((c) => c.attempts)}::int[]) AS v("id", "attempts")
    WHERE d."id" = v."id" AND d."status" = 'QUEUED' AND d."attempts" = v."attempts"`;
}

export type WebhookResult = { claim: ClaimedWebhook; outcome: WebhookAttemptOutcome; at: Date };

export type DisabledEndpoint = { id: string; partnerId: string; url: string; consecutiveFailures: number; failingSince: Date };

/**
 * Records what became of claimed webhooks (only while the claim is the latest: same attempt
 * number), then moves each endpoint's run of failures (a success resets it), and disables the
 * endpoints that shouldDisableEndpoint says have failed long enough: their queued deliveries fail
 * with ENDPOINT_DISABLED (each can be replayed once the endpoint is enabled again) and the change
 * is audited. One transaction. Returns the endpoints disabled now, for the mail to the admins.
 */
export async function recordWebhookResults(
  db: PrismaClient,
  results: readonly WebhookResult[],
  now: Date,
  policy?: DisablePolicy,
): Promise<DisabledEndpoint[]> {
  if (results.length === 0) return [];
  const column = <T>(pick: (result: WebhookResult) => T) => results.map(pick);
  // Per endpoint, in the order the attempts ended: the failures after its last success.
  const runs = new Map<string, { reset: boolean; failures: number; firstFailureAt: Date | null; lastSuccessAt: Date | null }>();
  for (const result of [...results].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    const run = runs.get(result.claim.endpointId) ?? { reset: false, failures: 0, firstFailureAt: null, lastSuccessAt: null };
    if (result.outcome.status === 'SENT') Object.assign(run, { reset: true, failures: 0, firstFailureAt: null, lastSuccessAt: result.at });
    else {
      run.failures += 1;
      run.firstFailureAt ??= result.at;
    }
    runs.set(result.claim.endpointId, run);
  }
  const endpoints = [...runs.entries()];
  const written = await runWrite(
    async (tx) => {
      await tx.$executeRaw`
        UPDATE "WebhookDelivery" AS d
        SET "status" = v."status"::"WebhookDeliveryStatus",
            "nextAttemptAt" = v."next", "responseStatus" = v."responseStatus", "lastError" = v."error",
            "sentAt" = CASE WHEN v."status" = 'SENT' THEN v."at" ELSE d."sentAt" END, "updatedAt" = ${now}
        FROM unnest(
          ${column((r) => r.claim.id)}::uuid[], ${column((r) => r.claim.attempts)}::int[], ${column((r) => r.outcome.status)}::text[],
          ${column((r) => (r.outcome.status === 'QUEUED' ? r.outcome.nextAttemptAt : null))}::timestamptz[],
          ${column((r) => r.outcome.responseStatus)}::int[],
          ${column((r) => (r.outcome.status === 'SENT' ? null : r.outcome.error))}::text[],
          ${column((r) => r.at)}::timestamptz[]
        ) AS v("id", "attempts", "status", "next", "responseStatus", "error", "at")
        WHERE d."id" = v."id" AND d."status" = 'QUEUED' AND d."attempts" = v."attempts"`;
      const states = await tx.$queryRaw<
        { id: string; partnerId: string; url: string; consecutiveFailures: number; failingSince: Date | null }[]
      >`
        UPDATE "WebhookEndpoint" AS e
        SET "consecutiveFailures" = CASE WHEN v."reset" THEN v."failures" ELSE e."consecutiveFailures" + v."failures" END,
            "failingSince" = CASE WHEN v."reset" THEN v."firstFailureAt" ELSE coalesce(e."failingSince", v."firstFailureAt") END,
            "lastSuccessAt" = coalesce(v."lastSuccessAt", e."lastSuccessAt")
        FROM unnest(
          ${endpoints.map(([id]) => id)}::uuid[], ${endpoints.map(([, run]) => run.reset)}::boolean[],
          ${endpoints.map(([, run]) => run.failures)}::int[], ${endpoints.map(([, run]) => run.firstFailureAt)}::timestamptz[],
          ${endpoints.map(([, run]) => run.lastSuccessAt)}::timestamptz[]
        ) AS v("id", "reset", "failures", "firstFailureAt", "lastSuccessAt")
        WHERE e."id" = v."id" AND e."enabled"
        RETURNING e."id"::text AS "id", e."partnerId"::text AS "partnerId", e."url", e."consecutiveFailures", e."failingSince"`;
      const failing = states.filter((state) => shouldDisableEndpoint(state, now, policy));
      const disabled: DisabledEndpoint[] = [];
      for (const endpoint of failing) {
        await tx.webhookEndpoint.updateMany({
          where: { id: endpoint.id, partnerId: endpoint.partnerId, enabled: true },
          data: { enabled: false, disabledReason: 'FAILING', disabledAt: now, version: { increment: 1 } },
        });
        const failed = await tx.webhookDelivery.updateMany({
          where: { partnerId: endpoint.partnerId, endpointId: endpoint.id, status: 'QUEUED' },
          data: { status: 'FAILED', nextAttemptAt: null, lastError: 'ENDPOINT_DISABLED', updatedAt: now },
        });
        await writeAudit(tx, [
          {
            actor: SYSTEM_ACTORS.worker,
            partnerId: endpoint.partnerId,
            action: 'webhook.disabled',
            targetType: 'WebhookEndpoint',
            targetId: endpoint.id,
            before: { enabled: true },
            after: {
              enabled: false,
              reason: 'FAILING',
              consecutiveFailures: endpoint.consecutiveFailures,
              failingSince: endpoint.failingSince,
              queuedDeliveriesFailed: failed.count,
            },
          },
        ]);
        disabled.push({ ...endpoint, failingSince: endpoint.failingSince ?? now });
      }
      return { ok: true as const, disabled };
    },
    { db },
  );
  return written.disabled;
}

export type PartnerAdmin = { email: string; name: string; locale: Locale };

/** The active partner admins of a partner (who are told when one of its endpoints is disabled). */
export async function listPartnerAdmins(db: PrismaClient, partnerId: string): Promise<{ partnerName: string; admins: PartnerAdmin[] }> {
  const partner = await db.partner.findUnique({
    where: { id: partnerId },
    select: {
      name: true,
      users: {
        where: { partnerId, role: 'PARTNER_ADMIN', active: true },
        select: { email: true, displayName: true, language: true },
        orderBy: { email: 'asc' },
      },
    },
  });
  return {
    partnerName: partner?.name ?? '',
    admins: (partner?.users ?? []).map((user) => ({ email: user.email, name: user.displayName, locale: localeFromDb(user.language) })),
  };
}
