import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Prisma } from '../../generated/prisma/client';
import type { PrismaClient } from '../../runtime/prisma';
import { countDeliveries, messageIdFor, type DeliveryCounts } from '../../domain/notice-lifecycle';
import type { ContactRole, Recipient } from '../../domain/notice-template';
import type { DeliveryErrorCode } from '../../domain/delivery-errors';
import { localeToDb } from '../../i18n/locales';
import type { Actor } from '../viewer';
import { writeAudit } from './audit';
import { loadTargetCustomers, recipientsOf, type TargetCustomer } from './notice-targets';

// The transactional outbox: scheduling or sending a notice writes one QUEUED delivery per
// recipient in the same transaction as the notice's status change; the delivery worker sends them
// (delivery-worker.ts).

type Tx = Prisma.TransactionClient;
type Db = PrismaClient | Tx;

// ---------------------------------------------------------------------------------------------
// The outbox

export type OutboxRecipient = Pick<Recipient, 'customerId' | 'contactId' | 'name' | 'email' | 'language'>;

/**
 * One QUEUED delivery per recipient of the notice, due at `nextAttemptAt` (the scheduled time,
 * or now), each with a stable Message-ID `<deliveryId@host>`. Runs in the caller's transaction
 * (the one that moves the notice to SCHEDULED or SENDING). A recipient address that already has
 * a delivery of this notice is skipped (unique on notice + address). Returns the addresses given
 * a delivery.
 */
export async function createDeliveries(
  tx: Tx,
  input: {
    partnerId: string;
    noticeId: string;
    recipients: readonly OutboxRecipient[];
    nextAttemptAt: Date;
    messageIdHost: string;
    now: Date;
  },
): Promise<string[]> {
  const created = await createDeliveriesOfNotices(tx, { ...input, notices: [{ noticeId: input.noticeId, recipients: input.recipients }] });
  return created.map((row) => row.email);
}

/** createDeliveries for several notices at once (one INSERT per 5,000 deliveries); returns what was created. */
export async function createDeliveriesOfNotices(
  tx: Tx,
  input: {
    partnerId: string;
    notices: readonly { noticeId: string; recipients: readonly OutboxRecipient[] }[];
    nextAttemptAt: Date;
    messageIdHost: string;
    now: Date;
  },
): Promise<{ noticeId: string; email: string }[]> {
  const all = input.notices.flatMap(({ noticeId, recipients }) => recipients.map((recipient) => ({ noticeId, ...recipient })));
  const created: { noticeId: string; email: string }[] = [];
  // The values as arrays (unnest): one statement whatever the number of recipients.
  for (let i = 0; i < all.length; i += 5000) {
    const chunk = all.slice(i, i + 5000);
    const ids = chunk.map(() => randomUUID());
    created.push(
      ...(await tx.$queryRaw<{ noticeId: string; email: string }[]>`
        INSERT INTO "NoticeDelivery" ("id", "partnerId", "noticeId", "customerId", "contactId", "recipientEmail", "recipientName",
                                      "language", "status", "attempts", "nextAttemptAt", "messageId", "createdAt", "updatedAt")
        SELECT v."id", ${input.partnerId}::uuid, v."noticeId", v."customerId", v."contactId", v."email", v."name",
               v."language"::"Language", 'QUEUED', 0, ${input.nextAttemptAt}, v."messageId", ${input.now}, ${input.now}
        FROM unnest(
          ${ids}::uuid[],
          ${chunk.map((r) => r.noticeId)}::uuid[],
          ${chunk.map((r) => r.customerId)}::uuid[],
          ${chunk.map((r) => r.contactId)}::uuid[],
          ${chunk.map((r) => r.email)}::text[],
          ${chunk.map((r) => r.name)}::text[],
          ${chunk.map((r) => r.language)}::text[],
          ${ids.map((id) => messageIdFor(id, input.messageIdHost))}::text[]
        ) AS v("id", "noticeId", "customerId", "contactId", "email", "name", "language", "messageId")
        ON CONFLICT ("noticeId", "recipientEmail") DO NOTHING
        RETURNING "noticeId"::text AS "noticeId", "recipientEmail" AS "email"`),
    );
  }
  return created;
}

/** Why a queued delivery was cancelled without being sent: its contact went, or no longer receives the notice. */
export const RECIPIENT_REMOVED = 'RECIPIENT_REMOVED' satisfies DeliveryErrorCode;

export type SyncOutcome = { added: number; removed: number; kept: number; addedRecipients: string[]; removedRecipients: string[] };

/** How many addresses a sync reports by name (its counts are always complete). */
const SYNC_LISTED = 100;

/**
 * Makes a notice's QUEUED deliveries match `recipients`, its recipients now: deliveries of
 * addresses no longer among them go, new addresses get one, and the others keep their id and
 * Message-ID with the recipient's current name, language and contact.
 *
 * - `dueAt`: when the queued deliveries are due (the scheduled time, or now when it is sent); null
 *   leaves the kept ones as they are (a sending notice: leased or waiting for a retry) and makes
 *   new ones due `now`.
 * - `removal`: 'delete' for a notice not yet sending (its deliveries were never attempted);
 *   'cancel' for a sending one (the ledger keeps the row, CANCELLED with RECIPIENT_REMOVED; one that
 *   comes back is queued again).
 * - `customerIds`: only these customers' deliveries are compared (a contact of theirs changed);
 *   the others stay as they are.
 * Addresses are compared without regard to case, as the recipients were chosen.
 */
export async function syncQueuedDeliveries(
  tx: Tx,
  input: {
    partnerId: string;
    noticeId: string;
    recipients: readonly OutboxRecipient[];
    dueAt: Date | null;
    removal: 'delete' | 'cancel';
    customerIds?: readonly string[];
    messageIdHost: string;
    now: Date;
  },
): Promise<SyncOutcome> {
  const key = (email: string) => email.trim().toLowerCase();
  const existing = await tx.noticeDelivery.findMany({
    where: {
      partnerId: input.partnerId,
      noticeId: input.noticeId,
      status: 'QUEUED',
      ...(input.customerIds ? { customerId: { in: [...input.customerIds] } } : {}),
    },
    select: { id: true, recipientEmail: true, recipientName: true, language: true, contactId: true, customerId: true },
    orderBy: { recipientEmail: 'asc' },
  });
  const wanted = new Map(input.recipients.map((recipient) => [key(recipient.email), recipient]));
  const stale = existing.filter((delivery) => !wanted.has(key(delivery.recipientEmail)));
  if (stale.length > 0) {
    const ids = stale.map((delivery) => delivery.id);
    if (input.removal === 'delete') {
      await tx.noticeDelivery.deleteMany({ where: { partnerId: input.partnerId, noticeId: input.noticeId, id: { in: ids } } });
    } else {
      await tx.noticeDelivery.updateMany({
        where: { partnerId: input.partnerId, noticeId: input.noticeId, id: { in: ids }, status: 'QUEUED' },
        data: { status: 'CANCELLED', nextAttemptAt: null, lastError: RECIPIENT_REMOVED, updatedAt: input.now },
      });
    }
  }
  const changed = existing.flatMap((delivery) => {
    const recipient = wanted.get(key(delivery.recipientEmail));
    if (!recipient) return [];
    const language = localeToDb(recipient.language);
    const same =
      delivery.recipientName === recipient.name &&
      delivery.language === language &&
      delivery.contactId === recipient.contactId &&
      delivery.customerId === recipient.customerId;
    return same ? [] : [{ id: delivery.id, recipient }];
  });
  if (changed.length > 0) {
    await tx.$executeRaw`
      UPDATE "NoticeDelivery" AS d
      SET "recipientName" = v."name", "language" = v."language"::"Language", "contactId" = v."contactId", "customerId" = v."customerId",
          "updatedAt" = ${input.now}
      FROM unnest(
        ${changed.map((c) => c.id)}::uuid[], ${changed.map((c) => c.recipient.name)}::text[], ${changed.map((c) => c.recipient.language)}::text[],
        ${changed.map((c) => c.recipient.contactId)}::uuid[], ${changed.map((c) => c.recipient.customerId)}::uuid[]
      ) AS v("id", "name", "language", "contactId", "customerId")
      WHERE d."id" = v."id" AND d."partnerId" = ${input.partnerId}::uuid AND d."noticeId" = ${input.noticeId}::uuid`;
  }
  if (input.dueAt) {
    await tx.noticeDelivery.updateMany({
      where: {
        partnerId: input.partnerId,
        noticeId: input.noticeId,
        status: 'QUEUED',
        ...(input.customerIds ? { customerId: { in: [...input.customerIds] } } : {}),
      },
      data: { nextAttemptAt: input.dueAt },
    });
  }
  const have = new Set(existing.map((delivery) => key(delivery.recipientEmail)));
  const fresh = input.recipients.filter((recipient) => !have.has(key(recipient.email)));
  let revived: string[] = [];
  if (input.removal === 'cancel' && fresh.length > 0) {
    // Someone removed and back again (a contact's address changed back): the cancelled row is queued again.
    const rows = await tx.$queryRaw<{ email: string }[]>`
      UPDATE "NoticeDelivery"
      SET "status" = 'QUEUED', "nextAttemptAt" = ${input.dueAt ?? input.now}, "lastError" = NULL, "updatedAt" = ${input.now}
      WHERE "partnerId" = ${input.partnerId}::uuid AND "noticeId" = ${input.noticeId}::uuid AND "status" = 'CANCELLED'
        AND "lastError" = ${RECIPIENT_REMOVED} AND "recipientEmail" = ANY(${fresh.map((recipient) => recipient.email)}::text[])
      RETURNING "recipientEmail" AS "email"`;
    revived = rows.map((row) => row.email);
  }
  const added = [...revived, ...(await createDeliveries(tx, { ...input, recipients: fresh, nextAttemptAt: input.dueAt ?? input.now }))];
  return {
    added: added.length,
    removed: stale.length,
    kept: existing.length - stale.length,
    addedRecipients: added.slice(0, SYNC_LISTED),
    removedRecipients: stale.slice(0, SYNC_LISTED).map((delivery) => delivery.recipientEmail),
  };
}

/** Delivery counts per status of some notices (all statuses present, zero when none). */
export async function deliveryCountsOf(db: Db, partnerId: string, noticeIds: readonly string[]): Promise<Map<string, DeliveryCounts>> {
  const out = new Map<string, DeliveryCounts>();
  for (const id of noticeIds) out.set(id, countDeliveries([]));
  if (noticeIds.length === 0) return out;
  const rows = await db.noticeDelivery.groupBy({
    by: ['noticeId', 'status'],
    where: { partnerId, noticeId: { in: [...noticeIds] } },
    _count: { _all: true },
  });
  for (const row of rows) {
    const counts = out.get(row.noticeId) ?? countDeliveries([]);
    const n = row._count._all;
    counts.total += n;
    if (row.status === 'QUEUED') counts.queued += n;
    else if (row.status === 'SENT') counts.sent += n;
    else if (row.status === 'FAILED') counts.failed += n;
    else counts.cancelled += n;
    out.set(row.noticeId, counts);
  }
  return out;
}

export type RecipientSyncReason = 'CONTACT_CREATED' | 'CONTACT_UPDATED' | 'CONTACT_DELETED' | 'CUSTOMER_UPDATED' | 'DUE';

/**
 * A contact of these customers was added, changed or removed (or the customer's language changed):
 * the partner's SCHEDULED and SENDING notices that target them get their queued deliveries to
 * those customers brought in line with who receives them now, so that nobody removed is mailed and
 * a changed address gets the message instead of the old one. A scheduled notice is synced in full
 * once more when it comes due (delivery-worker.ts). Each notice that changed gets a
 * `notice.recipients_synced` event (its page lists them). Runs in the caller's transaction;
 * returns how many notices changed.
 */
export async function resyncNoticesOfCustomers(
  tx: Tx,
  input: {
    partnerId: string;
    customerIds: readonly string[];
    reason: RecipientSyncReason;
    actor: Actor;
    address?: string | null;
    messageIdHost: string;
    now: Date;
  },
): Promise<number> {
  const customerIds = [...new Set(input.customerIds)];
  if (customerIds.length === 0) return 0;
  // Locked in id order, as every writer of these notices locks them (no deadlock with a transition).
  const notices = await tx.$queryRaw<{ id: string; status: 'SCHEDULED' | 'SENDING'; roles: ContactRole[]; customerIds: string[] }[]>`
    SELECT n."id"::text AS "id", n."status"::text AS "status", n."recipientRoles"::text[] AS "roles",
           array(SELECT nc."customerId"::text FROM "NoticeCustomer" AS nc
                 WHERE nc."noticeId" = n."id" AND nc."partnerId" = n."partnerId" AND nc."customerId" = ANY(${customerIds}::uuid[])) AS "customerIds"
    FROM "Notice" AS n
    WHERE n."partnerId" = ${input.partnerId}::uuid AND n."status" IN ('SCHEDULED', 'SENDING')
      AND EXISTS (SELECT 1 FROM "NoticeCustomer" AS nc
                  WHERE nc."noticeId" = n."id" AND nc."partnerId" = n."partnerId" AND nc."customerId" = ANY(${customerIds}::uuid[]))
    ORDER BY n."id"
    FOR UPDATE OF n`;
  let changed = 0;
  for (const notice of notices) {
    const targets = await loadTargetCustomers(tx, input.partnerId, notice.customerIds, []);
    const recipients = [...recipientsOf(targets, notice.roles), ...(await recipientsElsewhere(tx, input.partnerId, notice, targets))];
    const outcome = await syncQueuedDeliveries(tx, {
      partnerId: input.partnerId,
      noticeId: notice.id,
      recipients,
      // A scheduled notice's deliveries stay due at its time; a sending one's new deliveries are due now.
      dueAt: null,
      removal: notice.status === 'SCHEDULED' ? 'delete' : 'cancel',
      customerIds: notice.customerIds,
      messageIdHost: input.messageIdHost,
      now: input.now,
    });
    if (outcome.added === 0 && outcome.removed === 0) continue;
    changed += 1;
    await writeAudit(tx, [
      {
        actor: input.actor,
        partnerId: input.partnerId,
        address: input.address ?? null,
        action: 'notice.recipients_synced',
        targetType: 'Notice',
        targetId: notice.id,
        after: { reason: input.reason, status: notice.status, customerIds: notice.customerIds, ...outcome },
      },
    ]);
  }
  return changed;
}

/**
 * A queued delivery to one of the changed customers' addresses may be owed to a contact of another
 * customer of the notice too (an address is mailed once per notice): those addresses stay recipients.
 */
async function recipientsElsewhere(
  tx: Tx,
  partnerId: string,
  notice: { id: string; roles: ContactRole[]; customerIds: string[] },
  changed: readonly TargetCustomer[],
): Promise<OutboxRecipient[]> {
  const rows = await tx.$queryRaw<{ customerId: string; email: string }[]>`
    SELECT DISTINCT c."customerId"::text AS "customerId", lower(d."recipientEmail") AS "email"
    FROM "NoticeDelivery" AS d
    JOIN "NoticeCustomer" AS nc ON nc."noticeId" = d."noticeId" AND nc."partnerId" = d."partnerId"
    JOIN "Contact" AS c ON c."customerId" = nc."customerId" AND c."partnerId" = nc."partnerId" AND lower(c."email") = lower(d."recipientEmail")
    WHERE d."noticeId" = ${notice.id}::uuid AND d."partnerId" = ${partnerId}::uuid AND d."status" = 'QUEUED'
      AND d."customerId" = ANY(${notice.customerIds}::uuid[]) AND NOT (nc."customerId" = ANY(${notice.customerIds}::uuid[]))
      AND c."role"::text = ANY(${notice.roles}::text[])`;
  if (rows.length === 0) return [];
  const others = await loadTargetCustomers(tx, partnerId, [...new Set(rows.map((row) => row.customerId))], []);
  const queued = new Set(rows.map((row) => row.email));
  const mine = new Set(recipientsOf(changed, notice.roles).map((recipient) => recipient.email.trim().toLowerCase()));
  return recipientsOf(others, notice.roles).filter((recipient) => {
    const email = recipient.email.trim().toLowerCase();
    return queued.has(email) && !mine.has(email);
  });
}
