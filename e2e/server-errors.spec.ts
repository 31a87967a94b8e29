import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { expect, request as newContext, test, type APIRequestContext } from '@playwright/test';
import { DEMO_PASSWORD, sql } from './support/db';
import { DEMO_USERS } from './support/fixtures';

// No request makes the portal answer a server error: every route of app/ (pages, route handlers,
// the REST API) with random path segments (real ids, other ids, text, broken percent-encoding),
// query strings and headers, signed out and signed in. fast-check picks the requests and
// shrinks a failure to the smallest request that still fails. FUZZ_RUNS sets the requests per
// route and identity (16: about a minute here).

type Method = 'GET' | 'HEAD' | 'POST' | 'PATCH' | 'DELETE';
type Route = { methods: readonly Method[]; notFuzzed?: Partial<Record<Method, string>> };

/**
 * Every route and the methods it answers (pages answer GET, and POST for their server actions).
 * A route of app/ missing here, or a method of a route handler, fails the first test.
 */
const APP_ROUTES: Record<string, Route> = {
  '/': { methods: ['GET'] },
  '/signin': { methods: ['GET', 'POST'] },
  '/signout': { methods: ['GET', 'POST'] },
  '/dashboard': { methods: ['GET'] },
  '/customers': { methods: ['GET'] },
  '/customers/new': { methods: ['GET', 'POST'] },
  '/customers/import': { methods: ['GET'] },
  '/customers/import/preview': { methods: ['POST'] },
  '/customers/import/apply': { methods: ['POST'] },
  '/customers/import/samples/[file]': { methods: ['GET'] },
  '/customers/export.csv': { methods: ['GET'] },
  '/customers/[customerId]': { methods: ['GET', 'POST'] },
  '/customers/[customerId]/edit': { methods: ['GET', 'POST'] },
  '/customers/[customerId]/relationship': { methods: ['GET', 'POST'] },
  '/customers/[customerId]/contacts/new': { methods: ['GET', 'POST'] },
  '/customers/[customerId]/contacts/[contactId]/edit': { methods: ['GET', 'POST'] },
  '/customers/[customerId]/subscriptions/new': { methods: ['GET', 'POST'] },
  '/customers/[customerId]/subscriptions/[subscriptionId]/edit': { methods: ['GET', 'POST'] },
  '/communications': { methods: ['GET'] },
  '/communications/[communicationId]': { methods: ['GET'] },
  '/notices': { methods: ['GET'] },
  '/notices/new': { methods: ['GET', 'POST'] },
  '/notices/renewals': { methods: ['GET', 'POST'] },
  '/notices/[noticeId]': { methods: ['GET', 'POST'] },
  '/notices/[noticeId]/edit': { methods: ['GET', 'POST'] },
  '/notices/[noticeId]/preview': { methods: ['GET'] },
  '/notices/[noticeId]/deliveries.csv': { methods: ['GET'] },
  '/settings/notices': { methods: ['GET', 'POST'] },
  '/settings/notices/templates/new': { methods: ['GET', 'POST'] },
  '/settings/notices/templates/[templateId]': { methods: ['GET', 'POST'] },
  '/settings/notices/service-updates': { methods: ['GET', 'POST'] },
  '/settings/notices/service-updates/new': { methods: ['GET', 'POST'] },
  '/settings/notices/service-updates/[ruleId]': { methods: ['GET', 'POST'] },
  '/settings/profile': { methods: ['GET', 'POST'] },
  '/settings/microsoft': { methods: ['GET', 'POST'] },
  '/settings/microsoft/categories': { methods: ['GET', 'POST'] },
  '/settings/security': { methods: ['GET', 'POST'] },
  '/settings/api-tokens': { methods: ['GET', 'POST'] },
  '/settings/users': { methods: ['GET', 'POST'] },
  '/invitations/[token]': { methods: ['GET', 'POST'] },
  '/forgot-password': { methods: ['GET', 'POST'] },
  '/reset-password/[token]': { methods: ['GET', 'POST'] },
  '/settings/webhooks': { methods: ['GET', 'POST'] },
  '/settings/webhooks/[endpointId]': { methods: ['GET', 'POST'] },
  '/settings/embed': { methods: ['GET', 'POST'] },
  '/embed/dashboard': { methods: ['GET'] },
  '/admin/partners': { methods: ['GET', 'POST'] },
  '/admin/relationships': { methods: ['GET', 'POST'] },
  '/admin/audit': { methods: ['GET'] },
  '/admin/audit/export.csv': { methods: ['GET'] },
  '/api/health': { methods: ['GET'] },
  '/api/auth/[...nextauth]': {
    methods: ['GET'],
    notFuzzed: { POST: 'failed sign-ins from this address would throttle the other specs; the sign-in specs cover it' },
  },
  '/icon.svg': { methods: ['GET'] },
};

/**
 * The REST API's operations, answered by the launcher's own router (lib/server/api/app.ts), not
 * by app/: checked against the description the running portal serves.
 */
const API_ROUTES: Record<string, Route> = {
  '/api/v1/customers': { methods: ['GET'] },
  '/api/v1/customers/[customerId]': { methods: ['GET'] },
  '/api/v1/customers/[customerId]/policy': { methods: ['GET'] },
  '/api/v1/customers/[customerId]/subscriptions': { methods: ['GET'] },
  '/api/v1/customers/[customerId]/contacts': { methods: ['GET'] },
  '/api/v1/communications': { methods: ['GET', 'POST'] },
  '/api/v1/communications/[communicationId]': { methods: ['GET'] },
  '/api/v1/notices': { methods: ['GET', 'POST'] },
  '/api/v1/notices/[noticeId]': { methods: ['GET', 'PATCH'] },
  '/api/v1/notices/[noticeId]/deliveries': { methods: ['GET'] },
  '/api/v1/notices/[noticeId]/schedule': { methods: ['POST'] },
  '/api/v1/notices/[noticeId]/send': { methods: ['POST'] },
  '/api/v1/notices/[noticeId]/cancel': { methods: ['POST'] },
  '/api/v1/openapi.json': { methods: ['GET'] },
  '/api/v1/docs': { methods: ['GET'] },
  '/api/v1/docs/reference.css': { methods: ['GET'] },
  '/api/v1/webhooks': { methods: ['GET', 'POST'] },
  '/api/v1/webhooks/[webhookId]': { methods: ['DELETE'] },
};

const ROUTES: Record<string, Route> = { ...APP_ROUTES, ...API_ROUTES };

/** The routes of app/ and their methods: pages (GET, POST when the page has a form), route handlers (their exports), metadata files. */
function routesInApp(dir = 'app', prefix = ''): Record<string, Method[]> {
  const found: Record<string, Method[]> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const segment = /^\(.*\)$/.test(entry.name) ? '' : `/${entry.name}`;
      Object.assign(found, routesInApp(full, prefix + segment));
    } else if (entry.name === 'page.tsx') {
      found[prefix || '/'] = ['GET'];
    } else if (entry.name === 'route.ts') {
      const source = readFileSync(full, 'utf8');
      const methods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((method) =>
        new RegExp(`export (async function|const) ${method}\\b|as ${method}\\b`).test(source),
      );
      found[prefix || '/'] = methods as Method[];
    } else if (/^(icon|apple-icon|favicon|robots|sitemap|manifest)\./.test(entry.name)) {
      found[`${prefix}/${entry.name}`] = ['GET'];
    }
  }
  return found;
}

const BASE = `http://localhost:${process.env.E2E_PORT ?? 3100}`;
const RUNS = Number(process.env.FUZZ_RUNS ?? 16);

test('every route of app/ is listed, with its methods', () => {
  const inApp = routesInApp();
  expect(Object.keys(inApp).sort()).toEqual(Object.keys(APP_ROUTES).sort());
  for (const [route, methods] of Object.entries(inApp)) {
    const listed = APP_ROUTES[route]!;
    const handled = [...listed.methods, ...(Object.keys(listed.notFuzzed ?? {}) as Method[])];
    // A page answers GET; its server actions are POSTs to it (listed, not discovered).
    const expected =
      methods.length === 1 && methods[0] === 'GET' && !route.startsWith('/api/') ? handled.filter((m) => m !== 'POST') : handled;
    expect(expected.sort(), route).toEqual([...methods].sort());
  }
});

test("every operation of the REST API's description is listed, with its methods", async ({ request }) => {
  const document = (await (await request.get(`${BASE}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
  const described = Object.entries(document.paths).flatMap(([route, item]) =>
    Object.keys(item).map((method) => `${method.toUpperCase()} /api/v1${route.replace(/\{(\w+)\}/g, '[$1]')}`),
  );
  const listed = Object.entries(API_ROUTES).flatMap(([route, { methods }]) => methods.map((method) => `${method} ${route}`));
  expect(listed.sort()).toEqual(described.sort());
});

// ------------------------------------------------------------------------------------------
// What a request is made of

/** Real ids of the seeded data (Contoso's, and one of Fabrikam's), per dynamic segment. */
async function realIds(): Promise<Record<string, string[]>> {
  const ids = async (query: string) => (await sql<{ id: string }>(query)).map((row) => row.id);
  const contoso = `(SELECT id FROM "Partner" WHERE name = 'Contoso Cloud Partners')`;
  return {
    customerId: await ids(`(SELECT id::text FROM "Customer" WHERE "partnerId" = ${contoso} ORDER BY "companyName" LIMIT 4)
      UNION ALL (SELECT id::text FROM "Customer" WHERE "partnerId" <> ${contoso} LIMIT 1)`),
    contactId: await ids(`SELECT id::text FROM "Contact" ORDER BY email LIMIT 4`),
    subscriptionId: await ids(`SELECT id::text FROM "Subscription" ORDER BY "offerName" LIMIT 4`),
    communicationId: await ids(`SELECT id::text FROM "MicrosoftCommunication" ORDER BY "externalId" LIMIT 4`),
    noticeId: await ids(`SELECT DISTINCT ON (status) id::text FROM "Notice" ORDER BY status, "createdAt"`),
    templateId: await ids(`SELECT id::text FROM "NoticeTemplate" ORDER BY name LIMIT 4`),
    // Webhook endpoints exist only while a spec has made one: a fresh id stands in.
    endpointId: await ids(`(SELECT id::text FROM "WebhookEndpoint" LIMIT 3) UNION ALL SELECT gen_random_uuid()::text`),
    webhookId: await ids(`(SELECT id::text FROM "WebhookEndpoint" LIMIT 3) UNION ALL SELECT gen_random_uuid()::text`),
    // None until a spec makes one: then a random id stands in.
    ruleId: [...(await ids(`SELECT id::text FROM "ServiceUpdateRule" ORDER BY name LIMIT 4`)), '00000000-0000-4000-8000-000000000000'],
    file: ['customers.csv', 'contacts.csv', 'subscriptions.csv'],
    // Link tokens are never stored: any token is as good as a real one for a page that finds none.
    token: ['cpi_unknown', 'cpr_unknown'],
    nextauth: ['session', 'csrf', 'providers', 'signin', 'signout', 'error', 'callback/credentials', 'signin/credentials'],
  };
}

const BROKEN = ['%ff', '%ff%fe', '%E0%A4%A', '%', '%zz', '%C0%AF', '%ED%A0%80', '%00', '%2F', '%2e%2e', '..', '.', '%25', '%E5%8F'];
const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 40 });
const text = fc.oneof(printable, fc.string({ maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 12 }));
/** One path segment or query value as it goes on the wire: encoded text, or broken encoding. */
const wire = fc.oneof(
  text.map(encodeURIComponent),
  fc.constantFrom(...BROKEN),
  fc.tuple(printable.map(encodeURIComponent), fc.constantFrom(...BROKEN)).map(([a, b]) => a + b),
);

function segmentOf(ids: string[]) {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...ids) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.uuid().map((id) => id.toUpperCase()) },
    { weight: 3, arbitrary: wire },
  );
}

const QUERY_NAMES = [
  'q',
  'cloud',
  'relationshipToPartner',
  'directRelationship',
  'sort',
  'page',
  'cursor',
  'limit',
  'status',
  'kind',
  'category',
  'service',
  'customerId',
  'from',
  'to',
  'deliveryStatus',
  'deliveryCursor',
  'withinDays',
  'templateId',
  'communicationId',
  'update',
  'saved',
  'callbackUrl',
  'error',
  'decided',
  'review',
  'token',
  '_rsc',
];
const query = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_NAMES), text.map(encodeURIComponent)), fc.oneof(wire, fc.constant(''))), {
    maxLength: 4,
  })
  .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([name, value]) => `${name}=${value}`).join('&')}`));

const HEADER_NAMES = [
  'accept',
  'accept-language',
  'content-type',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  'x-request-id',
  'x-portal-client',
  'x-portal-path',
  'x-nonce',
  'rsc',
  'next-router-prefetch',
  'next-router-state-tree',
  'next-url',
  'next-action',
  'if-match',
  'if-none-match',
  'range',
  'origin',
  'referer',
  'sec-fetch-dest',
  'authorization',
];
const headerValue = fc.oneof(
  printable,
  fc.constantFrom(
    '1',
    '*',
    'text/html',
    'application/json',
    'multipart/form-data; boundary=x',
    'zh-TW',
    'en;q=0.5, *',
    'https',
    '"3"',
    'W/"3"',
  ),
  fc.constantFrom(...BROKEN),
);
const headers = fc.dictionary(fc.constantFrom(...HEADER_NAMES), headerValue, { maxKeys: 4 });
const body = fc.oneof(
  fc.constant(undefined),
  printable,
  fc.json({ maxDepth: 2 }),
  fc.constantFrom('--x\r\nContent-Disposition: form-data; name="file"\r\n\r\n', '{"kind":'),
);

/** The demo token, for safe methods only: a POST with it and a real id could send a seeded notice. */
const API_TOKEN = 'Bearer cpt_demo_contoso_token_0001';

function requestArbitrary(route: string, ids: Record<string, string[]>, options: { cookies: boolean }) {
  const { methods } = ROUTES[route]!;
  const segments = [...route.matchAll(/\[(?:\.\.\.)?(\w+)\]/g)].map((match) => match[1]!);
  return fc
    .record({
      method: fc.constantFrom(...methods),
      params: fc.tuple(...segments.map((name) => segmentOf(ids[name] ?? ['x']))),
      query,
      headers,
      body,
      token: fc.boolean(),
      cookie: options.cookies
        ? fc.option(fc.tuple(fc.constantFrom('portal-locale', 'next-auth.session-token', 'portal-request-id'), printable))
        : fc.constant(null),
    })
    .map(({ method, params, query: search, headers: given, body: content, token, cookie }) => {
      let index = 0;
      const url = route.replace(/\[(?:\.\.\.)?\w+\]/g, () => params[index++]!) + search;
      const sent: Record<string, string> = { ...given };
      if (token && (method === 'GET' || method === 'HEAD')) sent.authorization = API_TOKEN;
      else if (sent.authorization === API_TOKEN) delete sent.authorization;
      if (cookie) sent.cookie = `${cookie[0]}=${encodeURIComponent(cookie[1])}`;
      return { method, url, headers: sent, body: method === 'GET' || method === 'HEAD' ? undefined : content };
    });
}

async function signedIn(email: string): Promise<APIRequestContext> {
  const context = await newContext.newContext({ baseURL: BASE });
  const { csrfToken } = (await (await context.get('/api/auth/csrf')).json()) as { csrfToken: string };
  await context.post('/api/auth/callback/credentials', { form: { csrfToken, email, password: DEMO_PASSWORD }, maxRedirects: 0 });
  const session = (await (await context.get('/api/auth/session')).json()) as { user?: { email?: string } };
  expect(session.user?.email).toBe(email);
  return context;
}

const IDENTITIES = [
  { name: 'signed out', open: () => newContext.newContext({ baseURL: BASE }), cookies: true },
  { name: `signed in as ${DEMO_USERS.alice.email} (partner admin)`, open: () => signedIn(DEMO_USERS.alice.email), cookies: false },
  { name: `signed in as ${DEMO_USERS.admin.email} (portal admin)`, open: () => signedIn(DEMO_USERS.admin.email), cookies: false },
];

for (const identity of IDENTITIES) {
  test(`no route answers a server error, ${identity.name}`, async () => {
    test.setTimeout(180_000);
    const ids = await realIds();
    const context = await identity.open();
    let requests = 0;
    try {
      for (const route of Object.keys(ROUTES)) {
        await fc.assert(
          fc.asyncProperty(requestArbitrary(route, ids, identity), async (sent) => {
            requests += 1;
            const response = await context.fetch(sent.url, {
              method: sent.method,
              headers: sent.headers,
              data: sent.body,
              maxRedirects: 0,
              failOnStatusCode: false,
              timeout: 30_000,
            });
            expect(response.status(), `${sent.method} ${sent.url} ${JSON.stringify(sent.headers)}`).toBeLessThan(500);
          }),
          { numRuns: RUNS },
        );
      }
      console.log(`server-errors, ${identity.name}: ${requests} requests, none answered 5xx`);
    } finally {
      await context.dispose();
    }
  });
}
