import 'server-only';
import { Prisma } from '../../generated/prisma/client';
import { queryRows, type PrismaClient } from '../../runtime/prisma';
import { SYSTEM_ACTORS } from '../viewer';
import { countDeliveries, settleNotice, type DeliveryStatus, type NoticeStatus } from '../../domain/notice-lifecycle';
import type { DeliveryError } from '../../domain/delivery-errors';
import type { CommunicationContext } from '../../domain/communication-variables';
import type { ContactRole, NoticeContent, TemplateSubscription } from '../../domain/notice-template';
import type { NoticeKind } from '../../schemas/notices';
import { localeFromSql, type Locale } from '../../i18n/locales';
import { auditInsertFrom, writeAudit } from './audit';
import { COMMUNICATION_CONTEXT_SELECT, communicationContextOf, contentFromRow } from './notice-content';
import { syncQueuedDeliveries } from './notice-outbox';
import { checkNoticeTargets, loadNoticeTargets, recipientsOf } from './notice-targets';
import { runWrite, type Tx } from './transaction';
import { deliveryFailedWebhooksFrom, enqueueWebhookEvents, sqlIsoTime } from './webhook-outbox';
import { noticeEventType } from '../../domain/webhooks';
import { mailSettings } from '../mail/settings';

// The delivery worker's queries (system scope, no viewer: it serves every partner; never call these from
//    a page): `promoteDueNotices`, `claimDueDeliveries`, `loadMessageContexts`,
//    `recordDeliveryResults`, `releaseClaims`, `settleNotices`, `findUnsettledNotices`.
//
// Crash safety of the worker: a claim is one statement (`UPDATE … FROM (SELECT … FOR UPDATE SKIP
// LOCKED)`) that takes due rows, bumps their attempts and sets `nextAttemptAt` to the end of a
// lease. A worker that dies after claiming leaves its rows QUEUED: they become due again when
// the lease ends, and another worker (or the same one restarted) sends them. So nothing is lost;
// a message is sent twice only if the worker died between handing it to the relay and recording
// it (at most the messages it had in flight), and both copies carry the same Message-ID.

// ---------------------------------------------------------------------------------------------
// The worker's side (system scope)

/** How long the promotion of one due notice may take (a notice to thousands syncs thousands of deliveries). */
const PROMOTE_TX_LIMITS = { maxWait: 5_000, timeout: 60_000 } as const;

export type PromotionOutcome = { id: string; partnerId: string; status: 'SENDING' | 'DRAFT' };

const NOTHING_DUE = { ok: false, code: 'NOTHING_DUE' } as const;
const NOT_SETTLED = { ok: false, code: 'NOT_SETTLED' } as const;

/**
 * Moves SCHEDULED notices whose time has come to SENDING, one at a time (each in its own bounded
 * transaction; several workers at once each take different notices: SKIP LOCKED), at most `limit`.
 * Who receives it is decided now, not when it was scheduled: its queued deliveries are brought in
 * line with its current recipients (syncQueuedDeliveries, as "send now" does), so that a contact
 * removed or changed since is never mailed. A notice that no longer passes its checks (a target
 * customer left without a recipient, a recipient language without text) is not sent half-right:
 * it goes back to DRAFT with its problems, which its page shows.
 */
export async function promoteDueNotices(
  db: PrismaClient,
  now: Date,
  options: { limit?: number; messageIdHost?: string } = {},
): Promise<PromotionOutcome[]> {
  const messageIdHost = options.messageIdHost ?? mailSettings().messageIdHost;
  const outcomes: PromotionOutcome[] = [];
  for (let i = 0; i < (options.limit ?? 100); i += 1) {
    const promoted = await runWrite(
      async (tx) => {
        const outcome = await promoteOne(tx, now, messageIdHost);
        return outcome ? { ok: true as const, outcome } : NOTHING_DUE;
      },
      { db, limits: PROMOTE_TX_LIMITS },
    );
    if (!promoted.ok) break;
    outcomes.push(promoted.outcome);
  }
  return outcomes;
}

async function promoteOne(tx: Tx, now: Date, messageIdHost: string): Promise<PromotionOutcome | null> {
  const rows = await tx.$queryRaw<
    {
      id: string;
      partnerId: string;
      version: number;
      scheduledAt: Date;
      roles: ContactRole[];
      subjectEn: string;
      bodyEn: string;
      subjectZhTw: string;
      bodyZhTw: string;
      communicationId: string | null;
    }[]
  >`
    SELECT "id"::text AS "id", "partnerId"::text AS "partnerId", "version", "scheduledAt", "recipientRoles"::text[] AS "roles",
           "subjectEn", "bodyEn", "subjectZhTw", "bodyZhTw", "communicationId"::text AS "communicationId"
    FROM "Notice"
    WHERE "status" = 'SCHEDULED' AND "scheduledAt" <= ${now}
    ORDER BY "scheduledAt"
    LIMIT 1
    FOR UPDATE SKIP LOCKED`;
  const notice = rows[0];
  if (!notice) return null;
  const { id, partnerId } = notice;
  const targets = await loadNoticeTargets(tx, partnerId, id);
  const problems = checkNoticeTargets(contentFromRow(notice), targets, notice.roles, notice.communicationId !== null);
  const before = { status: 'SCHEDULED', version: notice.version, scheduledAt: notice.scheduledAt };
  if (problems.length > 0) {
    await tx.notice.updateMany({
      where: { id, partnerId },
      data: { status: 'DRAFT', scheduledAt: null, version: { increment: 1 }, updatedAt: now },
    });
    const removed = await tx.noticeDelivery.deleteMany({ where: { partnerId, noticeId: id, status: 'QUEUED' } });
    await writeAudit(tx, [
      {
        actor: SYSTEM_ACTORS.worker,
        partnerId,
        action: 'notice.returned_to_draft',
        targetType: 'Notice',
        targetId: id,
        before,
        after: {
          status: 'DRAFT',
          version: notice.version + 1,
          reason: 'CHECKS_FAILED_WHEN_DUE',
          problems,
          deliveriesRemoved: removed.count,
        },
      },
    ]);
    return { id, partnerId, status: 'DRAFT' };
  }
  await tx.notice.updateMany({ where: { id, partnerId }, data: { status: 'SENDING', version: { increment: 1 }, updatedAt: now } });
  const deliveries = await syncQueuedDeliveries(tx, {
    partnerId,
    noticeId: id,
    recipients: recipientsOf(targets, notice.roles),
    dueAt: now,
    removal: 'delete',
    messageIdHost,
    now,
  });
  const event = { actor: SYSTEM_ACTORS.worker, partnerId, targetType: 'Notice', targetId: id } as const;
  await writeAudit(tx, [
    ...(deliveries.added > 0 || deliveries.removed > 0
      ? [{ ...event, action: 'notice.recipients_synced', after: { reason: 'DUE', status: 'SCHEDULED', ...deliveries } }]
      : []),
    {
      ...event,
      action: 'notice.sending',
      before,
      after: { status: 'SENDING', version: notice.version + 1, reason: 'SCHEDULE_DUE', deliveries },
    },
  ]);
  return { id, partnerId, status: 'SENDING' };
}

export type ClaimedDelivery = {
  id: string;
  partnerId: string;
  noticeId: string;
  customerId: string;
  recipientEmail: string;
  recipientName: string;
  language: Locale;
  messageId: string;
  /** The attempt number of this claim (attempts were bumped by the claim). */
  attempts: number;
  /** The claim holds until then; after it, the delivery is due again for any worker. */
  leaseUntil: Date;
};

/**
 * Claims up to `limit` due deliveries of SENDING notices (QUEUED, next attempt reached) in one
 * statement: their attempts go up by one and their next attempt moves to the end of the lease.
 * Rows locked by another worker's claim are skipped, never waited for.
 *
 * Candidates: each sending notice's earliest due deliveries, read in order through the index
 * (noticeId, status, nextAttemptAt), without locks; then the earliest `limit` of them that are
 * still due are locked and claimed. The cost follows the batch (and the number of notices
 * sending), not the size of a notice. (One scan of every queued delivery sorted by time was what
 * PostgreSQL chose for the plain join: a sort of all 10,000 deliveries of a notice for each batch
 * of 100.) A queued delivery always has a next attempt time (a table constraint).
 */
export async function claimDueDeliveries(
  db: PrismaClient,
  now: Date,
  options: { limit: number; leaseMs: number },
): Promise<ClaimedDelivery[]> {
  const leaseUntil = new Date(now.getTime() + options.leaseMs);
  // Candidates: twice the batch, so that a claim running alongside another worker's (whose rows
  // it skips) still finds a full batch.
  const window = options.limit * 2;
  // Through the pool (queryRows): this and recordDeliveryResults run for every batch the worker sends.
  const rows = await queryRows<Omit<ClaimedDelivery, 'language' | 'leaseUntil'> & { language: string }>(
    db,
    Prisma.sql`
    WITH candidates AS MATERIALIZED (
      SELECT q."id", q."nextAttemptAt" FROM "Notice" AS n
      CROSS JOIN LATERAL (
        SELECT q."id", q."nextAttemptAt" FROM "NoticeDelivery" AS q
        WHERE q."noticeId" = n."id" AND q."status" = 'QUEUED' AND q."nextAttemptAt" <= ${now} AND q."partnerId" = n."partnerId"
        ORDER BY q."nextAttemptAt"
        LIMIT ${window}
      ) AS q
      WHERE n."status" = 'SENDING'
      ORDER BY q."nextAttemptAt"
      LIMIT ${window}
    )
    UPDATE "NoticeDelivery" AS d
    SET "attempts" = d."attempts" + 1, "nextAttemptAt" = ${leaseUntil}, "updatedAt" = ${now}
    FROM (
      -- Locked here, as the limit takes them: only the rows claimed (and those skipped) are locked.
      SELECT l."id" FROM "NoticeDelivery" AS l JOIN candidates AS c ON c."id" = l."id"
      WHERE l."status" = 'QUEUED' AND l."nextAttemptAt" <= ${now}
      ORDER BY c."nextAttemptAt"
      LIMIT ${options.limit}
      FOR UPDATE OF l SKIP LOCKED
    ) AS due
    WHERE d."id" = due."id"
    RETURNING d."id"::text AS "id", d."partnerId"::text AS "partnerId", d."noticeId"::text AS "noticeId",
              d."customerId"::text AS "customerId", d."recipientEmail", d."recipientName", d."language"::text AS "language",
              d."messageId", d."attempts"`,
  );
  return rows.map((row) => ({ ...row, language: localeFromSql(row.language), leaseUntil }));
}

/** Gives claims back untouched (a worker stopping, or a claim it will not send before its lease ends). */
export async function releaseClaims(db: PrismaClient, claims: readonly ClaimedDelivery[], now: Date): Promise<number> {
  if (claims.length === 0) return 0;
  return db.$executeRaw`
    UPDATE "NoticeDelivery" AS d
    SET "attempts" = GREATEST(d."attempts" - 1, 0), "nextAttemptAt" = ${now}, "updatedAt" = ${now}
    FROM unnest(${claims.map((c) => c.id)}::uuid[], ${claims.map((c) => c.attempts)}::int[]) AS v("id", "attempts")
    WHERE d."id" = v."id" AND d."status" = 'QUEUED' AND d."attempts" = v."attempts"`;
}

export type NoticeMessageContext = {
  noticeId: string;
  partnerId: string;
  content: NoticeContent;
  partnerName: string;
  /** The partner's sender name (its name when none is set) and reply-to. */
  senderName: string;
  replyTo: string | null;
  /** The Microsoft communication a SERVICE_UPDATE notice is about, as it is now (its variables' values). */
  communicationId: string | null;
  communication: CommunicationContext | null;
};

export type CustomerMessageContext = { companyName: string; subscriptions: TemplateSubscription[] };

export const customerContextKey = (noticeId: string, customerId: string) => `${noticeId}:${customerId}`;

/**
 * What the worker needs to render claimed deliveries: each notice's content, its partner's sender
 * identity and its Microsoft communication (if any), and per (notice, customer) the customer's name
 * and the notice's subscriptions of that customer. Notices in `known` are not read again.
 */
export async function loadMessageContexts(
  db: PrismaClient,
  claims: readonly Pick<ClaimedDelivery, 'noticeId' | 'customerId' | 'partnerId'>[],
  known: { notices?: ReadonlySet<string>; customers?: ReadonlySet<string> } = {},
): Promise<{ notices: Map<string, NoticeMessageContext>; customers: Map<string, CustomerMessageContext> }> {
  const noticeIds = [...new Set(claims.map((c) => c.noticeId))].filter((id) => !known.notices?.has(id));
  const pairs = claims.filter((c) => !known.customers?.has(customerContextKey(c.noticeId, c.customerId)));
  const [notices, rows] = await Promise.all([
    noticeIds.length === 0
      ? Promise.resolve([])
      : db.notice.findMany({
          where: { id: { in: noticeIds } },
          select: {
            id: true,
            partnerId: true,
            subjectEn: true,
            bodyEn: true,
            subjectZhTw: true,
            bodyZhTw: true,
            partner: { select: { name: true, senderName: true, senderReplyTo: true } },
            communicationId: true,
            communication: { select: COMMUNICATION_CONTEXT_SELECT },
          },
        }),
    pairs.length === 0
      ? Promise.resolve([])
      : // Per (notice, customer): the customer (of the delivery's partner) and the notice's subscriptions of it.
        // Both are looked up per pair through their indexes: "OFFSET 0" keeps PostgreSQL from
        // flattening the lateral subqueries into hash joins, which read every customer and every
        // subscription of the table for each batch (4 ms per batch of 100 at 10,000 customers,
        // growing with the table; 2 ms and flat this way).
        queryRows<{
          noticeId: string;
          customerId: string;
          companyName: string;
          offerName: string | null;
          quantity: number | null;
          endDate: Date | null;
        }>(
          db,
          Prisma.sql`
          SELECT p."noticeId"::text AS "noticeId", p."customerId"::text AS "customerId", c."companyName",
                 s."offerName", s."quantity", s."commitmentEndDate" AS "endDate"
          FROM (SELECT DISTINCT * FROM unnest(
                  ${pairs.map((c) => c.noticeId)}::uuid[], ${pairs.map((c) => c.customerId)}::uuid[], ${pairs.map((c) => c.partnerId)}::uuid[]
                ) AS u("noticeId", "customerId", "partnerId")) AS p
          CROSS JOIN LATERAL (
            SELECT c."companyName" FROM "Customer" AS c WHERE c."id" = p."customerId" AND c."partnerId" = p."partnerId" OFFSET 0
          ) AS c
          LEFT JOIN LATERAL (
            SELECT s."offerName", s."quantity", s."commitmentEndDate"
            FROM "Subscription" AS s
            JOIN "NoticeSubscription" AS ns ON ns."subscriptionId" = s."id" AND ns."noticeId" = p."noticeId"
            WHERE s."customerId" = p."customerId" AND s."partnerId" = p."partnerId"
            OFFSET 0
          ) AS s ON true`,
        ),
  ]);
  const noticeMap = new Map<string, NoticeMessageContext>();
  for (const notice of notices) {
    noticeMap.set(notice.id, {
      noticeId: notice.id,
      partnerId: notice.partnerId,
      content: contentFromRow(notice),
      partnerName: notice.partner.name,
      senderName: notice.partner.senderName?.trim() || notice.partner.name,
      replyTo: notice.partner.senderReplyTo?.trim() || null,
      communicationId: notice.communicationId,
      communication: notice.communication ? communicationContextOf(notice.communication) : null,
    });
  }
  const customerMap = new Map<string, CustomerMessageContext>();
  for (const row of rows) {
    const key = customerContextKey(row.noticeId, row.customerId);
    let context = customerMap.get(key);
    if (!context) {
      context = { companyName: row.companyName, subscriptions: [] };
      customerMap.set(key, context);
    }
    if (row.offerName !== null && row.quantity !== null && row.endDate !== null) {
      context.subscriptions.push({ offerName: row.offerName, quantity: row.quantity, endDate: row.endDate });
    }
  }
  return { notices: noticeMap, customers: customerMap };
}

/**
 * What became of an attempt. A failure carries its code (stored as the delivery's `lastError`)
 * and the relay's reply numbers, never the relay's text (the worker logs that).
 */
export type DeliveryOutcome =
  | { kind: 'SENT'; at: Date; response?: string }
  /** A temporary failure: the delivery stays QUEUED until `nextAttemptAt`. */
  | { kind: 'RETRY'; at: Date; nextAttemptAt: Date; error: DeliveryError; reason: string }
  /** A permanent failure, or the attempts ran out. */
  | {
      kind: 'FAILED';
      at: Date;
      error: DeliveryError;
      reason: string;
      code: 'PERMANENT_FAILURE' | 'MAX_ATTEMPTS_REACHED' | 'RENDER_FAILED';
    };

export type DeliveryResult = { claim: ClaimedDelivery; outcome: DeliveryOutcome };

/** A notice and its partner (the partner goes into every where, for the indexes and the scope). */
export type NoticeKey = { id: string; partnerId: string };

/**
 * Records what became of claimed deliveries, with one audit event per delivery, in one SQL
 * statement (so atomically, and in one round trip: this is the worker's hot path). A SENT
 * outcome is recorded while the delivery is still QUEUED (even if its lease ran out: it was
 * sent); a failure only while the claim is still the latest (same attempt number). Returns the
 * notices concerned, for settleNotices.
 */
export async function recordDeliveryResults(db: PrismaClient, results: readonly DeliveryResult[], now: Date): Promise<NoticeKey[]> {
  if (results.length === 0) return [];
  const column = <T>(pick: (result: DeliveryResult) => T) => results.map(pick);
  const outcome = (result: DeliveryResult) => result.outcome;
  const rows = await queryRows<{ noticeId: string; partnerId: string }>(
    db,
    Prisma.sql`
    WITH v AS (
      SELECT * FROM unnest(
        ${column((r) => r.claim.id)}::uuid[],
        ${column((r) => outcome(r).kind)}::text[],
        ${column((r) => r.claim.attempts)}::int[],
        ${column((r) => outcome(r).at)}::timestamptz[],
        ${column((r) => {
          const o = outcome(r);
          return o.kind === 'RETRY' ? o.nextAttemptAt : null;
        })}::timestamptz[],
        ${column((r) => {
          const o = outcome(r);
          return o.kind === 'SENT' ? null : o.error.code;
        })}::text[],
        ${column((r) => {
          const o = outcome(r);
          return o.kind === 'SENT' ? null : (o.error.replyCode ?? null);
        })}::int[],
        ${column((r) => {
          const o = outcome(r);
          return o.kind === 'SENT' ? null : (o.error.enhancedStatus ?? null);
        })}::text[],
        ${column((r) => {
          const o = outcome(r);
          return o.kind === 'SENT' ? null : o.reason;
        })}::text[],
        ${column((r) => {
          const o = outcome(r);
          return o.kind === 'FAILED' ? o.code : null;
        })}::text[],
        ${column((r) => {
          const o = outcome(r);
          return o.kind === 'SENT' ? (o.response ?? '').slice(0, 200) : null;
        })}::text[]
      ) AS v("id", "kind", "attempts", "at", "next", "error", "replyCode", "enhancedStatus", "reason", "code", "response")
    ),
    recorded AS (
      UPDATE "NoticeDelivery" AS d
      SET "status" = (CASE v."kind" WHEN 'SENT' THEN 'SENT' WHEN 'FAILED' THEN 'FAILED' ELSE 'QUEUED' END)::"DeliveryStatus",
          "sentAt" = CASE WHEN v."kind" = 'SENT' THEN v."at" ELSE d."sentAt" END,
          "nextAttemptAt" = CASE WHEN v."kind" = 'RETRY' THEN v."next" ELSE NULL END,
          "lastError" = CASE WHEN v."kind" = 'SENT' THEN d."lastError" ELSE v."error" END,
          "updatedAt" = ${now}
      FROM v
      WHERE d."id" = v."id" AND d."status" = 'QUEUED' AND (v."kind" = 'SENT' OR d."attempts" = v."attempts")
      RETURNING d."id", d."partnerId", d."noticeId", d."customerId", d."recipientEmail", d."messageId", v."kind", v."attempts", v."at", v."next",
                v."error", v."replyCode", v."enhancedStatus", v."reason", v."code", v."response"
    ),
    audited AS (
      ${auditInsertFrom(Prisma.sql`
      SELECT NULL::uuid, ${SYSTEM_ACTORS.worker.label}, r."partnerId",
             CASE r."kind" WHEN 'SENT' THEN 'delivery.sent' WHEN 'RETRY' THEN 'delivery.attempt_failed' ELSE 'delivery.failed' END,
             'NoticeDelivery', r."id"::text, NULL::jsonb,
             jsonb_strip_nulls(jsonb_build_object(
               'noticeId', r."noticeId", 'recipientEmail', r."recipientEmail", 'messageId', r."messageId",
               'attempt', r."attempts", 'at', r."at",
               'status', CASE r."kind" WHEN 'SENT' THEN 'SENT' WHEN 'RETRY' THEN 'QUEUED' ELSE 'FAILED' END,
               'response', r."response", 'reason', r."reason", 'code', r."code", 'error', r."error",
               'replyCode', r."replyCode", 'enhancedStatus', r."enhancedStatus", 'nextAttemptAt', r."next")),
             NULL::text, ${now}::timestamptz
      FROM recorded AS r`)}
    ),
    -- delivery.failed webhooks, in the same statement: only for failed outcomes of partners with a subscriber.
    webhooks AS (
      ${deliveryFailedWebhooksFrom(Prisma.sql`
      SELECT r."partnerId", md5('delivery.failed:' || r."id"::text || ':' || r."attempts"::text)::uuid, r."at",
             jsonb_build_object('delivery', jsonb_build_object(
               'id', r."id", 'noticeId', r."noticeId", 'customerId', r."customerId", 'recipientEmail', r."recipientEmail",
               'attempts', r."attempts", 'error', r."error", 'reason', r."code", 'failedAt', ${sqlIsoTime(Prisma.sql`r."at"`)}))
      FROM recorded AS r WHERE r."kind" = 'FAILED'`)}
    )
    SELECT DISTINCT r."noticeId"::text AS "noticeId", r."partnerId"::text AS "partnerId" FROM recorded AS r`,
  );
  return rows.map((row) => ({ id: row.noticeId, partnerId: row.partnerId }));
}

/**
 * Rolls SENDING notices up to SENT / PARTIALLY_FAILED / FAILED once every delivery is final
 * (domain's settleNotice); others are left as they are. Each notice is locked while it is
 * counted, so that two workers finishing its last deliveries at once settle it exactly once.
 * Returns the notices settled and their new status.
 */
export async function settleNotices(
  db: PrismaClient,
  notices: readonly NoticeKey[],
  now: Date,
): Promise<{ id: string; status: NoticeStatus }[]> {
  const settled: { id: string; status: NoticeStatus }[] = [];
  const unique = new Map(notices.map((notice) => [notice.id, notice]));
  for (const { id: noticeId, partnerId } of unique.values()) {
    // Asked after every group of outcomes the worker records: through the pool (queryRows).
    const pending = await queryRows<{ id: string }>(
      db,
      Prisma.sql`SELECT "id" FROM "NoticeDelivery" WHERE "noticeId" = ${noticeId}::uuid AND "status" = 'QUEUED' AND "partnerId" = ${partnerId}::uuid LIMIT 1`,
    );
    if (pending.length > 0) continue;
    const result = await runWrite(
      async (tx) => {
        const locked = await tx.$queryRaw<
          { id: string; partnerId: string; status: NoticeStatus; version: number; kind: NoticeKind; subjectEn: string }[]
        >`
        SELECT "id"::text AS "id", "partnerId"::text AS "partnerId", "status"::text AS "status", "version", "kind"::text AS "kind", "subjectEn"
        FROM "Notice" WHERE "id" = ${noticeId}::uuid AND "partnerId" = ${partnerId}::uuid FOR UPDATE`;
        const notice = locked[0];
        if (!notice || notice.status !== 'SENDING') return NOT_SETTLED;
        const groups = await tx.noticeDelivery.groupBy({
          by: ['status'],
          where: { noticeId, partnerId: notice.partnerId },
          _count: { _all: true },
        });
        const statuses: DeliveryStatus[] = groups.flatMap((group) => Array<DeliveryStatus>(group._count._all).fill(group.status));
        const decision = settleNotice(notice.status, statuses);
        if (!decision.ok) return NOT_SETTLED;
        const lastSent =
          decision.to === 'FAILED'
            ? null
            : await tx.noticeDelivery.aggregate({ where: { partnerId, noticeId, status: 'SENT' }, _max: { sentAt: true } });
        const sentAt = lastSent ? (lastSent._max.sentAt ?? now) : null;
        await tx.notice.update({
          where: { id: noticeId },
          data: { status: decision.to, version: { increment: 1 }, sentAt },
        });
        const counts = countDeliveries(statuses);
        // notice.sent (SENT, PARTIALLY_FAILED) or notice.failed, with the counts: lib/domain/webhooks.ts noticeEventType.
        await enqueueWebhookEvents(
          tx,
          notice.partnerId,
          [
            {
              type: noticeEventType(decision.to),
              at: now,
              data: {
                notice: {
                  id: noticeId,
                  kind: notice.kind,
                  status: decision.to,
                  subject: notice.subjectEn,
                  sentAt: sentAt?.toISOString() ?? null,
                },
                deliveries: counts,
              },
            },
          ],
          now,
        );
        await writeAudit(tx, [
          {
            actor: SYSTEM_ACTORS.worker,
            partnerId: notice.partnerId,
            action: `notice.${decision.to.toLowerCase()}`,
            targetType: 'Notice',
            targetId: noticeId,
            before: { status: 'SENDING', version: notice.version },
            after: { status: decision.to, version: notice.version + 1, deliveries: counts },
          },
        ]);
        return { ok: true as const, status: decision.to };
      },
      { db },
    );
    if (result.ok) settled.push({ id: noticeId, status: result.status });
  }
  return settled;
}

/** SENDING notices without any QUEUED delivery (e.g. a worker stopped between recording and settling). */
export async function findUnsettledNotices(db: PrismaClient, limit = 100): Promise<NoticeKey[]> {
  return db.notice.findMany({
    where: { status: 'SENDING', deliveries: { none: { status: 'QUEUED' } } },
    select: { id: true, partnerId: true },
    take: limit,
  });
}
