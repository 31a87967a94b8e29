// Webhook endpoints and their delivery log, function by function against the real database: who
// may (partner admins, tokens with webhooks:manage; FORBIDDEN otherwise, nothing changed), partner
// scoping (another partner's endpoint or delivery is NOT_FOUND, nothing changed), the URL and
// network rules at subscription, the secret (encrypted, shown once), audit events, paging; and
// the REST API's handlers (401, 403, 400, 201 with the secret, 204, 404).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWebhookHandler, deleteWebhookHandler, listWebhooksHandler } from '../../lib/server/api/webhooks';
import { hashToken } from '../../lib/runtime/tokens';
import { decryptSecret } from '../../lib/server/crypto';
import type { ApiViewer } from '../../lib/server/viewer';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  enableWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  replayWebhookDelivery,
  sendWebhookTestEvent,
  updateWebhookEvents,
} from '../../lib/server/data/webhooks';
import { testDb } from '../support/factories';
import { createNoticePartner, type NoticeTestPartner } from '../support/notices';

const URL_OK = 'http://127.0.0.1:9/hooks';
const BASE = 'http://portal.test/api/v1/webhooks';

let p: NoticeTestPartner;
let other: NoticeTestPartner;

beforeAll(async () => {
  process.env.WEBHOOKS_ALLOW_PRIVATE = 'true';
  p = await createNoticePartner();
  other = await createNoticePartner();
});

beforeEach(async () => {
  process.env.WEBHOOKS_ALLOW_PRIVATE = 'true';
  for (const partnerId of [p.partnerId, other.partnerId]) {
    await testDb().webhookDelivery.deleteMany({ where: { partnerId } });
    await testDb().webhookEndpoint.deleteMany({ where: { partnerId } });
  }
});

afterAll(async () => {
  delete process.env.WEBHOOKS_ALLOW_PRIVATE;
  await p?.cleanup();
  await other?.cleanup();
});

/** Everything of the partner's webhooks and their audit events, to compare before and after a refused request. */
async function snapshot(partnerId: string) {
  const db = testDb();
  return {
    endpoints: await db.webhookEndpoint.findMany({ where: { partnerId }, orderBy: { id: 'asc' } }),
    deliveries: await db.webhookDelivery.findMany({ where: { partnerId }, orderBy: { id: 'asc' } }),
    audit: await db.auditEvent.count({ where: { partnerId, action: { startsWith: 'webhook.' } } }),
  };
}

async function endpointOf(partner: NoticeTestPartner, events = ['notice.sent']) {
  const created = await createWebhookEndpoint(partner.admin, { url: URL_OK, events });
  if (!created.ok) throw new Error(JSON.stringify(created));
  return created;
}

async function failedDelivery(partnerId: string, endpointId: string) {
  return testDb().webhookDelivery.create({
    data: {
      partnerId,
      endpointId,
      eventId: randomUUID(),
      eventType: 'notice.sent',
      payload: { type: 'notice.sent', v: 1, timestamp: new Date().toISOString(), data: {} },
      status: 'FAILED',
      attempts: 8,
      responseStatus: 500,
      lastError: 'HTTP_STATUS',
    },
  });
}

describe('subscribing', () => {
  it('checks the URL and where it points, stores the secret encrypted, returns it once and audits the change', async () => {
    const created = await createWebhookEndpoint(
      p.admin,
      { url: URL_OK, events: ['delivery.failed', 'notice.sent'], description: ' CRM ' },
      { address: '203.0.113.5' },
    );
    if (!created.ok) throw new Error(JSON.stringify(created));
    expect(created.endpoint).toMatchObject({ url: URL_OK, description: 'CRM', events: ['notice.sent', 'delivery.failed'], enabled: true });
    const row = await testDb().webhookEndpoint.findUniqueOrThrow({ where: { id: created.endpoint.id } });
    expect(row.secretEncrypted).not.toContain(created.secret);
    expect(decryptSecret(row.secretEncrypted, 'webhook')).toBe(created.secret);
    expect(JSON.stringify(await listWebhookEndpoints(p.admin))).not.toContain(created.secret);
    const audit = await testDb().auditEvent.findFirstOrThrow({
      where: { partnerId: p.partnerId, action: 'webhook.created', targetId: created.endpoint.id },
    });
    expect(audit).toMatchObject({ actorId: p.admin.userId, address: '203.0.113.5' });
    expect(JSON.stringify(audit.after)).not.toContain(created.secret);
  });

  it.each([
    ['https://user:pw@hooks.example.com/', 'urlCredentials'],
    ['http://hooks.example.com/', 'urlNotHttps'],
    ['ftp://hooks.example.com/', 'urlNotHttps'],
    ['nonsense', 'urlInvalid'],
    ['https://hooks.invalid/', 'hostUnresolved'],
  ])('refuses %s (%s) and changes nothing', async (url, code) => {
    const before = await snapshot(p.partnerId);
    expect(await createWebhookEndpoint(p.admin, { url, events: ['notice.sent'] })).toEqual({
      ok: false,
      code: 'INVALID',
      fieldErrors: { url: code },
    });
    expect(await snapshot(p.partnerId)).toEqual(before);
  });

  it('refuses a host on a private network unless WEBHOOKS_ALLOW_PRIVATE is on', async () => {
    process.env.WEBHOOKS_ALLOW_PRIVATE = 'false';
    for (const url of [
      'http://127.0.0.1:9/h',
      'http://localhost:9/h',
      'https://10.1.2.3/h',
      'https://169.254.169.254/latest',
      'https://[::ffff:127.0.0.1]/h',
    ]) {
      expect(await createWebhookEndpoint(p.admin, { url, events: ['notice.sent'] }), url).toEqual({
        ok: false,
        code: 'INVALID',
        fieldErrors: { url: 'addressRefused' },
      });
    }
    expect(await listWebhookEndpoints(p.admin)).toEqual([]);
  });

  it('refuses no events, unknown events and a 21st endpoint', async () => {
    expect(await createWebhookEndpoint(p.admin, { url: URL_OK, events: [] })).toEqual({
      ok: false,
      code: 'INVALID',
      fieldErrors: { events: 'eventsRequired' },
    });
    expect(await createWebhookEndpoint(p.admin, { url: URL_OK, events: ['notice.archived'] })).toMatchObject({
      ok: false,
      code: 'INVALID',
    });
    for (let i = 0; i < 20; i += 1) await endpointOf(p);
    expect(await createWebhookEndpoint(p.admin, { url: URL_OK, events: ['notice.sent'] })).toEqual({
      ok: false,
      code: 'TOO_MANY_ENDPOINTS',
    });
  });
});

describe('who may', () => {
  it('refuses agents and viewers (FORBIDDEN, nothing changed) and reads nothing for them', async () => {
    const { endpoint } = await endpointOf(p);
    const failed = await failedDelivery(p.partnerId, endpoint.id);
    const before = await snapshot(p.partnerId);
    for (const viewer of [p.agent, p.viewer]) {
      expect(await createWebhookEndpoint(viewer, { url: URL_OK, events: ['notice.sent'] })).toEqual({ ok: false, code: 'FORBIDDEN' });
      expect(await updateWebhookEvents(viewer, endpoint.id, { events: ['notice.failed'] })).toEqual({ ok: false, code: 'FORBIDDEN' });
      expect(await enableWebhookEndpoint(viewer, endpoint.id)).toEqual({ ok: false, code: 'FORBIDDEN' });
      expect(await deleteWebhookEndpoint(viewer, endpoint.id)).toEqual({ ok: false, code: 'FORBIDDEN' });
      expect(await sendWebhookTestEvent(viewer, endpoint.id)).toEqual({ ok: false, code: 'FORBIDDEN' });
      expect(await replayWebhookDelivery(viewer, failed.id)).toEqual({ ok: false, code: 'FORBIDDEN' });
      expect(await listWebhookEndpoints(viewer)).toBeNull();
      expect(await getWebhookEndpoint(viewer, endpoint.id)).toBeNull();
      expect(await listWebhookDeliveries(viewer, endpoint.id)).toBeNull();
    }
    expect(await snapshot(p.partnerId)).toEqual(before);
  });

  it("finds nothing of another partner's: every id is NOT_FOUND and nothing changes", async () => {
    const { endpoint } = await endpointOf(other);
    const failed = await failedDelivery(other.partnerId, endpoint.id);
    const before = await snapshot(other.partnerId);
    expect(await getWebhookEndpoint(p.admin, endpoint.id)).toBeNull();
    expect(await listWebhookDeliveries(p.admin, endpoint.id)).toBeNull();
    expect(await updateWebhookEvents(p.admin, endpoint.id, { events: ['notice.failed'] })).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect(await enableWebhookEndpoint(p.admin, endpoint.id)).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect(await deleteWebhookEndpoint(p.admin, endpoint.id)).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect(await sendWebhookTestEvent(p.admin, endpoint.id)).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect(await replayWebhookDelivery(p.admin, failed.id)).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect(await listWebhookEndpoints(p.admin)).toEqual([]);
    expect(await snapshot(other.partnerId)).toEqual(before);
    expect(await deleteWebhookEndpoint(p.admin, 'not-a-uuid')).toEqual({ ok: false, code: 'NOT_FOUND' });
  });
});

describe('managing an endpoint', () => {
  it('changes its events with the version read (STALE otherwise), enables a disabled one, sends a test event, replays a failed delivery, deletes it; each audited', async () => {
    const { endpoint } = await endpointOf(p);
    const updated = await updateWebhookEvents(p.admin, endpoint.id, {
      events: ['notice.failed', 'notice.sent'],
      version: endpoint.version,
    });
    expect(updated).toMatchObject({ ok: true, endpoint: { events: ['notice.sent', 'notice.failed'], version: endpoint.version + 1 } });
    expect(await updateWebhookEvents(p.admin, endpoint.id, { events: ['notice.sent'], version: endpoint.version })).toEqual({
      ok: false,
      code: 'STALE',
    });

    expect(await enableWebhookEndpoint(p.admin, endpoint.id)).toEqual({ ok: false, code: 'ALREADY_ENABLED' });
    await testDb().webhookEndpoint.update({
      where: { id: endpoint.id },
      data: { enabled: false, disabledReason: 'FAILING', disabledAt: new Date(), consecutiveFailures: 12, failingSince: new Date() },
    });
    const failed = await failedDelivery(p.partnerId, endpoint.id);
    expect(await sendWebhookTestEvent(p.admin, endpoint.id)).toEqual({ ok: false, code: 'ENDPOINT_DISABLED' });
    expect(await replayWebhookDelivery(p.admin, failed.id)).toEqual({ ok: false, code: 'ENDPOINT_DISABLED' });
    expect(await enableWebhookEndpoint(p.admin, endpoint.id)).toMatchObject({
      ok: true,
      endpoint: { enabled: true, disabledReason: null, consecutiveFailures: 0 },
    });

    const test = await sendWebhookTestEvent(p.admin, endpoint.id);
    if (!test.ok) throw new Error(JSON.stringify(test));
    const replay = await replayWebhookDelivery(p.admin, failed.id);
    if (!replay.ok) throw new Error(JSON.stringify(replay));
    expect(await replayWebhookDelivery(p.admin, test.deliveryId)).toEqual({ ok: false, code: 'NOT_FAILED' });
    const replayed = await testDb().webhookDelivery.findUniqueOrThrow({ where: { id: replay.deliveryId } });
    expect(replayed).toMatchObject({
      status: 'QUEUED',
      attempts: 0,
      eventId: failed.eventId,
      replayOfId: failed.id,
      payload: failed.payload,
    });

    expect(await deleteWebhookEndpoint(p.admin, endpoint.id)).toEqual({ ok: true });
    expect(await testDb().webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(0);
    const actions = await testDb().auditEvent.findMany({
      where: { partnerId: p.partnerId, OR: [{ targetId: endpoint.id }, { targetId: failed.id }] },
      orderBy: { id: 'asc' },
      select: { action: true },
    });
    expect(actions.map((a) => a.action)).toEqual([
      'webhook.created',
      'webhook.events_updated',
      'webhook.enabled',
      'webhook.test_sent',
      'webhook.delivery_replayed',
      'webhook.deleted',
    ]);
  });

  it('pages the delivery log newest first with a cursor, and says when a cursor is not one it gave', async () => {
    const { endpoint } = await endpointOf(p);
    const start = Date.now() - 60_000;
    await testDb().webhookDelivery.createMany({
      data: Array.from({ length: 30 }, (_, i) => ({
        partnerId: p.partnerId,
        endpointId: endpoint.id,
        eventId: randomUUID(),
        eventType: 'notice.sent',
        payload: {},
        status: 'SENT' as const,
        createdAt: new Date(start + i * 1000),
      })),
    });
    const first = await listWebhookDeliveries(p.admin, endpoint.id);
    expect(first!.items).toHaveLength(25);
    expect(first!.items[0]!.createdAt.getTime()).toBe(start + 29_000);
    const second = await listWebhookDeliveries(p.admin, endpoint.id, { cursor: first!.nextCursor! });
    expect(second!.items.map((item) => item.createdAt.getTime())).toEqual([4, 3, 2, 1, 0].map((i) => start + i * 1000));
    expect(second!.nextCursor).toBeNull();
    expect((await listWebhookDeliveries(p.admin, endpoint.id, { cursor: 'bogus' }))!.invalidCursor).toBe(true);
  });
});

describe('the REST API', () => {
  async function token(partnerId: string, scopes: string[]) {
    const value = `cpt_test_${randomUUID()}`;
    await testDb().apiToken.create({ data: { partnerId, name: `test ${scopes.join(' ')}`, secretHash: hashToken(value), scopes } });
    return value;
  }
  const call = (secret: string | null, init: RequestInit = {}, url = BASE) =>
    new Request(url, {
      ...init,
      headers: { ...(secret ? { Authorization: `Bearer ${secret}` } : {}), ...(init.headers as Record<string, string>) },
    });
  const post = (secret: string, body: unknown) =>
    call(secret, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
  const params = (webhookId: string) => ({ params: Promise.resolve({ webhookId }) });

  it('answers 401 without a token and 403 without the webhooks:manage scope, changing nothing', async () => {
    const readOnly = await token(p.partnerId, ['notices:read', 'notices:write']);
    const before = await snapshot(p.partnerId);
    expect((await listWebhooksHandler(call(null))).status).toBe(401);
    const forbidden = await createWebhookHandler(post(readOnly, { url: URL_OK, events: ['notice.sent'] }));
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ requiredScope: 'webhooks:manage' });
    expect(await snapshot(p.partnerId)).toEqual(before);
  });

  it("creates (201, the secret this once, audited as the token), lists without secrets, refuses bad input (400), deletes (204); another partner's id is 404", async () => {
    const manage = await token(p.partnerId, ['webhooks:manage']);
    const bad = await createWebhookHandler(post(manage, { url: 'http://hooks.example.com/', events: ['notice.sent'] }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors).toEqual({ url: 'urlNotHttps' });

    const created = await createWebhookHandler(post(manage, { url: URL_OK, events: ['relationship.decided'] }));
    expect(created.status).toBe(201);
    const body = (await created.json()) as { id: string; secret: string; events: string[] };
    expect(body.secret).toMatch(/^whsec_/);
    expect(created.headers.get('location')).toBe(`/api/v1/webhooks/${body.id}`);
    const audit = await testDb().auditEvent.findFirstOrThrow({ where: { action: 'webhook.created', targetId: body.id } });
    expect(audit).toMatchObject({ actorId: null, actorLabel: 'api-token:test webhooks:manage' });

    const list = await listWebhooksHandler(call(manage));
    const listed = (await list.json()) as { data: { id: string }[]; nextCursor: null };
    expect(listed).toMatchObject({ data: [{ id: body.id, events: ['relationship.decided'], enabled: true }], nextCursor: null });
    expect(JSON.stringify(listed)).not.toContain(body.secret);

    const foreign = await endpointOf(other);
    const before = await snapshot(other.partnerId);
    expect((await deleteWebhookHandler(call(manage, { method: 'DELETE' }), params(foreign.endpoint.id))).status).toBe(404);
    expect((await deleteWebhookHandler(call(manage, { method: 'DELETE' }), params('nope'))).status).toBe(404);
    expect(await snapshot(other.partnerId)).toEqual(before);

    const deleted = await deleteWebhookHandler(call(manage, { method: 'DELETE' }), params(body.id));
    expect(deleted.status).toBe(204);
    expect(await testDb().webhookEndpoint.count({ where: { id: body.id } })).toBe(0);
  });

  it('gives a token with webhooks:manage nothing else (its viewer is no admin)', async () => {
    const viewer: ApiViewer = {
      ...p.viewer,
      userId: null,
      role: 'PARTNER_VIEWER',
      apiToken: { id: randomUUID(), name: 't', scopes: ['webhooks:manage'] },
    };
    expect((await createWebhookEndpoint(viewer, { url: URL_OK, events: ['notice.sent'] })).ok).toBe(true);
    const noScope: ApiViewer = { ...viewer, apiToken: { ...viewer.apiToken, scopes: ['notices:read'] } };
    expect(await createWebhookEndpoint(noScope, { url: URL_OK, events: ['notice.sent'] })).toEqual({ ok: false, code: 'FORBIDDEN' });
  });
});
