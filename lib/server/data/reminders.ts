import 'server-only';
import { getDb } from '../db';
import { SYSTEM_ACTORS, actorOf, partnerScope, type Viewer } from '../viewer';
import { mailSettings } from '../mail/settings';
import type { Prisma } from '../../generated/prisma/client';
import type { PrismaClient } from '../../runtime/prisma';
import { can } from '../../domain/permissions';
import { addDays, daysBetween, isoDay, startOfUtcDay } from '../../domain/dates';
import { checkSchedule, type NoticeStatus } from '../../domain/notice-lifecycle';
import type { ContactRole, NoticeCheckError } from '../../domain/notice-template';
import {
  ENDING_WITHIN_MAX_DAYS,
  PAGE_LIMIT_MAX,
  noticeFieldErrorsOf,
  reminderRuleSchema,
  renewalCoverageQuerySchema,
  type NoticeKind,
  type ReminderRuleInput,
  type RenewalCoverageQuery,
} from '../../schemas/notices';
import { checkNoticeTargets, loadTargetCustomers, recipientsOf, replaceTargets } from './notice-targets';
import { contentFromRow } from './notice-content';
import { createDeliveries } from './notice-outbox';
import type { Tx } from './transaction';
import { auditBy, writeAudit, type AuditEntry } from './audit';
import { uniqueViolationOf } from './db-errors';
import { isUuid } from '../../domain/ids';
import type { NoticeFailure, NoticeResult, WriteContext } from './notice-results';

// Renewals: the coverage list (/notices/renewals), renewal notices for selected subscriptions in
// one step, the partner's renewal-reminder rule, and its evaluation by the worker.
//
//   listRenewalCoverage(viewer, query, now?)      → RenewalCoveragePage (any partner role)
//   createRenewalNotices(viewer, subscriptionIds, templateId, options?)
//        one RENEWAL notice per customer with its selected subscriptions, from the template:
//        DRAFT by default (the user reviews and sends each); SCHEDULED at `options.scheduleAt`
//        when given, with its deliveries (outbox). All or nothing: when any of them fails
//        checkNotice, none is created (NOTICE_INVALID lists every problem, by customer).
//   getReminderRule(viewer) / saveReminderRule(viewer, expectedVersion, input, ctx)
//        one rule per partner (on/off, offsets in days, template); saving needs settings:notices.
//   evaluateReminderRules(db, now, options?)     the worker, at least hourly (no viewer)
//
// A subscription is "covered" when a RENEWAL notice targeting it is anything but a draft or
// cancelled — the dashboard's rule (lib/server/data/dashboard.ts), so both count the same.

const COVERED_STATUSES: NoticeStatus[] = ['SCHEDULED', 'SENDING', 'SENT', 'PARTIALLY_FAILED', 'FAILED', 'ARCHIVED'];
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
  noticeTargets: { some: { notice: { partnerId, kind: 'RENEWAL', status: { in: COVERED_STATUSES } } } },
});

/**
 * ACTIVE subscriptions whose commitment ends from today to today + `withinDays` (default 90, UTC
 * calendar days), soonest first, with auto-renew and whether a renewal notice is scheduled or sent
 * for each. `query` is parsed with renewalCoverageQuerySchema (invalid values ignored).
 */
export async function listRenewalCoverage(viewer: Viewer, query: RenewalCoverageQuery = {}, now: Date = new Date()): Promise<RenewalCoveragePage> {
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
            where: { subscriptionId: { in: page.map((row) => row.id) }, notice: { partnerId, kind: 'RENEWAL', status: { in: COVERED_STATUSES } } },
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

export const RENEWAL_NOTICES_MAX_SUBSCRIPTIONS = 1000;

/**
 * Renewal notices for the selected subscriptions in one step: one RENEWAL notice per customer,
 * targeting that customer and its selected subscriptions, with the template's subject and body and
 * `options.recipientRoles` (default PRIMARY and BILLING). Created as DRAFTs, or SCHEDULED at
 * `options.scheduleAt` (strictly later than now) with their deliveries. All or nothing.
 */
export async function createRenewalNotices(
  viewer: Viewer,
  subscriptionIds: readonly string[],
  templateId: string,
  options: WriteContext & { scheduleAt?: Date; recipientRoles?: ContactRole[] } = {},
): Promise<NoticeResult<{ notices: { id: string; customerId: string; status: NoticeStatus; version: number }[] }>> {
  if (!can(viewer.role, 'notice:write')) return { ok: false, code: 'FORBIDDEN' };
  const partnerId = partnerScope(viewer);
  const ids = [...new Set(subscriptionIds.map((id) => String(id).toLowerCase()))];
  if (ids.length === 0) return { ok: false, code: 'INVALID', fieldErrors: { subscriptionIds: 'required' } };
  if (ids.length > RENEWAL_NOTICES_MAX_SUBSCRIPTIONS) return { ok: false, code: 'INVALID', fieldErrors: { subscriptionIds: 'tooMany' } };
  const bad = ids.filter((id) => !isUuid(id));
  if (bad.length > 0) return { ok: false, code: 'SUBSCRIPTION_NOT_FOUND', ids: bad };
  if (!isUuid(templateId)) return { ok: false, code: 'TEMPLATE_NOT_FOUND' };
  const roles = options.recipientRoles && options.recipientRoles.length > 0 ? [...new Set(options.recipientRoles)] : RENEWAL_RECIPIENT_ROLES;
  const now = options.now ?? new Date();
  if (options.scheduleAt !== undefined) {
    const plan = checkSchedule('DRAFT', options.scheduleAt, now);
    if (!plan.ok) {
      if (plan.code === 'SCHEDULE_NOT_IN_FUTURE') return { ok: false, code: plan.code, scheduledAt: plan.scheduledAt, now: plan.now };
      return { ok: false, code: 'SCHEDULE_INVALID_TIME' };
    }
  }
  const db = getDb();
  try {
    return await db.$transaction(
      async (tx) => {
        const template = await tx.noticeTemplate.findFirst({
          where: { id: templateId, partnerId },
          select: { id: true, subjectEn: true, bodyEn: true, subjectZhTw: true, bodyZhTw: true },
        });
        if (!template) throw new Refused({ ok: false, code: 'TEMPLATE_NOT_FOUND' });
        const subscriptions = await tx.subscription.findMany({ where: { partnerId, id: { in: ids } }, select: { id: true, customerId: true } });
        const found = new Set(subscriptions.map((row) => row.id));
        const missing = ids.filter((id) => !found.has(id));
        if (missing.length > 0) throw new Refused({ ok: false, code: 'SUBSCRIPTION_NOT_FOUND', ids: missing });
        const byCustomer = new Map<string, string[]>();
        for (const row of subscriptions) byCustomer.set(row.customerId, [...(byCustomer.get(row.customerId) ?? []), row.id]);
        const content = contentFromRow(template);
        const targets = await loadTargetCustomers(tx, partnerId, [...byCustomer.keys()], ids);
        const errors: NoticeCheckError[] = [];
        for (const target of targets) {
          for (const error of checkNoticeTargets(content, [target], roles)) {
            // Text errors are the template's: report them once, not per customer.
            if ('customerId' in error || !errors.some((e) => JSON.stringify(e) === JSON.stringify(error))) errors.push(error);
          }
        }
        if (errors.length > 0) throw new Refused({ ok: false, code: 'NOTICE_INVALID', errors });
        const created: { id: string; customerId: string; status: NoticeStatus; version: number }[] = [];
        const audits: AuditEntry[] = [];
        for (const target of targets) {
          const status: NoticeStatus = options.scheduleAt ? 'SCHEDULED' : 'DRAFT';
          const notice = await tx.notice.create({
            data: {
              partnerId,
              kind: 'RENEWAL',
              status,
              subjectEn: template.subjectEn,
              bodyEn: template.bodyEn,
              subjectZhTw: template.subjectZhTw,
              bodyZhTw: template.bodyZhTw,
              recipientRoles: roles,
              templateId: template.id,
              scheduledAt: options.scheduleAt ?? null,
              createdById: actorOf(viewer).userId,
              createdAt: now,
            },
            select: { id: true, version: true },
          });
          const subscriptionIdsOfCustomer = target.subscriptions.map((s) => s.id);
          await replaceTargets(tx, partnerId, notice.id, [target.id], subscriptionIdsOfCustomer);
          let deliveries = 0;
          if (options.scheduleAt) {
            deliveries = (await createDeliveries(tx, {
              partnerId,
              noticeId: notice.id,
              recipients: recipientsOf([target], roles),
              nextAttemptAt: options.scheduleAt,
              messageIdHost: mailSettings().messageIdHost,
              now,
            })).length;
          }
          created.push({ id: notice.id, customerId: target.id, status, version: notice.version });
          audits.push(
            auditBy(viewer, partnerId, options.address, {
              action: 'notice.created',
              targetType: 'Notice',
              targetId: notice.id,
              after: {
                status,
                version: notice.version,
                kind: 'RENEWAL',
                templateId: template.id,
                recipientRoles: roles,
                customerIds: [target.id],
                subscriptionIds: subscriptionIdsOfCustomer,
                via: 'renewals',
                ...(options.scheduleAt ? { scheduledAt: options.scheduleAt, deliveries } : {}),
              },
            }),
          );
        }
        await writeAudit(tx, audits);
        return { ok: true as const, notices: created };
      },
      { maxWait: 10_000, timeout: 120_000 },
    );
  } catch (error) {
    if (error instanceof Refused) return error.failure;
    throw error;
  }
}

class Refused extends Error {
  constructor(readonly failure: NoticeFailure) {
    super(failure.code);
  }
}

// ---------------------------------------------------------------------------------------------
// The reminder rule

export type ReminderRuleView = {
  id: string | null;
  enabled: boolean;
  offsetsDays: number[];
  template: { id: string; name: string } | null;
  /** Send it back as `expectedVersion`; 0 when the partner has no rule yet. */
  version: number;
};

export const DEFAULT_REMINDER_OFFSETS = [60, 30, 7];

async function findRule(db: Tx | PrismaClient, partnerId: string) {
  return db.renewalReminderRule.findFirst({
    where: { partnerId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { id: true, enabled: true, offsetsDays: true, version: true, template: { select: { id: true, name: true } } },
  });
}

/** The partner's renewal-reminder rule (any partner role may read it); off with 60/30/7 days when none is saved. */
export async function getReminderRule(viewer: Viewer): Promise<ReminderRuleView> {
  const partnerId = partnerScope(viewer);
  const rule = await findRule(getDb(), partnerId);
  if (!rule) return { id: null, enabled: false, offsetsDays: DEFAULT_REMINDER_OFFSETS, template: null, version: 0 };
  return { id: rule.id, enabled: rule.enabled, offsetsDays: [...rule.offsetsDays].sort((a, b) => b - a), template: rule.template, version: rule.version };
}

/**
 * Saves the partner's rule (partner admins): on/off, offsets (1–365 days, up to 10), template
 * (the partner's; required when on). `expectedVersion` is the version read (0: no rule yet).
 */
export async function saveReminderRule(
  viewer: Viewer,
  expectedVersion: number,
  input: ReminderRuleInput,
  ctx: WriteContext = {},
): Promise<NoticeResult<{ rule: ReminderRuleView }>> {
  if (!can(viewer.role, 'settings:notices')) return { ok: false, code: 'FORBIDDEN' };
  const partnerId = partnerScope(viewer);
  const parsed = reminderRuleSchema.safeParse(input);
  if (!parsed.success) return { ok: false, code: 'INVALID', fieldErrors: noticeFieldErrorsOf(parsed.error.issues) };
  if (!Number.isInteger(expectedVersion) || expectedVersion < 0) return { ok: false, code: 'INVALID', fieldErrors: { version: 'versionInvalid' } };
  const data = parsed.data;
  try {
    return await getDb().$transaction(async (tx) => {
      // One rule per partner: lock the partner row so that two first saves cannot both create one.
      await tx.$queryRaw`SELECT "id" FROM "Partner" WHERE "id" = ${partnerId}::uuid FOR UPDATE`;
      if (data.templateId) {
        const template = await tx.noticeTemplate.findFirst({ where: { id: data.templateId, partnerId }, select: { id: true } });
        if (!template) throw new Refused({ ok: false, code: 'TEMPLATE_NOT_FOUND' });
      }
      const before = await findRule(tx, partnerId);
      const currentVersion = before?.version ?? 0;
      if (currentVersion !== expectedVersion) throw new Refused({ ok: false, code: 'STALE', currentVersion });
      let id: string;
      if (before) {
        const updated = await tx.renewalReminderRule.updateMany({
          where: { id: before.id, partnerId, version: before.version },
          data: { enabled: data.enabled, offsetsDays: data.offsetsDays, templateId: data.templateId, version: { increment: 1 } },
        });
        if (updated.count !== 1) throw new Refused({ ok: false, code: 'STALE', currentVersion });
        id = before.id;
      } else {
        id = (
          await tx.renewalReminderRule.create({
            data: { partnerId, enabled: data.enabled, offsetsDays: data.offsetsDays, templateId: data.templateId },
            select: { id: true },
          })
        ).id;
      }
      const after = await findRule(tx, partnerId);
      if (!after) throw new Error('the reminder rule vanished inside its transaction');
      await writeAudit(tx, [
        auditBy(viewer, partnerId, ctx.address, {
          action: before ? 'reminder_rule.updated' : 'reminder_rule.created',
          targetType: 'RenewalReminderRule',
          targetId: id,
          ...(before ? { before: { enabled: before.enabled, offsetsDays: before.offsetsDays, templateId: before.template?.id ?? null, version: before.version } } : {}),
          after: { enabled: after.enabled, offsetsDays: after.offsetsDays, templateId: after.template?.id ?? null, version: after.version },
        }),
      ]);
      return {
        ok: true as const,
        rule: { id: after.id, enabled: after.enabled, offsetsDays: [...after.offsetsDays].sort((a, b) => b - a), template: after.template, version: after.version },
      };
    });
  } catch (error) {
    if (error instanceof Refused) return error.failure;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Evaluation (the worker)

/** Reminder notices are scheduled this long after they are created: time to review or cancel them. */
export const REMINDER_SCHEDULE_DELAY_MS = 15 * 60_000;

export type ReminderEvaluation = {
  rules: number;
  /** Notices created SCHEDULED (with their deliveries). */
  scheduled: number;
  /** Notices created as DRAFT because checkNotice found problems (e.g. no contact of the roles). */
  drafts: number;
  /** Groups another evaluation covered first (the unique key refused them; nothing was kept). */
  skipped: number;
};

class AlreadyCovered extends Error {}

/**
 * For every enabled rule with a template: each ACTIVE subscription of that partner whose
 * commitment ends from today to today + offset (UTC calendar days, not past) and that has no
 * ReminderNotice for (subscription, offset) yet gets a notice from the rule's template.
 *
 * - When several offsets are due at once (the rule was switched on late), one notice is made for
 *   the smallest (the most urgent), and all of them are recorded against it: the customer is not
 *   told three times in one day.
 * - A customer's subscriptions due for the same offset share one notice (its {{subscriptions}}
 *   block lists them).
 * - The notice is SCHEDULED `delayMs` later (default 15 minutes) with its deliveries, or a DRAFT
 *   when checkNotice finds a problem (recorded all the same, so that it is not retried hourly).
 * - Exactly one notice per (subscription, offset): each notice is created in its own transaction
 *   together with its ReminderNotice rows (`INSERT … ON CONFLICT DO NOTHING`); if another
 *   evaluation (another worker at the same moment) recorded one of them first, the whole notice
 *   is rolled back.
 */
export async function evaluateReminderRules(
  db: PrismaClient,
  now: Date = new Date(),
  options: { delayMs?: number; messageIdHost?: string } = {},
): Promise<ReminderEvaluation> {
  const result: ReminderEvaluation = { rules: 0, scheduled: 0, drafts: 0, skipped: 0 };
  const delayMs = options.delayMs ?? REMINDER_SCHEDULE_DELAY_MS;
  const messageIdHost = options.messageIdHost ?? mailSettings().messageIdHost;
  const today = startOfUtcDay(now);
  const rules = await db.renewalReminderRule.findMany({
    where: { enabled: true, templateId: { not: null } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      partnerId: true,
      offsetsDays: true,
      template: { select: { id: true, kind: true, subjectEn: true, bodyEn: true, subjectZhTw: true, bodyZhTw: true } },
    },
  });
  const seenPartners = new Set<string>();
  for (const rule of rules) {
    // One rule per partner (the oldest), as getReminderRule shows it.
    if (seenPartners.has(rule.partnerId) || !rule.template) continue;
    seenPartners.add(rule.partnerId);
    const offsets = [...new Set(rule.offsetsDays.filter((offset) => Number.isInteger(offset) && offset > 0))].sort((a, b) => a - b);
    if (offsets.length === 0) continue;
    result.rules += 1;
    const horizon = addDays(today, offsets[offsets.length - 1] ?? 0);
    const subscriptions = await db.subscription.findMany({
      where: { partnerId: rule.partnerId, status: 'ACTIVE', commitmentEndDate: { gte: today, lte: horizon } },
      orderBy: [{ commitmentEndDate: 'asc' }, { id: 'asc' }],
      select: { id: true, customerId: true, commitmentEndDate: true, reminderNotices: { select: { offsetDays: true } } },
    });
    // (customer, offset) → subscriptions and the offsets each records.
    const groups = new Map<string, { customerId: string; offset: number; items: { subscriptionId: string; offsets: number[] }[] }>();
    for (const subscription of subscriptions) {
      const daysLeft = daysBetween(today, subscription.commitmentEndDate);
      const done = new Set(subscription.reminderNotices.map((row) => row.offsetDays));
      const missing = offsets.filter((offset) => daysLeft <= offset && !done.has(offset));
      const offset = missing[0];
      if (offset === undefined) continue;
      const key = `${subscription.customerId}:${offset}`;
      const group = groups.get(key) ?? { customerId: subscription.customerId, offset, items: [] };
      group.items.push({ subscriptionId: subscription.id, offsets: missing });
      groups.set(key, group);
    }
    const template = rule.template;
    const content = contentFromRow(template);
    for (const group of groups.values()) {
      try {
        const status = await db.$transaction(
          async (tx) => {
            const subscriptionIds = group.items.map((item) => item.subscriptionId);
            const targets = await loadTargetCustomers(tx, rule.partnerId, [group.customerId], subscriptionIds);
            if (targets.length === 0) return null;
            const problems = checkNoticeTargets(content, targets, RENEWAL_RECIPIENT_ROLES);
            const status: NoticeStatus = problems.length === 0 ? 'SCHEDULED' : 'DRAFT';
            const scheduledAt = status === 'SCHEDULED' ? new Date(now.getTime() + delayMs) : null;
            const notice = await tx.notice.create({
              data: {
                partnerId: rule.partnerId,
                kind: template.kind as NoticeKind,
                status,
                subjectEn: template.subjectEn,
                bodyEn: template.bodyEn,
                subjectZhTw: template.subjectZhTw,
                bodyZhTw: template.bodyZhTw,
                recipientRoles: RENEWAL_RECIPIENT_ROLES,
                templateId: template.id,
                reminderRuleId: rule.id,
                scheduledAt,
                createdAt: now,
              },
              select: { id: true, version: true },
            });
            await replaceTargets(tx, rule.partnerId, notice.id, [group.customerId], subscriptionIds);
            const rows = group.items.flatMap((item) => item.offsets.map((offset) => ({ subscriptionId: item.subscriptionId, offset })));
            const inserted = await tx.$executeRaw`
              INSERT INTO "ReminderNotice" ("subscriptionId", "offsetDays", "ruleId", "noticeId", "createdAt")
              SELECT s, o, ${rule.id}::uuid, ${notice.id}::uuid, ${now}
              FROM unnest(${rows.map((row) => row.subscriptionId)}::uuid[], ${rows.map((row) => row.offset)}::int[]) AS v(s, o)
              ON CONFLICT ("subscriptionId", "offsetDays") DO NOTHING`;
            if (inserted !== rows.length) throw new AlreadyCovered();
            let deliveries = 0;
            if (scheduledAt) {
              deliveries = (await createDeliveries(tx, {
                partnerId: rule.partnerId,
                noticeId: notice.id,
                recipients: recipientsOf(targets, RENEWAL_RECIPIENT_ROLES),
                nextAttemptAt: scheduledAt,
                messageIdHost,
                now,
              })).length;
            }
            await writeAudit(tx, [
              {
                actor: SYSTEM_ACTORS.reminders,
                partnerId: rule.partnerId,
                action: status === 'SCHEDULED' ? 'notice.reminder_scheduled' : 'notice.reminder_drafted',
                targetType: 'Notice',
                targetId: notice.id,
                after: {
                  status,
                  version: notice.version,
                  ruleId: rule.id,
                  templateId: template.id,
                  offsetDays: group.offset,
                  recorded: rows,
                  customerIds: [group.customerId],
                  subscriptionIds,
                  ...(scheduledAt ? { scheduledAt, deliveries } : { problems }),
                },
              },
            ]);
            return status;
          },
          { maxWait: 10_000, timeout: 60_000 },
        );
        if (status === 'SCHEDULED') result.scheduled += 1;
        else if (status === 'DRAFT') result.drafts += 1;
      } catch (error) {
        if (error instanceof AlreadyCovered || uniqueViolationOf(error) !== null) result.skipped += 1;
        else throw error;
      }
    }
  }
  return result;
}
