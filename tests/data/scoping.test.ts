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
    expect(countsA.renewalsDue60).toBe(3);
    expect(countsA.renewalsDue60WithoutNotice).toBe(3);
    expect(countsB.customers).toBe(5);
    expect(countsB.renewalsDue60).toBe(0);
  });

  it('a viewer of one partner gets nothing of another, even with a forged partner id of a partner that does not exist', async () => {
    const forged: Viewer = { ...a.agent, partnerId: '00000000-0000-4000-8000-000000000000' };
    const counts = await getDashboardCounts(forged);
    expect(counts.customers).toBe(0);
    expect(counts.activeSubscriptions).toBe(0);
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
  });
});
