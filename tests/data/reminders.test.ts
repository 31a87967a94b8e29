import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, type PrismaClient } from '../../lib/runtime/prisma';
import { createRenewalNotices, listRenewalCoverage } from '../../lib/server/data/renewals';
import { evaluateReminderRules, getReminderRule, saveReminderRule } from '../../lib/server/data/reminder-rules';
import { cancelNotice, sendNoticeNow } from '../../lib/server/data/notice-transitions';
import { getNotice } from '../../lib/server/data/notice-reads';
import { saveTemplate } from '../../lib/server/data/notice-templates';
import { testDb } from '../support/factories';
import { RENEWAL_CONTENT, createNoticePartner, type NoticeTestCustomer, type NoticeTestPartner } from '../support/notices';

const DAY = 86_400_000;

let p: NoticeTestPartner;
let templateId: string;

async function makeTemplate(partner: NoticeTestPartner, name = 'Renewal reminder'): Promise<string> {
  const saved = await saveTemplate(partner.admin, {}, { name, kind: 'RENEWAL', content: RENEWAL_CONTENT });
  if (!saved.ok) throw new Error(`saveTemplate: ${JSON.stringify(saved)}`);
  return saved.id;
}

async function enableRule(partner: NoticeTestPartner, template: string, offsetsDays = [60, 30, 7]) {
  const current = await getReminderRule(partner.admin);
  const saved = await saveReminderRule(partner.admin, current.version, { enabled: true, offsetsDays, templateId: template });
  if (!saved.ok) throw new Error(`saveReminderRule: ${JSON.stringify(saved)}`);
}

beforeAll(async () => {
  p = await createNoticePartner();
  templateId = await makeTemplate(p);
});

afterAll(async () => {
  await p?.cleanup();
});

const remindersOf = (partnerId: string) =>
  testDb().reminderNotice.findMany({
    where: { subscription: { partnerId } },
    select: { subscriptionId: true, offsetDays: true, noticeId: true },
    orderBy: [{ subscriptionId: 'asc' }, { offsetDays: 'asc' }],
  });

describe('evaluateReminderRules', () => {
  let partner: NoticeTestPartner;
  let a: NoticeTestCustomer;
  let b: NoticeTestCustomer;
  let quiet: NoticeTestCustomer;
  let template: string;

  beforeAll(async () => {
    partner = await createNoticePartner();
    template = await makeTemplate(partner);
    // a: one subscription due for the 60-day reminder, one due for all three at once, one too far, one past, one suspended.
    a = await partner.addCustomer({
      contacts: [{ role: 'BILLING' }, { role: 'PRIMARY', language: 'zh-TW' }],
      subscriptions: [
        { endsInDays: 45, offerName: 'Forty-five' },
        { endsInDays: 5, offerName: 'Five' },
        { endsInDays: 100, offerName: 'Hundred' },
        { endsInDays: -1, offerName: 'Past' },
        { endsInDays: 10, offerName: 'Suspended', status: 'SUSPENDED' },
      ],
    });
    // b: two subscriptions due for 60 and 30 at once: one notice (offset 30) lists both.
    b = await partner.addCustomer({
      contacts: [{ role: 'BILLING' }],
      subscriptions: [
        { endsInDays: 20, offerName: 'Twenty' },
        { endsInDays: 25, offerName: 'Twenty-five' },
      ],
    });
    // quiet: no contact of the reminder's roles → a DRAFT, recorded all the same.
    quiet = await partner.addCustomer({ contacts: [{ role: 'TECHNICAL' }], subscriptions: [{ endsInDays: 50, offerName: 'Fifty' }] });
  });

  afterAll(async () => {
    await partner?.cleanup();
  });

  it('does nothing while the rule is off', async () => {
    await evaluateReminderRules(testDb(), new Date());
    expect(await remindersOf(partner.partnerId)).toEqual([]);
    expect(await testDb().notice.count({ where: { partnerId: partner.partnerId } })).toBe(0);
  });

  it('creates one notice per subscription and offset, and evaluating again creates none', async () => {
    await enableRule(partner, template);
    const now = new Date();
    await evaluateReminderRules(testDb(), now, { delayMs: 60_000 });
    const recorded = await remindersOf(partner.partnerId);
    const key = (subscriptionId: string, offset: number) => `${subscriptionId}:${offset}`;
    const [fortyFive, five] = a.subscriptions;
    const [twenty, twentyFive] = b.subscriptions;
    expect(recorded.map((r) => key(r.subscriptionId, r.offsetDays)).sort()).toEqual(
      [
        key(fortyFive!.id, 60),
        key(five!.id, 7),
        key(five!.id, 30),
        key(five!.id, 60),
        key(twenty!.id, 30),
        key(twenty!.id, 60),
        key(twentyFive!.id, 30),
        key(twentyFive!.id, 60),
        key(quiet.subscriptions[0]!.id, 60),
      ].sort(),
    );
    // Five's three offsets share one notice; Twenty and Twenty-five share one.
    const noticeOf = (subscriptionId: string, offset: number) =>
      recorded.find((r) => r.subscriptionId === subscriptionId && r.offsetDays === offset)!.noticeId;
    expect(new Set([noticeOf(five!.id, 7), noticeOf(five!.id, 30), noticeOf(five!.id, 60)]).size).toBe(1);
    expect(noticeOf(twenty!.id, 30)).toBe(noticeOf(twentyFive!.id, 30));
    const notices = await testDb().notice.findMany({
      where: { partnerId: partner.partnerId },
      select: { id: true, status: true, scheduledAt: true, reminderRuleId: true, kind: true },
    });
    expect(notices).toHaveLength(4);
    const byId = new Map(notices.map((n) => [n.id, n]));
    for (const id of [noticeOf(fortyFive!.id, 60), noticeOf(five!.id, 7), noticeOf(twenty!.id, 30)]) {
      expect(byId.get(id)).toMatchObject({ status: 'SCHEDULED', kind: 'RENEWAL' });
      expect(byId.get(id)?.scheduledAt?.getTime()).toBe(now.getTime() + 60_000);
      expect(byId.get(id)?.reminderRuleId).not.toBeNull();
    }
    expect(byId.get(noticeOf(quiet.subscriptions[0]!.id, 60))?.status).toBe('DRAFT');
    // The scheduled ones have their deliveries (outbox), in the recipients' languages.
    const deliveries = await testDb().noticeDelivery.findMany({ where: { noticeId: noticeOf(five!.id, 7) }, select: { language: true } });
    expect(deliveries.map((d) => d.language).sort()).toEqual(['en', 'zh_TW']);
    const detail = await getNotice(partner.agent, noticeOf(twenty!.id, 30));
    expect(detail?.subscriptionCount).toBe(2);

    const again = await evaluateReminderRules(testDb(), new Date(now.getTime() + 1_000));
    expect(await remindersOf(partner.partnerId)).toEqual(recorded);
    expect(await testDb().notice.count({ where: { partnerId: partner.partnerId } })).toBe(4);
    expect(again).toMatchObject({ skipped: 0 });

    // Fifteen days later, Forty-five (now 30 days out) is due for its 30-day reminder: one more notice.
    const later = await evaluateReminderRules(testDb(), new Date(now.getTime() + 15 * DAY), { delayMs: 60_000 });
    expect(later.scheduled).toBeGreaterThanOrEqual(1);
    const afterLater = await remindersOf(partner.partnerId);
    expect(
      afterLater
        .filter((r) => r.subscriptionId === fortyFive!.id)
        .map((r) => r.offsetDays)
        .sort(),
    ).toEqual([30, 60]);
  });

  it('the unique key (subscription, offset) refuses a second record', async () => {
    const existing = (await remindersOf(partner.partnerId))[0]!;
    const rule = await testDb().renewalReminderRule.findFirstOrThrow({ where: { partnerId: partner.partnerId } });
    await expect(
      testDb().reminderNotice.create({
        data: { subscriptionId: existing.subscriptionId, offsetDays: existing.offsetDays, ruleId: rule.id, noticeId: existing.noticeId },
      }),
    ).rejects.toMatchObject({ code: 'P2002' });
  });
});

describe('evaluateReminderRules from several workers at once', () => {
  it('creates exactly one notice per subscription and offset', async () => {
    const partner = await createNoticePartner();
    const clients: PrismaClient[] = [1, 2, 3, 4].map(() => createPrismaClient(process.env.DATABASE_URL!, { max: 2 }));
    try {
      const template = await makeTemplate(partner);
      const customers: NoticeTestCustomer[] = [];
      for (let i = 0; i < 6; i += 1)
        customers.push(await partner.addCustomer({ subscriptions: [{ endsInDays: 3 + i }, { endsInDays: 40 + i }] }));
      await enableRule(partner, template);
      const now = new Date();
      const results = await Promise.all(clients.map((client) => evaluateReminderRules(client, now)));
      const recorded = await remindersOf(partner.partnerId);
      // Per customer: the 3–8-day subscription (7 if ≤ 7, else 30) and the 40-45-day one (60).
      const expected = customers.flatMap((c, i) => {
        const near = c.subscriptions[0]!.id;
        const far = c.subscriptions[1]!.id;
        return [...(3 + i <= 7 ? [7, 30, 60] : [30, 60]).map((o) => `${near}:${o}`), `${far}:60`];
      });
      expect(recorded.map((r) => `${r.subscriptionId}:${r.offsetDays}`).sort()).toEqual(expected.sort());
      const notices = await testDb().notice.findMany({ where: { partnerId: partner.partnerId }, select: { id: true } });
      // Two notices per customer: the near one and the far one (different offsets).
      expect(notices).toHaveLength(12);
      expect(new Set(recorded.map((r) => r.noticeId))).toEqual(new Set(notices.map((n) => n.id)));
      const created = results.reduce((sum, r) => sum + r.scheduled + r.drafts, 0);
      expect(created).toBe(12);
      console.log(
        `4 evaluations at once: ${created} notices created, ${results.reduce((s, r) => s + r.skipped, 0)} attempts refused by the unique key`,
      );
      // And once more, all at once: nothing new.
      await Promise.all(clients.map((client) => evaluateReminderRules(client, new Date(now.getTime() + 1_000))));
      expect(await testDb().notice.count({ where: { partnerId: partner.partnerId } })).toBe(12);
    } finally {
      await Promise.all(clients.map((client) => client.$disconnect()));
      await partner.cleanup();
    }
  });
});

describe('reminder rule settings', () => {
  it('defaults to off with 60/30/7, saves with a version, refuses stale, foreign templates and non-admins', async () => {
    const partner = await createNoticePartner();
    const other = await createNoticePartner();
    try {
      expect(await getReminderRule(partner.agent)).toEqual({
        id: null,
        enabled: false,
        offsetsDays: [60, 30, 7],
        template: null,
        version: 0,
      });
      expect(await saveReminderRule(partner.agent, 0, { enabled: false, offsetsDays: [30], templateId: null })).toEqual({
        ok: false,
        code: 'FORBIDDEN',
      });
      const foreignTemplate = await makeTemplate(other);
      expect(await saveReminderRule(partner.admin, 0, { enabled: true, offsetsDays: [30], templateId: foreignTemplate })).toEqual({
        ok: false,
        code: 'TEMPLATE_NOT_FOUND',
      });
      expect(await saveReminderRule(partner.admin, 0, { enabled: true, offsetsDays: [30], templateId: null })).toMatchObject({
        ok: false,
        code: 'INVALID',
        fieldErrors: { templateId: 'templateRequired' },
      });
      expect(await saveReminderRule(partner.admin, 0, { enabled: false, offsetsDays: [0], templateId: null })).toMatchObject({
        ok: false,
        code: 'INVALID',
      });
      const template = await makeTemplate(partner);
      const first = await saveReminderRule(
        partner.admin,
        0,
        { enabled: true, offsetsDays: [7, 30, 30, 60], templateId: template },
        { address: '192.0.2.1' },
      );
      expect(first).toMatchObject({ ok: true, rule: { enabled: true, offsetsDays: [60, 30, 7], version: 1, template: { id: template } } });
      expect(await saveReminderRule(partner.admin, 0, { enabled: false, offsetsDays: [7], templateId: template })).toEqual({
        ok: false,
        code: 'STALE',
        currentVersion: 1,
      });
      expect(await saveReminderRule(partner.admin, 1, { enabled: false, offsetsDays: [14], templateId: template })).toMatchObject({
        ok: true,
        rule: { enabled: false, offsetsDays: [14], version: 2 },
      });
      expect(await testDb().auditEvent.count({ where: { partnerId: partner.partnerId, action: { startsWith: 'reminder_rule.' } } })).toBe(
        2,
      );
      // Two first saves at once make one rule.
      const third = await createNoticePartner();
      try {
        const t = await makeTemplate(third);
        const results = await Promise.all(
          [1, 2, 3].map(() => saveReminderRule(third.admin, 0, { enabled: true, offsetsDays: [30], templateId: t })),
        );
        expect(results.filter((r) => r.ok)).toHaveLength(1);
        expect(await testDb().renewalReminderRule.count({ where: { partnerId: third.partnerId } })).toBe(1);
      } finally {
        await third.cleanup();
      }
    } finally {
      await partner.cleanup();
      await other.cleanup();
    }
  });
});

describe('renewal coverage', () => {
  let c1: NoticeTestCustomer;
  let c2: NoticeTestCustomer;

  beforeAll(async () => {
    c1 = await p.addCustomer({
      subscriptions: [
        { endsInDays: 10, offerName: 'Ten', autoRenew: false },
        { endsInDays: 80, offerName: 'Eighty' },
        { endsInDays: 120, offerName: 'Far' },
      ],
    });
    c2 = await p.addCustomer({
      contacts: [{ role: 'PRIMARY' }],
      subscriptions: [
        { endsInDays: 30, offerName: 'Thirty' },
        { endsInDays: 5, offerName: 'Cancelled', status: 'CANCELLED' },
      ],
    });
  });

  it('lists active subscriptions ending within 90 days with auto-renew and coverage', async () => {
    const page = await listRenewalCoverage(p.viewer);
    expect(page.items.map((i) => i.offerName)).toEqual(['Ten', 'Thirty', 'Eighty']);
    expect(page.items[0]).toMatchObject({ autoRenew: false, covered: false, daysLeft: 10, customer: { id: c1.id }, notices: [] });
    expect(page.totals).toEqual({ subscriptions: 3, covered: 0, uncovered: 3, autoRenew: 2 });
    const firstTwo = await listRenewalCoverage(p.viewer, { limit: 2 });
    const rest = await listRenewalCoverage(p.viewer, { limit: 2, cursor: firstTwo.nextCursor ?? undefined });
    expect([...firstTwo.items, ...rest.items].map((i) => i.offerName)).toEqual(['Ten', 'Thirty', 'Eighty']);
    expect((await listRenewalCoverage(p.viewer, { withinDays: 15 })).items.map((i) => i.offerName)).toEqual(['Ten']);
    expect((await listRenewalCoverage(p.viewer, { autoRenew: 'no' })).items.map((i) => i.offerName)).toEqual(['Ten']);
  });

  it('creates one renewal notice per customer in one step, as drafts or scheduled; covered once scheduled or sent', async () => {
    const ten = c1.subscriptions[0]!.id;
    const eighty = c1.subscriptions[1]!.id;
    const thirty = c2.subscriptions[0]!.id;
    expect(await createRenewalNotices(p.viewer, [ten], templateId)).toEqual({ ok: false, code: 'FORBIDDEN' });
    const drafts = await createRenewalNotices(p.agent, [ten, eighty, thirty], templateId);
    expect(drafts).toMatchObject({ ok: true });
    if (!drafts.ok) return;
    expect(drafts.notices.map((n) => [n.customerId, n.status]).sort()).toEqual(
      [
        [c1.id, 'DRAFT'],
        [c2.id, 'DRAFT'],
      ].sort(),
    );
    const c1Notice = await getNotice(p.agent, drafts.notices.find((n) => n.customerId === c1.id)!.id);
    expect(c1Notice?.targets[0]?.subscriptions.map((s) => s.offerName)).toEqual(['Ten', 'Eighty']);
    expect(c1Notice?.template?.id).toBe(templateId);
    // Drafts do not cover a renewal.
    expect((await listRenewalCoverage(p.viewer)).totals.covered).toBe(0);

    const scheduleAt = new Date(Date.now() + 86_400_000);
    const scheduled = await createRenewalNotices(p.agent, [thirty], templateId, { scheduleAt });
    expect(scheduled).toMatchObject({ ok: true, notices: [{ customerId: c2.id, status: 'SCHEDULED' }] });
    if (!scheduled.ok) return;
    expect(await testDb().noticeDelivery.count({ where: { noticeId: scheduled.notices[0]!.id, status: 'QUEUED' } })).toBe(1);
    const coverage = await listRenewalCoverage(p.viewer);
    expect(coverage.items.find((i) => i.subscriptionId === thirty)).toMatchObject({ covered: true });
    expect(coverage.items.find((i) => i.subscriptionId === thirty)?.notices.map((n) => n.status)).toEqual(['SCHEDULED', 'DRAFT']);
    expect((await listRenewalCoverage(p.viewer, { covered: 'no' })).items.map((i) => i.offerName)).toEqual(['Ten', 'Eighty']);

    // Sending the draft covers Ten and Eighty; cancelling the scheduled one uncovers Thirty.
    const c1Draft = drafts.notices.find((n) => n.customerId === c1.id)!;
    expect(await sendNoticeNow(p.agent, c1Draft.id, c1Draft.version)).toMatchObject({ ok: true });
    expect(await cancelNotice(p.agent, scheduled.notices[0]!.id, 1)).toMatchObject({ ok: true });
    expect((await listRenewalCoverage(p.viewer)).items.map((i) => [i.offerName, i.covered])).toEqual([
      ['Ten', true],
      ['Thirty', false],
      ['Eighty', true],
    ]);
  });

  it('all or nothing: a customer without a recipient, or a foreign subscription, creates nothing', async () => {
    const lonely = await p.addCustomer({ contacts: [{ role: 'TECHNICAL' }], subscriptions: [{ endsInDays: 40 }] });
    const other = await createNoticePartner();
    try {
      const foreign = await other.addCustomer({ subscriptions: [{ endsInDays: 20 }] });
      const before = await testDb().notice.count({ where: { partnerId: p.partnerId } });
      const refused = await createRenewalNotices(p.agent, [c1.subscriptions[0]!.id, lonely.subscriptions[0]!.id], templateId);
      expect(refused).toEqual({ ok: false, code: 'NOTICE_INVALID', errors: [{ code: 'TARGET_WITHOUT_RECIPIENT', customerId: lonely.id }] });
      expect(await createRenewalNotices(p.agent, [foreign.subscriptions[0]!.id], templateId)).toEqual({
        ok: false,
        code: 'SUBSCRIPTION_NOT_FOUND',
        ids: [foreign.subscriptions[0]!.id],
      });
      expect(await createRenewalNotices(p.agent, [c1.subscriptions[0]!.id], await makeTemplate(other, 'Theirs'))).toEqual({
        ok: false,
        code: 'TEMPLATE_NOT_FOUND',
      });
      expect(await testDb().notice.count({ where: { partnerId: p.partnerId } })).toBe(before);
    } finally {
      await other.cleanup();
    }
  });
});
