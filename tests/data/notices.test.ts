import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  archiveNotice,
  cancelNotice,
  retryFailedDeliveries,
  scheduleNotice,
  sendNoticeNow,
  unscheduleNotice,
} from '../../lib/server/data/notice-transitions';
import { createNotice, duplicateNotice, updateNotice } from '../../lib/server/data/notice-writes';
import { getNotice, listNotices } from '../../lib/server/data/notice-reads';
import { renderPreview } from '../../lib/server/data/notice-preview';
import type { NoticeFailure } from '../../lib/server/data/notice-results';
import { customerContextKey, loadMessageContexts } from '../../lib/server/data/delivery-worker';
import { iterateDeliveryCsvRows, listDeliveries } from '../../lib/server/data/delivery-ledger';
import { NOTICE_STATUSES, NOTICE_TRANSITIONS, type NoticeStatus } from '../../lib/domain/notice-lifecycle';
import { renderNotice } from '../../lib/domain/notice-template';
import type { NoticeInput } from '../../lib/schemas/notices';
import { testDb } from '../support/factories';
import { GENERAL_CONTENT, RENEWAL_CONTENT, createNoticePartner, type NoticeTestCustomer, type NoticeTestPartner } from '../support/notices';

const ADDRESS = '198.51.100.23';
const HOUR = 3_600_000;

let p: NoticeTestPartner;
let other: NoticeTestPartner;
let en: NoticeTestCustomer; // en customer: a BILLING contact (en) and a PRIMARY contact (zh-TW)
let zh: NoticeTestCustomer; // zh-TW customer: a BILLING contact without a language
let noContact: NoticeTestCustomer; // only a TECHNICAL contact
let foreign: NoticeTestCustomer;

beforeAll(async () => {
  p = await createNoticePartner();
  other = await createNoticePartner();
  en = await p.addCustomer({
    name: `Tailwind ${p.suffix}`,
    language: 'en',
    contacts: [
      { role: 'BILLING', language: 'en' },
      { role: 'PRIMARY', language: 'zh-TW' },
    ],
    subscriptions: [
      { endsInDays: 20, offerName: 'Microsoft 365 E3', quantity: 1250 },
      { endsInDays: 200, offerName: 'Visio Plan 2' },
    ],
  });
  zh = await p.addCustomer({
    name: `Litware ${p.suffix}`,
    language: 'zh-TW',
    contacts: [{ role: 'BILLING', language: null }],
    subscriptions: [{ endsInDays: 10, offerName: 'Exchange Online' }],
  });
  noContact = await p.addCustomer({ name: `Quiet ${p.suffix}`, contacts: [{ role: 'TECHNICAL' }], subscriptions: [{ endsInDays: 15 }] });
  foreign = await other.addCustomer({ subscriptions: [{ endsInDays: 5 }] });
});

afterAll(async () => {
  await p?.cleanup();
  await other?.cleanup();
});

function renewalInput(overrides: Partial<NoticeInput> = {}): NoticeInput {
  return {
    kind: 'RENEWAL',
    content: RENEWAL_CONTENT,
    target: { mode: 'customers', customerIds: [en.id, zh.id], subscriptionIds: [en.subscriptions[0]!.id, zh.subscriptions[0]!.id] },
    recipientRoles: ['BILLING', 'PRIMARY'],
    ...overrides,
  };
}

async function draft(overrides: Partial<NoticeInput> = {}) {
  const result = await createNotice(p.agent, renewalInput(overrides), { address: ADDRESS });
  if (!result.ok) throw new Error(`createNotice failed: ${JSON.stringify(result)}`);
  return result;
}

async function noticeRow(id: string) {
  return testDb().notice.findUniqueOrThrow({ where: { id }, select: { status: true, version: true, scheduledAt: true, subjectEn: true } });
}

async function deliveriesOf(noticeId: string) {
  return testDb().noticeDelivery.findMany({ where: { noticeId }, orderBy: { recipientEmail: 'asc' } });
}

function expectFailure<C extends NoticeFailure['code']>(result: { ok: boolean }, code: C): asserts result is NoticeFailure & { code: C } {
  expect(result).toMatchObject({ ok: false, code });
}

describe('createNotice', () => {
  it('creates a DRAFT with its targets, audited', async () => {
    const result = await draft();
    expect(result).toMatchObject({ ok: true, status: 'DRAFT', version: 1 });
    const detail = await getNotice(p.agent, result.id);
    expect(detail?.status).toBe('DRAFT');
    expect(detail?.targets.map((t) => t.customerId).sort()).toEqual([en.id, zh.id].sort());
    expect(detail?.subscriptionCount).toBe(2);
    expect(detail?.recipientCount).toBe(3);
    expect(detail?.languages).toEqual(['en', 'zh-TW']);
    expect(detail?.problems).toEqual([]);
    expect(detail?.actions).toEqual(['EDIT', 'SCHEDULE', 'SEND_NOW', 'CANCEL', 'DUPLICATE']);
    expect(detail?.sender).toEqual({
      name: `${p.name} Billing`,
      address: 'notices@localhost',
      replyTo: `billing-${p.suffix}@partner.example`,
    });
    const audit = await testDb().auditEvent.findMany({
      where: { targetId: result.id },
      select: { action: true, actorId: true, address: true, partnerId: true },
    });
    expect(audit).toEqual([{ action: 'notice.created', actorId: p.agent.userId, address: ADDRESS, partnerId: p.partnerId }]);
  });

  it('resolves "every customer with an active subscription ending within N days"', async () => {
    const result = await draft({ target: { mode: 'endingWithin', days: 25 }, recipientRoles: ['BILLING', 'PRIMARY', 'TECHNICAL'] });
    const detail = await getNotice(p.agent, result.id);
    // en (20 days), zh (10 days), noContact (15 days, a TECHNICAL contact); not Visio (200 days).
    expect(detail?.targets.map((t) => t.customerId).sort()).toEqual([en.id, zh.id, noContact.id].sort());
    expect(detail?.subscriptionCount).toBe(3);
  });

  it('refuses coded errors before anything is saved: unknown variable, empty needed language, a target without contact', async () => {
    const before = await testDb().notice.count({ where: { partnerId: p.partnerId } });
    const unknown = await createNotice(
      p.agent,
      renewalInput({ content: { ...RENEWAL_CONTENT, en: { subject: 'Hi {{customer.nmae}}', body: 'x' } } }),
    );
    expectFailure(unknown, 'NOTICE_INVALID');
    expect(unknown.errors).toContainEqual(
      expect.objectContaining({ code: 'UNKNOWN_VARIABLE', name: 'customer.nmae', language: 'en', field: 'subject' }),
    );

    const emptyZh = await createNotice(p.agent, renewalInput({ content: { en: RENEWAL_CONTENT.en, 'zh-TW': { subject: '', body: '' } } }));
    expectFailure(emptyZh, 'NOTICE_INVALID');
    expect(emptyZh.errors).toEqual([
      { code: 'SUBJECT_REQUIRED', language: 'zh-TW' },
      { code: 'BODY_REQUIRED', language: 'zh-TW' },
    ]);

    const silent = await createNotice(
      p.agent,
      renewalInput({ target: { mode: 'customers', customerIds: [noContact.id], subscriptionIds: [] }, content: GENERAL_CONTENT }),
    );
    expectFailure(silent, 'NOTICE_INVALID');
    expect(silent.errors).toEqual([{ code: 'TARGET_WITHOUT_RECIPIENT', customerId: noContact.id }]);

    expect(await testDb().notice.count({ where: { partnerId: p.partnerId } })).toBe(before);
  });

  it("refuses invalid input, another partner's customers and templates, and a read-only role", async () => {
    expectFailure(await createNotice(p.agent, { ...renewalInput(), kind: 'NOPE' as never }), 'INVALID');
    expectFailure(await createNotice(p.agent, renewalInput({ recipientRoles: [] })), 'INVALID');
    const foreignCustomer = await createNotice(p.agent, renewalInput({ target: { mode: 'customers', customerIds: [foreign.id] } }));
    expectFailure(foreignCustomer, 'CUSTOMER_NOT_FOUND');
    expect(foreignCustomer.ids).toEqual([foreign.id]);
    expectFailure(
      await createNotice(p.agent, renewalInput({ target: { mode: 'customers', subscriptionIds: [foreign.subscriptions[0]!.id] } })),
      'SUBSCRIPTION_NOT_FOUND',
    );
    const template = await testDb().noticeTemplate.create({
      data: {
        partnerId: other.partnerId,
        name: `T ${other.suffix}`,
        kind: 'RENEWAL',
        subjectEn: 's',
        bodyEn: 'b',
        subjectZhTw: 's',
        bodyZhTw: 'b',
      },
    });
    expectFailure(await createNotice(p.agent, renewalInput({ templateId: template.id })), 'TEMPLATE_NOT_FOUND');
    expectFailure(await createNotice(p.viewer, renewalInput()), 'FORBIDDEN');
  });

  it('adds the customer of a listed subscription to the targets', async () => {
    const result = await draft({ target: { mode: 'customers', subscriptionIds: [zh.subscriptions[0]!.id] } });
    const detail = await getNotice(p.agent, result.id);
    expect(detail?.targets.map((t) => t.customerId)).toEqual([zh.id]);
  });
});

describe('updateNotice', () => {
  it('bumps the version on every change and refuses a stale one, keeping the other change', async () => {
    const created = await draft();
    const first = await updateNotice(p.agent, created.id, 1, {
      content: { ...RENEWAL_CONTENT, en: { ...RENEWAL_CONTENT.en, subject: 'First editor wins' } },
    });
    expect(first).toMatchObject({ ok: true, version: 2, status: 'DRAFT' });
    const second = await updateNotice(p.admin, created.id, 1, {
      content: { ...RENEWAL_CONTENT, en: { ...RENEWAL_CONTENT.en, subject: 'Second editor' } },
    });
    expect(second).toEqual({ ok: false, code: 'STALE', currentVersion: 2 });
    expect(await noticeRow(created.id)).toMatchObject({ version: 2, subjectEn: 'First editor wins' });
    expect(await testDb().auditEvent.count({ where: { targetId: created.id, action: 'notice.updated' } })).toBe(1);
  });

  it('validates the result like a new notice and replaces targets when given', async () => {
    const created = await draft();
    expectFailure(
      await updateNotice(p.agent, created.id, 1, { target: { mode: 'customers', customerIds: [noContact.id] }, content: GENERAL_CONTENT }),
      'NOTICE_INVALID',
    );
    expect((await noticeRow(created.id)).version).toBe(1);
    const ok = await updateNotice(p.agent, created.id, 1, {
      target: { mode: 'customers', customerIds: [en.id] },
      content: GENERAL_CONTENT,
      kind: 'GENERAL',
    });
    expect(ok).toMatchObject({ ok: true, version: 2 });
    const detail = await getNotice(p.agent, created.id);
    expect(detail?.kind).toBe('GENERAL');
    expect(detail?.targets.map((t) => t.customerId)).toEqual([en.id]);
    expect(detail?.subscriptionCount).toBe(0);
  });

  it("re-syncs a scheduled notice's queued deliveries with its new recipients", async () => {
    const created = await draft();
    const at = new Date(Date.now() + 48 * HOUR);
    await scheduleNotice(p.agent, created.id, 1, at);
    const before = await deliveriesOf(created.id);
    expect(before).toHaveLength(3);
    const result = await updateNotice(p.agent, created.id, 2, { recipientRoles: ['BILLING'] });
    expect(result).toMatchObject({ ok: true, status: 'SCHEDULED', version: 3 });
    const after = await deliveriesOf(created.id);
    expect(after.map((d) => d.recipientEmail).sort()).toEqual([en.contacts[0]!.email, zh.contacts[0]!.email].sort());
    // Kept deliveries keep their id and Message-ID.
    for (const delivery of after) expect(before.find((b) => b.id === delivery.id)?.messageId).toBe(delivery.messageId);
    expect(after.every((d) => d.status === 'QUEUED' && d.nextAttemptAt?.getTime() === at.getTime())).toBe(true);
  });
});

describe('scheduling, sending and the outbox', () => {
  it('creates one delivery per recipient with the state change: languages, unique addresses, stable Message-IDs', async () => {
    // A shared address across two customers receives one delivery.
    const shared = await p.addCustomer({
      name: `Zeta ${p.suffix}`,
      contacts: [{ role: 'BILLING', email: en.contacts[0]!.email.toUpperCase() }],
      subscriptions: [{ endsInDays: 30 }],
    });
    const created = await draft({
      target: {
        mode: 'customers',
        customerIds: [en.id, zh.id, shared.id],
        subscriptionIds: [en.subscriptions[0]!.id, zh.subscriptions[0]!.id],
      },
      content: GENERAL_CONTENT,
      kind: 'GENERAL',
    });
    const at = new Date(Date.now() + 2 * HOUR);
    const result = await scheduleNotice(p.agent, created.id, 1, at, new Date(), { address: ADDRESS });
    expect(result).toMatchObject({ ok: true, status: 'SCHEDULED', version: 2 });
    const deliveries = await deliveriesOf(created.id);
    expect(deliveries.map((d) => [d.recipientEmail, d.language])).toEqual(
      [
        [en.contacts[0]!.email, 'en'], // contact's own language
        [en.contacts[1]!.email, 'zh_TW'], // contact's own language over the customer's
        [zh.contacts[0]!.email, 'zh_TW'], // no contact language: the customer's
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
    for (const delivery of deliveries) {
      expect(delivery).toMatchObject({ status: 'QUEUED', attempts: 0, partnerId: p.partnerId });
      expect(delivery.nextAttemptAt?.getTime()).toBe(at.getTime());
      expect(delivery.messageId).toBe(`<${delivery.id}@localhost>`);
    }
    const audit = await testDb().auditEvent.findFirst({
      where: { targetId: created.id, action: 'notice.scheduled' },
      select: { after: true, address: true },
    });
    expect(audit).toMatchObject({ address: ADDRESS, after: { status: 'SCHEDULED', version: 2, deliveries: { added: 3 } } });
  });

  it('rescheduling keeps the deliveries and moves their time', async () => {
    const created = await draft();
    await scheduleNotice(p.agent, created.id, 1, new Date(Date.now() + HOUR));
    const ids = (await deliveriesOf(created.id)).map((d) => d.id).sort();
    const later = new Date(Date.now() + 5 * HOUR);
    expect(await scheduleNotice(p.agent, created.id, 2, later)).toMatchObject({ ok: true, status: 'SCHEDULED', version: 3 });
    const after = await deliveriesOf(created.id);
    expect(after.map((d) => d.id).sort()).toEqual(ids);
    expect(after.every((d) => d.nextAttemptAt?.getTime() === later.getTime())).toBe(true);
    expect((await noticeRow(created.id)).scheduledAt?.getTime()).toBe(later.getTime());
  });

  it('refuses a time that is not in the future', async () => {
    const created = await draft();
    const now = new Date();
    expectFailure(await scheduleNotice(p.agent, created.id, 1, now, now), 'SCHEDULE_NOT_IN_FUTURE');
    expectFailure(await scheduleNotice(p.agent, created.id, 1, new Date(Number.NaN), now), 'SCHEDULE_INVALID_TIME');
    expect(await deliveriesOf(created.id)).toEqual([]);
  });

  it('send now: SENDING with deliveries due now; a scheduled one is released', async () => {
    const created = await draft();
    const now = new Date();
    expect(await sendNoticeNow(p.agent, created.id, 1, now)).toMatchObject({ ok: true, status: 'SENDING', version: 2 });
    const deliveries = await deliveriesOf(created.id);
    expect(deliveries).toHaveLength(3);
    expect(deliveries.every((d) => d.nextAttemptAt?.getTime() === now.getTime())).toBe(true);

    const scheduled = await draft();
    await scheduleNotice(p.agent, scheduled.id, 1, new Date(Date.now() + 24 * HOUR));
    const ids = (await deliveriesOf(scheduled.id)).map((d) => d.id).sort();
    const later = new Date();
    expect(await sendNoticeNow(p.agent, scheduled.id, 2, later)).toMatchObject({ ok: true, status: 'SENDING', version: 3 });
    const released = await deliveriesOf(scheduled.id);
    expect(released.map((d) => d.id).sort()).toEqual(ids);
    expect(released.every((d) => d.nextAttemptAt?.getTime() === later.getTime())).toBe(true);
  });

  it('two sends of the same version at once: one wins, the other is stale, deliveries stay unique', async () => {
    const created = await draft();
    const results = await Promise.all([sendNoticeNow(p.agent, created.id, 1), sendNoticeNow(p.admin, created.id, 1)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, code: 'STALE', currentVersion: 2 }]);
    expect(await deliveriesOf(created.id)).toHaveLength(3);
  });

  it('checkNotice problems block scheduling and sending: nothing saved, nothing sent', async () => {
    const lonely = await p.addCustomer({ contacts: [{ role: 'BILLING' }], subscriptions: [{ endsInDays: 12 }] });
    const created = await draft({
      target: { mode: 'customers', customerIds: [lonely.id], subscriptionIds: [lonely.subscriptions[0]!.id] },
    });
    // The only contact leaves after the draft was saved.
    await testDb().contact.deleteMany({ where: { customerId: lonely.id } });
    expect((await getNotice(p.agent, created.id))?.problems).toEqual([{ code: 'TARGET_WITHOUT_RECIPIENT', customerId: lonely.id }]);
    const scheduled = await scheduleNotice(p.agent, created.id, 1, new Date(Date.now() + HOUR));
    expectFailure(scheduled, 'NOTICE_INVALID');
    expect(scheduled.errors).toEqual([{ code: 'TARGET_WITHOUT_RECIPIENT', customerId: lonely.id }]);
    expectFailure(await sendNoticeNow(p.agent, created.id, 1), 'NOTICE_INVALID');
    expect(await noticeRow(created.id)).toMatchObject({ status: 'DRAFT', version: 1 });
    expect(await deliveriesOf(created.id)).toEqual([]);
  });

  it('cancelling a scheduled notice cancels its queued deliveries; unscheduling removes them', async () => {
    const a = await draft();
    await scheduleNotice(p.agent, a.id, 1, new Date(Date.now() + HOUR));
    expect(await cancelNotice(p.agent, a.id, 2, { address: ADDRESS })).toMatchObject({ ok: true, status: 'CANCELLED', version: 3 });
    const cancelled = await deliveriesOf(a.id);
    expect(cancelled).toHaveLength(3);
    expect(cancelled.every((d) => d.status === 'CANCELLED')).toBe(true);
    expect(
      await testDb().auditEvent.findFirst({ where: { targetId: a.id, action: 'notice.cancelled' }, select: { after: true } }),
    ).toMatchObject({
      after: { deliveriesCancelled: 3 },
    });

    const b = await draft();
    await scheduleNotice(p.agent, b.id, 1, new Date(Date.now() + HOUR));
    expect(await unscheduleNotice(p.agent, b.id, 2)).toMatchObject({ ok: true, status: 'DRAFT', version: 3 });
    expect(await deliveriesOf(b.id)).toEqual([]);
    expect((await noticeRow(b.id)).scheduledAt).toBeNull();
  });

  it('a user retries failed deliveries: QUEUED again, attempts from 0, same Message-ID', async () => {
    const created = await draft();
    await sendNoticeNow(p.agent, created.id, 1);
    const [first, ...rest] = await deliveriesOf(created.id);
    await testDb().noticeDelivery.update({
      where: { id: first!.id },
      data: { status: 'FAILED', attempts: 3, lastError: 'RECIPIENT_REJECTED', nextAttemptAt: null },
    });
    await testDb().noticeDelivery.updateMany({
      where: { id: { in: rest.map((d) => d.id) } },
      data: { status: 'SENT', attempts: 1, sentAt: new Date() },
    });
    await testDb().notice.update({ where: { id: created.id }, data: { status: 'PARTIALLY_FAILED', version: 3 } });

    expectFailure(await retryFailedDeliveries(p.agent, created.id, [rest[0]!.id]), 'DELIVERY_NOT_RETRYABLE');
    expectFailure(await retryFailedDeliveries(p.agent, created.id, [foreign.id]), 'DELIVERY_NOT_FOUND');
    expectFailure(await retryFailedDeliveries(p.agent, created.id, undefined, { expectedVersion: 2 }), 'STALE');
    const result = await retryFailedDeliveries(p.agent, created.id, undefined, { expectedVersion: 3 });
    expect(result).toMatchObject({ ok: true, status: 'SENDING', version: 4, requeued: 1 });
    const retried = await testDb().noticeDelivery.findUniqueOrThrow({ where: { id: first!.id } });
    expect(retried).toMatchObject({ status: 'QUEUED', attempts: 0, messageId: first!.messageId, lastError: 'RECIPIENT_REJECTED' });
    expect(await testDb().noticeDelivery.count({ where: { noticeId: created.id, status: 'SENT' } })).toBe(rest.length);
  });

  it('archives a sent notice and duplicates any notice as a new draft', async () => {
    const created = await draft();
    await sendNoticeNow(p.agent, created.id, 1);
    await testDb().notice.update({ where: { id: created.id }, data: { status: 'SENT', version: 3 } });
    expect(await archiveNotice(p.agent, created.id, 3)).toMatchObject({ ok: true, status: 'ARCHIVED', version: 4 });
    const copy = await duplicateNotice(p.agent, created.id);
    expect(copy).toMatchObject({ ok: true, status: 'DRAFT', version: 1 });
    if (!copy.ok) return;
    const detail = await getNotice(p.agent, copy.id);
    expect(detail?.targets.map((t) => t.customerId).sort()).toEqual([en.id, zh.id].sort());
    expect(detail?.content).toEqual(RENEWAL_CONTENT);
    expect(await deliveriesOf(copy.id)).toEqual([]);
  });
});

describe('every transition DESIGN.md does not list is refused with a coded error', () => {
  type Action = 'schedule' | 'sendNow' | 'unschedule' | 'cancel' | 'archive' | 'retry' | 'update';
  const ACTIONS: Action[] = ['schedule', 'sendNow', 'unschedule', 'cancel', 'archive', 'retry', 'update'];
  const target: Record<Exclude<Action, 'update'>, NoticeStatus> = {
    schedule: 'SCHEDULED',
    sendNow: 'SENDING',
    unschedule: 'DRAFT',
    cancel: 'CANCELLED',
    archive: 'ARCHIVED',
    retry: 'SENDING',
  };
  /** What the data layer allows, from DESIGN.md's table (schedule on SCHEDULED: a new time; send now is for DRAFT/SCHEDULED; retry for failed ones). */
  const allowed = (status: NoticeStatus, action: Action): boolean => {
    if (action === 'update') return status === 'DRAFT' || status === 'SCHEDULED';
    if (action === 'schedule') return status === 'DRAFT' || status === 'SCHEDULED';
    if (action === 'sendNow') return status === 'DRAFT' || status === 'SCHEDULED';
    if (action === 'retry') return status === 'PARTIALLY_FAILED' || status === 'FAILED';
    return NOTICE_TRANSITIONS[status].includes(target[action]);
  };

  async function noticeIn(status: NoticeStatus): Promise<string> {
    const created = await draft();
    if (status === 'DRAFT') return created.id;
    await sendNoticeNow(p.agent, created.id, 1);
    const deliveryStatus =
      status === 'SCHEDULED' ? 'QUEUED' : status === 'CANCELLED' ? 'CANCELLED' : status === 'SENDING' ? 'QUEUED' : 'FAILED';
    await testDb().noticeDelivery.updateMany({ where: { noticeId: created.id }, data: { status: deliveryStatus } });
    await testDb().notice.update({
      where: { id: created.id },
      data: { status, version: 7, scheduledAt: status === 'SCHEDULED' ? new Date(Date.now() + HOUR) : null },
    });
    return created.id;
  }

  async function run(action: Action, id: string) {
    const soon = new Date(Date.now() + 3 * HOUR);
    switch (action) {
      case 'schedule':
        return scheduleNotice(p.agent, id, 7, soon);
      case 'sendNow':
        return sendNoticeNow(p.agent, id, 7);
      case 'unschedule':
        return unscheduleNotice(p.agent, id, 7);
      case 'cancel':
        return cancelNotice(p.agent, id, 7);
      case 'archive':
        return archiveNotice(p.agent, id, 7);
      case 'retry':
        return retryFailedDeliveries(p.agent, id, undefined, { expectedVersion: 7 });
      case 'update':
        return updateNotice(p.agent, id, 7, { kind: 'GENERAL' });
    }
  }

  for (const status of NOTICE_STATUSES.filter((s) => s !== 'DRAFT')) {
    it(`from ${status}`, async () => {
      for (const action of ACTIONS) {
        const id = await noticeIn(status);
        const before = await noticeRow(id);
        const deliveriesBefore = await deliveriesOf(id);
        const result = await run(action, id);
        if (allowed(status, action)) {
          expect(result, `${status} ${action}`).toMatchObject({ ok: true });
          continue;
        }
        if (action === 'update') expect(result, `${status} ${action}`).toEqual({ ok: false, code: 'NOT_EDITABLE', status });
        else expect(result, `${status} ${action}`).toEqual({ ok: false, code: 'TRANSITION_NOT_ALLOWED', from: status, to: target[action] });
        expect(await noticeRow(id)).toEqual(before);
        expect(await deliveriesOf(id)).toEqual(deliveriesBefore);
      }
    });
  }

  it('from DRAFT: unschedule, archive and retry are refused', async () => {
    const id = await noticeIn('DRAFT');
    expect(await unscheduleNotice(p.agent, id, 1)).toEqual({ ok: false, code: 'TRANSITION_NOT_ALLOWED', from: 'DRAFT', to: 'DRAFT' });
    expect(await archiveNotice(p.agent, id, 1)).toEqual({ ok: false, code: 'TRANSITION_NOT_ALLOWED', from: 'DRAFT', to: 'ARCHIVED' });
    expect(await retryFailedDeliveries(p.agent, id)).toEqual({ ok: false, code: 'TRANSITION_NOT_ALLOWED', from: 'DRAFT', to: 'SENDING' });
    expect(await noticeRow(id)).toMatchObject({ status: 'DRAFT', version: 1 });
  });
});

describe('partner scoping', () => {
  it("another partner's notice id finds nothing, by every function", async () => {
    const mine = await draft();
    await sendNoticeNow(p.agent, mine.id, 1);
    const id = mine.id;
    const o = other.admin;
    expect(await getNotice(o, id)).toBeNull();
    expect(await renderPreview(o, { noticeId: id })).toBeNull();
    expect(await listDeliveries(o, id)).toBeNull();
    const rows: unknown[] = [];
    for await (const row of iterateDeliveryCsvRows(o, id)) rows.push(row);
    expect(rows).toEqual([]);
    expect((await listNotices(o, {})).items.map((n) => n.id)).not.toContain(id);
    expect(await updateNotice(o, id, 2, { kind: 'GENERAL' })).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect(await scheduleNotice(o, id, 2, new Date(Date.now() + HOUR))).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect(await sendNoticeNow(o, id, 2)).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect(await unscheduleNotice(o, id, 2)).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect(await cancelNotice(o, id, 2)).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect(await archiveNotice(o, id, 2)).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect(await duplicateNotice(o, id)).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect(await retryFailedDeliveries(o, id)).toEqual({ ok: false, code: 'NOT_FOUND' });
    // A malformed id answers the same.
    expect(await getNotice(p.agent, 'not-a-uuid')).toBeNull();
    expect(await cancelNotice(p.agent, 'not-a-uuid', 1)).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect(await noticeRow(id)).toMatchObject({ status: 'SENDING', version: 2 });
  });

  it('a viewer reads but cannot write', async () => {
    const mine = await draft();
    expect((await getNotice(p.viewer, mine.id))?.id).toBe(mine.id);
    expect(await sendNoticeNow(p.viewer, mine.id, 1)).toEqual({ ok: false, code: 'FORBIDDEN' });
    expect(await cancelNotice(p.viewer, mine.id, 1)).toEqual({ ok: false, code: 'FORBIDDEN' });
    expect(await duplicateNotice(p.viewer, mine.id)).toEqual({ ok: false, code: 'FORBIDDEN' });
    expect(await noticeRow(mine.id)).toMatchObject({ status: 'DRAFT', version: 1 });
  });
});

describe('renderPreview', () => {
  it("renders exactly what each recipient receives, in that recipient's language", async () => {
    const created = await draft();
    const preview = await renderPreview(p.agent, { noticeId: created.id });
    expect(preview?.recipientCount).toBe(3);
    // Targets in name order (Litware, Tailwind): the first recipient of each language.
    expect(preview?.previews.map((x) => [x.recipient.email, x.language])).toEqual([
      [en.contacts[0]!.email, 'en'],
      [zh.contacts[0]!.email, 'zh-TW'],
    ]);
    const enContext = {
      customer: { name: en.companyName },
      partner: { name: p.name },
      subscriptions: [{ offerName: 'Microsoft 365 E3', quantity: 1250, endDate: en.subscriptions[0]!.commitmentEndDate }],
    };
    const zhContext = {
      customer: { name: zh.companyName },
      partner: { name: p.name },
      subscriptions: [{ offerName: 'Exchange Online', quantity: 10, endDate: zh.subscriptions[0]!.commitmentEndDate }],
    };
    expect(preview?.previews[0]?.rendered).toEqual(renderNotice(RENEWAL_CONTENT.en, enContext, 'en'));
    expect(preview?.previews[1]?.rendered).toEqual(renderNotice(RENEWAL_CONTENT['zh-TW'], zhContext, 'zh-TW'));
    expect(preview?.previews[0]?.rendered.text).toContain('1,250');
    expect(preview?.previews[1]?.rendered.subject).toMatch(/^您的 Exchange Online 將於 \d{4}年\d{1,2}月\d{1,2}日 續約$/);
    // The Tailwind contact who reads zh-TW gets Tailwind's subscriptions in zh-TW.
    const primary = await renderPreview(p.agent, { noticeId: created.id }, { contactId: en.contacts[1]!.id });
    expect(primary?.previews[0]?.rendered).toEqual(renderNotice(RENEWAL_CONTENT['zh-TW'], enContext, 'zh-TW'));

    const zhOnly = await renderPreview(p.agent, { noticeId: created.id }, { email: zh.contacts[0]!.email });
    expect(zhOnly?.previews).toHaveLength(1);
    expect(zhOnly?.previews[0]).toMatchObject({ language: 'zh-TW', languageOverridden: false });
    expect(zhOnly?.previews[0]?.rendered.html).toContain(zh.companyName);
    const inEnglish = await renderPreview(p.agent, { noticeId: created.id }, { email: zh.contacts[0]!.email, language: 'en' });
    expect(inEnglish?.previews[0]).toMatchObject({ language: 'en', languageOverridden: true });
    expect(await renderPreview(p.agent, { noticeId: created.id }, { email: 'nobody@nowhere.example' })).toBeNull();
  });

  it('previews a draft being composed, with its problems', async () => {
    const preview = await renderPreview(p.agent, {
      draft: renewalInput({
        target: { mode: 'customers', customerIds: [zh.id, noContact.id], subscriptionIds: [zh.subscriptions[0]!.id] },
      }),
    });
    expect(preview?.recipients.map((r) => r.email)).toEqual([zh.contacts[0]!.email]);
    expect(preview?.previews.map((x) => x.language)).toEqual(['zh-TW']);
    expect(preview?.problems).toContainEqual({ code: 'TARGET_WITHOUT_RECIPIENT', customerId: noContact.id });
  });
});

describe('listNotices and the ledger', () => {
  it('filters by status, kind and customer, counts per status and pages with a cursor', async () => {
    const partner = await createNoticePartner();
    try {
      const c = await partner.addCustomer({ subscriptions: [{ endsInDays: 10 }] });
      const input = (kind: 'RENEWAL' | 'GENERAL'): NoticeInput => ({
        kind,
        content: GENERAL_CONTENT,
        target: { mode: 'customers', customerIds: [c.id] },
        recipientRoles: ['BILLING'],
      });
      const ids: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        const created = await createNotice(partner.agent, input(i % 2 === 0 ? 'RENEWAL' : 'GENERAL'));
        if (!created.ok) throw new Error(created.code);
        ids.push(created.id);
      }
      await scheduleNotice(partner.agent, ids[0]!, 1, new Date(Date.now() + HOUR));
      const all = await listNotices(partner.agent, { limit: 2 });
      expect(all.items.map((n) => n.id)).toEqual([ids[4], ids[3]]);
      expect(all.countsByStatus).toMatchObject({ DRAFT: 4, SCHEDULED: 1, SENT: 0 });
      const page2 = await listNotices(partner.agent, { limit: 2, cursor: all.nextCursor ?? undefined });
      const page3 = await listNotices(partner.agent, { limit: 2, cursor: page2.nextCursor ?? undefined });
      expect([...page2.items, ...page3.items].map((n) => n.id)).toEqual([ids[2], ids[1], ids[0]]);
      expect(page3.nextCursor).toBeNull();
      expect((await listNotices(partner.agent, { status: 'SCHEDULED' })).items.map((n) => n.id)).toEqual([ids[0]]);
      expect((await listNotices(partner.agent, { kind: 'GENERAL' })).items).toHaveLength(2);
      expect((await listNotices(partner.agent, { customerId: c.id })).items).toHaveLength(5);
      expect((await listNotices(partner.agent, { customerId: en.id })).items).toHaveLength(0);
      expect((await listNotices(partner.agent, { status: 'BOGUS' as never, cursor: 'garbage' })).invalidCursor).toBe(true);
      const scheduled = (await listNotices(partner.agent, { status: 'SCHEDULED' })).items[0];
      expect(scheduled?.deliveries).toMatchObject({ total: 1, queued: 1 });
      const tomorrow = new Date(Date.now() + 24 * HOUR).toISOString().slice(0, 10);
      expect((await listNotices(partner.agent, { from: tomorrow })).items.map((n) => n.id)).not.toContain(ids[4]);
    } finally {
      await partner.cleanup();
    }
  });

  it("lists a notice's deliveries with counts and streams them as CSV rows", async () => {
    const created = await draft();
    await sendNoticeNow(p.agent, created.id, 1);
    const page = await listDeliveries(p.agent, created.id, null, { limit: 2 });
    expect(page?.counts).toMatchObject({ total: 3, queued: 3 });
    expect(page?.items).toHaveLength(2);
    const rest = await listDeliveries(p.agent, created.id, page?.nextCursor);
    expect(rest?.items).toHaveLength(1);
    expect(rest?.nextCursor).toBeNull();
    const rows: unknown[][] = [];
    for await (const row of iterateDeliveryCsvRows(p.agent, created.id, 2)) rows.push(row);
    expect(rows).toHaveLength(3);
    expect(rows[0]?.[4]).toBe('QUEUED');
  });
});

describe('loadMessageContexts (what the worker renders from)', () => {
  it("gives each notice its content and sender, and each (notice, customer) only the notice's subscriptions of that customer", async () => {
    const db = testDb();
    // The renewal notice targets en's first subscription only (not "Visio Plan 2") and zh's one.
    const renewal = await draft();
    const general = await draft({ content: GENERAL_CONTENT, target: { mode: 'customers', customerIds: [en.id], subscriptionIds: [] } });
    const claims = [
      { noticeId: renewal.id, customerId: en.id, partnerId: p.partnerId },
      { noticeId: renewal.id, customerId: en.id, partnerId: p.partnerId },
      { noticeId: renewal.id, customerId: zh.id, partnerId: p.partnerId },
      { noticeId: general.id, customerId: en.id, partnerId: p.partnerId },
      // A customer of another partner under this partner's id: not found, so nothing to render.
      { noticeId: renewal.id, customerId: foreign.id, partnerId: p.partnerId },
    ];
    const contexts = await loadMessageContexts(db, claims);

    expect([...contexts.notices.keys()].sort()).toEqual([renewal.id, general.id].sort());
    expect(contexts.notices.get(renewal.id)).toMatchObject({
      partnerId: p.partnerId,
      partnerName: p.name,
      senderName: `${p.name} Billing`,
      replyTo: `billing-${p.suffix}@partner.example`,
      content: RENEWAL_CONTENT,
    });
    expect(contexts.customers.get(customerContextKey(renewal.id, en.id))).toEqual({
      companyName: en.companyName,
      subscriptions: [{ offerName: 'Microsoft 365 E3', quantity: 1250, endDate: en.subscriptions[0]!.commitmentEndDate }],
    });
    expect(contexts.customers.get(customerContextKey(renewal.id, zh.id))?.subscriptions.map((s) => s.offerName)).toEqual([
      'Exchange Online',
    ]);
    expect(contexts.customers.get(customerContextKey(general.id, en.id))).toEqual({ companyName: en.companyName, subscriptions: [] });
    expect(contexts.customers.has(customerContextKey(renewal.id, foreign.id))).toBe(false);
    expect(contexts.customers.size).toBe(3);

    // What the worker already holds is not read again.
    const again = await loadMessageContexts(db, claims, {
      notices: new Set([renewal.id]),
      customers: new Set([customerContextKey(renewal.id, en.id), customerContextKey(renewal.id, zh.id)]),
    });
    expect([...again.notices.keys()]).toEqual([general.id]);
    expect([...again.customers.keys()]).toEqual([customerContextKey(general.id, en.id)]);
  });
});
