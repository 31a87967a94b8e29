import 'server-only';
import { getDb } from '../db';
import { mailSettings } from '../mail/settings';
import { SYSTEM_ACTORS, partnerScope, type Viewer } from '../viewer';
import type { PrismaClient } from '../../runtime/prisma';
import { addDays, daysBetween, startOfUtcDay } from '../../domain/dates';
import type { NoticeStatus } from '../../domain/notice-lifecycle';
import { can } from '../../domain/permissions';
import { noticeFieldErrorsOf, reminderRuleSchema, type ReminderRuleInput } from '../../schemas/notices';
import { auditBy, writeAudit } from './audit';
import { contentFromRow } from './notice-content';
import { createDeliveries } from './notice-outbox';
import { FORBIDDEN, INVALID_VERSION, noticeWrite, validVersion, type NoticeResult, type WriteContext } from './notice-results';
import { checkNoticeTargets, loadTargetCustomers, recipientsOf, replaceTargets } from './notice-targets';
import { lockTemplateKind } from './notice-templates';
import { RENEWAL_RECIPIENT_ROLES } from './renewals';
import { runWrite, type Tx } from './transaction';

// The partner's renewal-reminder rule (one per partner: on/off, offsets in days, a RENEWAL
// template) and its evaluation by the worker, which makes the reminder notices.
//
//   getReminderRule(viewer) / saveReminderRule(viewer, expectedVersion, input, ctx)
//        saving needs settings:notices; the template must be a RENEWAL template of the partner
//        (TEMPLATE_NOT_RENEWAL), and stays one while the rule uses it (saveTemplate refuses).
//   evaluateReminderRules(db, now, options?)     the worker, at least hourly (no viewer)

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
  return db.renewalReminderRule.findUnique({
    where: { partnerId },
    select: { id: true, enabled: true, offsetsDays: true, version: true, template: { select: { id: true, name: true } } },
  });
}

/** The partner's renewal-reminder rule (any partner role may read it); off with 60/30/7 days when none is saved. */
export async function getReminderRule(viewer: Viewer): Promise<ReminderRuleView> {
  const partnerId = partnerScope(viewer);
  const rule = await findRule(getDb(), partnerId);
  if (!rule) return { id: null, enabled: false, offsetsDays: DEFAULT_REMINDER_OFFSETS, template: null, version: 0 };
  return ruleView(rule);
}

function ruleView(rule: NonNullable<Awaited<ReturnType<typeof findRule>>>): ReminderRuleView {
  return {
    id: rule.id,
    enabled: rule.enabled,
    offsetsDays: [...rule.offsetsDays].sort((a, b) => b - a),
    template: rule.template,
    version: rule.version,
  };
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
  if (!can(viewer.role, 'settings:notices')) return FORBIDDEN;
  const partnerId = partnerScope(viewer);
  const parsed = reminderRuleSchema.safeParse(input);
  if (!parsed.success) return { ok: false, code: 'INVALID', fieldErrors: noticeFieldErrorsOf(parsed.error.issues) };
  if (!validVersion(expectedVersion)) return INVALID_VERSION;
  const data = parsed.data;
  return noticeWrite<{ rule: ReminderRuleView }>(async (tx) => {
    if (data.templateId) {
      // Reminders are renewal notices: only a RENEWAL template of the partner may drive them. The
      // template is locked (shared) until this commits, so that its kind cannot change meanwhile.
      const kind = await lockTemplateKind(tx, partnerId, data.templateId);
      if (!kind) return { ok: false, code: 'TEMPLATE_NOT_FOUND' };
      if (kind !== 'RENEWAL') return { ok: false, code: 'TEMPLATE_NOT_RENEWAL' };
    }
    const before = await findRule(tx, partnerId);
    const currentVersion = before?.version ?? 0;
    if (currentVersion !== expectedVersion) return { ok: false, code: 'STALE', currentVersion };
    const fields = { enabled: data.enabled, offsetsDays: data.offsetsDays, templateId: data.templateId };
    let id: string;
    if (before) {
      const updated = await tx.renewalReminderRule.updateMany({
        where: { id: before.id, partnerId, version: before.version },
        data: { ...fields, version: { increment: 1 } },
      });
      if (updated.count !== 1) return { ok: false, code: 'STALE', currentVersion };
      id = before.id;
    } else {
      // Two first saves at once: the second is refused by the one-rule-per-partner key (STALE below).
      id = (await tx.renewalReminderRule.create({ data: { partnerId, ...fields }, select: { id: true } })).id;
    }
    const after = await findRule(tx, partnerId);
    if (!after) throw new Error('the reminder rule vanished inside its transaction');
    await writeAudit(tx, [
      auditBy(viewer, partnerId, ctx.address, {
        action: before ? 'reminder_rule.updated' : 'reminder_rule.created',
        targetType: 'RenewalReminderRule',
        targetId: id,
        ...(before
          ? {
              before: {
                enabled: before.enabled,
                offsetsDays: before.offsetsDays,
                templateId: before.template?.id ?? null,
                version: before.version,
              },
            }
          : {}),
        after: { enabled: after.enabled, offsetsDays: after.offsetsDays, templateId: after.template?.id ?? null, version: after.version },
      }),
    ]);
    return { ok: true, rule: ruleView(after) };
  });
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

const ALREADY_COVERED = { ok: false, code: 'ALREADY_COVERED' } as const;
const NO_TARGET = { ok: false, code: 'NO_TARGET' } as const;

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
  // One rule per partner (a unique key), its template a RENEWAL one (saveReminderRule, saveTemplate).
  const rules = await db.renewalReminderRule.findMany({
    where: { enabled: true, template: { kind: 'RENEWAL' } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      partnerId: true,
      offsetsDays: true,
      template: { select: { id: true, subjectEn: true, bodyEn: true, subjectZhTw: true, bodyZhTw: true } },
    },
  });
  for (const rule of rules) {
    if (!rule.template) continue;
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
      // Each notice in a transaction of its own: a rule with many groups never holds one for long.
      const made = await runWrite(
        async (tx) => {
          const subscriptionIds = group.items.map((item) => item.subscriptionId);
          const targets = await loadTargetCustomers(tx, rule.partnerId, [group.customerId], subscriptionIds);
          if (targets.length === 0) return NO_TARGET;
          const problems = checkNoticeTargets(content, targets, RENEWAL_RECIPIENT_ROLES);
          const status: NoticeStatus = problems.length === 0 ? 'SCHEDULED' : 'DRAFT';
          const scheduledAt = status === 'SCHEDULED' ? new Date(now.getTime() + delayMs) : null;
          const notice = await tx.notice.create({
            data: {
              partnerId: rule.partnerId,
              kind: 'RENEWAL',
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
          // Another evaluation recorded one of them first: this notice is rolled back.
          if (inserted !== rows.length) return ALREADY_COVERED;
          let deliveries = 0;
          if (scheduledAt) {
            deliveries = (
              await createDeliveries(tx, {
                partnerId: rule.partnerId,
                noticeId: notice.id,
                recipients: recipientsOf(targets, RENEWAL_RECIPIENT_ROLES),
                nextAttemptAt: scheduledAt,
                messageIdHost,
                now,
              })
            ).length;
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
          return { ok: true as const, status };
        },
        // The same notice from another evaluation, met in the ReminderNotice key: skipped as covered.
        { db, unique: { ReminderNotice_pkey: ALREADY_COVERED } },
      );
      if (made.ok) result[made.status === 'SCHEDULED' ? 'scheduled' : 'drafts'] += 1;
      else if (made.code === 'ALREADY_COVERED') result.skipped += 1;
    }
  }
  return result;
}
