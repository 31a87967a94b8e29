import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDashboardCounts } from '../../lib/server/data/dashboard';
import { MissingPartnerScopeError, type Viewer } from '../../lib/server/viewer';
import { createTestPartner, testDb, type TestPartner } from '../support/factories';

describe('partner scoping', () => {
  let a: TestPartner;
  let b: TestPartner;
  beforeAll(async () => {
    a = await createTestPartner({ customers: 3, endsInDays: 20 });
    b = await createTestPartner({ customers: 5, endsInDays: 200 });
  });
  afterAll(async () => {
    await a.cleanup();
    await b.cleanup();
  });

  it("counts only the viewer's own partner", async () => {
    const countsA = await getDashboardCounts(a.agent);
    const countsB = await getDashboardCounts(b.admin);
    expect(countsA.customers).toBe(3);
    expect(countsA.activeSubscriptions).toBe(3);
    expect(countsA.customersByCloud).toEqual({ PUBLIC: 3, US_GOVERNMENT: 0, GERMANY: 0 });
    expect(countsA.renewals).toEqual([
      { days: 30, due: 3, withoutNotice: 3 },
      { days: 60, due: 3, withoutNotice: 3 },
      { days: 90, due: 3, withoutNotice: 3 },
    ]);
    expect(countsA.openIncidents).toBe(0);
    expect(countsA.conflicts).toEqual({ pairs: 0, communications: 0, customers: 0 });
    expect(countsB.customers).toBe(5);
    expect(countsB.renewals.map((r) => r.due)).toEqual([0, 0, 0]);
  });

  it('a viewer of one partner gets nothing of another, even with a forged partner id of a partner that does not exist', async () => {
    const forged: Viewer = { ...a.agent, partnerId: '00000000-0000-4000-8000-000000000000' };
    const counts = await getDashboardCounts(forged);
    expect(counts.customers).toBe(0);
    expect(counts.activeSubscriptions).toBe(0);
    expect(counts.renewals.map((r) => r.due)).toEqual([0, 0, 0]);
    expect(counts.openIncidents).toBe(0);
    expect(counts.conflicts.pairs).toBe(0);
    expect(counts.noticesByStatus).toEqual({});
  });

  it('refuses a viewer without a partner instead of running unscoped', async () => {
    const portalAdmin: Viewer = { ...a.admin, role: 'PORTAL_ADMIN', partnerId: null };
    await expect(getDashboardCounts(portalAdmin)).rejects.toBeInstanceOf(MissingPartnerScopeError);
    const noPartner: Viewer = { ...a.admin, partnerId: null };
    await expect(getDashboardCounts(noPartner)).rejects.toBeInstanceOf(MissingPartnerScopeError);
    const emptyPartner: Viewer = { ...a.admin, partnerId: '' };
    await expect(getDashboardCounts(emptyPartner)).rejects.toBeInstanceOf(MissingPartnerScopeError);
  });

  it("matches the demo partner's counts computed with plain SQL", async () => {
    const db = testDb();
    const contoso = await db.partner.findFirstOrThrow({ where: { name: 'Contoso Cloud Partners' }, select: { id: true } });
    const viewer: Viewer = { ...a.agent, partnerId: contoso.id, partnerName: 'Contoso Cloud Partners' };
    const counts = await getDashboardCounts(viewer);
    const [row] = await db.$queryRaw<{ customers: bigint; active: bigint }[]>`
      SELECT (SELECT count(*) FROM "Customer" WHERE "partnerId" = ${contoso.id}::uuid) AS customers,
             (SELECT count(*) FROM "Subscription" WHERE "partnerId" = ${contoso.id}::uuid AND status = 'ACTIVE') AS active`;
    expect(counts.customers).toBe(Number(row?.customers));
    expect(counts.activeSubscriptions).toBe(Number(row?.active));
    expect(counts.customers).toBeGreaterThan(5);

    // The rest of the figures, counted here independently (DESIGN.md's rules written as SQL).
    const byCloud = await db.$queryRaw<{ cloud: string; n: number }[]>`
      SELECT cloud::text AS cloud, count(*)::int AS n FROM "Customer" WHERE "partnerId" = ${contoso.id}::uuid GROUP BY cloud`;
    for (const { cloud, n } of byCloud) expect(counts.customersByCloud[cloud as 'PUBLIC']).toBe(n);
    expect(counts.customersByCloud.GERMANY).toBeGreaterThan(0);
    const renewals = await db.$queryRaw<{ d30: number; d60: number; d90: number; w60: number }[]>`
      SELECT count(*) FILTER (WHERE s."commitmentEndDate" <= (now() AT TIME ZONE 'UTC')::date + 30)::int AS d30,
             count(*) FILTER (WHERE s."commitmentEndDate" <= (now() AT TIME ZONE 'UTC')::date + 60)::int AS d60,
             count(*)::int AS d90,
             count(*) FILTER (WHERE s."commitmentEndDate" <= (now() AT TIME ZONE 'UTC')::date + 60 AND NOT EXISTS (
               SELECT 1 FROM "NoticeSubscription" ns JOIN "Notice" n ON n.id = ns."noticeId"
               WHERE ns."subscriptionId" = s.id AND n.kind = 'RENEWAL' AND n.status NOT IN ('DRAFT', 'CANCELLED')))::int AS w60
      FROM "Subscription" s
      WHERE s."partnerId" = ${contoso.id}::uuid AND s.status = 'ACTIVE'
        AND s."commitmentEndDate" BETWEEN (now() AT TIME ZONE 'UTC')::date AND (now() AT TIME ZONE 'UTC')::date + 90`;
    expect(counts.renewals.map((r) => r.due)).toEqual([renewals[0]?.d30, renewals[0]?.d60, renewals[0]?.d90]);
    expect(counts.renewals[1]?.withoutNotice).toBe(renewals[0]?.w60);
    expect(counts.renewals[1]?.withoutNotice).toBeGreaterThan(0);
    const [incidents] = await db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "MicrosoftCommunication" m
      WHERE m."partnerId" = ${contoso.id}::uuid AND m.category = 'SERVICE_INCIDENT' AND NOT m."isResolved"
        AND EXISTS (SELECT 1 FROM "CommunicationAffectedCustomer" l WHERE l."communicationId" = m.id)`;
    expect(counts.openIncidents).toBe(incidents?.n);
    expect(counts.openIncidents).toBeGreaterThan(0);
    const [conflicts] = await db.$queryRaw<{ pairs: number; communications: number }[]>`
      SELECT count(*)::int AS pairs, count(DISTINCT m.id)::int AS communications
      FROM "CommunicationAffectedCustomer" l JOIN "MicrosoftCommunication" m ON m.id = l."communicationId" JOIN "Customer" c ON c.id = l."customerId"
      WHERE l."partnerId" = ${contoso.id}::uuid
        AND ((l.category = 'SUBSCRIPTION_BILLING' AND c."relationshipToPartner" = 'RESELLER')
          OR (l.category = 'NON_CSP_PRODUCTS' AND c."directRelationship" <> 'VERIFIED'))`;
    expect(counts.conflicts.pairs).toBe(conflicts?.pairs);
    expect(counts.conflicts.communications).toBe(conflicts?.communications);
    expect(counts.conflicts.pairs).toBeGreaterThan(0);
    const notices = await db.$queryRaw<{ status: string; n: number }[]>`
      SELECT status::text AS status, count(*)::int AS n FROM "Notice" WHERE "partnerId" = ${contoso.id}::uuid GROUP BY status`;
    expect(counts.noticesByStatus).toEqual(Object.fromEntries(notices.map((r) => [r.status, r.n])));
  });

  it('counts renewals per window, and those without a renewal notice scheduled', async () => {
    const p = await createTestPartner({ customers: 0 });
    try {
      const db = testDb();
      const now = new Date('2026-11-24T15:00:00Z');
      const customer = await db.customer.create({
        data: {
          partnerId: p.partnerId,
          companyName: 'Windows Co',
          domain: 'windows.example',
          tenantId: '11111111-2222-4333-8444-555555555555',
        },
        select: { id: true },
      });
      const sub = (days: number, status: 'ACTIVE' | 'SUSPENDED' = 'ACTIVE') =>
        db.subscription.create({
          data: {
            partnerId: p.partnerId,
            customerId: customer.id,
            offerName: `Offer ${days}`,
            quantity: 1,
            status,
            term: 'P1Y',
            billingCycle: 'ANNUAL',
            startDate: new Date('2026-01-01'),
            commitmentEndDate: new Date(Date.UTC(2026, 10, 24 + days)),
          },
          select: { id: true },
        });
      const [d0, d30, d31, d60, d90, d91] = await Promise.all([sub(0), sub(30), sub(31), sub(60), sub(90), sub(91)]);
      await sub(-1); // already ended
      await sub(10, 'SUSPENDED'); // not active
      const notice = (
        status: 'SCHEDULED' | 'DRAFT' | 'CANCELLED' | 'SENT',
        subscriptionId: string,
        kind: 'RENEWAL' | 'GENERAL' = 'RENEWAL',
      ) =>
        db.notice.create({
          data: { partnerId: p.partnerId, kind, status, recipientRoles: ['BILLING'], subscriptions: { create: { subscriptionId } } },
        });
      await notice('SCHEDULED', d0!.id);
      await notice('DRAFT', d30!.id); // a draft is not scheduled
      await notice('CANCELLED', d31!.id);
      await notice('SENT', d60!.id);
      await notice('SCHEDULED', d90!.id, 'GENERAL'); // not a renewal notice
      void d91;
      const counts = await getDashboardCounts(p.agent, now);
      expect(counts.renewals).toEqual([
        { days: 30, due: 2, withoutNotice: 1 },
        { days: 60, due: 4, withoutNotice: 2 },
        { days: 90, due: 5, withoutNotice: 3 },
      ]);
    } finally {
      await testDb().noticeSubscription.deleteMany({ where: { notice: { partnerId: p.partnerId } } });
      await p.cleanup();
    }
  });
});
