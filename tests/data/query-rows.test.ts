import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Prisma } from '../../lib/generated/prisma/client';
import { queryRows } from '../../lib/runtime/prisma';
import { createTestPartner, testDb, type TestPartner } from '../support/factories';

// queryRows reads through the pool under Prisma: the values must be the ones Prisma gives for the
// same columns — dates above all, in any time zone the process runs in.
describe('queryRows', () => {
  let partner: TestPartner;
  const zone = process.env.TZ;
  beforeAll(async () => {
    partner = await createTestPartner({ customers: 1, endsInDays: 40 });
  });
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });
  afterAll(async () => {
    await partner.cleanup();
  });

  for (const timeZone of ['UTC', 'Pacific/Kiritimati', 'America/Los_Angeles']) {
    it(`reads dates, timestamps, numbers and enums as Prisma does (process in ${timeZone})`, async () => {
      process.env.TZ = timeZone;
      const db = testDb();
      const stored = await db.subscription.findFirstOrThrow({
        where: { partnerId: partner.partnerId },
        select: { id: true, commitmentEndDate: true, startDate: true, createdAt: true, quantity: true, status: true },
      });
      const [row] = await queryRows<{
        id: string;
        commitmentEndDate: Date;
        startDate: Date;
        createdAt: Date;
        quantity: number;
        status: string;
      }>(
        db,
        Prisma.sql`SELECT "id", "commitmentEndDate", "startDate", "createdAt", "quantity", "status"::text AS "status"
                   FROM "Subscription" WHERE "id" = ${stored.id}::uuid`,
      );
      expect(row).toEqual(stored);
      expect(row!.commitmentEndDate.toISOString()).toMatch(/T00:00:00\.000Z$/);
    });
  }

  it('prepares a statement by its text, whichever copy of the module asks (Next.js loads it more than once)', async () => {
    const db = testDb();
    const first = Prisma.sql`SELECT ${partner.partnerId}::uuid::text AS "a"`;
    const second = Prisma.sql`SELECT ${partner.partnerId}::uuid::text AS "b", 2 AS "c"`;
    expect(await queryRows(db, first, { prepare: true })).toEqual([{ a: partner.partnerId }]);
    vi.resetModules();
    const copy = await import('../../lib/runtime/prisma');
    expect(copy.queryRows).not.toBe(queryRows);
    // Each a few times: the pool hands the same connections back.
    for (let i = 0; i < 3; i += 1) {
      expect(await copy.queryRows(db, second, { prepare: true })).toEqual([{ b: partner.partnerId, c: 2 }]);
      expect(await queryRows(db, first, { prepare: true })).toEqual([{ a: partner.partnerId }]);
    }
  });

  it('binds every value as a parameter, arrays and dates included', async () => {
    const db = testDb();
    const hostile = 'x\'); DROP TABLE "Customer"; --';
    const rows = await queryRows<{ a: string; b: string[]; c: Date[] }>(
      db,
      Prisma.sql`SELECT ${hostile}::text AS "a", ${['p"q', 'r\\s', null]}::text[] AS "b", ${[new Date('2026-01-02T03:04:05.006Z')]}::timestamptz[] AS "c"`,
    );
    expect(rows).toEqual([{ a: hostile, b: ['p"q', 'r\\s', null], c: [new Date('2026-01-02T03:04:05.006Z')] }]);
  });

  it('refuses a client it did not make (a transaction)', async () => {
    await expect(testDb().$transaction(async (tx) => queryRows(tx as never, Prisma.sql`SELECT 1`))).rejects.toThrow(
      /queryRows needs the client itself/,
    );
  });
});
