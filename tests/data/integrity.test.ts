// What the database itself holds, whatever code writes to it: every row belongs to the same partner
// as the rows it names (composite foreign keys), one reminder rule per partner, one pending
// relationship review per customer, audit events that can only be appended; and what the data
// layer answers when PostgreSQL refuses.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, MigrationError, readMigrations } from '../../lib/runtime/migrate';
import { declareRelationship } from '../../lib/server/data/relationships';
import { getReminderRule, saveReminderRule } from '../../lib/server/data/reminder-rules';
import { getTemplate, saveTemplate } from '../../lib/server/data/notice-templates';
import { writeAudit } from '../../lib/server/data/audit';
import { testDb } from '../support/factories';
import { GENERAL_CONTENT, RENEWAL_CONTENT, createNoticePartner, type NoticeTestCustomer, type NoticeTestPartner } from '../support/notices';
import { refusal as refusalOf } from '../support/refusal';

let a: NoticeTestPartner;
let b: NoticeTestPartner;
let ofA: NoticeTestCustomer;
let ofB: NoticeTestCustomer;
let client: pg.Client;

beforeAll(async () => {
  a = await createNoticePartner();
  b = await createNoticePartner();
  ofA = await a.addCustomer({ contacts: [{ role: 'BILLING' }], subscriptions: [{ endsInDays: 30 }] });
  ofB = await b.addCustomer({ contacts: [{ role: 'BILLING' }], subscriptions: [{ endsInDays: 30 }] });
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await a?.cleanup();
  await b?.cleanup();
});

/** The SQLSTATE and constraint PostgreSQL refused `text` with (null when it was accepted, then rolled back). */
async function refusal(text: string, values: unknown[]): Promise<{ code: string; constraint: string | undefined } | null> {
  const refused = await refusalOf(client, text, values);
  return refused && { code: refused.code, constraint: refused.constraint };
}

async function newNotice(partnerId: string, templateId: string | null = null): Promise<string> {
  const id = randomUUID();
  await client.query(
    `INSERT INTO "Notice" (id, "partnerId", kind, "recipientRoles", "templateId", "updatedAt") VALUES ($1, $2, 'GENERAL', '{BILLING}', $3, now())`,
    [id, partnerId, templateId],
  );
  return id;
}

describe('a row that mixes partners is refused by PostgreSQL', () => {
  it('for every table that names a row of its partner', async () => {
    const noticeOfA = await newNotice(a.partnerId);
    const template = await saveTemplate(b.admin, {}, { name: `B ${randomUUID().slice(0, 6)}`, kind: 'RENEWAL', content: RENEWAL_CONTENT });
    if (!template.ok) throw new Error('setup');
    const [communication] = (
      await client.query<{ id: string }>(
        `INSERT INTO "MicrosoftCommunication" (id, "partnerId", "externalId", category, title, summary, "affectedService", classification, status, "startAt", "lastModifiedAt", "updatedAt")
         VALUES (gen_random_uuid(), $1, $2, 'SERVICE_INCIDENT', 't', 's', 'Exchange Online', 'incident', 'investigating', now(), now(), now()) RETURNING id::text`,
        [b.partnerId, `EX${randomUUID().slice(0, 6)}`],
      )
    ).rows;
    const cases: [string, string, unknown[], string][] = [
      [
        'a contact of another partner’s customer',
        `INSERT INTO "Contact" (id, "partnerId", "customerId", name, email, role, "updatedAt") VALUES (gen_random_uuid(), $1, $2, 'x', 'x@x.example', 'BILLING', now())`,
        [a.partnerId, ofB.id],
        'Contact_partnerId_customerId_fkey',
      ],
      [
        'a subscription of another partner’s customer',
        `INSERT INTO "Subscription" (id, "partnerId", "customerId", "offerName", quantity, term, "billingCycle", "startDate", "commitmentEndDate", "updatedAt")
         VALUES (gen_random_uuid(), $1, $2, 'x', 1, 'P1Y', 'ANNUAL', '2026-01-01', '2026-12-31', now())`,
        [a.partnerId, ofB.id],
        'Subscription_partnerId_customerId_fkey',
      ],
      [
        'a notice target that is another partner’s customer',
        `INSERT INTO "NoticeCustomer" ("partnerId", "noticeId", "customerId") VALUES ($1, $2, $3)`,
        [a.partnerId, noticeOfA, ofB.id],
        'NoticeCustomer_partnerId_customerId_fkey',
      ],
      [
        'a notice target that is another partner’s subscription',
        `INSERT INTO "NoticeSubscription" ("partnerId", "noticeId", "subscriptionId") VALUES ($1, $2, $3)`,
        [a.partnerId, noticeOfA, ofB.subscriptions[0]!.id],
        'NoticeSubscription_partnerId_subscriptionId_fkey',
      ],
      [
        'a notice target claimed for another partner',
        `INSERT INTO "NoticeCustomer" ("partnerId", "noticeId", "customerId") VALUES ($1, $2, $3)`,
        [b.partnerId, noticeOfA, ofB.id],
        'NoticeCustomer_partnerId_noticeId_fkey',
      ],
      [
        'a delivery to another partner’s customer',
        `INSERT INTO "NoticeDelivery" (id, "partnerId", "noticeId", "customerId", "recipientEmail", "recipientName", language, "messageId", "nextAttemptAt", "updatedAt")
         VALUES (gen_random_uuid(), $1, $2, $3, 'x@x.example', 'x', 'en', $4, now(), now())`,
        [a.partnerId, noticeOfA, ofB.id, `<${randomUUID()}@test>`],
        'NoticeDelivery_partnerId_customerId_fkey',
      ],
      [
        'a delivery to another partner’s contact',
        `INSERT INTO "NoticeDelivery" (id, "partnerId", "noticeId", "customerId", "contactId", "recipientEmail", "recipientName", language, "messageId", "nextAttemptAt", "updatedAt")
         VALUES (gen_random_uuid(), $1, $2, $3, $4, 'x@x.example', 'x', 'en', $5, now(), now())`,
        [a.partnerId, noticeOfA, ofA.id, ofB.contacts[0]!.id, `<${randomUUID()}@test>`],
        'NoticeDelivery_partnerId_contactId_fkey',
      ],
      [
        'a communication link to another partner’s customer',
        `INSERT INTO "CommunicationAffectedCustomer" ("partnerId", "communicationId", "customerId", category) VALUES ($1, $2, $3, 'SERVICE_INCIDENT')`,
        [b.partnerId, communication!.id, ofA.id],
        'CommunicationAffectedCustomer_partnerId_customerId_fkey',
      ],
      [
        'a communication link to another partner’s communication',
        `INSERT INTO "CommunicationAffectedCustomer" ("partnerId", "communicationId", "customerId", category) VALUES ($1, $2, $3, 'SERVICE_INCIDENT')`,
        [a.partnerId, communication!.id, ofA.id],
        'CommunicationAffectedCustomer_partnerId_communicationId_fkey',
      ],
      [
        'a notice made from another partner’s template',
        `UPDATE "Notice" SET "templateId" = $2 WHERE id = $1`,
        [noticeOfA, template.id],
        'Notice_partnerId_templateId_fkey',
      ],
      [
        'a reminder rule with another partner’s template',
        `INSERT INTO "RenewalReminderRule" (id, "partnerId", "offsetsDays", "templateId", "updatedAt") VALUES (gen_random_uuid(), $1, '{30}', $2, now())`,
        [a.partnerId, template.id],
        'RenewalReminderRule_partnerId_templateId_fkey',
      ],
      [
        'a relationship review of another partner’s customer',
        `INSERT INTO "RelationshipReview" (id, "partnerId", "customerId", "agreementType", "evidenceNote") VALUES (gen_random_uuid(), $1, $2, 'EA', 'x')`,
        [a.partnerId, ofB.id],
        'RelationshipReview_partnerId_customerId_fkey',
      ],
    ];
    for (const [what, text, values, constraint] of cases) {
      expect(await refusal(text, values), what).toEqual({ code: '23503', constraint });
    }
    // The same rows within one partner are accepted.
    expect(
      await refusal(`INSERT INTO "NoticeCustomer" ("partnerId", "noticeId", "customerId") VALUES ($1, $2, $3)`, [
        a.partnerId,
        noticeOfA,
        ofA.id,
      ]),
    ).toBeNull();
    console.log(`${cases.length} kinds of cross-partner rows refused by the database`);
  });

  it('deleting a contact clears only the delivery’s contact, not its partner', async () => {
    const noticeOfA = await newNotice(a.partnerId);
    const contact = await a.addCustomer({ contacts: [{ role: 'BILLING' }] });
    const deliveryId = randomUUID();
    await client.query(
      `INSERT INTO "NoticeDelivery" (id, "partnerId", "noticeId", "customerId", "contactId", "recipientEmail", "recipientName", language, status, "messageId", "updatedAt")
       VALUES ($1, $2, $3, $4, $5, 'y@y.example', 'y', 'en', 'SENT', $6, now())`,
      [deliveryId, a.partnerId, noticeOfA, contact.id, contact.contacts[0]!.id, `<${deliveryId}@test>`],
    );
    await client.query(`DELETE FROM "Contact" WHERE id = $1`, [contact.contacts[0]!.id]);
    const { rows } = await client.query(`SELECT "partnerId"::text, "contactId" FROM "NoticeDelivery" WHERE id = $1`, [deliveryId]);
    expect(rows).toEqual([{ partnerId: a.partnerId, contactId: null }]);
  });
});

describe('the migration that adds these keys', () => {
  it('checks the existing rows first and stops, changing nothing, when one disagrees', async () => {
    const name = `portal_integrity_${randomUUID().slice(0, 8).replace(/-/g, '')}`;
    const adminUrl = new URL(process.env.DATABASE_URL!);
    await client.query(`CREATE DATABASE ${name}`);
    const url = (() => {
      const u = new URL(adminUrl);
      u.pathname = `/${name}`;
      return u.toString();
    })();
    try {
      const all = readMigrations();
      const index = all.findIndex((migration) => migration.name.endsWith('_partner_integrity'));
      expect(index).toBeGreaterThan(0);
      await applyMigrations(url, all.slice(0, index));
      const db = new pg.Client({ connectionString: url });
      await db.connect();
      try {
        const partners = [randomUUID(), randomUUID()];
        for (const [i, id] of partners.entries()) {
          await db.query(`INSERT INTO "Partner" (id, name, "partnerNumber", "updatedAt") VALUES ($1, $2, $3, now())`, [
            id,
            `P${i}`,
            `${i}`,
          ]);
        }
        const customer = randomUUID();
        await db.query(
          `INSERT INTO "Customer" (id, "partnerId", "companyName", domain, "tenantId", "updatedAt") VALUES ($1, $2, 'C', 'c.example', gen_random_uuid(), now())`,
          [customer, partners[1]],
        );
        // Written before the keys existed: a contact of partner 0 under partner 1's customer.
        await db.query(
          `INSERT INTO "Contact" (id, "partnerId", "customerId", name, email, role, "updatedAt") VALUES (gen_random_uuid(), $1, $2, 'x', 'x@x.example', 'BILLING', now())`,
          [partners[0], customer],
        );
        const failure = await applyMigrations(url, all).then(
          () => null,
          (error: unknown) => error,
        );
        expect(failure).toBeInstanceOf(MigrationError);
        expect(String((failure as Error).message)).toContain('1 contacts belong to a customer of another partner');
        // Nothing of the migration was applied.
        const applied = await db.query(`SELECT migration_name FROM "_prisma_migrations" WHERE migration_name LIKE '%partner_integrity'`);
        expect(applied.rows).toEqual([]);
        const column = await db.query(
          `SELECT 1 FROM information_schema.columns WHERE table_name = 'NoticeCustomer' AND column_name = 'partnerId'`,
        );
        expect(column.rows).toEqual([]);
      } finally {
        await db.end();
      }
    } finally {
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  });
});

describe('one per', () => {
  it('one reminder rule per partner: a second row is refused; two first saves at once: one saved, the other told it is stale', async () => {
    const template = await saveTemplate(
      a.admin,
      {},
      { name: `Rule ${randomUUID().slice(0, 6)}`, kind: 'RENEWAL', content: RENEWAL_CONTENT },
    );
    if (!template.ok) throw new Error('setup');
    const input = { enabled: false, offsetsDays: [30], templateId: template.id };
    const results = await Promise.all([saveReminderRule(a.admin, 0, input), saveReminderRule(a.admin, 0, input)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, code: 'STALE', currentVersion: 1 }]);
    expect(
      await refusal(
        `INSERT INTO "RenewalReminderRule" (id, "partnerId", "offsetsDays", "updatedAt") VALUES (gen_random_uuid(), $1, '{7}', now())`,
        [a.partnerId],
      ),
    ).toEqual({
      code: '23505',
      constraint: 'RenewalReminderRule_partnerId_key',
    });
  });

  it('one pending review per customer: a second is refused, and a declaration that meets one is told so', async () => {
    const customer = await a.addCustomer();
    const pending = `INSERT INTO "RelationshipReview" (id, "partnerId", "customerId", "agreementType", "evidenceNote") VALUES (gen_random_uuid(), $1, $2, 'EA', 'x')`;
    await client.query(pending, [a.partnerId, customer.id]);
    expect(await refusal(pending, [a.partnerId, customer.id])).toEqual({
      code: '23505',
      constraint: 'RelationshipReview_pending_customer_key',
    });
    // A decided one does not count.
    expect(
      await refusal(
        `INSERT INTO "RelationshipReview" (id, "partnerId", "customerId", "agreementType", "evidenceNote", status) VALUES (gen_random_uuid(), $1, $2, 'EA', 'x', 'REJECTED')`,
        [a.partnerId, customer.id],
      ),
    ).toBeNull();
    // The customer still reads NONE (the pending row was written behind the data layer's back):
    // the declaration passes the code's checks and is stopped by the index, with the clear message.
    expect(
      await declareRelationship(a.admin, customer.id, { agreementType: 'Enterprise Agreement', evidenceNote: 'x' }, '192.0.2.1'),
    ).toEqual({
      ok: false,
      code: 'RELATIONSHIP_PENDING',
    });
    const { rows } = await client.query(`SELECT "directRelationship"::text AS d, version FROM "Customer" WHERE id = $1`, [customer.id]);
    expect(rows).toEqual([{ d: 'NONE', version: 1 }]);
  });
});

describe('a reminder rule’s template is a renewal template', () => {
  it('on every write path: the rule refuses another kind, the template cannot change kind under the rule', async () => {
    const general = await saveTemplate(
      b.admin,
      {},
      { name: `General ${randomUUID().slice(0, 6)}`, kind: 'GENERAL', content: GENERAL_CONTENT },
    );
    const renewal = await saveTemplate(
      b.admin,
      {},
      { name: `Renewal ${randomUUID().slice(0, 6)}`, kind: 'RENEWAL', content: RENEWAL_CONTENT },
    );
    if (!general.ok || !renewal.ok) throw new Error('setup');
    expect(await saveReminderRule(b.admin, 0, { enabled: true, offsetsDays: [30], templateId: general.id })).toEqual({
      ok: false,
      code: 'TEMPLATE_NOT_RENEWAL',
    });
    expect((await getReminderRule(b.admin)).id).toBeNull();
    expect(await saveReminderRule(b.admin, 0, { enabled: false, offsetsDays: [30], templateId: renewal.id })).toMatchObject({ ok: true });
    // Even while the rule is off, its template stays a renewal template.
    expect(
      await saveTemplate(
        b.admin,
        { id: renewal.id, expectedVersion: 1 },
        { name: 'Now general', kind: 'GENERAL', content: GENERAL_CONTENT },
      ),
    ).toEqual({
      ok: false,
      code: 'TEMPLATE_KIND_LOCKED',
    });
    expect(await getTemplate(b.admin, renewal.id)).toMatchObject({ kind: 'RENEWAL', version: 1 });
    // Other changes to it are fine.
    expect(
      await saveTemplate(
        b.admin,
        { id: renewal.id, expectedVersion: 1 },
        { name: 'Renewal, renamed', kind: 'RENEWAL', content: RENEWAL_CONTENT },
      ),
    ).toMatchObject({ ok: true });
  });

  it('holds when a rule picks a template and the template changes kind at the same moment', async () => {
    for (let round = 0; round < 8; round += 1) {
      const template = await saveTemplate(
        a.admin,
        {},
        { name: `Race ${round} ${randomUUID().slice(0, 6)}`, kind: 'RENEWAL', content: RENEWAL_CONTENT },
      );
      if (!template.ok) throw new Error('setup');
      const rule = await getReminderRule(a.admin);
      await Promise.all([
        saveReminderRule(a.admin, rule.version, { enabled: true, offsetsDays: [30], templateId: template.id }),
        saveTemplate(
          a.admin,
          { id: template.id, expectedVersion: 1 },
          { name: `Race ${round} general ${randomUUID().slice(0, 6)}`, kind: 'GENERAL', content: GENERAL_CONTENT },
        ),
      ]);
      const { rows } = await client.query(
        `SELECT t.kind::text AS kind FROM "RenewalReminderRule" r JOIN "NoticeTemplate" t ON t.id = r."templateId" WHERE r."partnerId" = $1`,
        [a.partnerId],
      );
      expect(
        rows.every((row) => row.kind === 'RENEWAL'),
        `round ${round}`,
      ).toBe(true);
    }
  });
});

describe('the audit trail is append-only in PostgreSQL', () => {
  const refused = (text: string, values: unknown[] = []) => refusalOf(client, text, values);

  beforeAll(async () => {
    const by = (partner: NoticeTestPartner) => ({
      actor: { userId: partner.agent.userId, label: partner.agent.email },
      partnerId: partner.partnerId,
    });
    await writeAudit(testDb(), [
      { ...by(a), action: 'notice.sent', targetType: 'Notice', targetId: 'n-1', after: { status: 'SENT' } },
      { ...by(b), action: 'notice.sent', targetType: 'Notice', targetId: 'n-1', after: { status: 'SENT' } },
    ]);
  });

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
      const answer = await refused(text, values);
      expect(answer, text).toMatchObject({ code: '42501' });
      expect(answer!.message, text).toMatch(/audit events are append-only: (UPDATE|DELETE|TRUNCATE) on "AuditEvent" is not allowed/);
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
    // A partner and a user that nothing but an audit event names.
    const partner = await testDb().partner.create({
      data: { name: `Bare ${a.suffix}`, partnerNumber: `B${a.suffix}` },
      select: { id: true },
    });
    const user = await testDb().user.create({
      data: { email: `bare-${a.suffix}@test.example`, displayName: 'Bare', role: 'PARTNER_VIEWER', partnerId: partner.id },
      select: { id: true },
    });
    const deletions = [`DELETE FROM "User" WHERE id = $1`, `DELETE FROM "Partner" WHERE id = $1`] as const;
    expect(await refused(deletions[0], [user.id])).toBeNull();
    await writeAudit(testDb(), [
      { actor: { userId: user.id, label: 'bare' }, partnerId: partner.id, action: 'user.signed_in', targetType: 'User', targetId: user.id },
    ]);
    expect(await refused(deletions[0], [user.id])).toMatchObject({ code: '23503', constraint: 'AuditEvent_actorId_fkey' });
    expect(await refused(`UPDATE "User" SET id = gen_random_uuid() WHERE id = $1`, [user.id])).toMatchObject({
      code: '23503',
      constraint: 'AuditEvent_actorId_fkey',
    });
    await testDb().user.update({ where: { id: user.id }, data: { partnerId: null, role: 'PORTAL_ADMIN' } });
    expect(await refused(deletions[1], [partner.id])).toMatchObject({ code: '23503', constraint: 'AuditEvent_partnerId_fkey' });
  });
});
