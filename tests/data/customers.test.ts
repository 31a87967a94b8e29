import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCustomers, FILTER_WINDOW, getCustomerDetail, listCustomers, type CustomerListPage } from '../../lib/server/data/customers';
import { MissingPartnerScopeError, type Viewer } from '../../lib/server/viewer';
import { CUSTOMER_SORTS, decodeCursor, type CustomerQuery, type CustomerSort } from '../../lib/domain/customer-query';
import { policyMatrix } from '../../lib/domain/policy';
import { createTestPartner, testDb, type TestPartner } from '../support/factories';
import { createCustomers, type CreatedCustomer, type CustomerSpec } from '../support/customers';

const day = (offset: number) => new Date(Date.UTC(2027, 0, 1) + offset * 86_400_000);
const SAME_TIME = new Date('2025-03-03T03:03:03.333Z');

// Partner A's customers: names that test case, wildcards and ties; dates with ties and nulls.
const SPECS_A: CustomerSpec[] = [
  { companyName: 'Alpha Labs', domain: 'alpha-labs.example', cloud: 'PUBLIC', nextCommitmentEndAt: day(5) },
  {
    companyName: 'alpha lower case',
    domain: 'lower.example',
    cloud: 'GERMANY',
    relationshipToPartner: 'ADVISOR',
    nextCommitmentEndAt: day(5),
  },
  { companyName: 'Beta Holdings', domain: 'findme-by-domain.example', directRelationship: 'VERIFIED', nextCommitmentEndAt: day(1) },
  { companyName: '100% Organic', domain: 'organic.example', directRelationship: 'DECLARED', nextCommitmentEndAt: null },
  { companyName: 'Under_score Inc', domain: 'underscore.example', directRelationship: 'REJECTED', nextCommitmentEndAt: day(30) },
  { companyName: 'UnderXscore Ltd', domain: 'underxscore.example', nextCommitmentEndAt: day(30) },
  { companyName: 'Backslash \\ Co', domain: 'backslash.example', cloud: 'US_GOVERNMENT', nextCommitmentEndAt: null },
  { companyName: 'Zeta Systems', domain: 'zeta.example', relationshipToPartner: 'ADVISOR', nextCommitmentEndAt: day(1) },
  { companyName: '陳氏企業', domain: 'chen.example', preferredLanguage: 'zh_TW', nextCommitmentEndAt: day(2) },
  { companyName: 'Same Name', domain: 'same1.example', createdAt: SAME_TIME, nextCommitmentEndAt: day(7) },
  { companyName: 'Same Name', domain: 'same2.example', createdAt: SAME_TIME, nextCommitmentEndAt: day(7) },
  { companyName: 'Same Name', domain: 'same3.example', createdAt: SAME_TIME, nextCommitmentEndAt: null },
  ...Array.from({ length: 29 }, (_, i): CustomerSpec => ({
    companyName: `Filler ${String(i).padStart(2, '0')}`,
    domain: `filler${i}.example`,
    cloud: i % 5 === 0 ? 'GERMANY' : i % 7 === 0 ? 'US_GOVERNMENT' : 'PUBLIC',
    relationshipToPartner: i % 3 === 0 ? 'ADVISOR' : 'RESELLER',
    directRelationship: i % 4 === 0 ? 'VERIFIED' : 'NONE',
    createdAt: i % 6 === 0 ? SAME_TIME : undefined,
    nextCommitmentEndAt: i % 4 === 1 ? null : day(i % 9),
  })),
];

describe('customer list, export and detail', () => {
  let a: TestPartner;
  let b: TestPartner;
  let big: TestPartner;
  let empty: TestPartner;
  let clustered: TestPartner;
  let customersA: CreatedCustomer[];
  let customersB: CreatedCustomer[];

  beforeAll(async () => {
    [a, b, big, empty, clustered] = await Promise.all([
      createTestPartner(),
      createTestPartner(),
      createTestPartner(),
      createTestPartner(),
      createTestPartner(),
    ]);
    customersA = await createCustomers(a.partnerId, SPECS_A);
    customersB = await createCustomers(b.partnerId, [
      { companyName: 'Alpha Labs', domain: 'alpha-labs-b.example', nextCommitmentEndAt: day(3) },
      { companyName: 'Only In B', domain: 'findme-by-domain-b.example' },
      { companyName: 'Same Name', domain: 'same-b.example', createdAt: SAME_TIME },
    ]);
    await createCustomers(
      big.partnerId,
      Array.from({ length: 1003 }, (_, i) => ({ companyName: `Big ${String(i).padStart(4, '0')}` })),
    );
    // More than 1,000 matches, all after a full window of rows that do not match (in name order).
    await createCustomers(clustered.partnerId, [
      ...Array.from({ length: FILTER_WINDOW + 10 }, (_, i) => ({ companyName: `Aa other ${String(i).padStart(4, '0')}` })),
      ...Array.from({ length: 1030 }, (_, i) => ({ companyName: `Zz match ${String(i).padStart(4, '0')}` })),
    ]);
  });
  afterAll(async () => {
    await Promise.all([a.cleanup(), b.cleanup(), big.cleanup(), empty.cleanup(), clustered.cleanup()]);
  });

  /** The expected order, from plain SQL (not the code under test): nulls last, id breaks ties. */
  async function expectedOrder(partnerId: string, sort: CustomerSort): Promise<string[]> {
    const db = testDb();
    const rows: { id: string }[] =
      sort === 'name'
        ? await db.$queryRaw`SELECT id::text FROM "Customer" WHERE "partnerId" = ${partnerId}::uuid ORDER BY "companyName" ASC, id ASC`
        : sort === '-name'
          ? await db.$queryRaw`SELECT id::text FROM "Customer" WHERE "partnerId" = ${partnerId}::uuid ORDER BY "companyName" DESC, id DESC`
          : sort === 'created'
            ? await db.$queryRaw`SELECT id::text FROM "Customer" WHERE "partnerId" = ${partnerId}::uuid ORDER BY "createdAt" ASC, id ASC`
            : sort === '-created'
              ? await db.$queryRaw`SELECT id::text FROM "Customer" WHERE "partnerId" = ${partnerId}::uuid ORDER BY "createdAt" DESC, id DESC`
              : sort === 'nextCommitmentEnd'
                ? await db.$queryRaw`SELECT id::text FROM "Customer" WHERE "partnerId" = ${partnerId}::uuid ORDER BY "nextCommitmentEndAt" ASC NULLS LAST, id ASC`
                : await db.$queryRaw`SELECT id::text FROM "Customer" WHERE "partnerId" = ${partnerId}::uuid ORDER BY "nextCommitmentEndAt" DESC NULLS LAST, id DESC`;
    return rows.map((row) => row.id);
  }

  /** Follows "next" from the first page to the last; returns the pages. */
  async function walkForward(viewer: Viewer, query: CustomerQuery, pageSize: number): Promise<CustomerListPage[]> {
    const pages: CustomerListPage[] = [];
    let current: CustomerQuery = query;
    for (let guard = 0; guard < 500; guard += 1) {
      const page = await listCustomers(viewer, current, { pageSize });
      pages.push(page);
      if (!page.nextCursor) return pages;
      current = { ...query, cursor: decodeCursor(page.nextCursor)! };
    }
    throw new Error('more than 500 pages: the cursor does not advance');
  }

  const ids = (pages: CustomerListPage[]) => pages.flatMap((page) => page.rows.map((row) => row.id));

  describe('search', () => {
    const search = async (q: string) =>
      (await listCustomers(a.agent, { sort: 'name', q }, { pageSize: 100 })).rows.map((r) => r.companyName);

    it('finds a substring of the company name, whatever the case', async () => {
      expect(await search('ALPHA')).toEqual(['Alpha Labs', 'alpha lower case']);
      expect(await search('oldings')).toEqual(['Beta Holdings']);
      expect(await search('氏企業')).toEqual(['陳氏企業']);
    });

    it('with one or two characters, finds the start of the name, of a word in it, or of the domain', async () => {
      expect(await search('Ze')).toEqual(['Zeta Systems']);
      expect(await search('ho')).toEqual(['Beta Holdings']);
      expect(await search('陳氏')).toEqual(['陳氏企業']);
      expect(await search('z')).toEqual(['Zeta Systems']);
      // Inside a word, two characters find nothing ("Beta", "Zeta", "zeta.example" all contain "ta").
      expect(await search('ta')).toEqual([]);
      expect(await search('氏企')).toEqual([]);
    });

    it('finds a substring of the domain', async () => {
      expect(await search('FINDME-BY-DOMAIN')).toEqual(['Beta Holdings']);
      expect(await search('same2.exam')).toEqual(['Same Name']);
    });

    it('finds a tenant id exactly, in any case, and not a part of one', async () => {
      const target = customersA.find((c) => c.companyName === 'Zeta Systems')!;
      expect(await search(target.tenantId.toUpperCase())).toEqual(['Zeta Systems']);
      expect(await search(`  ${target.tenantId}  `)).toEqual(['Zeta Systems']);
      expect(await search(target.tenantId.slice(0, 8))).toEqual([]);
    });

    it('treats LIKE wildcards and the escape character as plain text', async () => {
      expect(await search('100%')).toEqual(['100% Organic']);
      expect(await search('% Org')).toEqual(['100% Organic']);
      expect(await search('Under_score')).toEqual(['Under_score Inc']);
      expect(await search('h \\ C')).toEqual(['Backslash \\ Co']);
      expect(await search('Under%Inc')).toEqual([]);
      expect(await search('%')).toEqual([]);
      expect(await search('_')).toEqual([]);
    });

    it("never finds another partner's customer, by name, domain or tenant id", async () => {
      expect(await search('Only In B')).toEqual([]);
      expect(await search('findme-by-domain-b')).toEqual([]);
      expect(await search(customersB[0]!.tenantId)).toEqual([]);
      const page = await listCustomers(b.agent, { sort: 'name', q: 'alpha' }, { pageSize: 100 });
      expect(page.rows.map((r) => r.id)).toEqual([customersB[0]!.id]);
    });
  });

  describe('filters', () => {
    const cases: [string, Partial<CustomerQuery>, (c: CreatedCustomer) => boolean][] = [
      ['cloud PUBLIC', { cloud: 'PUBLIC' }, (c) => c.cloud === 'PUBLIC'],
      ['cloud US_GOVERNMENT', { cloud: 'US_GOVERNMENT' }, (c) => c.cloud === 'US_GOVERNMENT'],
      ['cloud GERMANY', { cloud: 'GERMANY' }, (c) => c.cloud === 'GERMANY'],
      ['relationship RESELLER', { relationshipToPartner: 'RESELLER' }, (c) => c.relationshipToPartner === 'RESELLER'],
      ['relationship ADVISOR', { relationshipToPartner: 'ADVISOR' }, (c) => c.relationshipToPartner === 'ADVISOR'],
      ['direct NONE', { directRelationship: 'NONE' }, (c) => c.directRelationship === 'NONE'],
      ['direct DECLARED', { directRelationship: 'DECLARED' }, (c) => c.directRelationship === 'DECLARED'],
      ['direct VERIFIED', { directRelationship: 'VERIFIED' }, (c) => c.directRelationship === 'VERIFIED'],
      ['direct REJECTED', { directRelationship: 'REJECTED' }, (c) => c.directRelationship === 'REJECTED'],
      [
        'all three plus a search',
        { cloud: 'PUBLIC', relationshipToPartner: 'RESELLER', directRelationship: 'VERIFIED', q: 'filler' },
        (c) =>
          c.cloud === 'PUBLIC' &&
          c.relationshipToPartner === 'RESELLER' &&
          c.directRelationship === 'VERIFIED' &&
          c.companyName.startsWith('Filler'),
      ],
    ];
    it.each(cases)('%s', async (_label, filters, predicate) => {
      const expected = customersA
        .filter(predicate)
        .map((c) => c.id)
        .sort();
      expect(expected.length).toBeGreaterThan(0);
      const pages = await walkForward(a.agent, { sort: 'name', ...filters }, 4);
      expect(ids(pages).sort()).toEqual(expected);
      expect(pages[0]!.total).toEqual({ count: expected.length, more: false });
    });
  });

  describe('sorting and keyset pages', () => {
    it.each(CUSTOMER_SORTS)('sort %s: pages of 4 cover every row exactly once, in order', async (sort) => {
      const expected = await expectedOrder(a.partnerId, sort);
      expect(expected).toHaveLength(SPECS_A.length);
      const pages = await walkForward(a.agent, { sort }, 4);
      const seen = ids(pages);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(expected);
      expect(pages).toHaveLength(Math.ceil(SPECS_A.length / 4));
      expect(pages[0]!.previousCursor).toBeNull();
      for (const page of pages.slice(1)) expect(page.previousCursor).not.toBeNull();
      for (const page of pages.slice(0, -1)) expect(page.rows).toHaveLength(4);
    });

    it.each(CUSTOMER_SORTS)('sort %s: "previous" from the last page gives back the same pages', async (sort) => {
      const forward = await walkForward(a.agent, { sort }, 6);
      const backward: CustomerListPage[] = [forward.at(-1)!];
      for (let guard = 0; guard < 100 && backward[0]!.previousCursor; guard += 1) {
        backward.unshift(await listCustomers(a.agent, { sort, cursor: decodeCursor(backward[0]!.previousCursor!)! }, { pageSize: 6 }));
      }
      expect(backward.map((page) => page.rows.map((row) => row.id))).toEqual(forward.map((page) => page.rows.map((row) => row.id)));
      // The first page reached backwards knows it is the first, and still offers "next".
      expect(backward[0]!.previousCursor).toBeNull();
      expect(backward[0]!.nextCursor).not.toBeNull();
    });

    it('pages a search whose 1,030 matches come after a window of rows that do not match, in order, both ways', async () => {
      const expected = Array.from({ length: 1030 }, (_, i) => `Zz match ${String(i).padStart(4, '0')}`);
      const pages = await walkForward(clustered.agent, { sort: 'name', q: 'MATCH' }, 25);
      expect(pages[0]!.total).toEqual({ count: 1000, more: true });
      expect(pages.flatMap((page) => page.rows.map((row) => row.companyName))).toEqual(expected);
      const descending = await walkForward(clustered.agent, { sort: '-name', q: 'z match' }, 100);
      expect(descending.flatMap((page) => page.rows.map((row) => row.companyName))).toEqual([...expected].reverse());
      const back = await listCustomers(
        clustered.agent,
        { sort: 'name', q: 'match', cursor: decodeCursor(pages[2]!.previousCursor!)! },
        { pageSize: 25 },
      );
      expect(back.rows.map((row) => row.companyName)).toEqual(expected.slice(25, 50));
    });

    it('puts customers without a next commitment end last in both directions', async () => {
      for (const sort of ['nextCommitmentEnd', '-nextCommitmentEnd'] as const) {
        const rows = (await listCustomers(a.agent, { sort }, { pageSize: 100 })).rows;
        const firstNull = rows.findIndex((row) => row.nextCommitmentEndAt === null);
        expect(firstNull).toBeGreaterThan(0);
        expect(rows.slice(firstNull).every((row) => row.nextCommitmentEndAt === null)).toBe(true);
      }
    });

    it('pages a filtered and searched query in order too', async () => {
      const query: CustomerQuery = { sort: '-created', q: 'LER', relationshipToPartner: 'RESELLER' };
      const expected = customersA
        .filter((c) => c.relationshipToPartner === 'RESELLER' && (c.companyName.toLowerCase().includes('ler') || c.domain.includes('ler')))
        .sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime() || (x.id < y.id ? 1 : -1))
        .map((c) => c.id);
      expect(ids(await walkForward(a.agent, query, 3))).toEqual(expected);
    });

    it('ignores a cursor written for another sort, and starts at the first page', async () => {
      const first = await listCustomers(a.agent, { sort: 'name' }, { pageSize: 3 });
      const other = await listCustomers(a.agent, { sort: 'created', cursor: decodeCursor(first.nextCursor!)! }, { pageSize: 3 });
      const start = await listCustomers(a.agent, { sort: 'created' }, { pageSize: 3 });
      expect(other.rows.map((r) => r.id)).toEqual(start.rows.map((r) => r.id));
    });

    it("a cursor made from another partner's row shows only the viewer's own rows", async () => {
      const foreign = await listCustomers(b.agent, { sort: 'name' }, { pageSize: 1 });
      const page = await listCustomers(a.agent, { sort: 'name', cursor: decodeCursor(foreign.nextCursor!)! }, { pageSize: 100 });
      const own = new Set(customersA.map((c) => c.id));
      expect(page.rows.length).toBeGreaterThan(0);
      expect(page.rows.every((row) => own.has(row.id))).toBe(true);
    });
  });

  describe('counts and empty states', () => {
    it('counts up to 1,000 and then says "more"', async () => {
      const page = await listCustomers(big.agent, { sort: 'name' });
      expect(page.total).toEqual({ count: 1000, more: true });
      expect(page.rows).toHaveLength(25);
      expect(page.rows[0]!.companyName).toBe('Big 0000');
      const some = await listCustomers(big.agent, { sort: 'name', q: 'Big 000' });
      expect(some.total).toEqual({ count: 10, more: false });
    });

    it('tells a partner without customers from a search without matches', async () => {
      const none = await listCustomers(empty.agent, { sort: 'name' });
      expect(none).toMatchObject({
        rows: [],
        nextCursor: null,
        previousCursor: null,
        total: { count: 0, more: false },
        partnerHasCustomers: false,
      });
      const filteredNone = await listCustomers(empty.agent, { sort: 'name', cloud: 'GERMANY' });
      expect(filteredNone.partnerHasCustomers).toBe(false);
      const noMatch = await listCustomers(a.agent, { sort: 'name', q: 'no such customer anywhere' });
      expect(noMatch).toMatchObject({ rows: [], total: { count: 0, more: false }, partnerHasCustomers: true });
    });

    it('refuses a viewer without a partner instead of listing unscoped', async () => {
      const portalAdmin: Viewer = { ...a.admin, role: 'PORTAL_ADMIN', partnerId: null };
      await expect(listCustomers(portalAdmin, { sort: 'name' })).rejects.toBeInstanceOf(MissingPartnerScopeError);
      await expect(exportCustomers(portalAdmin, { sort: 'name' }).next()).rejects.toBeInstanceOf(MissingPartnerScopeError);
      await expect(getCustomerDetail(portalAdmin, customersA[0]!.id)).rejects.toBeInstanceOf(MissingPartnerScopeError);
    });
  });

  describe('export', () => {
    it('reads every matching row in batches, in the list order', async () => {
      for (const query of [{ sort: 'nextCommitmentEnd' as const }, { sort: '-name' as const, cloud: 'PUBLIC' as const }]) {
        const batches: string[][] = [];
        for await (const batch of exportCustomers(a.agent, query, { batchSize: 4 })) batches.push(batch.map((row) => row.id));
        expect(batches.every((batch) => batch.length <= 4)).toBe(true);
        expect(batches.flat()).toEqual(ids(await walkForward(a.agent, query, 5)));
      }
    });

    it('reads all 1,003 rows of a bigger partner, and nothing of another', async () => {
      let count = 0;
      for await (const batch of exportCustomers(big.agent, { sort: 'name' }, { batchSize: 250 })) count += batch.length;
      expect(count).toBe(1003);
      const names: string[] = [];
      for await (const batch of exportCustomers(b.agent, { sort: 'name' })) names.push(...batch.map((row) => row.companyName));
      expect(names).toEqual(['Alpha Labs', 'Only In B', 'Same Name']);
    });
  });

  describe('getCustomerDetail', () => {
    let target: CreatedCustomer;
    beforeAll(async () => {
      const db = testDb();
      target = customersA.find((c) => c.companyName === 'Beta Holdings')!;
      const scope = { partnerId: a.partnerId, customerId: target.id };
      await db.contact.createMany({
        data: [
          { ...scope, name: 'Zoe Billing', email: 'zoe@beta.example', role: 'BILLING', language: 'zh_TW' },
          { ...scope, name: 'Amy Primary', email: 'amy@beta.example', role: 'PRIMARY', language: null },
        ],
      });
      await db.subscription.createMany({
        data: [
          {
            ...scope,
            offerName: 'Later',
            quantity: 5,
            term: 'P1Y',
            billingCycle: 'ANNUAL',
            startDate: day(-300),
            commitmentEndDate: day(65),
          },
          {
            ...scope,
            offerName: 'Sooner',
            quantity: 7,
            status: 'SUSPENDED',
            term: 'P1M',
            billingCycle: 'MONTHLY',
            startDate: day(-20),
            commitmentEndDate: day(10),
            autoRenew: false,
          },
        ],
      });
      await db.relationshipReview.create({
        data: {
          ...scope,
          agreementType: 'Enterprise Agreement',
          evidenceNote: 'On file',
          status: 'APPROVED',
          declaredById: a.admin.userId,
          decidedAt: day(-1),
          decisionNote: 'ok',
          createdAt: day(-3),
        },
      });
      const billing = await db.microsoftCommunication.create({
        data: {
          partnerId: a.partnerId,
          externalId: `MC${randomUUID().slice(0, 6)}`,
          category: 'SUBSCRIPTION_BILLING',
          title: 'Price change notice',
          summary: 's',
          affectedService: 'Microsoft 365',
          classification: 'advisory',
          status: 'serviceOperational',
          startAt: day(-2),
          lastModifiedAt: day(-2),
        },
      });
      const incident = await db.microsoftCommunication.create({
        data: {
          partnerId: a.partnerId,
          externalId: `EX${randomUUID().slice(0, 6)}`,
          category: 'SERVICE_INCIDENT',
          title: 'Mail delays',
          summary: 's',
          affectedService: 'Exchange Online',
          classification: 'incident',
          status: 'serviceRestored',
          isResolved: true,
          startAt: day(-5),
          lastModifiedAt: day(-4),
        },
      });
      await db.communicationAffectedCustomer.createMany({
        data: [
          { ...scope, communicationId: billing.id, category: 'SUBSCRIPTION_BILLING' },
          { ...scope, communicationId: incident.id, category: 'SERVICE_INCIDENT' },
        ],
      });
      await db.notice.create({
        data: {
          partnerId: a.partnerId,
          kind: 'RENEWAL',
          status: 'SCHEDULED',
          subjectEn: 'Your renewal',
          subjectZhTw: '您的續訂',
          recipientRoles: ['BILLING'],
          scheduledAt: day(3),
          customers: { create: [{ customerId: target.id }] },
        },
      });
    });

    it("returns the viewer's own customer with everything the page shows", async () => {
      const detail = await getCustomerDetail(a.agent, target.id);
      expect(detail).not.toBeNull();
      expect(detail!.customer).toMatchObject({
        id: target.id,
        companyName: 'Beta Holdings',
        directRelationship: 'VERIFIED',
        preferredLanguage: 'en',
      });
      expect(detail!.policy).toEqual(policyMatrix({ relationshipToPartner: 'RESELLER', directRelationship: 'VERIFIED', cloud: 'PUBLIC' }));
      expect(detail!.policy.find((e) => e.category === 'NON_CSP_PRODUCTS')?.outcome).toBe('MICROSOFT_DIRECT_NON_CSP');
      expect(detail!.contacts.map((c) => [c.name, c.role, c.language])).toEqual([
        ['Amy Primary', 'PRIMARY', null],
        ['Zoe Billing', 'BILLING', 'zh-TW'],
      ]);
      expect(detail!.subscriptions.map((s) => [s.offerName, s.status, s.autoRenew])).toEqual([
        ['Sooner', 'SUSPENDED', false],
        ['Later', 'ACTIVE', true],
      ]);
      expect(detail!.reviews).toHaveLength(1);
      expect(detail!.reviews[0]).toMatchObject({ status: 'APPROVED', declaredBy: a.admin.name, decisionNote: 'ok' });
      // Newest first; billing to a RESELLER customer is a policy conflict, an incident is not.
      expect(detail!.communications.map((c) => [c.title, c.isConflict])).toEqual([
        ['Price change notice', true],
        ['Mail delays', false],
      ]);
      expect(detail!.notices.map((n) => [n.kind, n.status, n.subjectEn])).toEqual([['RENEWAL', 'SCHEDULED', 'Your renewal']]);
      expect(detail!.truncated).toEqual({ contacts: false, subscriptions: false, reviews: false, communications: false, notices: false });
    });

    it("is null for another partner's customer, an unknown id and a malformed id", async () => {
      expect(await getCustomerDetail(b.agent, target.id)).toBeNull();
      expect(await getCustomerDetail(a.agent, customersB[0]!.id)).toBeNull();
      expect(await getCustomerDetail(a.agent, randomUUID())).toBeNull();
      expect(await getCustomerDetail(a.agent, 'not-a-uuid')).toBeNull();
      expect(await getCustomerDetail(a.agent, "' OR 1=1 --")).toBeNull();
    });

    it('reads the demo data: Wide World Importers is pending review, and Fabrikam cannot see it', async () => {
      const db = testDb();
      const [contoso, fabrikam] = await Promise.all([
        db.partner.findFirstOrThrow({ where: { name: 'Contoso Cloud Partners' }, select: { id: true } }),
        db.partner.findFirstOrThrow({ where: { name: 'Fabrikam Government Solutions' }, select: { id: true } }),
      ]);
      const wideWorld = await db.customer.findFirstOrThrow({ where: { companyName: 'Wide World Importers' }, select: { id: true } });
      const contosoViewer: Viewer = { ...a.agent, partnerId: contoso.id };
      const detail = await getCustomerDetail(contosoViewer, wideWorld.id);
      expect(detail?.reviews[0]?.status).toBe('PENDING');
      expect(detail?.policy.find((e) => e.category === 'NON_CSP_PRODUCTS')).toMatchObject({ outcome: 'PENDING_REVIEW' });
      expect(await getCustomerDetail({ ...a.agent, partnerId: fabrikam.id }, wideWorld.id)).toBeNull();
      const fabrikamList = await listCustomers({ ...a.agent, partnerId: fabrikam.id }, { sort: 'name', q: 'Wide World' });
      expect(fabrikamList.rows).toEqual([]);
    });
  });
});
