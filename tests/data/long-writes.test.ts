// The biggest writes a user can start — a 20,000-row customer import, a notice to 5,000 customers
// (sent now, re-synced when a contact changes), 1,000 renewal notices in one step — run while page
// requests keep reading through the same pool of connections (the portal's: DATABASE_POOL_SIZE,
// 10 by default). Each write holds one connection for a bounded time: no page request ever queues
// for a connection of a full pool (the pool's own count of waiting requests), which is asserted.
// The times are printed, not asserted (a shared machine's timings vary): a page's wait for a
// connection plus one SELECT 1, a customer-list page, and how long the event loop stalled.
import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '../../lib/generated/prisma/client';
import { databasePoolStats, getDb, queryRows } from '../../lib/server/db';
import { applyImport, previewImport } from '../../lib/server/data/customer-import';
import { updateContact } from '../../lib/server/data/customer-writes';
import { listCustomers } from '../../lib/server/data/customers';
import { createNotice } from '../../lib/server/data/notice-writes';
import { sendNoticeNow } from '../../lib/server/data/notice-transitions';
import { createRenewalNotices } from '../../lib/server/data/renewals';
import { saveTemplate } from '../../lib/server/data/notice-templates';
import { GENERAL_CONTENT, RENEWAL_CONTENT, createNoticePartner, type NoticeTestPartner } from '../support/notices';

let p: NoticeTestPartner;

beforeAll(async () => {
  p = await createNoticePartner();
});

afterAll(async () => {
  await p?.cleanup();
});

type Figures = {
  samples: number;
  waitP50: number;
  waitP99: number;
  waitMax: number;
  pageP50: number;
  pageMax: number;
  writeMs: number;
  loopMaxMs: number;
  maxQueued: number;
  maxBusy: number;
};

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

/**
 * Runs `write` while, every 20 ms, a page-like request asks the pool for a connection (SELECT 1: the
 * time is the wait for a connection plus one round trip) and, every 100 ms, reads a customer list page.
 */
async function whilePagesRead(write: () => Promise<unknown>): Promise<Figures> {
  const waits: number[] = [];
  const pages: number[] = [];
  let maxQueued = 0;
  let maxBusy = 0;
  let done = false;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const ping = async () => {
    while (!done) {
      const pool = databasePoolStats();
      // Waiting while the pool is full: every connection busy (waiting for one being opened is not that).
      if (pool.total >= pool.max) maxQueued = Math.max(maxQueued, pool.waiting);
      maxBusy = Math.max(maxBusy, pool.total - pool.idle);
      const started = performance.now();
      await queryRows(Prisma.sql`SELECT 1`);
      waits.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const page = async () => {
    while (!done) {
      const started = performance.now();
      await listCustomers(p.viewer, { sort: 'name' });
      pages.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const readers = [ping(), ping(), page()];
  const started = performance.now();
  try {
    await write();
  } finally {
    done = true;
  }
  const writeMs = performance.now() - started;
  await Promise.all(readers);
  loop.disable();
  return {
    loopMaxMs: loop.max / 1e6,
    maxQueued,
    maxBusy,
    samples: waits.length,
    waitP50: percentile(waits, 50),
    waitP99: percentile(waits, 99),
    waitMax: Math.max(...waits),
    pageP50: percentile(pages, 50),
    pageMax: Math.max(...pages),
    writeMs,
  };
}

function report(what: string, figures: Figures) {
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  console.log(
    `${what}: write ${ms(figures.writeMs)}; connections busy at most ${figures.maxBusy} of the pool, requests queued at a full pool at most ${figures.maxQueued}; ` +
      `a page's wait for a connection + SELECT 1 over ${figures.samples} samples: p50 ${ms(figures.waitP50)}, p99 ${ms(figures.waitP99)}, max ${ms(figures.waitMax)}; ` +
      `customer list page p50 ${ms(figures.pageP50)}, max ${ms(figures.pageMax)}; longest event-loop stall ${ms(figures.loopMaxMs)}`,
  );
  expect(figures.samples).toBeGreaterThan(0);
  expect(figures.maxQueued).toBe(0);
}

/** n customers with one billing contact each, written in one statement per table. */
async function bulkCustomers(n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, () => randomUUID());
  const db = getDb();
  await db.$executeRaw`
    INSERT INTO "Customer" ("id", "partnerId", "companyName", "domain", "tenantId", "updatedAt")
    SELECT c, ${p.partnerId}::uuid, 'Bulk ' || i, 'bulk-' || i || '-' || ${p.suffix} || '.example', gen_random_uuid(), now()
    FROM unnest(${ids}::uuid[]) WITH ORDINALITY AS u(c, i)`;
  await db.$executeRaw`
    INSERT INTO "Contact" ("id", "partnerId", "customerId", "name", "email", "role", "updatedAt")
    SELECT gen_random_uuid(), ${p.partnerId}::uuid, c, 'Billing ' || i, 'billing-' || i || '-' || ${p.suffix} || '@bulk.example', 'BILLING', now()
    FROM unnest(${ids}::uuid[]) WITH ORDINALITY AS u(c, i)`;
  return ids;
}

// Thousands of rows on a shared machine: minutes, not seconds, may pass under load; the figures say how long.
describe('long writes and the pool', { timeout: 240_000 }, () => {
  it('a 20,000-row customer import', async () => {
    const rows = Array.from(
      { length: 20_000 },
      (_, i) => `${randomUUID()},Imported ${i} ${p.suffix},imported-${i}-${p.suffix}.example,Reseller`,
    );
    const text = ['Microsoft ID,Company name,Primary domain,Relationship', ...rows].join('\n');
    const preview = await previewImport(p.admin, 'customers', text);
    expect(preview.fingerprint).not.toBeNull();
    const figures = await whilePagesRead(async () => {
      const applied = await applyImport(
        p.admin,
        { kind: 'customers', text, fileName: 'big.csv', fingerprint: preview.fingerprint! },
        '192.0.2.1',
      );
      expect(applied).toMatchObject({ ok: true, counts: { create: 20_000 } });
    });
    report('20,000-row import', figures);
  });

  it('a notice to 5,000 customers, sent now, then a contact of one of them changed while it is sending', async () => {
    const customerIds = await bulkCustomers(5_000);
    const created = await createNotice(p.agent, {
      kind: 'GENERAL',
      content: GENERAL_CONTENT,
      target: { mode: 'customers', customerIds },
      recipientRoles: ['BILLING'],
    });
    if (!created.ok) throw new Error(JSON.stringify(created).slice(0, 300));
    const sent = await whilePagesRead(async () => expect(await sendNoticeNow(p.agent, created.id, 1)).toMatchObject({ ok: true }));
    report('send now, 5,000 recipients', sent);
    const contact = await getDb().contact.findFirstOrThrow({
      where: { partnerId: p.partnerId, customerId: customerIds[0] },
      select: { id: true, name: true, updatedAt: true },
    });
    const resynced = await whilePagesRead(async () =>
      expect(
        await updateContact(
          p.admin,
          customerIds[0]!,
          contact.id,
          contact.updatedAt,
          { name: contact.name, email: `moved-${p.suffix}@bulk.example`, role: 'BILLING', language: null },
          '192.0.2.1',
        ),
      ).toEqual({ ok: true }),
    );
    report('a contact change re-syncing that notice', resynced);
  });

  it('1,000 renewal notices in one step, scheduled with their deliveries', async () => {
    const customerIds = await bulkCustomers(1_000);
    const subscriptionIds = customerIds.map(() => randomUUID());
    await getDb().$executeRaw`
      INSERT INTO "Subscription" ("id", "partnerId", "customerId", "offerName", "quantity", "term", "billingCycle", "startDate", "commitmentEndDate", "updatedAt")
      SELECT s, ${p.partnerId}::uuid, c, 'Microsoft 365 E3', 10, 'P1Y', 'ANNUAL', current_date - 300, current_date + 30, now()
      FROM unnest(${subscriptionIds}::uuid[], ${customerIds}::uuid[]) AS u(s, c)`;
    const template = await saveTemplate(p.admin, {}, { name: `Renewal ${p.suffix}`, kind: 'RENEWAL', content: RENEWAL_CONTENT });
    if (!template.ok) throw new Error('template');
    const figures = await whilePagesRead(async () => {
      const result = await createRenewalNotices(p.agent, subscriptionIds, template.id, {
        scheduleAt: new Date(Date.now() + 86_400_000),
        recipientRoles: ['BILLING'],
      });
      expect(result).toMatchObject({ ok: true });
      if (result.ok) expect(result.notices).toHaveLength(1_000);
    });
    report('1,000 renewal notices', figures);
  });
});
