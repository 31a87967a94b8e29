// The worker's claim (claimDueDeliveries) on its own: across several sending notices it takes the
// earliest due deliveries first, never a delivery of a notice that is not sending or not yet due,
// and two claims at once get disjoint, full batches. On the integration database (no other test
// claims there at the same time: the integration files run one after the other).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimDueDeliveries } from '../../lib/server/data/delivery-worker';
import { createNotice } from '../../lib/server/data/notice-writes';
import { scheduleNotice, sendNoticeNow } from '../../lib/server/data/notice-transitions';
import { createPrismaClient } from '../../lib/runtime/prisma';
import { inject } from 'vitest';
import { testDb } from '../support/factories';
import { GENERAL_CONTENT, createNoticePartner, type NoticeTestPartner } from '../support/notices';
import { addBulkCustomers } from './support/bulk';

const HOUR = 3_600_000;
let p: NoticeTestPartner;

beforeAll(async () => {
  p = await createNoticePartner();
});

afterAll(async () => {
  await p?.cleanup();
});

async function notice(customerIds: string[]): Promise<string> {
  const created = await createNotice(p.agent, {
    kind: 'GENERAL',
    content: GENERAL_CONTENT,
    target: { mode: 'customers', customerIds },
    recipientRoles: ['BILLING'],
  });
  if (!created.ok) throw new Error(`createNotice: ${created.code}`);
  return created.id;
}

describe('claimDueDeliveries', () => {
  it('claims the earliest due deliveries across sending notices, two claims at once get disjoint full batches', async () => {
    const db = testDb();
    const customers = await addBulkCustomers(p.partnerId, 90, `claims-${p.suffix}`);
    // Three notices sending, 30 deliveries each, due at different times in the past.
    const sending: string[] = [];
    for (const [index, slice] of [customers.slice(0, 30), customers.slice(30, 60), customers.slice(60, 90)].entries()) {
      const id = await notice(slice);
      const sent = await sendNoticeNow(p.agent, id, 1, new Date(Date.now() - (3 - index) * 60_000));
      expect(sent.ok).toBe(true);
      sending.push(id);
    }
    // One scheduled for tomorrow (its deliveries are queued, not due), one draft.
    const scheduled = await notice(customers.slice(0, 10));
    expect((await scheduleNotice(p.agent, scheduled, 1, new Date(Date.now() + 24 * HOUR))).ok).toBe(true);
    await notice(customers.slice(10, 20));

    // The earliest first: the first notice's 30, then 10 of the second.
    const now = new Date();
    const first = await claimDueDeliveries(db, now, { limit: 40, leaseMs: 60_000 });
    expect(first).toHaveLength(40);
    expect(first.filter((c) => c.noticeId === sending[0])).toHaveLength(30);
    expect(first.filter((c) => c.noticeId === sending[1])).toHaveLength(10);
    expect(first.every((c) => c.attempts === 1 && c.leaseUntil.getTime() === now.getTime() + 60_000)).toBe(true);

    // Two claims at once, on two clients (two connections): disjoint, full, never the scheduled notice's.
    const other = createPrismaClient(inject('integrationDatabaseUrl'), { max: 2 });
    try {
      const [a, b] = await Promise.all([
        claimDueDeliveries(db, new Date(), { limit: 20, leaseMs: 60_000 }),
        claimDueDeliveries(other, new Date(), { limit: 20, leaseMs: 60_000 }),
      ]);
      expect(a).toHaveLength(20);
      expect(b).toHaveLength(20);
      const ids = new Set([...a, ...b, ...first].map((c) => c.id));
      expect(ids.size).toBe(80);
      expect([...a, ...b].every((c) => sending.includes(c.noticeId))).toBe(true);
      // What is left: the last 10 due deliveries, then nothing (leased ones are not due again).
      const rest = await claimDueDeliveries(other, new Date(), { limit: 40, leaseMs: 60_000 });
      expect(rest).toHaveLength(10);
      expect(await claimDueDeliveries(db, new Date(), { limit: 40, leaseMs: 60_000 })).toEqual([]);
    } finally {
      await other.$disconnect();
    }

    // After its lease, a claimed delivery is due again, with its attempt counted.
    const again = await claimDueDeliveries(db, new Date(now.getTime() + 61_000), { limit: 200, leaseMs: 60_000 });
    expect(again).toHaveLength(90);
    expect(again.every((c) => c.attempts === 2)).toBe(true);
    expect(again.some((c) => c.noticeId === scheduled)).toBe(false);
  });

  it('the table refuses a queued delivery without a next attempt time', async () => {
    const db = testDb();
    const [delivery] = await db.noticeDelivery.findMany({
      where: { partnerId: p.partnerId, status: 'QUEUED' },
      take: 1,
      select: { id: true },
    });
    expect(delivery).toBeDefined();
    await expect(db.noticeDelivery.update({ where: { id: delivery!.id }, data: { nextAttemptAt: null } })).rejects.toThrow();
  });
});
