import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { applyMigrations, MigrationError, readMigrations } from '../../lib/runtime/migrate';
import { sendNoticeNow } from '../../lib/server/data/notice-transitions';
import { createNotice } from '../../lib/server/data/notice-writes';
import { testDb } from '../support/factories';
import { GENERAL_CONTENT, createNoticePartner } from '../support/notices';

describe('migrations', () => {
  it("are recorded in Prisma's _prisma_migrations table and applying them again changes nothing", async () => {
    const url = process.env.DATABASE_URL!;
    const migrations = readMigrations();
    expect(await applyMigrations(url, migrations)).toEqual([]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const rows = await client.query<{ migration_name: string; checksum: string }>(
      'SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name',
    );
    await client.end();
    expect(rows.rows).toEqual(migrations.map((m) => ({ migration_name: m.name, checksum: m.checksum })));
  });

  it('refuses a committed migration that was edited after it was applied', async () => {
    const [first, ...rest] = readMigrations();
    const edited = { ...first!, sql: `${first!.sql}\n-- edited`, checksum: 'f'.repeat(64) };
    await expect(applyMigrations(process.env.DATABASE_URL!, [edited, ...rest])).rejects.toBeInstanceOf(MigrationError);
  });

  it('20261207010000_delivery_error_codes turns a mail server text stored as lastError into UNKNOWN, and keeps codes', async () => {
    const p = await createNoticePartner();
    try {
      const customer = await p.addCustomer({
        contacts: [{ role: 'BILLING' }, { role: 'BILLING' }, { role: 'BILLING' }],
        subscriptions: [{ endsInDays: 30 }],
      });
      const created = await createNotice(p.agent, {
        kind: 'GENERAL',
        content: GENERAL_CONTENT,
        target: { mode: 'customers', customerIds: [customer.id] },
        recipientRoles: ['BILLING'],
      });
      if (!created.ok) throw new Error(created.code);
      expect(await sendNoticeNow(p.agent, created.id, 1)).toMatchObject({ ok: true });
      const ids = (
        await testDb().noticeDelivery.findMany({
          where: { noticeId: created.id },
          orderBy: { recipientEmail: 'asc' },
          select: { id: true },
        })
      ).map((d) => d.id);
      const stored = ['550 5.1.1 <bo@tailspin.example>: Recipient address rejected: User unknown', 'RECIPIENT_REMOVED', null];
      for (const [index, id] of ids.entries()) await testDb().noticeDelivery.update({ where: { id }, data: { lastError: stored[index] } });

      const migration = readMigrations().find((m) => m.name === '20261207010000_delivery_error_codes');
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL! });
      await client.connect();
      await client.query(migration!.sql);
      await client.end();
      const after = await testDb().noticeDelivery.findMany({ where: { id: { in: ids } }, select: { id: true, lastError: true } });
      expect(ids.map((id) => after.find((d) => d.id === id)?.lastError)).toEqual(['UNKNOWN', 'RECIPIENT_REMOVED', null]);
    } finally {
      await p.cleanup();
    }
  });
});
