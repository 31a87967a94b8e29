// The notices part of the REST API, handler by handler against the real database: bearer token
// and scopes (401, 403), partner scoping (another partner's notice is 404), invalid input (400
// with the fields), If-Match (428, 412, ETag), DESIGN.md's transitions (409 for the others),
// cursor pages, and the audit trail naming the token.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cancelNoticeHandler,
  createNoticeHandler,
  getNoticeHandler,
  listDeliveriesHandler,
  listNoticesHandler,
  patchNoticeHandler,
  scheduleNoticeHandler,
  sendNoticeHandler,
} from '../../lib/server/api/notices';
import { defineOperation } from '../../lib/server/api/operation';
import { takeLoggedRequest } from '../../lib/runtime/logger';
import { hashToken } from '../../lib/runtime/tokens';
import { testDb } from '../support/factories';
import { GENERAL_CONTENT, RENEWAL_CONTENT, createNoticePartner, type NoticeTestCustomer, type NoticeTestPartner } from '../support/notices';

const BASE = 'http://portal.test/api/v1/notices';
let p: NoticeTestPartner;
let other: NoticeTestPartner;
let customer: NoticeTestCustomer;
let zhCustomer: NoticeTestCustomer;
let foreignCustomer: NoticeTestCustomer;
const secret = { full: '', readOnly: '', revoked: '', other: '' };

async function token(partnerId: string, scopes: string[], revoked = false): Promise<string> {
  const value = `cpt_test_${randomUUID()}`;
  await testDb().apiToken.create({
    data: { partnerId, name: `test ${scopes.join(' ')}`, secretHash: hashToken(value), scopes, revokedAt: revoked ? new Date() : null },
  });
  return value;
}

beforeAll(async () => {
  p = await createNoticePartner();
  other = await createNoticePartner();
  customer = await p.addCustomer({
    name: `Tailspin ${p.suffix}`,
    contacts: [{ role: 'BILLING', language: 'en' }],
    subscriptions: [{ endsInDays: 30, offerName: 'Microsoft 365 E3' }],
  });
  zhCustomer = await p.addCustomer({
    name: `Litware ${p.suffix}`,
    language: 'zh-TW',
    contacts: [{ role: 'BILLING' }],
    subscriptions: [{ endsInDays: 40 }],
  });
  foreignCustomer = await other.addCustomer({ contacts: [{ role: 'BILLING' }], subscriptions: [{ endsInDays: 10 }] });
  secret.full = await token(p.partnerId, ['notices:read', 'notices:write']);
  secret.readOnly = await token(p.partnerId, ['notices:read']);
  secret.revoked = await token(p.partnerId, ['notices:read', 'notices:write'], true);
  secret.other = await token(other.partnerId, ['notices:read', 'notices:write']);
});

afterAll(async () => {
  await p?.cleanup();
  await other?.cleanup();
});

function call(
  method: string,
  path: string,
  options: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {},
): Request {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== null) headers.authorization = `Bearer ${options.token ?? secret.full}`;
  if (options.body !== undefined) headers['content-type'] ??= 'application/json';
  return new Request(`${BASE}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
  });
}

const params = (noticeId: string) => ({ params: Promise.resolve({ noticeId }) });

async function body(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

function expectProblem(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
}

const renewal = () => ({
  kind: 'RENEWAL',
  content: RENEWAL_CONTENT,
  target: {
    mode: 'customers',
    customerIds: [customer.id, zhCustomer.id],
    subscriptionIds: [customer.subscriptions[0]!.id, zhCustomer.subscriptions[0]!.id],
  },
  recipientRoles: ['BILLING'],
});

async function created(payload: unknown = renewal(), withToken = secret.full): Promise<{ id: string; version: number }> {
  const response = await createNoticeHandler(call('POST', '', { body: payload, token: withToken }));
  expect(response.status).toBe(201);
  const json = await body(response);
  return { id: json.id as string, version: json.version as number };
}

describe('authentication and scopes', () => {
  it('401 without a token, with an unknown one and with a revoked one; nothing is created', async () => {
    const before = await testDb().notice.count({ where: { partnerId: p.partnerId } });
    for (const request of [
      call('GET', '', { token: null }),
      call('GET', '', { token: 'cpt_not_a_token' }),
      call('GET', '', { token: secret.revoked }),
      call('POST', '', { token: null, body: renewal() }),
      new Request(BASE, { headers: { authorization: `Basic ${secret.full}` } }),
    ]) {
      const response = request.method === 'POST' ? await createNoticeHandler(request) : await listNoticesHandler(request);
      expectProblem(response, 401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
    }
    expect(await testDb().notice.count({ where: { partnerId: p.partnerId } })).toBe(before);
  });

  it('401 for a malformed Authorization header; no error code when none was sent (RFC 6750); the scheme is case-insensitive', async () => {
    const none = await listNoticesHandler(call('GET', '', { token: null }));
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="api"');
    for (const authorization of ['Bearer', 'Bearer ', `Bearer ${'x'.repeat(201)}`, `Bearer ${secret.full} extra`, secret.full]) {
      const response = await listNoticesHandler(new Request(BASE, { headers: { authorization } }));
      expectProblem(response, 401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="api", error="invalid_token"');
    }
    expect((await listNoticesHandler(new Request(BASE, { headers: { authorization: `bearer ${secret.full}` } }))).status).toBe(200);
  });

  it('403 when the token lacks the scope: a read-only token reads but cannot write, by any handler', async () => {
    expect((await listNoticesHandler(call('GET', '', { token: secret.readOnly }))).status).toBe(200);
    const refused = await createNoticeHandler(call('POST', '', { token: secret.readOnly, body: renewal() }));
    expectProblem(refused, 403);
    expect(await body(refused)).toMatchObject({ requiredScope: 'notices:write' });
    const { id } = await created();
    expect((await getNoticeHandler(call('GET', `/${id}`, { token: secret.readOnly }), params(id))).status).toBe(200);
    const asReader = (method: string, path: string, payload?: unknown) =>
      call(method, `/${id}${path}`, { token: secret.readOnly, body: payload, headers: { 'if-match': '"1"' } });
    expectProblem(await patchNoticeHandler(asReader('PATCH', '', { kind: 'GENERAL' }), params(id)), 403);
    expectProblem(
      await scheduleNoticeHandler(
        asReader('POST', '/schedule', { scheduledAt: new Date(Date.now() + 3_600_000).toISOString() }),
        params(id),
      ),
      403,
    );
    expectProblem(await sendNoticeHandler(asReader('POST', '/send'), params(id)), 403);
    expectProblem(await cancelNoticeHandler(asReader('POST', '/cancel'), params(id)), 403);
    expect(await testDb().notice.findUniqueOrThrow({ where: { id }, select: { status: true, version: true } })).toEqual({
      status: 'DRAFT',
      version: 1,
    });
  });

  it('records the token as the actor and its last use', async () => {
    const { id } = await created();
    const audit = await testDb().auditEvent.findFirstOrThrow({ where: { targetId: id, action: 'notice.created' } });
    expect(audit.actorId).toBeNull();
    expect(audit.actorLabel).toBe('api-token:test notices:read notices:write');
    const row = await testDb().notice.findUniqueOrThrow({ where: { id }, select: { createdById: true } });
    expect(row.createdById).toBeNull();
    const used = await testDb().apiToken.findFirstOrThrow({ where: { secretHash: hashToken(secret.full) } });
    expect(used.lastUsedAt).not.toBeNull();
  });
});

describe('notices', () => {
  it('POST creates a draft: 201, Location, ETag and the notice', async () => {
    const response = await createNoticeHandler(call('POST', '', { body: renewal() }));
    expect(response.status).toBe(201);
    const json = await body(response);
    expect(response.headers.get('location')).toBe(`/api/v1/notices/${json.id as string}`);
    expect(response.headers.get('etag')).toBe('"1"');
    expect(json).toMatchObject({
      kind: 'RENEWAL',
      status: 'DRAFT',
      version: 1,
      targetCount: 2,
      recipientCount: 2,
      problems: [],
      languages: ['en', 'zh-TW'],
    });
    expect(json.content).toEqual(RENEWAL_CONTENT);
  });

  it('400 for bad input, with the fields; nothing is saved', async () => {
    const before = await testDb().notice.count({ where: { partnerId: p.partnerId } });
    const badJson = await createNoticeHandler(call('POST', '', { body: '{"kind":' }));
    expectProblem(badJson, 400);
    expect((await body(badJson)).errors).toEqual({ body: 'jsonInvalid' });
    const huge = { ...renewal(), content: { en: { subject: 'x', body: 'y'.repeat(1024 * 1024) }, 'zh-TW': { subject: 'x', body: 'y' } } };
    const tooLarge = await createNoticeHandler(call('POST', '', { body: huge }));
    expectProblem(tooLarge, 413);
    const declared = await createNoticeHandler(call('POST', '', { body: '{}', headers: { 'content-length': String(2 * 1024 * 1024) } }));
    expectProblem(declared, 413);
    expectProblem(await createNoticeHandler(call('POST', '', { body: '[1]' })), 400);
    expectProblem(
      await createNoticeHandler(
        call('POST', '', { body: 'kind=RENEWAL', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      ),
      415,
    );
    // PostgreSQL refuses U+0000 in any text: refused before it gets there (it was a 500).
    const nul = await createNoticeHandler(
      call('POST', '', { body: { ...renewal(), content: { ...RENEWAL_CONTENT, en: { subject: 'Re\u0000newal', body: 'x' } } } }),
    );
    expectProblem(nul, 400);
    expect((await body(nul)).errors).toEqual({ body: 'nulCharacter' });

    const invalid = await createNoticeHandler(call('POST', '', { body: { ...renewal(), kind: 'PROMOTION', recipientRoles: [] } }));
    expectProblem(invalid, 400);
    expect((await body(invalid)).errors).toMatchObject({ kind: 'kindInvalid', recipientRoles: 'rolesRequired' });

    const unknownVariable = await createNoticeHandler(
      call('POST', '', { body: { ...renewal(), content: { ...RENEWAL_CONTENT, en: { subject: 'Hi {{customer.nmae}}', body: 'x' } } } }),
    );
    expectProblem(unknownVariable, 400);
    const problem = await body(unknownVariable);
    expect(problem).toMatchObject({ code: 'NOTICE_INVALID' });
    expect(JSON.stringify(problem.errors)).toContain('UNKNOWN_VARIABLE');

    // Another partner's customer is not the partner's: refused, named.
    const foreign = await createNoticeHandler(
      call('POST', '', { body: { ...renewal(), target: { mode: 'customers', customerIds: [foreignCustomer.id] } } }),
    );
    expectProblem(foreign, 400);
    expect(await body(foreign)).toMatchObject({ code: 'CUSTOMER_NOT_FOUND', ids: [foreignCustomer.id] });
    expect(await testDb().notice.count({ where: { partnerId: p.partnerId } })).toBe(before);
  });

  it("GET answers the notice with its ETag; another partner's notice and a malformed id are 404", async () => {
    const { id } = await created();
    const response = await getNoticeHandler(call('GET', `/${id}`), params(id));
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"1"');
    expect(await body(response)).toMatchObject({
      id,
      status: 'DRAFT',
      targets: [{ customerId: expect.any(String) }, { customerId: expect.any(String) }],
    });

    for (const [request, target] of [
      [call('GET', `/${id}`, { token: secret.other }), id],
      [call('GET', '/not-a-uuid'), 'not-a-uuid'],
      [call('GET', `/${randomUUID()}`), randomUUID()],
    ] as const) {
      expectProblem(await getNoticeHandler(request, params(target)), 404);
    }
    // Every handler, for the other partner's token: 404, and the notice is unchanged.
    const foreign = (path: string, method = 'POST', payload?: unknown) =>
      call(method, `/${id}${path}`, { token: secret.other, body: payload, headers: { 'if-match': '"1"' } });
    expectProblem(await patchNoticeHandler(foreign('', 'PATCH', { kind: 'GENERAL' }), params(id)), 404);
    expectProblem(
      await scheduleNoticeHandler(
        foreign('/schedule', 'POST', { scheduledAt: new Date(Date.now() + 3_600_000).toISOString() }),
        params(id),
      ),
      404,
    );
    expectProblem(await sendNoticeHandler(foreign('/send'), params(id)), 404);
    expectProblem(await cancelNoticeHandler(foreign('/cancel'), params(id)), 404);
    expectProblem(await listDeliveriesHandler(foreign('/deliveries', 'GET'), params(id)), 404);
    expect(await testDb().notice.findUniqueOrThrow({ where: { id }, select: { status: true, version: true } })).toEqual({
      status: 'DRAFT',
      version: 1,
    });
  });

  it('PATCH needs If-Match: 428 without, 412 when stale (the other change is kept), 200 with the new ETag', async () => {
    const { id } = await created();
    const patch = (ifMatch: string | undefined, payload: unknown) =>
      patchNoticeHandler(
        call('PATCH', `/${id}`, { body: payload, headers: ifMatch === undefined ? {} : { 'if-match': ifMatch } }),
        params(id),
      );

    expectProblem(await patch(undefined, { kind: 'GENERAL' }), 428);
    expectProblem(await patch('"abc"', { kind: 'GENERAL' }), 400);
    const first = await patch('"1"', { content: GENERAL_CONTENT, kind: 'GENERAL' });
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe('"2"');
    const stale = await patch('"1"', { kind: 'BILLING' });
    expectProblem(stale, 412);
    expect(await body(stale)).toMatchObject({ code: 'STALE', currentVersion: 2 });
    const row = await testDb().notice.findUniqueOrThrow({ where: { id }, select: { kind: true, version: true } });
    expect(row).toEqual({ kind: 'GENERAL', version: 2 });
    const invalidRoles = await patch('"2"', { recipientRoles: ['NOBODY'] });
    expectProblem(invalidRoles, 400);
    expect((await body(invalidRoles)).errors).toMatchObject({ 'recipientRoles.0': 'roleInvalid' });
    // If-Match compares strongly: a weak tag, `*` or a bare number is not a version to edit from.
    for (const value of ['W/"2"', '*', '2', '"2']) expectProblem(await patch(value, { kind: 'BILLING' }), 400);
    expectProblem(
      await patchNoticeHandler(call('PATCH', `/${id}`, { body: { kind: 'BILLING' }, headers: { 'if-match': '"1"' } }), params(id)),
      412,
    );
    expect(
      (
        await patchNoticeHandler(call('PATCH', `/${id}`, { body: { kind: 'BILLING' }, headers: { 'if-match': '"1"' } }), params(id))
      ).headers.get('etag'),
    ).toBe('"2"');
    expect(await testDb().notice.findUniqueOrThrow({ where: { id }, select: { kind: true, version: true } })).toEqual({
      kind: 'GENERAL',
      version: 2,
    });
  });

  it('schedule, send and cancel follow the transition table; every other transition is 409 and changes nothing', async () => {
    const db = testDb();
    const { id } = await created();
    const later = new Date(Date.now() + 2 * 3_600_000);

    expectProblem(await scheduleNoticeHandler(call('POST', `/${id}/schedule`, { body: { scheduledAt: 'tomorrow' } }), params(id)), 400);
    const past = await scheduleNoticeHandler(
      call('POST', `/${id}/schedule`, { body: { scheduledAt: new Date(Date.now() - 60_000).toISOString() } }),
      params(id),
    );
    expectProblem(past, 400);
    expect(await body(past)).toMatchObject({ code: 'SCHEDULE_NOT_IN_FUTURE' });

    const scheduled = await scheduleNoticeHandler(
      call('POST', `/${id}/schedule`, { body: { scheduledAt: later.toISOString() } }),
      params(id),
    );
    expect(scheduled.status).toBe(200);
    expect(await body(scheduled)).toMatchObject({
      status: 'SCHEDULED',
      version: 2,
      scheduledAt: later.toISOString(),
      deliveries: { total: 2, queued: 2 },
    });

    // A stale If-Match on a transition: 412, with the current ETag; a malformed one: 400.
    const staleSchedule = await scheduleNoticeHandler(
      call('POST', `/${id}/schedule`, { body: { scheduledAt: later.toISOString() }, headers: { 'if-match': '"1"' } }),
      params(id),
    );
    expectProblem(staleSchedule, 412);
    expect(staleSchedule.headers.get('etag')).toBe('"2"');
    expectProblem(await sendNoticeHandler(call('POST', `/${id}/send`, { headers: { 'if-match': '"1"' } }), params(id)), 412);
    expectProblem(await sendNoticeHandler(call('POST', `/${id}/send`, { headers: { 'if-match': 'W/"2"' } }), params(id)), 400);
    const sent = await sendNoticeHandler(call('POST', `/${id}/send`, { headers: { 'if-match': '"2"' } }), params(id));
    expect(sent.status).toBe(200);
    expect(await body(sent)).toMatchObject({ status: 'SENDING', version: 3 });
    const audits = await db.auditEvent.findMany({
      where: { targetId: id },
      orderBy: { id: 'asc' },
      select: { action: true, actorLabel: true, actorId: true },
    });
    expect(audits.map((a) => a.action)).toEqual(['notice.created', 'notice.scheduled', 'notice.sending']);
    expect(audits.every((a) => a.actorId === null && a.actorLabel === 'api-token:test notices:read notices:write')).toBe(true);

    // SENDING: cancel, send and schedule are refused with 409, and nothing changes.
    for (const [response, to] of [
      [await cancelNoticeHandler(call('POST', `/${id}/cancel`), params(id)), 'CANCELLED'],
      [await sendNoticeHandler(call('POST', `/${id}/send`), params(id)), 'SENDING'],
      [
        await scheduleNoticeHandler(call('POST', `/${id}/schedule`, { body: { scheduledAt: later.toISOString() } }), params(id)),
        'SCHEDULED',
      ],
    ] as const) {
      expectProblem(response, 409);
      expect(await body(response)).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED', from: 'SENDING', to });
    }
    const notEditable = await patchNoticeHandler(
      call('PATCH', `/${id}`, { body: { kind: 'GENERAL' }, headers: { 'if-match': '"3"' } }),
      params(id),
    );
    expectProblem(notEditable, 409);
    expect(await body(notEditable)).toMatchObject({ code: 'NOT_EDITABLE', currentStatus: 'SENDING' });
    expect(await db.notice.findUniqueOrThrow({ where: { id }, select: { status: true, version: true } })).toEqual({
      status: 'SENDING',
      version: 3,
    });

    // A draft is cancelled; cancelling again is refused.
    const { id: draftId } = await created();
    const cancelled = await cancelNoticeHandler(call('POST', `/${draftId}/cancel`), params(draftId));
    expect(await body(cancelled)).toMatchObject({ status: 'CANCELLED' });
    expectProblem(await cancelNoticeHandler(call('POST', `/${draftId}/cancel`), params(draftId)), 409);
  });

  it('lists notices a page at a time with filters; bad filters and cursors are 400', async () => {
    const mine = await listNoticesHandler(call('GET', '?limit=2&kind=RENEWAL'));
    expect(mine.status).toBe(200);
    const page = await body(mine);
    expect(page.data).toHaveLength(2);
    expect(typeof page.nextCursor).toBe('string');
    const seen = new Set((page.data as { id: string }[]).map((item) => item.id));
    let cursor = page.nextCursor as string | null;
    while (cursor) {
      const next = await body(await listNoticesHandler(call('GET', `?limit=2&kind=RENEWAL&cursor=${encodeURIComponent(cursor)}`)));
      for (const item of next.data as { id: string; kind: string }[]) {
        expect(seen.has(item.id)).toBe(false);
        expect(item.kind).toBe('RENEWAL');
        seen.add(item.id);
      }
      cursor = next.nextCursor as string | null;
    }
    expect(seen.size).toBe(await testDb().notice.count({ where: { partnerId: p.partnerId, kind: 'RENEWAL' } }));
    // The other partner's token sees none of them.
    const theirs = await body(await listNoticesHandler(call('GET', '', { token: secret.other })));
    expect((theirs.data as { id: string }[]).some((item) => seen.has(item.id))).toBe(false);

    for (const query of ['?limit=0', '?limit=101', '?status=LOST', '?kind=x', '?customerId=1', '?from=2026-13-01', '?cursor=bm9wZQ']) {
      const refused = await listNoticesHandler(call('GET', query));
      expectProblem(refused, 400);
    }
    expect((await body(await listNoticesHandler(call('GET', '?limit=0')))).errors).toEqual({ limit: 'limitInvalid' });

    // Without a limit, 25 a page; at most 100.
    const general = { ...renewal(), kind: 'GENERAL', content: GENERAL_CONTENT, target: { mode: 'customers', customerIds: [customer.id] } };
    while ((await testDb().notice.count({ where: { partnerId: p.partnerId } })) < 27) await created(general);
    const defaultPage = await body(await listNoticesHandler(call('GET', '')));
    expect(defaultPage.data).toHaveLength(25);
    expect(defaultPage.nextCursor).not.toBeNull();
    const bigPage = await body(await listNoticesHandler(call('GET', '?limit=100')));
    expect((bigPage.data as unknown[]).length).toBe(await testDb().notice.count({ where: { partnerId: p.partnerId } }));
    expect(bigPage.nextCursor).toBeNull();
  });

  it("lists a notice's deliveries by address, a page at a time", async () => {
    const { id, version } = await created();
    await sendNoticeHandler(call('POST', `/${id}/send`, { headers: { 'if-match': `"${version}"` } }), params(id));
    const first = await body(await listDeliveriesHandler(call('GET', `/${id}/deliveries?limit=1`), params(id)));
    expect(first.data).toHaveLength(1);
    expect(first.counts).toMatchObject({ total: 2, queued: 2 });
    expect(first.data).toEqual([expect.objectContaining({ status: 'QUEUED', attempts: 0, messageId: expect.stringMatching(/^<.+@.+>$/) })]);
    const second = await body(
      await listDeliveriesHandler(call('GET', `/${id}/deliveries?limit=1&cursor=${first.nextCursor as string}`), params(id)),
    );
    expect(second.data).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const emails = [...(first.data as { recipientEmail: string }[]), ...(second.data as { recipientEmail: string }[])].map(
      (d) => d.recipientEmail,
    );
    expect(emails).toEqual([...emails].sort());
    // ZXwA is the cursor of the address "\u0000", which PostgreSQL cannot compare (it was a 500).
    for (const query of ['status=DONE', 'limit=0', 'limit=abc', 'cursor=bm9wZQ', 'cursor=ZXwA']) {
      expectProblem(await listDeliveriesHandler(call('GET', `/${id}/deliveries?${query}`), params(id)), 400);
    }
    // Without a limit: 25 at most; an upper-case id is the same notice.
    const all = await body(await listDeliveriesHandler(call('GET', `/${id.toUpperCase()}/deliveries`), params(id.toUpperCase())));
    expect(all.data).toHaveLength(2);
  });
});

describe('unexpected errors', () => {
  it('answer a 500 problem with the request id, logged with it', async () => {
    const failing = defineOperation({
      id: 'failing',
      method: 'get',
      path: '/failing',
      tag: 'Test',
      summary: 'fails',
      scope: null,
      answers: {},
      problems: [],
      run: async () => {
        throw new Error('connect ECONNREFUSED 10.0.0.5:5432');
      },
    });
    const response = await failing.handle(new Request(`${BASE}`, { headers: { 'x-request-id': 'req-api-500' } }));
    expectProblem(response, 500);
    const problem = await body(response);
    expect(problem).toMatchObject({ status: 500, title: 'Internal error', requestId: 'req-api-500' });
    expect(JSON.stringify(problem)).not.toContain('ECONNREFUSED');
    expect(takeLoggedRequest('req-api-500')).toBe(true);
  });
});
