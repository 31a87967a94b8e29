// The REST API as a platform, through its own router against the real database: every operation
// answers what the description says (ajv against /api/v1/openapi.json's schemas), customers and
// communications with partner scoping (another partner's id is 404 and changes nothing), pages,
// the ingest of Graph payloads (idempotent), Idempotency-Key, stale If-Match, tokens that are
// revoked or expired, the rate limit (429 with Retry-After, counted in the database, within its
// bound across processes), and the HTTP side writing each answer as the router made it.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiListener } from '../../lib/server/api/app';
import { API_OPERATIONS, openApiDocument } from '../../lib/server/api/routes';
import { addRateCount } from '../../lib/server/data/api-access';
import { RateCounter, rateBatchSize } from '../../lib/domain/rate-counter';
import { PROBLEM_KINDS } from '../../lib/domain/problem';
import { API_SCOPES } from '../../lib/domain/permissions';
import { CUSTOMER_SORTS, decodeCursor, type CustomerQuery } from '../../lib/domain/customer-query';
import { listCustomers } from '../../lib/server/data/customers';
import { testDb } from '../support/factories';
import { apiCall, expectDescribed, makeToken } from '../support/api';
import { GENERAL_CONTENT, createNoticePartner, type NoticeTestCustomer, type NoticeTestPartner } from '../support/notices';

let p: NoticeTestPartner;
let other: NoticeTestPartner;
let tailspin: NoticeTestCustomer;
let adatum: NoticeTestCustomer;
let foreign: NoticeTestCustomer;
let all = '';
let readOnly = '';
let otherToken = '';

beforeAll(async () => {
  p = await createNoticePartner();
  other = await createNoticePartner();
  tailspin = await p.addCustomer({
    name: `Tailspin ${p.suffix}`,
    contacts: [
      { role: 'BILLING', name: 'Bea Billing' },
      { role: 'PRIMARY', name: 'Al Primary' },
      { role: 'TECHNICAL', name: 'Cy Tech' },
    ],
    subscriptions: [{ endsInDays: 30 }, { endsInDays: 60 }, { endsInDays: 90 }],
  });
  adatum = await p.addCustomer({ name: `Adatum ${p.suffix}`, contacts: [{ role: 'BILLING' }], subscriptions: [{ endsInDays: 20 }] });
  for (let i = 0; i < 4; i += 1) await p.addCustomer({ name: `Zeta ${i} ${p.suffix}`, contacts: [{ role: 'BILLING' }] });
  foreign = await other.addCustomer({
    name: `Foreign ${other.suffix}`,
    contacts: [{ role: 'BILLING' }],
    subscriptions: [{ endsInDays: 10 }],
  });
  all = (await makeToken(p.partnerId, [...API_SCOPES])).secret;
  readOnly = (await makeToken(p.partnerId, ['customers:read', 'communications:read', 'notices:read'])).secret;
  otherToken = (await makeToken(other.partnerId, [...API_SCOPES])).secret;
});

afterAll(async () => {
  await p?.cleanup();
  await other?.cleanup();
});

afterEach(() => {
  delete process.env.API_RATE_LIMIT_PER_MINUTE;
});

const tenantOf = async (customerId: string) =>
  (await testDb().customer.findUniqueOrThrow({ where: { id: customerId }, select: { tenantId: true } })).tenantId;

async function problemOf(response: Response, status: number, kind: keyof typeof PROBLEM_KINDS) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const body = (await response.clone().json()) as Record<string, unknown>;
  expect(body.type).toBe(`/api/v1/docs#problem-${kind}`);
  return body;
}

describe('the description', () => {
  it('describes every operation the router serves, each protected one with its scope and the bearer scheme', async () => {
    const document = openApiDocument() as {
      openapi: string;
      paths: Record<string, Record<string, { security?: unknown[]; 'x-required-scope'?: string; responses: Record<string, unknown> }>>;
      components: { securitySchemes: Record<string, { scheme: string }> };
      webhooks: Record<string, unknown>;
    };
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.securitySchemes.apiToken?.scheme).toBe('bearer');
    // The webhook events (lib/server/api/webhooks.ts, WEBHOOK_EVENTS) with their payload schemas.
    expect(Object.keys(document.webhooks)).toEqual(
      expect.arrayContaining(['communication.created', 'notice.sent', 'relationship.decided']),
    );
    const described = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method} ${path}`));
    expect(described.sort()).toEqual(API_OPERATIONS.map((op) => `${op.method} ${op.path}`).sort());
    for (const op of API_OPERATIONS) {
      const item = document.paths[op.path]![op.method]!;
      if (op.scope) {
        expect(item['x-required-scope']).toBe(op.scope);
        expect(item.security).toEqual([{ apiToken: [] }]);
        expect(Object.keys(item.responses)).toEqual(expect.arrayContaining(['401', '403', '429', '500']));
      }
      // Routed: a call never answers "no such path" (an id that is not one is a 404 of the resource, not of the route).
      const path = op.path.replace(/\{\w+\}/g, randomUUID());
      const response = await apiCall(op.method.toUpperCase(), path, { token: all });
      const text = await response.text();
      expect(`${op.method} ${op.path} ${response.status}`).not.toMatch(/ 405$/);
      if (response.status === 404) expect(text).toContain("no such resource for this API token's partner");
    }
  });

  it('answers the description and the reference page without a token; the page loads nothing from elsewhere', async () => {
    const json = await apiCall('GET', '/openapi.json');
    expect(json.status).toBe(200);
    const document = (await expectDescribed(json, 'GET', '/openapi.json')) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toContain('/customers/{customerId}/policy');
    const page = await apiCall('GET', '/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(
      `default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    );
    const html = await page.text();
    for (const kind of Object.keys(PROBLEM_KINDS)) expect(html).toContain(`id="problem-${kind}"`);
    expect(html).toContain('GET</span> <code>/api/v1/customers</code>');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect((await apiCall('GET', '/docs/reference.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('answers an unknown path 404 and a known path with another method 405 with Allow, as problems', async () => {
    await problemOf(await apiCall('GET', '/nothing-here', { token: all }), 404, 'not-found');
    const refused = await apiCall('DELETE', '/customers', { token: all });
    await problemOf(refused, 405, 'method-not-allowed');
    expect(refused.headers.get('allow')).toBe('GET');
    expect((await apiCall('PUT', '/notices', { token: all })).headers.get('allow')).toBe('GET, POST');
  });
});

describe('tokens', () => {
  it('401 without a token, with an unknown, a revoked or an expired one (each its own type); 403 without the scope', async () => {
    const revoked = (await makeToken(p.partnerId, ['customers:read'], { revoked: true })).secret;
    const expired = (await makeToken(p.partnerId, ['customers:read'], { expiresAt: new Date(Date.now() - 1000) })).secret;
    const fresh = (await makeToken(p.partnerId, ['customers:read'], { expiresAt: new Date(Date.now() + 3_600_000) })).secret;
    const none = await apiCall('GET', '/customers');
    await problemOf(none, 401, 'unauthorized');
    await expectDescribed(none, 'GET', '/customers');
    await problemOf(await apiCall('GET', '/customers', { token: 'cpt_nobody' }), 401, 'unauthorized');
    await problemOf(await apiCall('GET', '/customers', { token: revoked }), 401, 'token-revoked');
    const late = await problemOf(await apiCall('GET', '/customers', { token: expired }), 401, 'token-expired');
    expect(late.expiredAt).toEqual(expect.any(String));
    expect((await apiCall('GET', '/customers', { token: fresh })).status).toBe(200);
    const scope = await apiCall('GET', '/communications', { token: fresh });
    expect(await problemOf(scope, 403, 'missing-scope')).toMatchObject({ requiredScope: 'communications:read' });
    await expectDescribed(scope, 'GET', '/communications');
  });
});

describe('customers', () => {
  it('lists the partner’s customers in pages (stable order, no repeats), with filters, search and sorts', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await apiCall('GET', `/customers?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token: all });
      expect(response.status).toBe(200);
      const page = (await expectDescribed(response, 'GET', '/customers')) as {
        data: { id: string; companyName: string }[];
        nextCursor: string | null;
      };
      expect(page.data.length).toBeLessThanOrEqual(3);
      seen.push(...page.data.map((c) => c.companyName));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(6);
    expect(seen).toEqual([...seen].sort((a, b) => (a < b ? -1 : 1)));
    expect(seen).not.toContain(foreign.companyName);
    const searched = (await (
      await apiCall('GET', `/customers?search=${encodeURIComponent(`Tailspin ${p.suffix}`)}`, { token: all })
    ).json()) as {
      data: { id: string }[];
    };
    expect(searched.data.map((c) => c.id)).toEqual([tailspin.id]);
    const byTenant = (await (await apiCall('GET', `/customers?search=${await tenantOf(adatum.id)}`, { token: all })).json()) as {
      data: { id: string }[];
    };
    expect(byTenant.data.map((c) => c.id)).toEqual([adatum.id]);
    const reversed = (await (await apiCall('GET', '/customers?sort=-name&limit=1', { token: all })).json()) as {
      data: { companyName: string }[];
    };
    expect(reversed.data[0]!.companyName).toBe(seen.at(-1));
    const advisors = (await (await apiCall('GET', '/customers?relationshipToPartner=ADVISOR', { token: all })).json()) as {
      data: unknown[];
    };
    expect(advisors.data).toEqual([]);
  });

  it('pages through every sort, with and without a filter, in the /customers page’s order (the API reads fewer columns)', async () => {
    for (const sort of CUSTOMER_SORTS) {
      for (const filter of ['', `&search=${encodeURIComponent(p.suffix)}`, '&cloud=PUBLIC']) {
        const fromApi: string[] = [];
        let cursor: string | null = null;
        do {
          const response = await apiCall('GET', `/customers?sort=${sort}&limit=2${filter}${cursor ? `&cursor=${cursor}` : ''}`, {
            token: all,
          });
          const page = (await expectDescribed(response, 'GET', '/customers')) as { data: { id: string }[]; nextCursor: string | null };
          fromApi.push(...page.data.map((c) => c.id));
          cursor = page.nextCursor;
        } while (cursor);
        const fromPage: string[] = [];
        let query: CustomerQuery = {
          sort,
          ...(filter.startsWith('&search') ? { q: p.suffix } : filter ? { cloud: 'PUBLIC' as const } : {}),
        };
        for (;;) {
          const page = await listCustomers(p.admin, query, { pageSize: 2 });
          fromPage.push(...page.rows.map((row) => row.id));
          if (!page.nextCursor) break;
          query = { ...query, cursor: decodeCursor(page.nextCursor)! };
        }
        expect(fromApi, `${sort}${filter}`).toEqual(fromPage);
        expect(fromApi.length, `${sort}${filter}`).toBeGreaterThanOrEqual(6);
      }
    }
  });

  it('refuses bad parameters with 400 and the fields; a cursor of another sort too', async () => {
    const bad = await apiCall('GET', '/customers?limit=0&cloud=MARS&sort=size', { token: all });
    expect(await problemOf(bad, 400, 'invalid-input')).toMatchObject({
      errors: { limit: 'limitInvalid', cloud: 'invalid', sort: 'invalid' },
    });
    await expectDescribed(bad, 'GET', '/customers');
    const first = (await (await apiCall('GET', '/customers?limit=1', { token: all })).json()) as { nextCursor: string };
    await problemOf(await apiCall('GET', `/customers?sort=-name&cursor=${first.nextCursor}`, { token: all }), 400, 'invalid-input');
    await problemOf(await apiCall('GET', '/customers?cursor=garbage', { token: all }), 400, 'invalid-input');
    await problemOf(await apiCall('GET', '/customers?limit=101', { token: all }), 400, 'invalid-input');
  });

  it('answers one customer, its policy matrix (one entry per category), subscriptions and contacts in pages', async () => {
    const one = await apiCall('GET', `/customers/${tailspin.id}`, { token: readOnly });
    expect(await expectDescribed(one, 'GET', '/customers/{customerId}')).toMatchObject({
      id: tailspin.id,
      companyName: tailspin.companyName,
    });
    const policy = (await expectDescribed(
      await apiCall('GET', `/customers/${tailspin.id}/policy`, { token: all }),
      'GET',
      '/customers/{customerId}/policy',
    )) as {
      customerId: string;
      entries: { category: string; outcome: string; reason: string }[];
    };
    expect(policy.customerId).toBe(tailspin.id);
    expect(policy.entries.map((e) => e.category)).toEqual(['SUBSCRIPTION_BILLING', 'SERVICE_INCIDENT', 'OPERATIONAL', 'NON_CSP_PRODUCTS']);
    expect(policy.entries[0]).toEqual({ category: 'SUBSCRIPTION_BILLING', outcome: 'PARTNER_ONLY', reason: expect.any(String) });

    const subscriptions: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await apiCall('GET', `/customers/${tailspin.id}/subscriptions?limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
        token: all,
      });
      const page = (await expectDescribed(response, 'GET', '/customers/{customerId}/subscriptions')) as {
        data: { id: string; commitmentEndDate: string }[];
        nextCursor: string | null;
      };
      subscriptions.push(...page.data.map((s) => s.commitmentEndDate));
      cursor = page.nextCursor;
    } while (cursor);
    expect(subscriptions).toHaveLength(3);
    expect(subscriptions).toEqual([...subscriptions].sort());

    const contacts = await apiCall('GET', `/customers/${tailspin.id}/contacts?limit=2`, { token: all });
    const page1 = (await expectDescribed(contacts, 'GET', '/customers/{customerId}/contacts')) as {
      data: { name: string }[];
      nextCursor: string;
    };
    const page2 = (await (
      await apiCall('GET', `/customers/${tailspin.id}/contacts?limit=2&cursor=${page1.nextCursor}`, { token: all })
    ).json()) as {
      data: { name: string }[];
      nextCursor: null;
    };
    expect([...page1.data, ...page2.data].map((c) => c.name)).toEqual(['Al Primary', 'Bea Billing', 'Cy Tech']);
    expect(page2.nextCursor).toBeNull();
  });

  it("answers another partner's customer exactly like an unknown one (404), on every customer path", async () => {
    for (const suffix of ['', '/policy', '/subscriptions', '/contacts']) {
      const foreignAnswer = await apiCall('GET', `/customers/${foreign.id}${suffix}`, { token: all });
      const unknownAnswer = await apiCall('GET', `/customers/${randomUUID()}${suffix}`, { token: all });
      const a = await problemOf(foreignAnswer, 404, 'not-found');
      const b = await problemOf(unknownAnswer, 404, 'not-found');
      expect(a).toEqual(b);
      await problemOf(await apiCall('GET', `/customers/not-an-id${suffix}`, { token: all }), 404, 'not-found');
    }
    await expectDescribed(await apiCall('GET', `/customers/${foreign.id}`, { token: all }), 'GET', '/customers/{customerId}');
  });
});

/** A Graph serviceHealthIssue as Graph returns it, with fields the portal does not know. */
function healthIssue(id: string, tenantIds: string[], lastModified = '2026-11-23T09:15:00Z') {
  return {
    '@odata.type': '#microsoft.graph.serviceHealthIssue',
    '@odata.etag': 'W/"abc"',
    id,
    title: 'Users may be unable to open shared mailboxes',
    impactDescription: null,
    classification: 'incident',
    status: 'investigating',
    service: 'Exchange Online',
    feature: 'E-Mail and calendar access',
    featureGroup: null,
    origin: 'microsoft',
    startDateTime: '2026-11-23T07:40:00Z',
    endDateTime: null,
    lastModifiedDateTime: lastModified,
    isResolved: false,
    highImpact: null,
    someFutureField: { nested: [1, 2, 3] },
    details: [{ name: 'NotifyInApp', value: 'True' }],
    posts: [
      {
        createdDateTime: '2026-11-23T08:05:00Z',
        postType: 'regular',
        description: { contentType: 'html', content: '<p>Title: Shared mailboxes</p><p>User impact: <b>errors</b> &amp; delays.</p>' },
      },
    ],
    affectedTenantIds: tenantIds,
  };
}

function updateMessage(id: string, tenantIds: string[], tags: string[]) {
  return {
    '@odata.type': '#microsoft.graph.serviceUpdateMessage',
    id,
    title: 'Changes to license assignment reports',
    category: 'stayInformed',
    severity: 'normal',
    services: ['Microsoft 365 suite'],
    tags,
    isMajorChange: false,
    actionRequiredByDateTime: null,
    attachmentsArchive: null,
    hasAttachments: false,
    viewPoint: null,
    startDateTime: '2026-11-21T00:00:00Z',
    endDateTime: null,
    lastModifiedDateTime: '2026-11-21T00:00:00Z',
    details: [],
    body: { contentType: 'html', content: '<p>License counts per billing cycle.</p>' },
    affectedTenantIds: tenantIds,
  };
}

describe('communications', () => {
  const health = `EX${Math.floor(Math.random() * 1e6)}`;
  const billing = `MC${Math.floor(Math.random() * 1e6)}`;

  it('ingests Graph payloads as Graph returns them: created, then unchanged, then updated; unknown tenants reported', async () => {
    const tenants = [await tenantOf(tailspin.id), await tenantOf(adatum.id)];
    const stranger = randomUUID();
    const payload = {
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#x',
      value: [healthIssue(health, [...tenants, stranger]), updateMessage(billing, [tenants[0]!], ['Billing'])],
    };
    const first = await apiCall('POST', '/communications', { token: all, body: payload });
    expect(first.status).toBe(200);
    expect(await expectDescribed(first, 'POST', '/communications')).toEqual({
      created: [health, billing],
      updated: [],
      unchanged: [],
      skippedOlder: [],
      unknownTenants: [{ externalId: health, tenantIds: [stranger] }],
    });
    const again = (await (await apiCall('POST', '/communications', { token: all, body: payload })).json()) as Record<string, unknown>;
    expect(again).toMatchObject({ created: [], updated: [], unchanged: [health, billing] });
    const one = (await (
      await apiCall('POST', '/communications', { token: all, body: healthIssue(health, [tenants[0]!], '2026-11-24T00:00:00Z') })
    ).json()) as Record<string, unknown>;
    expect(one).toMatchObject({ created: [], updated: [health] });
    const rows = await testDb().microsoftCommunication.findMany({
      where: { partnerId: p.partnerId, externalId: { in: [health, billing] } },
      select: { externalId: true, category: true },
    });
    expect(Object.fromEntries(rows.map((r) => [r.externalId, r.category]))).toEqual({
      [health]: 'SERVICE_INCIDENT',
      [billing]: 'SUBSCRIPTION_BILLING',
    });
    const audit = await testDb().auditEvent.findFirst({
      where: { partnerId: p.partnerId, action: 'communications.imported' },
      orderBy: { id: 'desc' },
      select: { actorLabel: true, actorId: true },
    });
    expect(audit?.actorLabel).toMatch(/^api-token:/);
    expect(audit?.actorId).toBeNull();
  });

  it('refuses a bad record whole (400 naming record and field) and a token without communications:write (403); nothing changes', async () => {
    const before = await testDb().microsoftCommunication.count({ where: { partnerId: p.partnerId } });
    const bad = await apiCall('POST', '/communications', {
      token: all,
      body: { value: [healthIssue(`EX${Date.now()}`, []), { ...healthIssue('EX1', []), startDateTime: 'yesterday' }] },
    });
    const problem = await problemOf(bad, 400, 'invalid-input');
    expect(Object.keys(problem.errors as object)).toEqual(['value[1].startDateTime']);
    await expectDescribed(bad, 'POST', '/communications');
    await problemOf(
      await apiCall('POST', '/communications', { token: readOnly, body: healthIssue(`EX${Date.now()}`, []) }),
      403,
      'missing-scope',
    );
    await problemOf(
      await apiCall('POST', '/communications', { token: all, body: 'not json', headers: { 'content-type': 'application/json' } }),
      400,
      'invalid-json',
    );
    await problemOf(
      await apiCall('POST', '/communications', { token: all, body: '{}', headers: { 'content-type': 'text/plain' } }),
      415,
      'unsupported-media-type',
    );
    expect(await testDb().microsoftCommunication.count({ where: { partnerId: p.partnerId } })).toBe(before);
  });

  it('lists with the page filters, and answers one with its affected customers, the policy outcome and the conflict flag', async () => {
    const list = await apiCall('GET', '/communications?category=SUBSCRIPTION_BILLING&limit=5', { token: all });
    const page = (await expectDescribed(list, 'GET', '/communications')) as {
      data: { id: string; externalId: string; conflictCount: number }[];
    };
    expect(page.data.map((c) => c.externalId)).toEqual([billing]);
    expect(page.data[0]!.conflictCount).toBe(1);
    const detail = await apiCall('GET', `/communications/${page.data[0]!.id}`, { token: readOnly });
    const body = (await expectDescribed(detail, 'GET', '/communications/{communicationId}')) as {
      affectedCustomers: Record<string, unknown>[];
    };
    expect(body.affectedCustomers).toEqual([expect.objectContaining({ id: tailspin.id, outcome: 'PARTNER_ONLY', isConflict: true })]);
    await problemOf(await apiCall('GET', '/communications?category=WEATHER&from=2026-13-01', { token: all }), 400, 'invalid-input');
    await problemOf(await apiCall('GET', '/communications?from=2026-11-02&to=2026-11-01', { token: all }), 400, 'invalid-input');
    // Another partner's communication is not found; its token sees none of this partner's.
    await problemOf(await apiCall('GET', `/communications/${page.data[0]!.id}`, { token: otherToken }), 404, 'not-found');
    const theirs = (await (await apiCall('GET', '/communications?limit=100', { token: otherToken })).json()) as {
      data: { externalId: string }[];
    };
    expect(theirs.data.map((c) => c.externalId)).not.toContain(billing);
  });
});

describe('Idempotency-Key', () => {
  const noticeBody = () => ({
    kind: 'GENERAL',
    content: GENERAL_CONTENT,
    target: { mode: 'customers', customerIds: [tailspin.id] },
    recipientRoles: ['BILLING'],
  });

  it('POST /notices: the same key and body answer the first notice again and create nothing; another body is 422', async () => {
    const key = randomUUID();
    const count = () => testDb().notice.count({ where: { partnerId: p.partnerId } });
    const before = await count();
    const first = await apiCall('POST', '/notices', { token: all, body: noticeBody(), headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    const created = (await expectDescribed(first, 'POST', '/notices')) as { id: string };
    // The same body with its keys in another order is the same request.
    const { kind, ...rest } = noticeBody();
    const again = await apiCall('POST', '/notices', { token: all, body: { ...rest, kind }, headers: { 'idempotency-key': key } });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('location')).toBe(`/api/v1/notices/${created.id}`);
    expect(((await again.json()) as { id: string }).id).toBe(created.id);
    expect(await count()).toBe(before + 1);
    const other = await apiCall('POST', '/notices', {
      token: all,
      body: { ...noticeBody(), kind: 'BILLING' },
      headers: { 'idempotency-key': key },
    });
    await problemOf(other, 422, 'idempotency-key-reused');
    await expectDescribed(other, 'POST', '/notices');
    expect(await count()).toBe(before + 1);
    // Keys are the token's own: another token may use the same key for its own request.
    const second = (await makeToken(p.partnerId, ['notices:write'])).secret;
    expect((await apiCall('POST', '/notices', { token: second, body: noticeBody(), headers: { 'idempotency-key': key } })).status).toBe(
      201,
    );
    await problemOf(
      await apiCall('POST', '/notices', { token: all, body: noticeBody(), headers: { 'idempotency-key': 'ä'.repeat(3) } }),
      400,
      'invalid-input',
    );
  });

  it('a refused request frees its key (nothing was done); a key held by a running request is 409 with Retry-After', async () => {
    const key = randomUUID();
    const bad = await apiCall('POST', '/notices', {
      token: all,
      body: { ...noticeBody(), kind: 'NOPE' },
      headers: { 'idempotency-key': key },
    });
    expect(bad.status).toBe(400);
    expect(await testDb().apiIdempotencyKey.count({ where: { key } })).toBe(0);
    // A request that holds the key right now (as one still running would).
    const token = await testDb().apiToken.findFirstOrThrow({
      where: { partnerId: p.partnerId, scopes: { has: 'webhooks:manage' }, revokedAt: null },
      select: { id: true },
    });
    const busy = randomUUID();
    const fingerprintless = await apiCall('POST', '/notices', { token: all, body: noticeBody(), headers: { 'idempotency-key': busy } });
    expect(fingerprintless.status).toBe(201);
    await testDb().apiIdempotencyKey.updateMany({
      where: { tokenId: token.id, key: busy },
      data: { responseStatus: null, lockedUntil: new Date(Date.now() + 60_000) },
    });
    const running = await apiCall('POST', '/notices', { token: all, body: noticeBody(), headers: { 'idempotency-key': busy } });
    await problemOf(running, 409, 'idempotency-key-in-use');
    expect(Number(running.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('POST …/send: sent once; the same key again answers the same notice without sending twice', async () => {
    const created = (await (await apiCall('POST', '/notices', { token: all, body: noticeBody() })).json()) as { id: string };
    const key = randomUUID();
    const first = await apiCall('POST', `/notices/${created.id}/send`, { token: all, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(200);
    const sent = (await expectDescribed(first, 'POST', '/notices/{noticeId}/send')) as { status: string; version: number };
    expect(sent.status).toBe('SENDING');
    const deliveries = await testDb().noticeDelivery.count({ where: { noticeId: created.id } });
    const again = await apiCall('POST', `/notices/${created.id}/send`, { token: all, headers: { 'idempotency-key': key } });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { version: number }).version).toBe(sent.version);
    expect(await testDb().noticeDelivery.count({ where: { noticeId: created.id } })).toBe(deliveries);
    // Without the key, a second send is the life cycle's 409.
    await problemOf(await apiCall('POST', `/notices/${created.id}/send`, { token: all }), 409, 'transition-not-allowed');
  });

  it('a stale If-Match is 412 with the current ETag, and nothing changes', async () => {
    const created = (await (await apiCall('POST', '/notices', { token: all, body: noticeBody() })).json()) as {
      id: string;
      version: number;
    };
    const stale = await apiCall('PATCH', `/notices/${created.id}`, {
      token: all,
      body: { kind: 'BILLING' },
      headers: { 'if-match': `"${created.version + 5}"` },
    });
    expect(await problemOf(stale, 412, 'stale-version')).toMatchObject({ currentVersion: created.version });
    expect(stale.headers.get('etag')).toBe(`"${created.version}"`);
    await expectDescribed(stale, 'PATCH', '/notices/{noticeId}');
    const row = await testDb().notice.findUniqueOrThrow({ where: { id: created.id }, select: { kind: true, version: true } });
    expect(row).toEqual({ kind: 'GENERAL', version: created.version });
  });
});

describe('rate limit', () => {
  it('answers RateLimit-* on every answer and 429 with Retry-After past the limit, per token, counted in the database', async () => {
    process.env.API_RATE_LIMIT_PER_MINUTE = '3';
    const limited = await makeToken(p.partnerId, ['customers:read']);
    const first = await apiCall('GET', '/customers?limit=1', { token: limited.secret });
    expect(first.status).toBe(200);
    expect([first.headers.get('ratelimit-limit'), first.headers.get('ratelimit-remaining')]).toEqual(['3', '2']);
    // The token has used its 3 requests of this minute (and of the next, should the minute turn meanwhile).
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    for (const start of [minute, minute + 60_000]) {
      await testDb().apiRateWindow.upsert({
        where: { subject_windowStart: { subject: `token:${limited.id}`, windowStart: new Date(start) } },
        create: { subject: `token:${limited.id}`, windowStart: new Date(start), count: 3 },
        update: { count: 3 },
      });
    }
    const refused = await apiCall('GET', '/customers?limit=1', { token: limited.secret });
    await problemOf(refused, 429, 'rate-limited');
    const retry = Number(refused.headers.get('retry-after'));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect(refused.headers.get('ratelimit-reset')).toBe(String(retry));
    await expectDescribed(refused, 'GET', '/customers');
    // Another token of the same partner has a count of its own.
    const another = (await makeToken(p.partnerId, ['customers:read'])).secret;
    expect((await apiCall('GET', '/customers?limit=1', { token: another })).status).toBe(200);
    // Without a usable token, requests count against the client address.
    const windows = await testDb().apiRateWindow.findMany({ where: { subject: { startsWith: 'address:' } }, select: { subject: true } });
    expect(windows.length).toBeGreaterThan(0);
  });
});

describe('the HTTP side', () => {
  it('writes every answer byte for byte as the router made it (JSON, problems, HTML, HEAD)', async () => {
    const listener = createApiListener();
    const server = createServer((request, response) => void listener(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    // Headers that differ from one answer to the next by nature.
    const varying = new Set(['date', 'connection', 'keep-alive', 'ratelimit-remaining', 'ratelimit-reset', 'retry-after']);
    const shape = async (response: Response) => ({
      status: response.status,
      headers: [...response.headers].filter(([name]) => !varying.has(name)),
      body: await response.text(),
    });
    try {
      for (const [method, path, token] of [
        ['GET', '/customers?limit=2', all],
        ['GET', `/customers/${tailspin.id}`, all],
        ['GET', '/customers?limit=0', all],
        ['GET', '/customers', null],
        ['GET', '/customers', 'cpt_unknown'],
        ['GET', '/nowhere', all],
        ['DELETE', '/customers', all],
        ['GET', '/openapi.json', null],
        ['GET', '/docs', null],
        ['HEAD', '/customers?limit=2', all],
      ] as const) {
        const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
        const viaRouter = await shape(await apiCall(method, path, { token }));
        const viaHttp = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, { method, headers });
        const written = await shape(viaHttp);
        // What the router's Response does not carry: the length (node:http and @hono/node-server add it).
        expect({ ...written, headers: written.headers.filter(([name]) => name !== 'content-length') }, `${method} ${path}`).toEqual(
          viaRouter,
        );
        if (method !== 'HEAD')
          expect(viaHttp.headers.get('content-length'), `${method} ${path}`).toBe(String(Buffer.byteLength(written.body)));
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('rate limit across processes', () => {
  it('several processes counting on one table allow at most limit + N × (batch − 1), and the table holds every request', async () => {
    const limit = 600;
    const processes = 3;
    const subject = `token:${randomUUID()}`;
    const window = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const counters = Array.from({ length: processes }, () => new RateCounter(addRateCount));
    // 900 requests, 30 at a time spread over the processes, as integrations behind a load balancer send them.
    const decisions: boolean[] = [];
    for (let burst = 0; burst < 30; burst += 1) {
      const counts = await Promise.all(
        Array.from({ length: 30 }, (_, i) => counters[(burst + i) % processes]!.count(subject, window, limit)),
      );
      decisions.push(...counts.map((count) => count <= limit));
    }
    await Promise.all(counters.map((counter) => counter.flush(window, 60_000)));
    const allowed = decisions.filter(Boolean).length;
    expect(allowed).toBeGreaterThanOrEqual(limit);
    expect(allowed).toBeLessThanOrEqual(limit + processes * (rateBatchSize(limit) - 1));
    const row = await testDb().apiRateWindow.findUniqueOrThrow({
      where: { subject_windowStart: { subject, windowStart: window } },
      select: { count: true },
    });
    expect(row.count).toBe(900);
  });
});
