// Property test of the REST API: fast-check sends generated query strings, bodies, path ids and
// headers to every operation of the description, through the API's router against the real
// database. No answer is a 5xx, every answer is one the description documents, and a refused
// request (4xx) changes nothing in the database. It prints how many requests it sent.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { API_OPERATIONS, openApiDocument } from '../../lib/server/api/routes';
import { API_SCOPES } from '../../lib/domain/permissions';
import { testDb } from '../support/factories';
import { apiCall, makeToken } from '../support/api';
import { GENERAL_CONTENT, createNoticePartner, type NoticeTestCustomer, type NoticeTestPartner } from '../support/notices';

const RUNS = Number(process.env.API_FUZZ_RUNS ?? 70);

let p: NoticeTestPartner;
let other: NoticeTestPartner;
let customer: NoticeTestCustomer;
let foreignCustomer: NoticeTestCustomer;
let noticeId = '';
let foreignNoticeId = '';
let communicationId = '';
let token = '';
let tenantId = '';

beforeAll(async () => {
  process.env.API_RATE_LIMIT_PER_MINUTE = '1000000';
  p = await createNoticePartner();
  other = await createNoticePartner();
  customer = await p.addCustomer({ contacts: [{ role: 'BILLING' }], subscriptions: [{ endsInDays: 30 }] });
  foreignCustomer = await other.addCustomer({ contacts: [{ role: 'BILLING' }], subscriptions: [{ endsInDays: 30 }] });
  token = (await makeToken(p.partnerId, [...API_SCOPES])).secret;
  const otherToken = (await makeToken(other.partnerId, [...API_SCOPES])).secret;
  const draft = (target: string) => ({
    kind: 'GENERAL',
    content: GENERAL_CONTENT,
    target: { mode: 'customers', customerIds: [target] },
    recipientRoles: ['BILLING'],
  });
  noticeId = ((await (await apiCall('POST', '/notices', { token, body: draft(customer.id) })).json()) as { id: string }).id;
  foreignNoticeId = (
    (await (await apiCall('POST', '/notices', { token: otherToken, body: draft(foreignCustomer.id) })).json()) as { id: string }
  ).id;
  tenantId = (await testDb().customer.findUniqueOrThrow({ where: { id: customer.id }, select: { tenantId: true } })).tenantId;
  const row = await testDb().microsoftCommunication.create({
    data: {
      partnerId: p.partnerId,
      externalId: `EX${Date.now()}`,
      category: 'SERVICE_INCIDENT',
      title: 'Fuzz',
      summary: '',
      affectedService: 'Exchange Online',
      classification: 'incident',
      status: 'investigating',
      startAt: new Date(),
      lastModifiedAt: new Date(),
      isResolved: false,
      cloud: 'PUBLIC',
      raw: {},
    },
    select: { id: true },
  });
  communicationId = row.id;
});

afterAll(async () => {
  delete process.env.API_RATE_LIMIT_PER_MINUTE;
  await p?.cleanup();
  await other?.cleanup();
});

/** What a refused request must not change: the rows of both partners (versions and statuses included). */
async function snapshot(): Promise<string> {
  const [row] = await testDb().$queryRaw<Record<string, unknown>[]>`
    SELECT
      (SELECT count(*) FROM "Notice" WHERE "partnerId" IN (${p.partnerId}::uuid, ${other.partnerId}::uuid))::int AS notices,
      (SELECT coalesce(sum("version"), 0) FROM "Notice" WHERE "partnerId" IN (${p.partnerId}::uuid, ${other.partnerId}::uuid))::int AS versions,
      (SELECT string_agg("status"::text, ',' ORDER BY "id") FROM "Notice" WHERE "partnerId" IN (${p.partnerId}::uuid, ${other.partnerId}::uuid)) AS statuses,
      (SELECT count(*) FROM "NoticeDelivery" WHERE "partnerId" IN (${p.partnerId}::uuid, ${other.partnerId}::uuid))::int AS deliveries,
      (SELECT count(*) FROM "MicrosoftCommunication" WHERE "partnerId" IN (${p.partnerId}::uuid, ${other.partnerId}::uuid))::int AS communications,
      (SELECT coalesce(max("updatedAt"), 'epoch') FROM "MicrosoftCommunication" WHERE "partnerId" IN (${p.partnerId}::uuid, ${other.partnerId}::uuid))::text AS communicationChange,
      (SELECT count(*) FROM "CommunicationAffectedCustomer" WHERE "partnerId" IN (${p.partnerId}::uuid, ${other.partnerId}::uuid))::int AS links,
      (SELECT count(*) FROM "AuditEvent" WHERE "partnerId" IN (${p.partnerId}::uuid, ${other.partnerId}::uuid))::int AS audit,
      (SELECT count(*) FROM "ApiIdempotencyKey" WHERE "partnerId" IN (${p.partnerId}::uuid, ${other.partnerId}::uuid))::int AS keys,
      (SELECT count(*) FROM "Customer" WHERE "partnerId" IN (${p.partnerId}::uuid, ${other.partnerId}::uuid))::int AS customers`;
  return JSON.stringify(row);
}

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', ' ', '%', '\u0000', '../', '"1"', '-1', '0', '101', 'null'),
);

function pathIds(): fc.Arbitrary<Record<string, string>> {
  return fc.record({
    customerId: fc
      .constantFrom(customer.id, foreignCustomer.id, randomUUID(), customer.id.toUpperCase())
      .chain((id) => fc.oneof(fc.constant(id), text)),
    noticeId: fc.constantFrom(noticeId, foreignNoticeId, randomUUID()).chain((id) => fc.oneof(fc.constant(id), text)),
    communicationId: fc.oneof(fc.constantFrom(communicationId, randomUUID()), text),
  });
}

type Param = { name: string; in: string; schema?: { enum?: string[]; minimum?: number; maximum?: number; type?: string } };

/** Values that fit a parameter's schema in the description (enum values, integer bounds and one past them), or any text. */
function valueFor(param: Param): fc.Arbitrary<string> {
  const schema = param.schema ?? {};
  const fitting: string[] = [
    ...(schema.enum ?? []),
    ...(schema.type === 'integer' && schema.minimum !== undefined && schema.maximum !== undefined
      ? [schema.minimum, schema.maximum, schema.minimum - 1, schema.maximum + 1].map(String)
      : []),
    ...(param.name === 'search' ? ['Contoso', 'a', tenantId] : []),
    ...(param.name === 'customerId' ? [customer.id, foreignCustomer.id] : []),
    ...(param.name === 'from' || param.name === 'to' ? ['2026-11-01', '2026-02-30'] : []),
  ];
  return fitting.length > 0 ? fc.oneof({ arbitrary: fc.constantFrom(...fitting), weight: 3 }, { arbitrary: text, weight: 1 }) : text;
}

function queryFor(params: Param[]): fc.Arbitrary<string> {
  const known = params.length > 0 ? params : [{ name: 'x', in: 'query' }];
  const pair = fc.oneof(
    { arbitrary: fc.constantFrom(...known).chain((param) => fc.tuple(fc.constant(param.name), valueFor(param))), weight: 4 },
    { arbitrary: fc.tuple(fc.string({ maxLength: 8 }), text), weight: 1 },
  );
  return fc
    .array(pair, { maxLength: 5 })
    .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'));
}

function bodyFor(path: string): fc.Arbitrary<unknown> {
  const valid =
    path === '/communications'
      ? fc.constant({
          id: `EX9${Date.now()}`,
          title: 'x',
          classification: 'incident',
          status: 'investigating',
          service: 'Exchange Online',
          startDateTime: '2026-11-01T00:00:00Z',
          lastModifiedDateTime: '2026-11-01T00:00:00Z',
          isResolved: false,
          affectedTenantIds: [tenantId],
        })
      : path.endsWith('/schedule')
        ? fc.constant({ scheduledAt: '2020-01-01T00:00:00Z' })
        : fc.constant({
            kind: 'GENERAL',
            content: GENERAL_CONTENT,
            target: { mode: 'customers', customerIds: [foreignCustomer.id] },
            recipientRoles: ['BILLING'],
          });
  // Mutations of a body the operation takes, and anything JSON can hold.
  const mutated = fc
    .tuple(valid, fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }))
    .map(([body, key, value]) => ({ ...(body as object), [key]: value }));
  return fc.oneof(mutated, fc.jsonValue({ maxDepth: 3 }), fc.constantFrom('{', '[]', '', 'null', '{"value": 1}'));
}

it(`sends generated requests to every operation: never a 5xx, always a documented answer, and a refused one changes nothing (${RUNS} per operation)`, async () => {
  const document = openApiDocument() as {
    paths: Record<string, Record<string, { responses: Record<string, unknown>; parameters?: { name: string; in: string }[] }>>;
  };
  let sent = 0;
  const statuses = new Map<number, number>();
  for (const operation of API_OPERATIONS) {
    const described = document.paths[operation.path]![operation.method]!;
    const queryParams = ((described.parameters ?? []) as Param[]).filter((param) => param.in === 'query');
    await fc.assert(
      fc.asyncProperty(
        pathIds(),
        queryFor(queryParams),
        bodyFor(operation.path),
        fc.record({
          ifMatch: fc.option(fc.oneof(text, fc.constantFrom('"1"', '"2"', '*', 'W/"1"')), { nil: undefined }),
          key: fc.option(fc.oneof(text, fc.uuid()), { nil: undefined }),
          contentType: fc.constantFrom(
            'application/json',
            'application/json; charset=utf-8',
            'text/plain',
            'application/merge-patch+json',
            '',
          ),
          auth: fc.constantFrom('token', 'token', 'token', 'none', 'garbage'),
        }),
        async (ids, query, body, extra) => {
          const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(ids[name] ?? ''));
          const headers: Record<string, string> = {};
          if (extra.ifMatch !== undefined) headers['if-match'] = extra.ifMatch.replace(/[\r\n\u0000]/g, '');
          if (extra.key !== undefined) headers['idempotency-key'] = extra.key.replace(/[\r\n\u0000]/g, '');
          if (extra.auth === 'garbage') headers.authorization = 'Bearer cpt_not_a_token';
          if (operation.method !== 'get') headers['content-type'] = extra.contentType;
          const before = await snapshot();
          let response: Response;
          try {
            response = await apiCall(operation.method.toUpperCase(), `${path}${query ? `?${query}` : ''}`, {
              token: extra.auth === 'token' ? token : null,
              headers,
              body: operation.method === 'get' ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
            });
          } catch (error) {
            // A header value a Request cannot carry never reaches the portal.
            if (error instanceof TypeError) return;
            throw error;
          }
          sent += 1;
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          expect(response.status, `${operation.method} ${path}?${query}`).toBeLessThan(500);
          if (response.status !== 404 || !/\{/.test(operation.path)) {
            expect(Object.keys(described.responses), `${operation.method} ${operation.path} documents ${response.status}`).toContain(
              String(response.status),
            );
          }
          await response.arrayBuffer();
          if (response.status >= 400)
            expect(await snapshot(), `${operation.method} ${path} refused with ${response.status} changed nothing`).toBe(before);
        },
      ),
      { numRuns: RUNS },
    );
  }
  console.log(
    `api-fuzz: ${sent} generated requests to ${API_OPERATIONS.length} operations; answers by status: ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`,
  );
  expect(sent).toBeGreaterThanOrEqual(1000);
}, 600_000);
