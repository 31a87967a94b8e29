// Categories per customer (docs/decisions/0030-categories-per-customer.md): the link of each
// affected customer carries the communication's category for that customer — decided when the link
// is written, and again when the customer's direct relationship or the partner's billing rules
// change — and the conflicts, the list, the customer page and the dashboard read it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCommunications } from '../../lib/server/data/communication-import';
import { countPolicyConflicts, getCommunication, listCommunications } from '../../lib/server/data/communications';
import { decideRelationshipReview, declareRelationship } from '../../lib/server/data/relationships';
import { getCategoryRules, saveCategoryRules } from '../../lib/server/data/category-rules';
import { getCustomerDetail } from '../../lib/server/data/customers';
import { getDashboardCounts } from '../../lib/server/data/dashboard';
import { DEFAULT_CATEGORY_RULES } from '../../lib/domain/communication-category';
import { addCustomer, record, type TestCustomer } from '../support/communications';
import { createPortalAdmin, createTestPartner, testDb, type TestPartner } from '../support/factories';
import type { UserViewer } from '../../lib/server/viewer';

const ACTOR = { actor: { userId: null, label: 'data-test' } };
const ADDRESS = '203.0.113.9';

async function linkCategories(partnerId: string, externalId: string): Promise<Record<string, string>> {
  const row = await testDb().microsoftCommunication.findUniqueOrThrow({
    where: { partnerId_externalId: { partnerId, externalId } },
    select: { category: true, affectedCustomers: { select: { category: true, customer: { select: { companyName: true } } } } },
  });
  return Object.fromEntries([['(base)', row.category], ...row.affectedCustomers.map((l) => [l.customer.companyName, l.category])]);
}

/** A Dynamics 365 post, operational under the default rules. */
function dynamicsPost(externalId: string, tenantIds: string[], overrides: Parameters<typeof record>[0] = {}) {
  return record({
    externalId,
    category: 'OPERATIONAL',
    title: 'Dynamics 365: new security roles for forecasting',
    services: ['Dynamics 365 Apps'],
    affectedService: 'Dynamics 365 Apps',
    affectedTenantIds: tenantIds,
    ...overrides,
  });
}

describe('a post about a product the customer buys outside CSP', () => {
  let p: TestPartner;
  let portalAdmin: UserViewer;
  let verified: TestCustomer;
  let declared: TestCustomer;
  let reseller: TestCustomer;
  beforeAll(async () => {
    p = await createTestPartner();
    verified = await addCustomer(p, { companyName: 'Verified Dynamics', directRelationship: 'VERIFIED', directServices: ['Dynamics 365'] });
    declared = await addCustomer(p, { companyName: 'Declared Dynamics', directRelationship: 'DECLARED', directServices: ['Dynamics 365'] });
    reseller = await addCustomer(p, { companyName: 'Plain Reseller' });
    portalAdmin = await createPortalAdmin();
  });
  afterAll(async () => {
    await p.cleanup();
  });

  it('is NON_CSP_PRODUCTS for the verified customer whose agreement covers it, OPERATIONAL for the others', async () => {
    await importCommunications(p.partnerId, [dynamicsPost('MC-D1', [verified.tenantId, declared.tenantId, reseller.tenantId])], ACTOR);
    expect(await linkCategories(p.partnerId, 'MC-D1')).toEqual({
      '(base)': 'OPERATIONAL',
      'Verified Dynamics': 'NON_CSP_PRODUCTS',
      'Declared Dynamics': 'OPERATIONAL',
      'Plain Reseller': 'OPERATIONAL',
    });
    const item = await getCommunication(
      p.admin,
      (await testDb().microsoftCommunication.findFirstOrThrow({ where: { partnerId: p.partnerId, externalId: 'MC-D1' } })).id,
    );
    expect(item!.category).toBe('OPERATIONAL');
    expect(item!.affected.map((c) => [c.companyName, c.category, c.decision.outcome, c.isConflict])).toEqual([
      ['Declared Dynamics', 'OPERATIONAL', 'MICROSOFT_MAY_CONTACT', false],
      ['Plain Reseller', 'OPERATIONAL', 'MICROSOFT_MAY_CONTACT', false],
      ['Verified Dynamics', 'NON_CSP_PRODUCTS', 'MICROSOFT_DIRECT_NON_CSP', false],
    ]);
    expect(item!.outcomes.map((g) => [g.category, g.outcome, g.count])).toEqual(
      expect.arrayContaining([
        ['OPERATIONAL', 'MICROSOFT_MAY_CONTACT', 2],
        ['NON_CSP_PRODUCTS', 'MICROSOFT_DIRECT_NON_CSP', 1],
      ]),
    );
    // The customer page shows it in the customer's own category.
    const detail = await getCustomerDetail(p.admin, verified.id);
    expect(detail!.communications.find((c) => c.externalId === 'MC-D1')).toMatchObject({ category: 'NON_CSP_PRODUCTS', isConflict: false });
  });

  it('its conflicts are counted from the customer’s category: billing for the others, not for the customer who buys it directly', async () => {
    const before = await countPolicyConflicts(p.admin);
    await importCommunications(
      p.partnerId,
      [dynamicsPost('MC-D3', [verified.tenantId, reseller.tenantId], { title: 'New pricing for Dynamics 365 Sales' })],
      ACTOR,
    );
    expect(await linkCategories(p.partnerId, 'MC-D3')).toEqual({
      '(base)': 'SUBSCRIPTION_BILLING',
      'Verified Dynamics': 'NON_CSP_PRODUCTS',
      'Plain Reseller': 'SUBSCRIPTION_BILLING',
    });
    // Billing to the plain reseller is a conflict; to the customer who buys Dynamics 365 directly it is Microsoft's.
    const after = await countPolicyConflicts(p.admin);
    expect(after.pairs - before.pairs).toBe(1);
    const page = await listCommunications(p.admin, { conflict: true });
    const item = page.items.find((i) => i.externalId === 'MC-D3')!;
    expect(item).toMatchObject({ category: 'SUBSCRIPTION_BILLING', affectedCount: 2, conflictCount: 1 });
    expect(item.affected.map((c) => [c.companyName, c.isConflict])).toEqual([
      ['Plain Reseller', true],
      ['Verified Dynamics', false],
    ]);
  });

  it('a connector write links only its own tenant’s customer, whatever the record lists', async () => {
    const result = await importCommunications(p.partnerId, [dynamicsPost('MC-D4', [verified.tenantId, reseller.tenantId])], ACTOR, {
      source: { kind: 'connector', tenantId: reseller.tenantId },
    });
    expect(result.changes[0]).toMatchObject({ change: 'created', linked: [reseller.id] });
    expect(await linkCategories(p.partnerId, 'MC-D4')).toEqual({ '(base)': 'OPERATIONAL', 'Plain Reseller': 'OPERATIONAL' });
  });

  it('the list’s category filter finds a communication by its category for any of its customers', async () => {
    const nonCsp = await listCommunications(p.admin, { category: 'NON_CSP_PRODUCTS' });
    expect(nonCsp.items.map((i) => i.externalId)).toContain('MC-D1');
    const operational = await listCommunications(p.admin, { category: 'OPERATIONAL' });
    expect(operational.items.map((i) => i.externalId)).toContain('MC-D1');
    expect((await listCommunications(p.admin, { category: 'SUBSCRIPTION_BILLING' })).items.map((i) => i.externalId)).not.toContain('MC-D1');
  });

  it('verifying a declaration re-decides the customer’s categories in the same write; a rejection undoes it', async () => {
    // The declared customer's declaration goes through review: approval makes the post non-CSP for it.
    const other = await addCustomer(p, { companyName: 'Later Verified' });
    await importCommunications(p.partnerId, [dynamicsPost('MC-D2', [other.tenantId])], ACTOR);
    expect((await linkCategories(p.partnerId, 'MC-D2'))['Later Verified']).toBe('OPERATIONAL');
    const declaration = await declareRelationship(
      p.admin,
      other.id,
      { agreementType: 'Microsoft Customer Agreement', evidenceNote: 'Invoices on file', services: ['Dynamics 365', 'Azure'] },
      ADDRESS,
    );
    if (!declaration.ok) throw new Error(declaration.code);
    // Declared only: the partner's word, not yet a reason for another category.
    expect((await linkCategories(p.partnerId, 'MC-D2'))['Later Verified']).toBe('OPERATIONAL');
    expect(await decideRelationshipReview(portalAdmin, { reviewId: declaration.reviewId, decision: 'approve', note: '' }, ADDRESS)).toEqual(
      { ok: true, status: 'APPROVED' },
    );
    expect((await linkCategories(p.partnerId, 'MC-D2'))['Later Verified']).toBe('NON_CSP_PRODUCTS');
    const customer = await testDb().customer.findUniqueOrThrow({
      where: { id: other.id },
      select: { directServices: true, directRelationship: true },
    });
    expect(customer).toEqual({ directServices: ['Dynamics 365', 'Azure'], directRelationship: 'VERIFIED' });

    // A second customer rejected: its link stays operational.
    const third = await addCustomer(p, { companyName: 'Rejected Dynamics' });
    await importCommunications(p.partnerId, [dynamicsPost('MC-D2', [other.tenantId, third.tenantId])], ACTOR);
    const rejected = await declareRelationship(
      p.admin,
      third.id,
      { agreementType: 'Enterprise Agreement', evidenceNote: 'A call', services: ['Dynamics 365'] },
      ADDRESS,
    );
    if (!rejected.ok) throw new Error(rejected.code);
    await decideRelationshipReview(portalAdmin, { reviewId: rejected.reviewId, decision: 'reject', note: 'No evidence' }, ADDRESS);
    expect(await linkCategories(p.partnerId, 'MC-D2')).toEqual({
      '(base)': 'OPERATIONAL',
      'Later Verified': 'NON_CSP_PRODUCTS',
      'Rejected Dynamics': 'OPERATIONAL',
    });
    // The declaration's products are audited with it.
    const event = await testDb().auditEvent.findFirstOrThrow({
      where: { partnerId: p.partnerId, action: 'customer.relationship_declared', targetId: other.id },
      select: { after: true },
    });
    expect(event.after).toMatchObject({ directServices: ['Dynamics 365', 'Azure'] });
  });

  it('an update that changes a post’s services re-decides its links', async () => {
    await importCommunications(
      p.partnerId,
      [
        dynamicsPost('MC-D1', [verified.tenantId, declared.tenantId, reseller.tenantId], {
          services: ['Microsoft Teams'],
          affectedService: 'Microsoft Teams',
          lastModifiedAt: new Date('2026-11-21T00:00:00Z'),
        }),
      ],
      ACTOR,
    );
    expect((await linkCategories(p.partnerId, 'MC-D1'))['Verified Dynamics']).toBe('OPERATIONAL');
  });
});

describe('the partner’s billing rules', () => {
  let p: TestPartner;
  let reseller: TestCustomer;
  let advisor: TestCustomer;
  beforeAll(async () => {
    p = await createTestPartner();
    reseller = await addCustomer(p, { companyName: 'Rules Reseller' });
    advisor = await addCustomer(p, { companyName: 'Rules Advisor', relationshipToPartner: 'ADVISOR' });
  });
  afterAll(async () => {
    await p.cleanup();
  });

  it('recognise billing posts by their title words with the defaults; saving other rules re-decides every post and its conflicts', async () => {
    const tenants = [reseller.tenantId, advisor.tenantId];
    await importCommunications(
      p.partnerId,
      [
        record({ externalId: 'MC-R1', category: 'OPERATIONAL', title: 'New pricing for Teams Phone', affectedTenantIds: tenants }),
        record({
          externalId: 'MC-R2',
          category: 'OPERATIONAL',
          title: 'Subscription renewal reminders change',
          affectedTenantIds: tenants,
        }),
      ],
      ACTOR,
    );
    expect(await linkCategories(p.partnerId, 'MC-R1')).toEqual({
      '(base)': 'SUBSCRIPTION_BILLING',
      'Rules Reseller': 'SUBSCRIPTION_BILLING',
      'Rules Advisor': 'SUBSCRIPTION_BILLING',
    });
    expect((await linkCategories(p.partnerId, 'MC-R2'))['(base)']).toBe('OPERATIONAL');
    // Billing to the reseller customer is a conflict.
    expect(await countPolicyConflicts(p.admin)).toEqual({ pairs: 1, communications: 1, customers: 1 });

    const read = await getCategoryRules(p.admin);
    expect(read).toEqual({ ok: true, view: { rules: DEFAULT_CATEGORY_RULES, version: 0, isDefault: true } });
    expect(await saveCategoryRules(p.agent, { version: 0, titleWords: ['renewal'], tags: [], services: [] })).toEqual({
      ok: false,
      code: 'FORBIDDEN',
    });
    const saved = await saveCategoryRules(p.admin, { version: 0, titleWords: ['renewal'], tags: [], services: [] }, { address: ADDRESS });
    expect(saved).toEqual({ ok: true, version: 1, recategorized: 2 });
    expect(await linkCategories(p.partnerId, 'MC-R1')).toEqual({
      '(base)': 'OPERATIONAL',
      'Rules Reseller': 'OPERATIONAL',
      'Rules Advisor': 'OPERATIONAL',
    });
    expect(await linkCategories(p.partnerId, 'MC-R2')).toEqual({
      '(base)': 'SUBSCRIPTION_BILLING',
      'Rules Reseller': 'SUBSCRIPTION_BILLING',
      'Rules Advisor': 'SUBSCRIPTION_BILLING',
    });
    expect(await countPolicyConflicts(p.admin)).toEqual({ pairs: 1, communications: 1, customers: 1 });
    expect((await getDashboardCounts(p.admin)).conflicts).toEqual({ pairs: 1, communications: 1, customers: 1 });
    // Stale: an edit made on the old version is refused.
    expect(await saveCategoryRules(p.admin, { version: 0, titleWords: [], tags: [], services: [] })).toEqual({ ok: false, code: 'STALE' });
    // New records are decided with the saved rules too.
    await importCommunications(
      p.partnerId,
      [record({ externalId: 'MC-R3', category: 'OPERATIONAL', title: 'Price of renewal', affectedTenantIds: tenants })],
      ACTOR,
    );
    expect((await linkCategories(p.partnerId, 'MC-R3'))['(base)']).toBe('SUBSCRIPTION_BILLING');
    const audit = await testDb().auditEvent.findFirstOrThrow({
      where: { partnerId: p.partnerId, action: 'communication_rules.saved' },
      select: { after: true, actorLabel: true },
    });
    expect(audit).toMatchObject({ actorLabel: p.admin.email, after: { titleWords: ['renewal'], recategorized: 2 } });
  });
});

describe('a post whose end has passed is no longer open', () => {
  let p: TestPartner;
  beforeAll(async () => {
    p = await createTestPartner();
  });
  afterAll(async () => {
    await p.cleanup();
  });

  it('in the list’s open and resolved filters and on its item', async () => {
    const now = new Date('2026-12-01T00:00:00Z');
    await importCommunications(
      p.partnerId,
      [
        record({ externalId: 'MC-E1', category: 'OPERATIONAL', endAt: new Date('2026-11-30T00:00:00Z') }),
        record({
          externalId: 'MC-E2',
          category: 'OPERATIONAL',
          endAt: new Date('2026-12-02T00:00:00Z'),
          actionRequiredBy: new Date('2026-12-10T00:00:00Z'),
        }),
        record({ externalId: 'EX-E3', endAt: new Date('2026-11-30T00:00:00Z') }),
      ],
      ACTOR,
    );
    const open = await listCommunications(p.admin, { state: 'open' }, undefined, { now });
    expect(open.items.map((i) => i.externalId).sort()).toEqual(['EX-E3', 'MC-E2']);
    const resolved = await listCommunications(p.admin, { state: 'resolved' }, undefined, { now });
    expect(resolved.items.map((i) => [i.externalId, i.isOpen])).toEqual([['MC-E1', false]]);
    expect(open.items.find((i) => i.externalId === 'MC-E2')).toMatchObject({
      isOpen: true,
      actionRequiredBy: new Date('2026-12-10T00:00:00Z'),
    });
  });
});

describe('the demo seed', () => {
  it('stores every communication in the category the default rules give it, and each link in its customer’s category', async () => {
    const { baseCategory, categoryForCustomer } = await import('../../lib/domain/communication-category');
    const rows = await testDb().microsoftCommunication.findMany({
      select: {
        externalId: true,
        kind: true,
        title: true,
        tags: true,
        services: true,
        category: true,
        partner: { select: { name: true } },
        affectedCustomers: {
          select: { category: true, customer: { select: { companyName: true, directRelationship: true, directServices: true } } },
        },
      },
      where: { partner: { name: { in: ['Contoso Cloud Partners', 'Fabrikam Government Solutions'] } } },
    });
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) {
      expect(row.category, row.title).toBe(baseCategory(row, DEFAULT_CATEGORY_RULES));
      for (const link of row.affectedCustomers)
        expect(link.category, `${row.title} / ${link.customer.companyName}`).toBe(categoryForCustomer(row.category, row, link.customer));
    }
    // The Dynamics 365 post: non-CSP for Adatum (its verified agreement covers Dynamics 365), operational for the others.
    const dynamics = rows.find((r) => r.title.startsWith('Dynamics 365:'))!;
    expect(Object.fromEntries(dynamics.affectedCustomers.map((l) => [l.customer.companyName, l.category]))).toMatchObject({
      'Adatum Corporation': 'NON_CSP_PRODUCTS',
      'Tailspin Toys': 'OPERATIONAL',
    });
  });
});
