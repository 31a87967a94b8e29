// The demo data is a contract (DESIGN.md): tests, demos and the embedding host rely on it.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { applyMigrations } from '../../lib/runtime/migrate';
import { createPrismaClient } from '../../lib/runtime/prisma';
import { hashToken } from '../../lib/runtime/tokens';
import { seedDemo } from '../../prisma/seed';
import { testDb } from '../support/factories';

describe('the demo seed', () => {
  it('creates the named users with their roles and partners', async () => {
    const users = await testDb().user.findMany({
      where: {
        email: {
          in: [
            'admin@portal.example',
            'alice@contoso-partners.example',
            'bob@contoso-partners.example',
            'vera@contoso-partners.example',
            'gina@fabrikam-gov.example',
          ],
        },
      },
      select: { email: true, displayName: true, role: true, partner: { select: { name: true, cloud: true } } },
      orderBy: { email: 'asc' },
    });
    expect(users).toEqual([
      { email: 'admin@portal.example', displayName: 'Pat Admin', role: 'PORTAL_ADMIN', partner: null },
      {
        email: 'alice@contoso-partners.example',
        displayName: 'Alice Wu',
        role: 'PARTNER_ADMIN',
        partner: { name: 'Contoso Cloud Partners', cloud: 'PUBLIC' },
      },
      {
        email: 'bob@contoso-partners.example',
        displayName: 'Bob Lin',
        role: 'PARTNER_AGENT',
        partner: { name: 'Contoso Cloud Partners', cloud: 'PUBLIC' },
      },
      {
        email: 'gina@fabrikam-gov.example',
        displayName: 'Gina Torres',
        role: 'PARTNER_ADMIN',
        partner: { name: 'Fabrikam Government Solutions', cloud: 'US_GOVERNMENT' },
      },
      {
        email: 'vera@contoso-partners.example',
        displayName: 'Vera Huang',
        role: 'PARTNER_VIEWER',
        partner: { name: 'Contoso Cloud Partners', cloud: 'PUBLIC' },
      },
    ]);
  });

  it('creates the named customers with exactly the stated relationships', async () => {
    const rows = await testDb().customer.findMany({
      where: {
        companyName: {
          in: ['Adatum Corporation', 'Tailspin Toys', 'Wide World Importers', 'Litware, Inc.', 'Proseware, Inc.', 'Lamna Healthcare'],
        },
      },
      select: {
        companyName: true,
        relationshipToPartner: true,
        directRelationship: true,
        directAgreementType: true,
        cloud: true,
        preferredLanguage: true,
        partner: { select: { name: true } },
      },
      orderBy: { companyName: 'asc' },
    });
    expect(
      rows.map((r) => [r.companyName, r.partner.name, r.relationshipToPartner, r.directRelationship, r.cloud, r.preferredLanguage]),
    ).toEqual([
      ['Adatum Corporation', 'Contoso Cloud Partners', 'RESELLER', 'VERIFIED', 'PUBLIC', 'en'],
      ['Lamna Healthcare', 'Fabrikam Government Solutions', 'RESELLER', 'NONE', 'US_GOVERNMENT', 'en'],
      ['Litware, Inc.', 'Contoso Cloud Partners', 'RESELLER', 'NONE', 'GERMANY', 'zh_TW'],
      ['Proseware, Inc.', 'Contoso Cloud Partners', 'ADVISOR', 'NONE', 'PUBLIC', 'en'],
      ['Tailspin Toys', 'Contoso Cloud Partners', 'RESELLER', 'NONE', 'PUBLIC', 'en'],
      ['Wide World Importers', 'Contoso Cloud Partners', 'RESELLER', 'DECLARED', 'PUBLIC', 'en'],
    ]);
    expect(rows.find((r) => r.companyName === 'Adatum Corporation')?.directAgreementType).toBe('Enterprise Agreement');
    expect(rows.find((r) => r.companyName === 'Wide World Importers')?.directAgreementType).toBe('Microsoft Customer Agreement');
    const pending = await testDb().relationshipReview.findMany({
      where: { status: 'PENDING' },
      select: { customer: { select: { companyName: true } } },
    });
    expect(pending.map((p) => p.customer.companyName)).toContain('Wide World Importers');
  });

  it('gives every customer a billing contact and a subscription, and has the situations the portal is about', async () => {
    const db = testDb();
    const [row] = await db.$queryRaw<
      { without_billing: bigint; without_subscription: bigint; due_no_notice: bigint; statuses: bigint; conflicts: bigint }[]
    >`
      SELECT
        (SELECT count(*) FROM "Customer" c WHERE c."partnerId" IN (SELECT id FROM "Partner" WHERE name IN ('Contoso Cloud Partners', 'Fabrikam Government Solutions'))
           AND NOT EXISTS (SELECT 1 FROM "Contact" k WHERE k."customerId" = c.id AND k.role = 'BILLING')) AS without_billing,
        (SELECT count(*) FROM "Customer" c WHERE c."partnerId" IN (SELECT id FROM "Partner" WHERE name IN ('Contoso Cloud Partners', 'Fabrikam Government Solutions'))
           AND NOT EXISTS (SELECT 1 FROM "Subscription" s WHERE s."customerId" = c.id)) AS without_subscription,
        (SELECT count(*) FROM "Subscription" s WHERE s.status = 'ACTIVE' AND s."commitmentEndDate" BETWEEN current_date AND current_date + 60
           AND NOT EXISTS (SELECT 1 FROM "NoticeSubscription" ns JOIN "Notice" n ON n.id = ns."noticeId" WHERE ns."subscriptionId" = s.id AND n.kind = 'RENEWAL')) AS due_no_notice,
        (SELECT count(DISTINCT status) FROM "Notice") AS statuses,
        (SELECT count(*) FROM "MicrosoftCommunication" m JOIN "CommunicationAffectedCustomer" a ON a."communicationId" = m.id JOIN "Customer" c ON c.id = a."customerId"
           WHERE a.category = 'SUBSCRIPTION_BILLING' AND c."relationshipToPartner" = 'RESELLER') AS conflicts`;
    expect(Number(row?.without_billing)).toBe(0);
    expect(Number(row?.without_subscription)).toBe(0);
    expect(Number(row?.due_no_notice)).toBeGreaterThan(0);
    expect(Number(row?.statuses)).toBe(8);
    expect(Number(row?.conflicts)).toBeGreaterThan(0);
    for (const category of ['SERVICE_INCIDENT', 'OPERATIONAL', 'NON_CSP_PRODUCTS'] as const) {
      expect(await db.microsoftCommunication.count({ where: { category } })).toBeGreaterThan(0);
    }
  });

  it('stores the demo API tokens only as hashes', async () => {
    const tokens = await testDb().apiToken.findMany({
      select: { secretHash: true, partner: { select: { name: true } } },
      orderBy: { name: 'asc' },
    });
    const byPartner = Object.fromEntries(tokens.map((t) => [t.partner.name, t.secretHash]));
    expect(byPartner['Contoso Cloud Partners']).toBe(hashToken('cpt_demo_contoso_token_0001'));
    expect(byPartner['Fabrikam Government Solutions']).toBe(hashToken('cpt_demo_fabrikam_token_0001'));
    expect(tokens.every((t) => !t.secretHash.startsWith('cpt_'))).toBe(true);
  });

  it("stores Contoso's demo embed token only as its hash: http://localhost:8080, English, no expiry", async () => {
    // Other tests make tokens of their own partners: the demo partners' are read.
    const tokens = await testDb().embedToken.findMany({
      where: { partner: { name: { in: ['Contoso Cloud Partners', 'Fabrikam Government Solutions'] } } },
      select: {
        secretHash: true,
        allowedOrigin: true,
        language: true,
        expiresAt: true,
        revokedAt: true,
        partner: { select: { name: true } },
      },
    });
    expect(tokens).toEqual([
      {
        secretHash: hashToken('cpe_demo_contoso_embed_0001'),
        allowedOrigin: 'http://localhost:8080',
        language: 'en',
        expiresAt: null,
        revokedAt: null,
        partner: { name: 'Contoso Cloud Partners' },
      },
    ]);
  });

  it('is deterministic: two runs with the same date give the same data', async () => {
    const base = process.env.DATABASE_URL!;
    const admin = new pg.Client({ connectionString: base.replace(/\/[^/]+$/, '/postgres') });
    await admin.connect();
    const names = [`seed_a_${process.pid}`, `seed_b_${process.pid}`];
    const digests: string[] = [];
    const now = new Date('2026-06-15T08:00:00Z');
    try {
      for (const name of names) {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.query(`CREATE DATABASE ${name}`);
        const url = base.replace(/\/[^/]+$/, `/${name}`);
        await applyMigrations(url);
        const prisma = createPrismaClient(url, { max: 2 });
        await seedDemo(prisma, { now, extraCustomers: 50 });
        const rows = await prisma.$queryRaw<{ t: string }[]>`
          SELECT concat_ws('|',
            (SELECT string_agg(concat_ws(';', c.id, c."companyName", c."tenantId", c."directRelationship", c."nextCommitmentEndAt"), ',' ORDER BY c.id) FROM "Customer" c),
            (SELECT string_agg(concat_ws(';', s.id, s."offerName", s."commitmentEndDate", s.status), ',' ORDER BY s.id) FROM "Subscription" s),
            (SELECT string_agg(concat_ws(';', k.id, k.email, k.role), ',' ORDER BY k.id) FROM "Contact" k),
            (SELECT string_agg(concat_ws(';', m.id, m."externalId", m.category), ',' ORDER BY m.id) FROM "MicrosoftCommunication" m),
            (SELECT string_agg(concat_ws(';', n.id, n.status, n."subjectEn"), ',' ORDER BY n.id) FROM "Notice" n)) AS t`;
        digests.push(
          createHash('sha256')
            .update(rows[0]?.t ?? '')
            .digest('hex'),
        );
        await prisma.$disconnect();
      }
    } finally {
      for (const name of names) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
    expect(digests[0]).toBe(digests[1]);
    expect(digests[0]).not.toBe(createHash('sha256').update('').digest('hex'));
  });
});
