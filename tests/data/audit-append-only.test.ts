// The audit trail is append-only in PostgreSQL itself, whatever code runs: INSERT works; UPDATE,
// DELETE and TRUNCATE are refused by a trigger; nothing cascades into it.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAudit } from '../../lib/server/data/audit';
import { createNoticePartner, type NoticeTestPartner } from '../support/notices';
import { testDb } from '../support/factories';

let a: NoticeTestPartner;
let b: NoticeTestPartner;
let client: pg.Client;

beforeAll(async () => {
  a = await createNoticePartner();
  b = await createNoticePartner();
  const by = (partner: NoticeTestPartner) => ({
    actor: { userId: partner.agent.userId, label: partner.agent.email },
    partnerId: partner.partnerId,
  });
  await writeAudit(testDb(), [
    { ...by(a), action: 'notice.sent', targetType: 'Notice', targetId: 'n-1', after: { status: 'SENT' } },
    { ...by(b), action: 'notice.sent', targetType: 'Notice', targetId: 'n-1', after: { status: 'SENT' } },
  ]);
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await a?.cleanup();
  await b?.cleanup();
});

describe('the audit trail is append-only in PostgreSQL', () => {
  /** The SQLSTATE and message PostgreSQL refused `text` with, or null when it was accepted (then rolled back). */
  async function refusal(text: string, values: unknown[] = []): Promise<{ code: string; message: string } | null> {
    await client.query('BEGIN');
    try {
      await client.query(text, values);
      return null;
    } catch (error) {
      const { code, message } = error as { code: string; message: string };
      return { code, message };
    } finally {
      await client.query('ROLLBACK');
    }
  }

  it('accepts an INSERT', async () => {
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO "AuditEvent" ("actorLabel", "partnerId", action, "targetType", "targetId", "createdAt") VALUES ('test', $1, 'test.inserted', 'Test', 'x', $2) RETURNING id::text`,
      [a.partnerId, new Date()],
    );
    expect(inserted.rows[0]?.id).toMatch(/^\d+$/);
  });

  it('refuses UPDATE, DELETE and TRUNCATE, even of no row, and the rows stay as they were', async () => {
    const [row] = (
      await client.query<{ id: string; after: unknown }>(
        `SELECT id::text, after FROM "AuditEvent" WHERE "partnerId" = $1 AND action = 'notice.sent'`,
        [a.partnerId],
      )
    ).rows;
    const statements: [string, unknown[]][] = [
      [`UPDATE "AuditEvent" SET after = '{"status":"FORGED"}' WHERE id = $1`, [row!.id]],
      [`UPDATE "AuditEvent" SET "actorId" = NULL WHERE false`, []],
      [`DELETE FROM "AuditEvent" WHERE id = $1`, [row!.id]],
      [`DELETE FROM "AuditEvent" WHERE "partnerId" = $1`, [a.partnerId]],
      [`TRUNCATE "AuditEvent"`, []],
    ];
    for (const [text, values] of statements) {
      const refused = await refusal(text, values);
      expect(refused, text).toMatchObject({ code: '42501' });
      expect(refused!.message, text).toMatch(/audit events are append-only: (UPDATE|DELETE|TRUNCATE) on "AuditEvent" is not allowed/);
    }
    const after = await client.query(`SELECT after FROM "AuditEvent" WHERE id = $1`, [row!.id]);
    expect(after.rows[0]?.after).toEqual(row!.after);
    // Prisma's client is refused the same way.
    await expect(testDb().auditEvent.deleteMany({ where: { partnerId: a.partnerId } })).rejects.toThrow(/append-only/);
    await expect(testDb().auditEvent.updateMany({ where: { partnerId: a.partnerId }, data: { address: 'x' } })).rejects.toThrow(
      /append-only/,
    );
  });

  it('refuses to delete a user who acted, or a partner with events, instead of rewriting their events', async () => {
    expect(await refusal(`DELETE FROM "User" WHERE id = $1`, [a.agent.userId])).toMatchObject({ code: '23503' });
    expect(await refusal(`DELETE FROM "Partner" WHERE id = $1`, [b.partnerId])).toMatchObject({ code: '23503' });
    expect(await refusal(`UPDATE "User" SET id = gen_random_uuid() WHERE id = $1`, [a.agent.userId])).toMatchObject({ code: '23503' });
    // A user who never acted can still be deleted.
    const bystander = await testDb().user.create({
      data: { email: `bystander-${a.suffix}@test.example`, displayName: 'Bystander', role: 'PARTNER_VIEWER', partnerId: a.partnerId },
    });
    expect(await refusal(`DELETE FROM "User" WHERE id = $1`, [bystander.id])).toBeNull();
  });
});
