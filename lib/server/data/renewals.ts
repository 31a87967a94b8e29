import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Prisma } from '../../generated/prisma/client';
import { getDb } from '../db';
import { mailSettings } from '../mail/settings';
import { actorOf, partnerScope, type Viewer } from '../viewer';
import { addDays, daysBetween, isoDay, startOfUtcDay } from '../../domain/dates';
import { isUuid } from '../../domain/ids';
import { RENEWAL_COVERING_STATUSES, checkSchedule, type NoticeStatus } from '../../domain/notice-lifecycle';
import type { ContactRole, NoticeCheckError } from '../../domain/notice-template';
import { can } from '../../domain/permissions';
import { ENDING_WITHIN_MAX_DAYS, PAGE_LIMIT_MAX, renewalCoverageQuerySchema, type RenewalCoverageQuery } from '../../schemas/notices';
import { auditBy, writeAudit } from './audit';
import { contentFromRow } from './notice-content';
import { createDeliveriesOfNotices } from './notice-outbox';
import { FORBIDDEN, noticeWrite, type NoticeResult, type WriteContext } from './notice-results';
import { checkNoticeTargets, loadTargetCustomers, recipientsOf } from './notice-targets';

// Renewals: the coverage list (/notices/renewals) and renewal notices for selected subscriptions in
// one step. A subscription is "covered" when a RENEWAL notice targeting it is in one of
// RENEWAL_COVERING_STATUSES (lib/domain/notice-lifecycle.ts) — the dashboard counts by the same rule.
//
//   listRenewalCoverage(viewer, query, now?)      → RenewalCoveragePage (any partner role)
//   createRenewalNotices(viewer, subscriptionIds, templateId, options?)
//        one RENEWAL notice per customer with its selected subscriptions, from the template:
//        DRAFT by default (the user reviews and sends each); SCHEDULED at `options.scheduleAt`
//        when given, with its deliveries (outbox). All or nothing: when any of them fails
//        checkNotice, none is created (NOTICE_INVALID lists every problem, by customer).

/** Roles that receive renewal notices made here (renewals concern the billing and primary contacts). */
export const RENEWAL_RECIPIENT_ROLES: ContactRole[] = ['PRIMARY', 'BILLING'];

// ---------------------------------------------------------------------------------------------
// Coverage

export type RenewalNoticeRef = { id: string; status: NoticeStatus; scheduledAt: Date | null; sentAt: Date | null; fromReminder: boolean };

export type RenewalCoverageItem = {
  subscriptionId: string;
  offerName: string;
  quantity: number;
  commitmentEndDate: Date;
  /** Calendar days from today (UTC) to the commitment end: 0 = ends today. */
  daysLeft: number;
  autoRenew: boolean;
  customer: { id: string; companyName: string };
  covered: boolean;
  /** RENEWAL notices that target it, newest first (up to 5, drafts and cancelled ones included). */
  notices: RenewalNoticeRef[];
};

export type RenewalCoveragePage = {
  withinDays: number;
  items: RenewalCoverageItem[];
  nextCursor: string | null;
  invalidCursor: boolean;
  /** Over the whole window (not only this page), before the covered/autoRenew filters. */
  totals: { subscriptions: number; covered: number; uncovered: number; autoRenew: number };
};

type CoverageCursor = { end: string; id: string };
const encodeCoverageCursor = (cursor: CoverageCursor) => Buffer.from(`${cursor.end}|${cursor.id}`, 'utf8').toString('base64url');
function decodeCoverageCursor(value: string): CoverageCursor | null {
  const [end, id, ...rest] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !end || !/^\d{4}-\d{2}-\d{2}$/.test(end) || !isUuid(id)) return null;
  return { end, id: id.toLowerCase() };
}

const coveredWhere = (partnerId: string): Prisma.SubscriptionWhereInput => ({
  noticeTargets: { some: { notice: { partnerId, kind: 'RENEWAL', status: { in: [...RENEWAL_COVERING_STATUSES] } } } },
});

/**
 * ACTIVE subscriptions whose commitment ends from today to today + `withinDays` (default 90, UTC
 * calendar days), soonest first, with auto-renew and whether a renewal notice is scheduled or sent
 * for each. `query` is parsed with renewalCoverageQuerySchema (invalid values ignored).
 */
export async function listRenewalCoverage(
  viewer: Viewer,
  query: RenewalCoverageQuery = {},
  now: Date = new Date(),
): Promise<RenewalCoveragePage> {
  const partnerId = partnerScope(viewer);
  const q = renewalCoverageQuerySchema.parse(query);
  const withinDays = Math.min(q.withinDays, ENDING_WITHIN_MAX_DAYS);
  const limit = Math.min(q.limit, PAGE_LIMIT_MAX);
  const today = startOfUtcDay(now);
  const window: Prisma.SubscriptionWhereInput = {
    partnerId,
    status: 'ACTIVE',
    commitmentEndDate: { gte: today, lte: addDays(today, withinDays) },
  };
  const cursor = q.cursor ? decodeCoverageCursor(q.cursor) : null;
  const and: Prisma.SubscriptionWhereInput[] = [window];
  if (q.covered === true) and.push(coveredWhere(partnerId));
  if (q.covered === false) and.push({ NOT: coveredWhere(partnerId) });
  if (q.autoRenew !== undefined) and.push({ autoRenew: q.autoRenew });
  if (cursor) {
    const end = new Date(`${cursor.end}T00:00:00.000Z`);
    and.push({ OR: [{ commitmentEndDate: { gt: end } }, { commitmentEndDate: end, id: { gt: cursor.id } }] });
  }
  const db = getDb();
  const [rows, total, covered, autoRenew] = await Promise.all([
    db.subscription.findMany({
      where: { AND: and },
      orderBy: [{ commitmentEndDate: 'asc' }, { id: 'asc' }],
      take: limit + 1,
      select: {
        id: true,
        offerName: true,
        quantity: true,
        commitmentEndDate: true,
        autoRenew: true,
        customer: { select: { id: true, companyName: true } },
        noticeTargets: {
          where: { notice: { partnerId, kind: 'RENEWAL' } },
          orderBy: { notice: { createdAt: 'desc' } },
          take: 5,
          select: { notice: { select: { id: true, status: true, scheduledAt: true, sentAt: true, reminderRuleId: true } } },
        },
      },
    }),
    db.subscription.count({ where: window }),
    db.subscription.count({ where: { AND: [window, coveredWhere(partnerId)] } }),
    db.subscription.count({ where: { AND: [window, { autoRenew: true }] } }),
  ]);
  const page = rows.slice(0, limit);
  // Coverage per row from all its renewal notices, not only the five shown.
  const coveredIds = new Set(
    page.length === 0
      ? []
      : (
          await db.noticeSubscription.findMany({
            where: {
              subscriptionId: { in: page.map((row) => row.id) },
              notice: { partnerId, kind: 'RENEWAL', status: { in: [...RENEWAL_COVERING_STATUSES] } },
            },
            select: { subscriptionId: true },
          })
        ).map((row) => row.subscriptionId),
  );
  const last = page[page.length - 1];
  return {
    withinDays,
    items: page.map((row) => ({
      subscriptionId: row.id,
      offerName: row.offerName,
      quantity: row.quantity,
      commitmentEndDate: row.commitmentEndDate,
      daysLeft: daysBetween(today, row.commitmentEndDate),
      autoRenew: row.autoRenew,
      customer: row.customer,
      covered: coveredIds.has(row.id),
      notices: row.noticeTargets.map(({ notice }) => ({
        id: notice.id,
        status: notice.status,
        scheduledAt: notice.scheduledAt,
        sentAt: notice.sentAt,
        fromReminder: notice.reminderRuleId !== null,
      })),
    })),
    nextCursor: rows.length > limit && last ? encodeCoverageCursor({ end: isoDay(last.commitmentEndDate), id: last.id }) : null,
    invalidCursor: Boolean(q.cursor) && cursor === null,
    totals: { subscriptions: total, covered, uncovered: total - covered, autoRenew },
  };
}

// ---------------------------------------------------------------------------------------------
// Renewal notices in one step

export const RENEWAL_NOTICES_MAX_SUBSCRIPTIONS = 1000;

/** Up to a thousand notices with their targets and deliveries, in a few set-based statements. */
const RENEWAL_TX_LIMITS = { maxWait: 5_000, timeout: 30_000 } as const;

/**
 * Renewal notices for the selected subscriptions in one step: one RENEWAL notice per customer,
 * targeting that customer and its selected subscriptions, with the template's subject and body and
 * `options.recipientRoles` (default PRIMARY and BILLING). Created as DRAFTs, or SCHEDULED at
 * `options.scheduleAt` (strictly later than now) with their deliveries. All or nothing, written
 * set-based (one statement per table, whatever the number of notices).
 */
export async function createRenewalNotices(
  viewer: Viewer,
  subscriptionIds: readonly string[],
  templateId: string,
  options: WriteContext & { scheduleAt?: Date; recipientRoles?: ContactRole[] } = {},
): Promise<NoticeResult<{ notices: { id: string; customerId: string; status: NoticeStatus; version: number }[] }>> {
  if (!can(viewer.role, 'notice:write')) return FORBIDDEN;
  const partnerId = partnerScope(viewer);
  const ids = [...new Set(subscriptionIds.map((id) => String(id).toLowerCase()))];
  if (ids.length === 0) return { ok: false, code: 'INVALID', fieldErrors: { subscriptionIds: 'required' } };
  if (ids.length > RENEWAL_NOTICES_MAX_SUBSCRIPTIONS) return { ok: false, code: 'INVALID', fieldErrors: { subscriptionIds: 'tooMany' } };
  const bad = ids.filter((id) => !isUuid(id));
  if (bad.length > 0) return { ok: false, code: 'SUBSCRIPTION_NOT_FOUND', ids: bad };
  if (!isUuid(templateId)) return { ok: false, code: 'TEMPLATE_NOT_FOUND' };
  const roles =
    options.recipientRoles && options.recipientRoles.length > 0 ? [...new Set(options.recipientRoles)] : RENEWAL_RECIPIENT_ROLES;
  const now = options.now ?? new Date();
  const scheduleAt = options.scheduleAt;
  if (scheduleAt !== undefined) {
    const plan = checkSchedule('DRAFT', scheduleAt, now);
    if (!plan.ok) {
      if (plan.code === 'SCHEDULE_NOT_IN_FUTURE') return { ok: false, code: plan.code, scheduledAt: plan.scheduledAt, now: plan.now };
      return { ok: false, code: 'SCHEDULE_INVALID_TIME' };
    }
  }
  type Created = { notices: { id: string; customerId: string; status: NoticeStatus; version: number }[] };
  return noticeWrite<Created>(async (tx) => {
    const template = await tx.noticeTemplate.findFirst({
      where: { id: templateId, partnerId },
      select: { id: true, subjectEn: true, bodyEn: true, subjectZhTw: true, bodyZhTw: true },
    });
    if (!template) return { ok: false, code: 'TEMPLATE_NOT_FOUND' };
    const subscriptions = await tx.subscription.findMany({ where: { partnerId, id: { in: ids } }, select: { id: true, customerId: true } });
    const found = new Set(subscriptions.map((row) => row.id));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0) return { ok: false, code: 'SUBSCRIPTION_NOT_FOUND', ids: missing };
    const content = contentFromRow(template);
    const targets = await loadTargetCustomers(tx, partnerId, [...new Set(subscriptions.map((row) => row.customerId))], ids);
    const errors: NoticeCheckError[] = [];
    for (const target of targets) {
      for (const error of checkNoticeTargets(content, [target], roles)) {
        // Text errors are the template's: report them once, not per customer.
        if ('customerId' in error || !errors.some((e) => JSON.stringify(e) === JSON.stringify(error))) errors.push(error);
      }
    }
    if (errors.length > 0) return { ok: false, code: 'NOTICE_INVALID', errors };
    const status: NoticeStatus = scheduleAt ? 'SCHEDULED' : 'DRAFT';
    const notices = targets.map((target) => ({ id: randomUUID(), target, subscriptionIds: target.subscriptions.map((s) => s.id) }));
    const noticeIds = notices.map((notice) => notice.id);
    await tx.$executeRaw`
      INSERT INTO "Notice" ("id", "partnerId", "kind", "status", "subjectEn", "bodyEn", "subjectZhTw", "bodyZhTw", "recipientRoles",
                            "templateId", "scheduledAt", "createdById", "createdAt", "updatedAt")
      SELECT n, ${partnerId}::uuid, 'RENEWAL', ${status}::"NoticeStatus", ${template.subjectEn}, ${template.bodyEn}, ${template.subjectZhTw},
             ${template.bodyZhTw}, ${roles}::"ContactRole"[], ${template.id}::uuid, ${scheduleAt ?? null}::timestamptz,
             ${actorOf(viewer).userId}::uuid, ${now}, ${now}
      FROM unnest(${noticeIds}::uuid[]) AS n`;
    await tx.$executeRaw`
      INSERT INTO "NoticeCustomer" ("partnerId", "noticeId", "customerId")
      SELECT ${partnerId}::uuid, v."notice", v."customer"
      FROM unnest(${noticeIds}::uuid[], ${notices.map((notice) => notice.target.id)}::uuid[]) AS v("notice", "customer")`;
    const pairs = notices.flatMap((notice) => notice.subscriptionIds.map((subscriptionId) => ({ noticeId: notice.id, subscriptionId })));
    await tx.$executeRaw`
      INSERT INTO "NoticeSubscription" ("partnerId", "noticeId", "subscriptionId")
      SELECT ${partnerId}::uuid, v."notice", v."subscription"
      FROM unnest(${pairs.map((pair) => pair.noticeId)}::uuid[], ${pairs.map((pair) => pair.subscriptionId)}::uuid[]) AS v("notice", "subscription")`;
    const deliveries = new Map<string, number>();
    if (scheduleAt) {
      const created = await createDeliveriesOfNotices(tx, {
        partnerId,
        notices: notices.map((notice) => ({ noticeId: notice.id, recipients: recipientsOf([notice.target], roles) })),
        nextAttemptAt: scheduleAt,
        messageIdHost: mailSettings().messageIdHost,
        now,
      });
      for (const row of created) deliveries.set(row.noticeId, (deliveries.get(row.noticeId) ?? 0) + 1);
    }
    await writeAudit(
      tx,
      notices.map((notice) =>
        auditBy(viewer, partnerId, options.address, {
          action: 'notice.created',
          targetType: 'Notice',
          targetId: notice.id,
          after: {
            status,
            version: 1,
            kind: 'RENEWAL',
            templateId: template.id,
            recipientRoles: roles,
            customerIds: [notice.target.id],
            subscriptionIds: notice.subscriptionIds,
            via: 'renewals',
            ...(scheduleAt ? { scheduledAt: scheduleAt, deliveries: deliveries.get(notice.id) ?? 0 } : {}),
          },
        }),
      ),
    );
    return { ok: true, notices: notices.map((notice) => ({ id: notice.id, customerId: notice.target.id, status, version: 1 })) };
  }, RENEWAL_TX_LIMITS);
}
