import 'server-only';
import { randomUUID } from 'node:crypto';
import { Prisma } from '../../generated/prisma/client';
import { queryRows, type PrismaClient } from '../../runtime/prisma';
import { getDb } from '../db';
import { actorOf, partnerScope, type Viewer } from '../viewer';
import { isLocale, localeFromDb, localeFromSql, localeToDb, type Locale } from '../../i18n/locales';
import {
  countDeliveries,
  messageIdFor,
  settleNotice,
  type DeliveryCounts,
  type DeliveryStatus,
  type NoticeStatus,
} from '../../domain/notice-lifecycle';
import {
  checkNotice,
  selectRecipients,
  type ContactRole,
  type NoticeCheckError,
  type NoticeContent,
  type NoticeTarget,
  type Recipient,
  type RecipientCustomer,
  type TemplateContext,
  type TemplateSubscription,
} from '../../domain/notice-template';
import type { CsvValue } from '../../domain/csv';
import { DELIVERIES_PAGE_SIZE, PAGE_LIMIT_MAX } from '../../schemas/notices';

// Notice deliveries: the outbox and everything around it.
//
// 1. Shared by the notice functions (notices.ts, reminders.ts): the audit writer, a notice's
//    targets and recipients, the checks before scheduling or sending, and the outbox itself —
//    `createDeliveries` inserts one QUEUED delivery per recipient, inside the caller's
//    transaction (the one that changes the notice's status), each with a stable Message-ID.
// 2. The ledger for pages and the API (viewer-scoped): `listDeliveries`, `iterateDeliveryCsvRows`.
// 3. The worker's side (system scope, no viewer: it serves every partner; never call these from
//    a page): `promoteDueNotices`, `claimDueDeliveries`, `loadMessageContexts`,
//    `recordDeliveryResults`, `releaseClaims`, `settleNotices`, `findUnsettledNotices`.
//
// Crash safety of the worker: a claim is one statement (`UPDATE … FROM (SELECT … FOR UPDATE SKIP
// LOCKED)`) that takes due rows, bumps their attempts and sets `nextAttemptAt` to the end of a
// lease. A worker that dies after claiming leaves its rows QUEUED: they become due again when
// the lease ends, and another worker (or the same one restarted) sends them. So nothing is lost;
// a message is sent twice only if the worker died between handing it to the relay and recording
// it (at most the messages it had in flight), and both copies carry the same Message-ID.

export type Tx = Prisma.TransactionClient;
type Db = PrismaClient | Tx;

/** The actor label of audit events written by the delivery worker and the reminder rules. */
export const WORKER_ACTOR = 'system:worker';
export const REMINDER_ACTOR = 'system:reminders';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

// ---------------------------------------------------------------------------------------------
// Audit

export type AuditEntry = {
  actorId: string | null;
  actorLabel: string;
  partnerId: string;
  action: string;
  targetType: string;
  targetId: string | null;
  before?: unknown;
  after?: unknown;
  address?: string | null;
};

function toJson(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}

/** Appends audit events (in the caller's transaction). */
export async function writeAudit(db: Db, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.auditEvent.createMany({
    data: entries.map((entry) => ({
      actorId: entry.actorId,
      actorLabel: entry.actorLabel,
      partnerId: entry.partnerId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      ...(entry.before === undefined || entry.before === null ? {} : { before: toJson(entry.before) }),
      ...(entry.after === undefined || entry.after === null ? {} : { after: toJson(entry.after) }),
      address: entry.address ?? null,
    })),
  });
}

/** An audit entry by the viewer (a signed-in user, or an API token). */
export function viewerAudit(viewer: Viewer, partnerId: string, address: string | null | undefined, event: Omit<AuditEntry, 'actorId' | 'actorLabel' | 'partnerId' | 'address'>): AuditEntry {
  const actor = actorOf(viewer);
  return { actorId: actor.userId, actorLabel: actor.label, partnerId, address: address ?? null, ...event };
}

// ---------------------------------------------------------------------------------------------
// Content, targets and recipients

export type NoticeContentRow = { subjectEn: string; bodyEn: string; subjectZhTw: string; bodyZhTw: string };

export function contentFromRow(row: NoticeContentRow): NoticeContent {
  return { en: { subject: row.subjectEn, body: row.bodyEn }, 'zh-TW': { subject: row.subjectZhTw, body: row.bodyZhTw } };
}

export function contentToRow(content: NoticeContent): NoticeContentRow {
  return { subjectEn: content.en.subject, bodyEn: content.en.body, subjectZhTw: content['zh-TW'].subject, bodyZhTw: content['zh-TW'].body };
}

export type TargetSubscription = {
  id: string;
  offerName: string;
  quantity: number;
  status: 'ACTIVE' | 'SUSPENDED' | 'EXPIRED' | 'CANCELLED';
  commitmentEndDate: Date;
  autoRenew: boolean;
};

export type TargetContact = { id: string; name: string; email: string; role: ContactRole; language: Locale | null };

/** A target customer of a notice with all its contacts and the notice's subscriptions of it. */
export type TargetCustomer = {
  id: string;
  companyName: string;
  preferredLanguage: Locale;
  contacts: TargetContact[];
  subscriptions: TargetSubscription[];
};


/**
 * The customers `customerIds` (of `partnerId`) with their contacts, and `subscriptionIds` grouped
 * under their customers, in a stable order (company name, then id). Unknown ids are left out.
 */
export async function loadTargetCustomers(
  db: Db,
  partnerId: string,
  customerIds: readonly string[],
  subscriptionIds: readonly string[],
): Promise<TargetCustomer[]> {
  if (customerIds.length === 0) return [];
  // Raw SQL with array parameters: a notice may target thousands of customers, and an IN list of
  // that many parameters costs the query engine far more than one array. Enums come back as
  // their database values ('zh-TW').
  const ids = [...customerIds];
  const [customers, contacts, subscriptions] = await Promise.all([
    db.$queryRaw<{ id: string; companyName: string; preferredLanguage: string }[]>`
      SELECT "id"::text AS "id", "companyName", "preferredLanguage"::text AS "preferredLanguage"
      FROM "Customer" WHERE "partnerId" = ${partnerId}::uuid AND "id" = ANY(${ids}::uuid[])
      ORDER BY "companyName", "id"`,
    db.$queryRaw<{ id: string; customerId: string; name: string; email: string; role: ContactRole; language: string | null }[]>`
      SELECT "id"::text AS "id", "customerId"::text AS "customerId", "name", "email", "role"::text AS "role", "language"::text AS "language"
      FROM "Contact" WHERE "partnerId" = ${partnerId}::uuid AND "customerId" = ANY(${ids}::uuid[])
      ORDER BY "createdAt", "id"`,
    subscriptionIds.length === 0
      ? Promise.resolve([])
      : db.$queryRaw<(TargetSubscription & { customerId: string })[]>`
          SELECT "id"::text AS "id", "customerId"::text AS "customerId", "offerName", "quantity", "status"::text AS "status",
                 "commitmentEndDate", "autoRenew"
          FROM "Subscription"
          WHERE "partnerId" = ${partnerId}::uuid AND "id" = ANY(${[...subscriptionIds]}::uuid[]) AND "customerId" = ANY(${ids}::uuid[])
          ORDER BY "commitmentEndDate", "offerName", "id"`,
  ]);
  const locale = (value: string | null): Locale | null => (isLocale(value) ? value : null);
  const byId = new Map<string, TargetCustomer>(
    customers.map((customer) => [
      customer.id,
      { id: customer.id, companyName: customer.companyName, preferredLanguage: localeFromSql(customer.preferredLanguage), contacts: [], subscriptions: [] },
    ]),
  );
  for (const contact of contacts) {
    byId.get(contact.customerId)?.contacts.push({ id: contact.id, name: contact.name, email: contact.email, role: contact.role, language: locale(contact.language) });
  }
  for (const { customerId, ...subscription } of subscriptions) byId.get(customerId)?.subscriptions.push(subscription);
  return [...byId.values()];
}

/** A stored notice's targets (its customers and subscriptions) with the customers' contacts. */
export async function loadNoticeTargets(db: Db, partnerId: string, noticeId: string): Promise<TargetCustomer[]> {
  const [customers, subscriptions] = await Promise.all([
    db.$queryRaw<{ id: string }[]>`
      SELECT nc."customerId"::text AS "id" FROM "NoticeCustomer" AS nc JOIN "Notice" AS n ON n."id" = nc."noticeId"
      WHERE nc."noticeId" = ${noticeId}::uuid AND n."partnerId" = ${partnerId}::uuid`,
    db.$queryRaw<{ id: string }[]>`
      SELECT ns."subscriptionId"::text AS "id" FROM "NoticeSubscription" AS ns JOIN "Notice" AS n ON n."id" = ns."noticeId"
      WHERE ns."noticeId" = ${noticeId}::uuid AND n."partnerId" = ${partnerId}::uuid`,
  ]);
  return loadTargetCustomers(
    db,
    partnerId,
    customers.map((row) => row.id),
    subscriptions.map((row) => row.id),
  );
}

function recipientCustomers(customers: readonly TargetCustomer[]): RecipientCustomer[] {
  return customers.map((customer) => ({ id: customer.id, preferredLanguage: customer.preferredLanguage, contacts: customer.contacts }));
}

/** The recipients of a notice with these targets and contact roles (domain's selectRecipients). */
export function recipientsOf(customers: readonly TargetCustomer[], roles: readonly ContactRole[]): Recipient[] {
  return selectRecipients(recipientCustomers(customers), roles);
}

/** What checkNotice needs to know of each target. */
export function checkTargetsOf(customers: readonly TargetCustomer[], roles: readonly ContactRole[]): NoticeTarget[] {
  const wanted = new Set(roles);
  return customers.map((customer) => ({
    customerId: customer.id,
    preferredLanguage: customer.preferredLanguage,
    contacts: customer.contacts.filter((contact) => wanted.has(contact.role) && contact.email.trim() !== ''),
    subscriptionCount: customer.subscriptions.length,
  }));
}

/** The domain's checks for a notice with this content, these targets and roles. */
export function checkNoticeTargets(content: NoticeContent, customers: readonly TargetCustomer[], roles: readonly ContactRole[]): NoticeCheckError[] {
  return checkNotice({ content, targets: checkTargetsOf(customers, roles) });
}

/** The variables' values for one customer of a notice. */
export function templateContextOf(partnerName: string, customer: { companyName: string }, subscriptions: readonly TemplateSubscription[]): TemplateContext {
  return { customer: { name: customer.companyName }, partner: { name: partnerName }, subscriptions };
}

// ---------------------------------------------------------------------------------------------
// The outbox

export type OutboxRecipient = Pick<Recipient, 'customerId' | 'contactId' | 'name' | 'email' | 'language'>;

/**
 * One QUEUED delivery per recipient of the notice, due at `nextAttemptAt` (the scheduled time,
 * or now), each with a stable Message-ID `<deliveryId@host>`. Runs in the caller's transaction
 * (the one that moves the notice to SCHEDULED or SENDING). A recipient address that already has
 * a delivery of this notice is skipped (unique on notice + address). Returns how many were made.
 */
export async function createDeliveries(
  tx: Tx,
  input: { partnerId: string; noticeId: string; recipients: readonly OutboxRecipient[]; nextAttemptAt: Date; messageIdHost: string; now: Date },
): Promise<number> {
  let created = 0;
  // One INSERT per 5,000 recipients, the values as arrays (unnest): fast for a notice to thousands.
  for (let i = 0; i < input.recipients.length; i += 5000) {
    const chunk = input.recipients.slice(i, i + 5000);
    const ids = chunk.map(() => randomUUID());
    created += await tx.$executeRaw`
      INSERT INTO "NoticeDelivery" ("id", "partnerId", "noticeId", "customerId", "contactId", "recipientEmail", "recipientName",
                                    "language", "status", "attempts", "nextAttemptAt", "messageId", "createdAt", "updatedAt")
      SELECT v."id", ${input.partnerId}::uuid, ${input.noticeId}::uuid, v."customerId", v."contactId", v."email", v."name",
             v."language"::"Language", 'QUEUED', 0, ${input.nextAttemptAt}, v."messageId", ${input.now}, ${input.now}
      FROM unnest(
        ${ids}::uuid[],
        ${chunk.map((r) => r.customerId)}::uuid[],
        ${chunk.map((r) => r.contactId)}::uuid[],
        ${chunk.map((r) => r.email)}::text[],
        ${chunk.map((r) => r.name)}::text[],
        ${chunk.map((r) => r.language)}::text[],
        ${ids.map((id) => messageIdFor(id, input.messageIdHost))}::text[]
      ) AS v("id", "customerId", "contactId", "email", "name", "language", "messageId")
      ON CONFLICT ("noticeId", "recipientEmail") DO NOTHING`;
  }
  return created;
}

/**
 * Makes the QUEUED deliveries of a scheduled notice match its recipients again after an edit:
 * deliveries of addresses no longer among them are removed (never attempted: a scheduled
 * notice's deliveries are not sent before it is due), new addresses get one, and the others
 * keep their id and Message-ID with the recipient's current name and language.
 */
export async function syncQueuedDeliveries(
  tx: Tx,
  input: { partnerId: string; noticeId: string; recipients: readonly OutboxRecipient[]; nextAttemptAt: Date; messageIdHost: string; now: Date },
): Promise<{ added: number; removed: number; kept: number }> {
  const existing = await tx.noticeDelivery.findMany({
    where: { partnerId: input.partnerId, noticeId: input.noticeId, status: 'QUEUED' },
    select: { id: true, recipientEmail: true, recipientName: true, language: true, contactId: true, customerId: true },
  });
  const wanted = new Map(input.recipients.map((recipient) => [recipient.email, recipient]));
  const stale = existing.filter((delivery) => !wanted.has(delivery.recipientEmail)).map((delivery) => delivery.id);
  if (stale.length > 0) await tx.noticeDelivery.deleteMany({ where: { partnerId: input.partnerId, id: { in: stale } } });
  const have = new Set(existing.map((delivery) => delivery.recipientEmail));
  for (const delivery of existing) {
    const recipient = wanted.get(delivery.recipientEmail);
    if (!recipient) continue;
    const language = localeToDb(recipient.language);
    if (
      delivery.recipientName !== recipient.name ||
      delivery.language !== language ||
      delivery.contactId !== recipient.contactId ||
      delivery.customerId !== recipient.customerId
    ) {
      await tx.noticeDelivery.update({
        where: { id: delivery.id },
        data: { recipientName: recipient.name, language, contactId: recipient.contactId, customerId: recipient.customerId },
      });
    }
  }
  await tx.noticeDelivery.updateMany({
    where: { partnerId: input.partnerId, noticeId: input.noticeId, status: 'QUEUED' },
    data: { nextAttemptAt: input.nextAttemptAt },
  });
  const added = await createDeliveries(tx, { ...input, recipients: input.recipients.filter((recipient) => !have.has(recipient.email)) });
  return { added, removed: stale.length, kept: existing.length - stale.length };
}

/** Sets a notice's target customers and subscriptions (in the caller's transaction). */
export async function replaceTargets(tx: Tx, noticeId: string, customerIds: readonly string[], subscriptionIds: readonly string[]): Promise<void> {
  await tx.noticeSubscription.deleteMany({ where: { noticeId } });
  await tx.noticeCustomer.deleteMany({ where: { noticeId } });
  for (let i = 0; i < customerIds.length; i += 5000) {
    await tx.noticeCustomer.createMany({ data: customerIds.slice(i, i + 5000).map((customerId) => ({ noticeId, customerId })) });
  }
  for (let i = 0; i < subscriptionIds.length; i += 5000) {
    await tx.noticeSubscription.createMany({ data: subscriptionIds.slice(i, i + 5000).map((subscriptionId) => ({ noticeId, subscriptionId })) });
  }
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

// ---------------------------------------------------------------------------------------------
// The ledger (viewer-scoped)

export type DeliveryRow = {
  id: string;
  customerId: string;
  customerName: string;
  contactId: string | null;
  recipientName: string;
  recipientEmail: string;
  language: Locale;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date | null;
  sentAt: Date | null;
  messageId: string;
  createdAt: Date;
  updatedAt: Date;
};

export type DeliveryPage = {
  items: DeliveryRow[];
  counts: DeliveryCounts;
  /** The notice's status and version (the page polls them while sending). */
  notice: { id: string; status: NoticeStatus; version: number };
  nextCursor: string | null;
  /** The cursor given could not be read: the first page is shown. */
  invalidCursor: boolean;
};

const DELIVERY_SELECT = {
  id: true,
  customerId: true,
  customer: { select: { companyName: true } },
  contactId: true,
  recipientName: true,
  recipientEmail: true,
  language: true,
  status: true,
  attempts: true,
  lastError: true,
  nextAttemptAt: true,
  sentAt: true,
  messageId: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.NoticeDeliverySelect;

type DeliveryRecord = Prisma.NoticeDeliveryGetPayload<{ select: typeof DELIVERY_SELECT }>;

function deliveryRowOf(row: DeliveryRecord): DeliveryRow {
  const { customer, ...rest } = row;
  return { ...rest, customerName: customer.companyName, language: localeFromDb(row.language) };
}

const encodeEmailCursor = (email: string) => Buffer.from(`e|${email}`, 'utf8').toString('base64url');
function decodeEmailCursor(value: string): string | null {
  const text = Buffer.from(value, 'base64url').toString('utf8');
  return text.startsWith('e|') && text.length > 2 ? text.slice(2) : null;
}

/**
 * One page of a notice's deliveries (the per-recipient ledger), ordered by recipient address,
 * with the counts per status for the progress bar. Null for an unknown or foreign notice.
 */
export async function listDeliveries(
  viewer: Viewer,
  noticeId: string,
  cursor?: string | null,
  options: { limit?: number; status?: DeliveryStatus } = {},
): Promise<DeliveryPage | null> {
  const partnerId = partnerScope(viewer);
  if (!isUuid(noticeId)) return null;
  const db = getDb();
  const notice = await db.notice.findFirst({ where: { id: noticeId, partnerId }, select: { id: true, status: true, version: true } });
  if (!notice) return null;
  const after = cursor ? decodeEmailCursor(cursor) : null;
  const limit = Math.min(Math.max(1, Math.floor(options.limit ?? DELIVERIES_PAGE_SIZE)), PAGE_LIMIT_MAX);
  const [rows, counts] = await Promise.all([
    db.noticeDelivery.findMany({
      where: {
        partnerId,
        noticeId,
        ...(options.status ? { status: options.status } : {}),
        ...(after !== null ? { recipientEmail: { gt: after } } : {}),
      },
      select: DELIVERY_SELECT,
      orderBy: { recipientEmail: 'asc' },
      take: limit + 1,
    }),
    deliveryCountsOf(db, partnerId, [noticeId]),
  ]);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(deliveryRowOf),
    counts: counts.get(noticeId) ?? countDeliveries([]),
    notice,
    nextCursor: rows.length > limit && last ? encodeEmailCursor(last.recipientEmail) : null,
    invalidCursor: Boolean(cursor) && after === null,
  };
}

/** The columns of the ledger's CSV export, in order (the route words the header row). */
export const DELIVERY_CSV_COLUMNS = [
  'recipientEmail',
  'recipientName',
  'customer',
  'language',
  'status',
  'attempts',
  'lastError',
  'nextAttemptAt',
  'sentAt',
  'messageId',
  'createdAt',
  'updatedAt',
] as const;

/**
 * Every delivery of a notice as CSV-ready rows (DELIVERY_CSV_COLUMNS; times in ISO 8601 UTC), read
 * in batches so that a large notice streams. Yields nothing for an unknown or foreign notice —
 * call `getNotice` first to answer 404. Encode the rows with lib/domain/csv.ts (formula-safe).
 */
export async function* iterateDeliveryCsvRows(viewer: Viewer, noticeId: string, batchSize = 1000): AsyncGenerator<CsvValue[]> {
  const partnerId = partnerScope(viewer);
  if (!isUuid(noticeId)) return;
  const db = getDb();
  const notice = await db.notice.findFirst({ where: { id: noticeId, partnerId }, select: { id: true } });
  if (!notice) return;
  let after: string | null = null;
  const iso = (date: Date | null) => (date ? date.toISOString() : null);
  for (;;) {
    const rows: DeliveryRecord[] = await db.noticeDelivery.findMany({
      where: { partnerId, noticeId, ...(after !== null ? { recipientEmail: { gt: after } } : {}) },
      select: DELIVERY_SELECT,
      orderBy: { recipientEmail: 'asc' },
      take: batchSize,
    });
    for (const row of rows) {
      yield [
        row.recipientEmail,
        row.recipientName,
        row.customer.companyName,
        localeFromDb(row.language),
        row.status,
        row.attempts,
        row.lastError,
        iso(row.nextAttemptAt),
        iso(row.sentAt),
        row.messageId,
        iso(row.createdAt),
        iso(row.updatedAt),
      ];
    }
    const last = rows[rows.length - 1];
    if (rows.length < batchSize || !last) return;
    after = last.recipientEmail;
  }
}

// ---------------------------------------------------------------------------------------------
// The worker's side (system scope)

/**
 * Moves SCHEDULED notices whose time has come to SENDING (and makes their queued deliveries due),
 * at most `limit` at a time; several workers at once each take different notices (SKIP LOCKED).
 * Returns the ids moved.
 */
export async function promoteDueNotices(db: PrismaClient, now: Date, limit = 100): Promise<string[]> {
  return db.$transaction(async (tx) => {
    const promoted = await tx.$queryRaw<{ id: string; partnerId: string; version: number; scheduledAt: Date | null }[]>`
      WITH due AS (
        SELECT "id" FROM "Notice"
        WHERE "status" = 'SCHEDULED' AND "scheduledAt" <= ${now}
        ORDER BY "scheduledAt"
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )
      UPDATE "Notice" AS n
      SET "status" = 'SENDING', "version" = n."version" + 1, "updatedAt" = ${now}
      FROM due WHERE n."id" = due."id"
      RETURNING n."id"::text AS "id", n."partnerId"::text AS "partnerId", n."version", n."scheduledAt"`;
    if (promoted.length === 0) return [];
    const ids = promoted.map((row) => row.id);
    await tx.$executeRaw`
      UPDATE "NoticeDelivery"
      SET "nextAttemptAt" = ${now}, "updatedAt" = ${now}
      WHERE "noticeId" = ANY(${ids}::uuid[]) AND "status" = 'QUEUED'
        AND ("nextAttemptAt" IS NULL OR "nextAttemptAt" > ${now})`;
    await writeAudit(
      tx,
      promoted.map((row) => ({
        actorId: null,
        actorLabel: WORKER_ACTOR,
        partnerId: row.partnerId,
        action: 'notice.sending',
        targetType: 'Notice',
        targetId: row.id,
        before: { status: 'SCHEDULED', version: row.version - 1 },
        after: { status: 'SENDING', version: row.version, reason: 'SCHEDULE_DUE', scheduledAt: row.scheduledAt },
      })),
    );
    return ids;
  });
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
export async function claimDueDeliveries(db: PrismaClient, now: Date, options: { limit: number; leaseMs: number }): Promise<ClaimedDelivery[]> {
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
};

export type CustomerMessageContext = { companyName: string; subscriptions: TemplateSubscription[] };

export const customerContextKey = (noticeId: string, customerId: string) => `${noticeId}:${customerId}`;

/**
 * What the worker needs to render claimed deliveries: each notice's content and its partner's
 * sender identity, and per (notice, customer) the customer's name and the notice's
 * subscriptions of that customer. Notices in `known` are not read again.
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
          },
        }),
    pairs.length === 0
      ? Promise.resolve([])
      : // Per (notice, customer): the customer (of the delivery's partner) and the notice's subscriptions of it.
        // Both are looked up per pair through their indexes: "OFFSET 0" keeps PostgreSQL from
        // flattening the lateral subqueries into hash joins, which read every customer and every
        // subscription of the table for each batch (4 ms per batch of 100 at 10,000 customers,
        // growing with the table; 2 ms and flat this way).
        queryRows<{ noticeId: string; customerId: string; companyName: string; offerName: string | null; quantity: number | null; endDate: Date | null }>(
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

export type DeliveryOutcome =
  | { kind: 'SENT'; at: Date; response?: string }
  /** A temporary failure: the delivery stays QUEUED until `nextAttemptAt`. */
  | { kind: 'RETRY'; at: Date; nextAttemptAt: Date; error: string; reason: string }
  /** A permanent failure, or the attempts ran out. */
  | { kind: 'FAILED'; at: Date; error: string; reason: string; code: 'PERMANENT_FAILURE' | 'MAX_ATTEMPTS_REACHED' | 'RENDER_FAILED' };

export type DeliveryResult = { claim: ClaimedDelivery; outcome: DeliveryOutcome };

const ERROR_MAX = 1000;

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
        ${column((r) => { const o = outcome(r); return o.kind === 'RETRY' ? o.nextAttemptAt : null; })}::timestamptz[],
        ${column((r) => { const o = outcome(r); return o.kind === 'SENT' ? null : o.error.slice(0, ERROR_MAX); })}::text[],
        ${column((r) => { const o = outcome(r); return o.kind === 'SENT' ? null : o.reason; })}::text[],
        ${column((r) => { const o = outcome(r); return o.kind === 'FAILED' ? o.code : null; })}::text[],
        ${column((r) => { const o = outcome(r); return o.kind === 'SENT' ? (o.response ?? '').slice(0, 200) : null; })}::text[]
      ) AS v("id", "kind", "attempts", "at", "next", "error", "reason", "code", "response")
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
      RETURNING d."id", d."partnerId", d."noticeId", d."recipientEmail", d."messageId",
                v."kind", v."attempts", v."at", v."next", v."error", v."reason", v."code", v."response"
    ),
    audited AS (
      INSERT INTO "AuditEvent" ("actorLabel", "partnerId", "action", "targetType", "targetId", "after", "createdAt")
      SELECT ${WORKER_ACTOR}, r."partnerId",
             CASE r."kind" WHEN 'SENT' THEN 'delivery.sent' WHEN 'RETRY' THEN 'delivery.attempt_failed' ELSE 'delivery.failed' END,
             'NoticeDelivery', r."id"::text,
             jsonb_strip_nulls(jsonb_build_object(
               'noticeId', r."noticeId", 'recipientEmail', r."recipientEmail", 'messageId', r."messageId",
               'attempt', r."attempts", 'at', r."at",
               'status', CASE r."kind" WHEN 'SENT' THEN 'SENT' WHEN 'RETRY' THEN 'QUEUED' ELSE 'FAILED' END,
               'response', r."response", 'reason', r."reason", 'code', r."code",
               'error', left(r."error", 300), 'nextAttemptAt', r."next")),
             ${now}
      FROM recorded AS r
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
export async function settleNotices(db: PrismaClient, notices: readonly NoticeKey[], now: Date): Promise<{ id: string; status: NoticeStatus }[]> {
  const settled: { id: string; status: NoticeStatus }[] = [];
  const unique = new Map(notices.map((notice) => [notice.id, notice]));
  for (const { id: noticeId, partnerId } of unique.values()) {
    // Asked after every group of outcomes the worker records: through the pool (queryRows).
    const pending = await queryRows<{ id: string }>(
      db,
      Prisma.sql`SELECT "id" FROM "NoticeDelivery" WHERE "noticeId" = ${noticeId}::uuid AND "status" = 'QUEUED' AND "partnerId" = ${partnerId}::uuid LIMIT 1`,
    );
    if (pending.length > 0) continue;
    const result = await db.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<{ id: string; partnerId: string; status: NoticeStatus; version: number }[]>`
        SELECT "id"::text AS "id", "partnerId"::text AS "partnerId", "status"::text AS "status", "version"
        FROM "Notice" WHERE "id" = ${noticeId}::uuid AND "partnerId" = ${partnerId}::uuid FOR UPDATE`;
      const notice = locked[0];
      if (!notice || notice.status !== 'SENDING') return null;
      const groups = await tx.noticeDelivery.groupBy({ by: ['status'], where: { noticeId, partnerId: notice.partnerId }, _count: { _all: true } });
      const statuses: DeliveryStatus[] = groups.flatMap((group) => Array<DeliveryStatus>(group._count._all).fill(group.status));
      const decision = settleNotice(notice.status, statuses);
      if (!decision.ok) return null;
      const lastSent =
        decision.to === 'FAILED' ? null : await tx.noticeDelivery.aggregate({ where: { partnerId, noticeId, status: 'SENT' }, _max: { sentAt: true } });
      await tx.notice.update({
        where: { id: noticeId },
        data: { status: decision.to, version: { increment: 1 }, sentAt: lastSent ? (lastSent._max.sentAt ?? now) : null },
      });
      const counts = countDeliveries(statuses);
      await writeAudit(tx, [
        {
          actorId: null,
          actorLabel: WORKER_ACTOR,
          partnerId: notice.partnerId,
          action: `notice.${decision.to.toLowerCase()}`,
          targetType: 'Notice',
          targetId: noticeId,
          before: { status: 'SENDING', version: notice.version },
          after: { status: decision.to, version: notice.version + 1, deliveries: counts },
        },
      ]);
      return decision.to;
    });
    if (result) settled.push({ id: noticeId, status: result });
  }
  return settled;
}

/** SENDING notices without any QUEUED delivery (e.g. a worker stopped between recording and settling). */
export async function findUnsettledNotices(db: PrismaClient, limit = 100): Promise<NoticeKey[]> {
  return db.$queryRaw<NoticeKey[]>`
    SELECT n."id"::text AS "id", n."partnerId"::text AS "partnerId" FROM "Notice" AS n
    WHERE n."status" = 'SENDING'
      AND NOT EXISTS (SELECT 1 FROM "NoticeDelivery" AS d WHERE d."noticeId" = n."id" AND d."partnerId" = n."partnerId" AND d."status" = 'QUEUED')
    LIMIT ${limit}`;
}

