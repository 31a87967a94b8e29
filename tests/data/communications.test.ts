import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countPolicyConflicts,
  getCommunication,
  listCommunications,
  listCommunicationFilterOptions,
} from '../../lib/server/data/communications';
import { importCommunications } from '../../lib/server/data/communication-import';
import { isPolicyConflict, type CommunicationCategory } from '../../lib/domain/policy';
import { MissingPartnerScopeError, type Viewer } from '../../lib/server/viewer';
import { addCustomer, record, type TestCustomer } from '../support/communications';
import { createTestPartner, testDb, type TestPartner } from '../support/factories';

const ACTOR = { actor: { userId: null, label: 'data-test' } };
const run = promisify(execFile);

/** Everything stored for a partner's communications, to compare before/after. */
async function snapshot(partnerId: string) {
  const db = testDb();
  const communications = await db.microsoftCommunication.findMany({ where: { partnerId }, orderBy: { externalId: 'asc' } });
  const links = await db.communicationAffectedCustomer.findMany({
    where: { partnerId },
    orderBy: [{ communicationId: 'asc' }, { customerId: 'asc' }],
  });
  return { communications, links };
}

async function linkedNames(partnerId: string, externalId: string): Promise<string[]> {
  const row = await testDb().microsoftCommunication.findUniqueOrThrow({
    where: { partnerId_externalId: { partnerId, externalId } },
    select: { affectedCustomers: { select: { customer: { select: { companyName: true } } } } },
  });
  return row.affectedCustomers.map((link) => link.customer.companyName).sort();
}

async function auditEvents(partnerId: string) {
  return testDb().auditEvent.findMany({
    where: { partnerId, action: 'communications.imported' },
    orderBy: { id: 'asc' },
    select: { actorLabel: true, after: true, targetType: true },
  });
}

describe('importing Microsoft communications', () => {
  let a: TestPartner;
  let b: TestPartner;
  let reseller: TestCustomer;
  let advisor: TestCustomer;
  let verified: TestCustomer;
  let ofB: TestCustomer;
  beforeAll(async () => {
    a = await createTestPartner();
    b = await createTestPartner();
    reseller = await addCustomer(a, { companyName: 'Reseller Co' });
    advisor = await addCustomer(a, { companyName: 'Advisor Co', relationshipToPartner: 'ADVISOR' });
    verified = await addCustomer(a, { companyName: 'Verified Co', directRelationship: 'VERIFIED', cloud: 'GERMANY' });
    ofB = await addCustomer(b, { companyName: 'Customer of B' });
  });
  afterAll(async () => {
    await a.cleanup();
    await b.cleanup();
  });

  it('creates communications linked to the partner’s customers by tenant id, reports unknown tenants, and audits the run', async () => {
    const unknown = '0f0f0f0f-0000-4000-8000-000000000001';
    const result = await importCommunications(
      a.partnerId,
      [
        record({ externalId: 'EX1', affectedTenantIds: [reseller.tenantId, advisor.tenantId, unknown] }),
        record({
          externalId: 'MC1',
          category: 'SUBSCRIPTION_BILLING',
          affectedTenantIds: [reseller.tenantId.toUpperCase().toLowerCase(), advisor.tenantId],
        }),
        record({ externalId: 'MC2', category: 'OPERATIONAL', affectedTenantIds: [] }),
      ],
      ACTOR,
    );
    expect(result).toEqual({
      created: ['EX1', 'MC1', 'MC2'],
      updated: [],
      unchanged: [],
      skippedOlder: [],
      unknownTenants: [{ externalId: 'EX1', tenantIds: [unknown] }],
      changes: ['EX1', 'MC1', 'MC2'].map((externalId) => ({
        externalId,
        communicationId: expect.any(String),
        change: 'created',
        fieldsChanged: true,
        statusChanged: false,
        linked: externalId === 'MC2' ? [] : expect.arrayContaining([reseller.id, advisor.id]),
        unlinked: [],
      })),
    });
    expect(await linkedNames(a.partnerId, 'EX1')).toEqual(['Advisor Co', 'Reseller Co']);
    expect(await linkedNames(a.partnerId, 'MC1')).toEqual(['Advisor Co', 'Reseller Co']);
    expect(await linkedNames(a.partnerId, 'MC2')).toEqual([]);
    const stored = await testDb().microsoftCommunication.findUniqueOrThrow({
      where: { partnerId_externalId: { partnerId: a.partnerId, externalId: 'EX1' } },
    });
    expect(stored).toMatchObject({
      category: 'SERVICE_INCIDENT',
      classification: 'incident',
      status: 'investigating',
      cloud: 'PUBLIC',
      isResolved: false,
    });
    expect(stored.raw).toEqual({ id: 'EX1', title: 'Communication EX1', nested: { a: 1, b: [1, 2, { c: 'x' }] } });
    const audits = await auditEvents(a.partnerId);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      actorLabel: 'data-test',
      targetType: 'MicrosoftCommunication',
      after: { records: 3, created: ['EX1', 'MC1', 'MC2'], updated: [], unchanged: 0, unknownTenantIds: [unknown] },
    });
  });

  it('importing the same records again changes nothing (rows, links and their times), and says so', async () => {
    const records = [
      record({ externalId: 'EX1', affectedTenantIds: [reseller.tenantId, advisor.tenantId, '0f0f0f0f-0000-4000-8000-000000000001'] }),
      record({ externalId: 'MC1', category: 'SUBSCRIPTION_BILLING', affectedTenantIds: [reseller.tenantId, advisor.tenantId] }),
      record({ externalId: 'MC2', category: 'OPERATIONAL', affectedTenantIds: [] }),
    ];
    const before = await snapshot(a.partnerId);
    const first = await importCommunications(a.partnerId, records, ACTOR);
    const second = await importCommunications(a.partnerId, records, ACTOR);
    for (const result of [first, second]) {
      expect(result.created).toEqual([]);
      expect(result.updated).toEqual([]);
      expect(result.unchanged).toEqual(['EX1', 'MC1', 'MC2']);
    }
    const after = await snapshot(a.partnerId);
    expect(after).toEqual(before);
    expect(after.communications.map((c) => c.updatedAt.getTime())).toEqual(before.communications.map((c) => c.updatedAt.getTime()));
    // Each run is in the audit trail, with nothing created or updated.
    const audits = await auditEvents(a.partnerId);
    expect(audits).toHaveLength(3);
    expect(audits[2]?.after).toMatchObject({ created: [], updated: [], unchanged: 3 });
  });

  it('updates a changed record and replaces its affected customers', async () => {
    const result = await importCommunications(
      a.partnerId,
      [
        record({
          externalId: 'EX1',
          title: 'Now resolved',
          status: 'serviceRestored',
          isResolved: true,
          endAt: new Date('2026-11-20T12:00:00Z'),
          lastModifiedAt: new Date('2026-11-20T12:05:00Z'),
          affectedTenantIds: [verified.tenantId, reseller.tenantId],
        }),
        // Only the links change.
        record({ externalId: 'MC1', category: 'SUBSCRIPTION_BILLING', affectedTenantIds: [reseller.tenantId] }),
      ],
      ACTOR,
    );
    expect(result).toMatchObject({ created: [], updated: ['EX1', 'MC1'], unchanged: [], unknownTenants: [] });
    expect(await linkedNames(a.partnerId, 'EX1')).toEqual(['Reseller Co', 'Verified Co']);
    expect(await linkedNames(a.partnerId, 'MC1')).toEqual(['Reseller Co']);
    const stored = await testDb().microsoftCommunication.findUniqueOrThrow({
      where: { partnerId_externalId: { partnerId: a.partnerId, externalId: 'EX1' } },
    });
    expect(stored).toMatchObject({
      title: 'Now resolved',
      status: 'serviceRestored',
      isResolved: true,
      endAt: new Date('2026-11-20T12:00:00Z'),
    });
  });

  it('keeps the stored version when a record is older than it', async () => {
    const before = await snapshot(a.partnerId);
    const result = await importCommunications(
      a.partnerId,
      [record({ externalId: 'EX1', title: 'An old copy', lastModifiedAt: new Date('2026-11-20T09:00:00Z'), affectedTenantIds: [] })],
      ACTOR,
    );
    expect(result).toMatchObject({ created: [], updated: [], unchanged: [], skippedOlder: ['EX1'] });
    expect(await snapshot(a.partnerId)).toEqual(before);
  });

  it('imports nothing when the database refuses one record (one transaction)', async () => {
    const before = await snapshot(a.partnerId);
    const auditsBefore = (await auditEvents(a.partnerId)).length;
    await expect(
      importCommunications(
        a.partnerId,
        [
          record({ externalId: 'EX-NEW-1', affectedTenantIds: [reseller.tenantId] }),
          record({ externalId: 'EX1', title: 'Changed', lastModifiedAt: new Date('2026-11-21T00:00:00Z') }),
          // PostgreSQL text cannot hold a NUL character: this record fails after the others were written.
          record({ externalId: 'EX-NEW-2', title: 'Bad \u0000 title' }),
        ],
        ACTOR,
      ),
    ).rejects.toThrow();
    expect(await snapshot(a.partnerId)).toEqual(before);
    expect(await auditEvents(a.partnerId)).toHaveLength(auditsBefore);
  });

  it('cross-partner isolation: another partner’s tenant id is unknown, and the same Graph id is a separate row per partner', async () => {
    const aBefore = await snapshot(a.partnerId);
    const result = await importCommunications(
      b.partnerId,
      [record({ externalId: 'EX1', affectedTenantIds: [reseller.tenantId, ofB.tenantId] })],
      ACTOR,
    );
    expect(result).toMatchObject({ created: ['EX1'], unknownTenants: [{ externalId: 'EX1', tenantIds: [reseller.tenantId] }] });
    expect(await linkedNames(b.partnerId, 'EX1')).toEqual(['Customer of B']);
    expect(await snapshot(a.partnerId)).toEqual(aBefore);
    // And the other way round.
    const back = await importCommunications(a.partnerId, [record({ externalId: 'EX-B', affectedTenantIds: [ofB.tenantId] })], ACTOR);
    expect(back).toMatchObject({ created: ['EX-B'], unknownTenants: [{ externalId: 'EX-B', tenantIds: [ofB.tenantId] }] });
    expect(await linkedNames(a.partnerId, 'EX-B')).toEqual([]);
  });

  it('refuses a partner that does not exist', async () => {
    await expect(importCommunications('00000000-0000-4000-8000-000000000000', [record()], ACTOR)).rejects.toThrow(/No partner/);
  });
});

describe('npm run import:microsoft', () => {
  let p: TestPartner;
  let partnerNumber: string;
  let customer: TestCustomer;
  let dir: string;
  beforeAll(async () => {
    p = await createTestPartner();
    partnerNumber = (await testDb().partner.findUniqueOrThrow({ where: { id: p.partnerId }, select: { partnerNumber: true } }))
      .partnerNumber;
    customer = await addCustomer(p, { companyName: 'Scripted Co' });
    dir = await mkdtemp(path.join(os.tmpdir(), 'import-microsoft-'));
  });
  afterAll(async () => {
    await p.cleanup();
  });

  async function importFile(content: unknown, ...extra: string[]) {
    const file = path.join(dir, `${Math.random().toString(36).slice(2)}.json`);
    await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
    try {
      const { stdout, stderr } = await run('npx', ['tsx', 'scripts/import-microsoft.ts', ...extra, '--partner', partnerNumber, file], {
        env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  const issue = (id: string, tenants: string[], overrides: Record<string, unknown> = {}) => ({
    id,
    title: `Incident ${id}`,
    impactDescription: 'Users may see delays.',
    classification: 'incident',
    status: 'investigating',
    service: 'Exchange Online',
    startDateTime: '2026-11-20T08:00:00Z',
    endDateTime: null,
    lastModifiedDateTime: '2026-11-20T09:00:00Z',
    isResolved: false,
    posts: [],
    affectedTenantIds: tenants,
    ...overrides,
  });
  const post = (id: string, tenants: string[], tags: string[]) => ({
    id,
    title: `Post ${id}`,
    category: 'stayInformed',
    severity: 'normal',
    services: ['Microsoft 365 suite'],
    tags,
    body: { contentType: 'html', content: '<p>Prices change.</p>' },
    startDateTime: '2026-11-21T00:00:00Z',
    endDateTime: null,
    lastModifiedDateTime: '2026-11-21T00:00:00Z',
    affectedTenantIds: tenants,
  });

  it('imports { value: [ … ] } with both shapes, prints the counts and the unknown tenant ids; a second run changes nothing', async () => {
    const unknown = '0f0f0f0f-0000-4000-8000-0000000000aa';
    const file = { value: [issue('EX77', [customer.tenantId, unknown]), post('MC77', [customer.tenantId], ['Billing'])] };
    const first = await importFile(file);
    expect(first.stderr).not.toMatch(/error/i);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('2 records');
    expect(first.stdout).toMatch(/created:\s+2/);
    expect(first.stdout).toContain(`EX77: ${unknown}`);
    const stored = await testDb().microsoftCommunication.findMany({
      where: { partnerId: p.partnerId },
      orderBy: { externalId: 'asc' },
      select: { externalId: true, category: true },
    });
    expect(stored).toEqual([
      { externalId: 'EX77', category: 'SERVICE_INCIDENT' },
      { externalId: 'MC77', category: 'SUBSCRIPTION_BILLING' },
    ]);
    const before = await snapshot(p.partnerId);
    const second = await importFile(file);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/created:\s+0/);
    expect(second.stdout).toMatch(/updated:\s+0/);
    expect(second.stdout).toMatch(/unchanged:\s+2/);
    expect(await snapshot(p.partnerId)).toEqual(before);
  }, 120_000);

  it('a bad file imports nothing, exits 1 and names the record and the field', async () => {
    const before = await snapshot(p.partnerId);
    const bad = await importFile([
      issue('EX78', [customer.tenantId]),
      post('MC78', [customer.tenantId], []),
      issue('EX79', [], { startDateTime: 'yesterday' }),
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('nothing was changed');
    expect(bad.stderr).toContain('Record 2 (id "EX79"), field "startDateTime": must be an ISO 8601 date-time');
    const notJson = await importFile('{ "value": [ ');
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toContain('is not valid JSON');
    expect(await snapshot(p.partnerId)).toEqual(before);
  }, 120_000);

  it('refuses an unknown Partner ID and a missing one', async () => {
    const file = path.join(dir, 'one.json');
    await writeFile(file, JSON.stringify(issue('EX80', [])));
    const unknownPartner = await run('npx', ['tsx', 'scripts/import-microsoft.ts', '--partner', 'NO-SUCH-PARTNER', file]).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(unknownPartner).toMatchObject({ code: 1, stderr: expect.stringContaining('No partner has the Partner ID NO-SUCH-PARTNER') });
    const missing = await run('npx', ['tsx', 'scripts/import-microsoft.ts', file]).catch((e: { code: number; stderr: string }) => e);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining('--partner <Partner ID> is required') });
  }, 120_000);
});

describe('listing communications: roll-up, policy, filters, pages', () => {
  let p: TestPartner;
  let other: TestPartner;
  let customers: TestCustomer[];
  let viewer: Viewer;
  beforeAll(async () => {
    p = await createTestPartner();
    other = await createTestPartner();
    viewer = p.agent;
    customers = [
      await addCustomer(p, { companyName: 'Alpha Reseller' }),
      await addCustomer(p, { companyName: 'Beta Advisor', relationshipToPartner: 'ADVISOR' }),
      await addCustomer(p, { companyName: 'Gamma Verified', directRelationship: 'VERIFIED' }),
      await addCustomer(p, { companyName: 'Delta Declared', directRelationship: 'DECLARED', cloud: 'GERMANY' }),
      await addCustomer(p, { companyName: 'Epsilon Rejected', directRelationship: 'REJECTED', cloud: 'US_GOVERNMENT' }),
    ];
    const all = customers.map((c) => c.tenantId);
    const records = [
      record({ externalId: 'EX-OPEN', title: 'Mail delays', startAt: new Date('2026-11-20T08:00:00Z'), affectedTenantIds: all }),
      record({
        externalId: 'EX-DONE',
        title: 'Teams fixed',
        affectedService: 'Microsoft Teams',
        status: 'serviceRestored',
        isResolved: true,
        classification: 'advisory',
        startAt: new Date('2026-11-10T08:00:00Z'),
        affectedTenantIds: [all[0]!],
      }),
      record({
        externalId: 'MC-BILL',
        category: 'SUBSCRIPTION_BILLING',
        title: 'Price update',
        startAt: new Date('2026-11-18T00:00:00Z'),
        affectedTenantIds: all,
      }),
      record({
        externalId: 'MC-NONCSP',
        category: 'NON_CSP_PRODUCTS',
        title: 'EA report',
        startAt: new Date('2026-11-15T00:00:00Z'),
        affectedTenantIds: all,
      }),
      record({
        externalId: 'MC-OPS',
        category: 'OPERATIONAL',
        title: 'Maintenance',
        startAt: new Date('2026-11-01T00:00:00Z'),
        affectedTenantIds: [],
      }),
    ];
    await importCommunications(p.partnerId, records, ACTOR);
    // The other partner has a communication too; it never shows up here.
    const foreign = await addCustomer(other, { companyName: 'Foreign Co' });
    await importCommunications(
      other.partnerId,
      [record({ externalId: 'EX-OPEN', title: 'Foreign incident', affectedTenantIds: [foreign.tenantId] })],
      ACTOR,
    );
  });
  afterAll(async () => {
    await p.cleanup();
    await other.cleanup();
  });

  it('lists newest first, each once, with its affected customers, their count, the policy per customer and the conflicts', async () => {
    const page = await listCommunications(viewer, {});
    expect(page.items.map((item) => item.externalId)).toEqual(['EX-OPEN', 'MC-BILL', 'MC-NONCSP', 'EX-DONE', 'MC-OPS']);
    expect(page.nextCursor).toBeNull();
    expect(page.prevCursor).toBeNull();
    const byId = new Map(page.items.map((item) => [item.externalId, item]));

    const incident = byId.get('EX-OPEN')!;
    expect(incident.affectedCount).toBe(5);
    expect(incident.conflictCount).toBe(0);
    expect(incident.outcomes).toEqual([
      { category: 'SERVICE_INCIDENT', outcome: 'MICROSOFT_MAY_CONTACT', reason: 'SERVICE_INCIDENT_DIRECT', isConflict: false, count: 5 },
    ]);
    expect(incident.affected.map((c) => c.companyName)).toEqual([
      'Alpha Reseller',
      'Beta Advisor',
      'Delta Declared',
      'Epsilon Rejected',
      'Gamma Verified',
    ]);

    const billing = byId.get('MC-BILL')!;
    expect(billing.affectedCount).toBe(5);
    expect(billing.conflictCount).toBe(4); // every RESELLER customer
    expect(billing.outcomes).toEqual([
      { category: 'SUBSCRIPTION_BILLING', outcome: 'PARTNER_ONLY', reason: 'PARTNER_OWNS_BILLING', isConflict: true, count: 4 },
      {
        category: 'SUBSCRIPTION_BILLING',
        outcome: 'MICROSOFT_OWNS_BILLING',
        reason: 'MICROSOFT_BILLS_ADVISOR_CUSTOMER',
        isConflict: false,
        count: 1,
      },
    ]);
    // Conflicts first, then by name.
    expect(billing.affected.map((c) => [c.companyName, c.isConflict, c.decision.outcome])).toEqual([
      ['Alpha Reseller', true, 'PARTNER_ONLY'],
      ['Delta Declared', true, 'PARTNER_ONLY'],
      ['Epsilon Rejected', true, 'PARTNER_ONLY'],
      ['Gamma Verified', true, 'PARTNER_ONLY'],
      ['Beta Advisor', false, 'MICROSOFT_OWNS_BILLING'],
    ]);

    const nonCsp = byId.get('MC-NONCSP')!;
    expect(nonCsp.conflictCount).toBe(4); // all but the verified one
    expect(nonCsp.affected.map((c) => [c.companyName, c.decision.reason])).toEqual([
      ['Alpha Reseller', 'NO_DIRECT_RELATIONSHIP'],
      ['Beta Advisor', 'NO_DIRECT_RELATIONSHIP'],
      ['Delta Declared', 'DIRECT_RELATIONSHIP_PENDING_REVIEW'],
      ['Epsilon Rejected', 'DIRECT_RELATIONSHIP_REJECTED'],
      ['Gamma Verified', 'VERIFIED_DIRECT_RELATIONSHIP'],
    ]);
    expect(byId.get('MC-OPS')).toMatchObject({ affectedCount: 0, conflictCount: 0, outcomes: [], affected: [] });
  });

  it('every decision shown is the domain’s decision', async () => {
    const page = await listCommunications(viewer, {});
    for (const item of page.items) {
      for (const customer of item.affected) expect(customer.isConflict).toBe(isPolicyConflict(customer, customer.category));
    }
  });

  it.each([
    [{ category: 'SUBSCRIPTION_BILLING' as CommunicationCategory }, ['MC-BILL']],
    [{ classification: 'advisory' as const }, ['MC-BILL', 'MC-NONCSP', 'EX-DONE', 'MC-OPS']],
    [{ status: 'serviceRestored' }, ['EX-DONE']],
    [{ service: 'Microsoft Teams' }, ['MC-BILL', 'MC-NONCSP', 'EX-DONE', 'MC-OPS']],
    [{ state: 'open' as const }, ['EX-OPEN', 'MC-BILL', 'MC-NONCSP', 'MC-OPS']],
    [{ state: 'resolved' as const }, ['EX-DONE']],
    [{ conflict: true }, ['MC-BILL', 'MC-NONCSP']],
    [{ startFrom: new Date('2026-11-15T00:00:00Z'), startBefore: new Date('2026-11-19T00:00:00Z') }, ['MC-BILL', 'MC-NONCSP']],
    [{ category: 'SERVICE_INCIDENT' as CommunicationCategory, state: 'open' as const }, ['EX-OPEN']],
  ])('filters %j', async (filters, expected) => {
    const page = await listCommunications(viewer, filters);
    expect(page.items.map((item) => item.externalId)).toEqual(expected);
  });

  it('filters by affected customer; another partner’s customer id finds nothing', async () => {
    const alpha = customers[0]!;
    expect((await listCommunications(viewer, { customerId: alpha.id })).items.map((i) => i.externalId)).toEqual([
      'EX-OPEN',
      'MC-BILL',
      'MC-NONCSP',
      'EX-DONE',
    ]);
    const foreign = await testDb().customer.findFirstOrThrow({ where: { partnerId: other.partnerId }, select: { id: true } });
    expect((await listCommunications(viewer, { customerId: foreign.id })).items).toEqual([]);
  });

  it('a viewer sees only their own partner’s communications; getCommunication of another partner’s id is null', async () => {
    const theirs = await listCommunications(other.agent, {});
    expect(theirs.items.map((i) => i.title)).toEqual(['Foreign incident']);
    const foreignId = theirs.items[0]!.id;
    expect(await getCommunication(viewer, foreignId)).toBeNull();
    expect(await getCommunication(viewer, 'not-a-uuid')).toBeNull();
    expect(await getCommunication(viewer, '00000000-0000-4000-8000-000000000000')).toBeNull();
    const own = (await listCommunications(viewer, { category: 'SUBSCRIPTION_BILLING' })).items[0]!;
    const detail = await getCommunication(viewer, own.id);
    expect(detail).toMatchObject({ externalId: 'MC-BILL', affectedCount: 5, conflictCount: 4, raw: { id: 'MC-BILL' } });
    expect(detail?.affected).toHaveLength(5);
  });

  it('refuses a viewer without a partner', async () => {
    const admin: Viewer = { ...viewer, role: 'PORTAL_ADMIN', partnerId: null };
    await expect(listCommunications(admin, {})).rejects.toBeInstanceOf(MissingPartnerScopeError);
    await expect(getCommunication(admin, '00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(MissingPartnerScopeError);
    await expect(countPolicyConflicts(admin)).rejects.toBeInstanceOf(MissingPartnerScopeError);
  });

  it('offers the filter values that occur', async () => {
    const options = await listCommunicationFilterOptions(viewer);
    expect(options.services).toEqual(['Exchange Online', 'Microsoft Teams']);
    expect(options.statuses).toEqual(['investigating', 'serviceOperational', 'serviceRestored']);
    expect(options.customers.map((c) => c.companyName)).toEqual([
      'Alpha Reseller',
      'Beta Advisor',
      'Delta Declared',
      'Epsilon Rejected',
      'Gamma Verified',
    ]);
  });

  it('counts policy conflicts: pairs, communications and customers', async () => {
    expect(await countPolicyConflicts(viewer)).toEqual({ pairs: 8, communications: 2, customers: 5 });
    expect(await countPolicyConflicts(other.agent)).toEqual({ pairs: 0, communications: 0, customers: 0 });
  });
});

describe('pagination', () => {
  let p: TestPartner;
  beforeAll(async () => {
    p = await createTestPartner();
    // 60 communications; every 3 share a start time (the id breaks the tie).
    const records = Array.from({ length: 60 }, (_, i) =>
      record({ externalId: `EX-P${String(i).padStart(2, '0')}`, startAt: new Date(Date.UTC(2026, 10, 1) + Math.floor(i / 3) * 3_600_000) }),
    );
    await importCommunications(p.partnerId, records, ACTOR);
  });
  afterAll(async () => {
    await p.cleanup();
  });

  it('walks forward and back through every communication exactly once, 25 a page, newest first', async () => {
    const first = await listCommunications(p.agent, {});
    expect(first.items).toHaveLength(25);
    expect(first.prevCursor).toBeNull();
    const second = await listCommunications(p.agent, {}, first.nextCursor!);
    const third = await listCommunications(p.agent, {}, second.nextCursor!);
    expect(second.items).toHaveLength(25);
    expect(third.items).toHaveLength(10);
    expect(third.nextCursor).toBeNull();
    const seen = [...first.items, ...second.items, ...third.items];
    expect(new Set(seen.map((i) => i.id)).size).toBe(60);
    const times = seen.map((i) => i.startAt.getTime());
    expect(times).toEqual([...times].sort((x, y) => y - x));
    // Back from the third page to the second, and to the first.
    const back = await listCommunications(p.agent, {}, third.prevCursor!);
    expect(back.items.map((i) => i.id)).toEqual(second.items.map((i) => i.id));
    const backAgain = await listCommunications(p.agent, {}, back.prevCursor!);
    expect(backAgain.items.map((i) => i.id)).toEqual(first.items.map((i) => i.id));
    expect(backAgain.prevCursor).toBeNull();
  });

  it('an unreadable cursor shows the first page and says so', async () => {
    for (const bad of ['garbage', Buffer.from('n|yesterday|x').toString('base64url')]) {
      const page = await listCommunications(p.agent, {}, bad);
      expect(page.invalidCursor).toBe(true);
      expect(page.items).toHaveLength(25);
    }
  });
});

describe('the demo data', () => {
  it('counts the demo partner’s conflicts as the domain decides them over every link (read with plain SQL)', async () => {
    const db = testDb();
    const contoso = await db.partner.findFirstOrThrow({ where: { name: 'Contoso Cloud Partners' }, select: { id: true } });
    const rows = await db.$queryRaw<
      {
        communicationId: string;
        category: string;
        relationshipToPartner: 'RESELLER' | 'ADVISOR';
        directRelationship: 'NONE' | 'DECLARED' | 'VERIFIED' | 'REJECTED';
        cloud: 'PUBLIC' | 'US_GOVERNMENT' | 'GERMANY';
        customerId: string;
      }[]
    >`
      SELECT l."communicationId"::text AS "communicationId", m.category::text AS category, c."relationshipToPartner"::text AS "relationshipToPartner",
             c."directRelationship"::text AS "directRelationship", c.cloud::text AS cloud, c.id::text AS "customerId"
      FROM "CommunicationAffectedCustomer" l JOIN "MicrosoftCommunication" m ON m.id = l."communicationId" JOIN "Customer" c ON c.id = l."customerId"
      WHERE l."partnerId" = ${contoso.id}::uuid`;
    const conflicts = rows.filter((row) => isPolicyConflict(row, row.category));
    const viewer: Viewer = {
      userId: '00000000-0000-4000-8000-000000000001',
      email: 'x@example.com',
      name: 'x',
      role: 'PARTNER_VIEWER',
      partnerId: contoso.id,
      partnerName: 'Contoso Cloud Partners',
      locale: 'en',
      timeZone: 'UTC',
    };
    const counts = await countPolicyConflicts(viewer);
    expect(counts.pairs).toBe(conflicts.length);
    expect(counts.communications).toBe(new Set(conflicts.map((row) => row.communicationId)).size);
    expect(counts.customers).toBe(new Set(conflicts.map((row) => row.customerId)).size);
    expect(counts.pairs).toBeGreaterThan(0);
    // Tailspin Toys (RESELLER) got the subscription-and-billing post: a conflict, listed first.
    const billing = await listCommunications(viewer, { category: 'SUBSCRIPTION_BILLING' });
    const post = billing.items[0]!;
    expect(post.affected.find((c) => c.companyName === 'Tailspin Toys')).toMatchObject({
      isConflict: true,
      decision: { outcome: 'PARTNER_ONLY' },
    });
    expect(post.affected.find((c) => c.companyName === 'Proseware, Inc.')).toMatchObject({
      isConflict: false,
      decision: { outcome: 'MICROSOFT_OWNS_BILLING' },
    });
  });
});
