import 'server-only';
import type { Prisma } from '../../generated/prisma/client';
import type { PrismaClient } from '../../runtime/prisma';
import { addDays, startOfUtcDay } from '../../domain/dates';
import {
  checkNotice,
  selectRecipients,
  type ContactRole,
  type NoticeCheckError,
  type NoticeContent,
  type NoticeTarget,
  type Recipient,
  type RecipientCustomer,
} from '../../domain/notice-template';
import { isLocale, localeFromSql, type Locale } from '../../i18n/locales';
import type { NoticeFormErrorCode, NoticeTargetInput } from '../../schemas/notices';

// Who a notice is for: the customers and subscriptions a target input stands for, a notice's
// stored targets with their contacts, the recipients they make (the domain's selectRecipients)
// and the checks before a notice is saved, scheduled or sent.

type Tx = Prisma.TransactionClient;
type Db = PrismaClient | Tx;

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
      {
        id: customer.id,
        companyName: customer.companyName,
        preferredLanguage: localeFromSql(customer.preferredLanguage),
        contacts: [],
        subscriptions: [],
      },
    ]),
  );
  for (const contact of contacts) {
    byId
      .get(contact.customerId)
      ?.contacts.push({ id: contact.id, name: contact.name, email: contact.email, role: contact.role, language: locale(contact.language) });
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

/** The domain's checks for a notice with this content, these targets and roles (`communication`: it is linked to one). */
export function checkNoticeTargets(
  content: NoticeContent,
  customers: readonly TargetCustomer[],
  roles: readonly ContactRole[],
  communication = false,
): NoticeCheckError[] {
  return checkNotice({ content, targets: checkTargetsOf(customers, roles), communication });
}

type ResolvedTargets = { ok: true; customerIds: string[]; subscriptionIds: string[] };

/**
 * The customers and subscriptions a target input stands for, all of the partner's:
 * explicit ids (customers, plus each listed subscription's customer), every customer with an
 * ACTIVE subscription whose commitment ends from today to today + days (UTC calendar days), or
 * every customer the notice's communication (`communicationId`) affects less those excluded (no
 * communication: INVALID).
 */
export async function resolveTargets(
  db: Db,
  partnerId: string,
  target: NoticeTargetInput,
  now: Date,
  communicationId: string | null = null,
): Promise<
  | ResolvedTargets
  | { ok: false; code: 'CUSTOMER_NOT_FOUND' | 'SUBSCRIPTION_NOT_FOUND'; ids: string[] }
  | { ok: false; code: 'INVALID'; fieldErrors: Record<string, NoticeFormErrorCode> }
> {
  if (target.mode === 'affected') {
    if (!communicationId) return { ok: false, code: 'INVALID', fieldErrors: { target: 'targetInvalid' } };
    const rows = await db.$queryRaw<{ id: string }[]>`
      SELECT l."customerId"::text AS "id" FROM "CommunicationAffectedCustomer" AS l
      JOIN "Customer" AS c ON c."id" = l."customerId" AND c."partnerId" = l."partnerId"
      WHERE l."partnerId" = ${partnerId}::uuid AND l."communicationId" = ${communicationId}::uuid
        AND NOT (l."customerId" = ANY(${target.excludeCustomerIds}::uuid[]))
      ORDER BY c."companyName", c."id"`;
    return { ok: true, customerIds: rows.map((row) => row.id), subscriptionIds: [] };
  }
  if (target.mode === 'endingWithin') {
    const today = startOfUtcDay(now);
    const rows = await db.subscription.findMany({
      where: { partnerId, status: 'ACTIVE', commitmentEndDate: { gte: today, lte: addDays(today, target.days) } },
      select: { id: true, customerId: true },
      orderBy: [{ commitmentEndDate: 'asc' }, { id: 'asc' }],
    });
    return { ok: true, customerIds: [...new Set(rows.map((row) => row.customerId))], subscriptionIds: rows.map((row) => row.id) };
  }
  const [customers, subscriptions] = await Promise.all([
    target.customerIds.length === 0
      ? Promise.resolve([])
      : db.customer.findMany({ where: { partnerId, id: { in: target.customerIds } }, select: { id: true } }),
    target.subscriptionIds.length === 0
      ? Promise.resolve([])
      : db.subscription.findMany({ where: { partnerId, id: { in: target.subscriptionIds } }, select: { id: true, customerId: true } }),
  ]);
  const knownCustomers = new Set(customers.map((row) => row.id));
  const missingCustomers = target.customerIds.filter((id) => !knownCustomers.has(id));
  if (missingCustomers.length > 0) return { ok: false, code: 'CUSTOMER_NOT_FOUND', ids: missingCustomers };
  const knownSubscriptions = new Set(subscriptions.map((row) => row.id));
  const missingSubscriptions = target.subscriptionIds.filter((id) => !knownSubscriptions.has(id));
  if (missingSubscriptions.length > 0) return { ok: false, code: 'SUBSCRIPTION_NOT_FOUND', ids: missingSubscriptions };
  const customerIds = [...new Set([...target.customerIds, ...subscriptions.map((row) => row.customerId)])];
  return { ok: true, customerIds, subscriptionIds: target.subscriptionIds };
}

/** Sets a notice's target customers and subscriptions (in the caller's transaction; set-based, whatever their number). */
export async function replaceTargets(
  tx: Tx,
  partnerId: string,
  noticeId: string,
  customerIds: readonly string[],
  subscriptionIds: readonly string[],
): Promise<void> {
  await tx.noticeSubscription.deleteMany({ where: { partnerId, noticeId } });
  await tx.noticeCustomer.deleteMany({ where: { partnerId, noticeId } });
  if (customerIds.length > 0) {
    await tx.$executeRaw`
      INSERT INTO "NoticeCustomer" ("partnerId", "noticeId", "customerId")
      SELECT ${partnerId}::uuid, ${noticeId}::uuid, c FROM unnest(${[...customerIds]}::uuid[]) AS c`;
  }
  if (subscriptionIds.length > 0) {
    await tx.$executeRaw`
      INSERT INTO "NoticeSubscription" ("partnerId", "noticeId", "subscriptionId")
      SELECT ${partnerId}::uuid, ${noticeId}::uuid, s FROM unnest(${[...subscriptionIds]}::uuid[]) AS s`;
  }
}
