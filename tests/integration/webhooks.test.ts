// The webhook sender (in this process) against a receiver started by the test: Standard Webhooks
// signatures checked with the library's verify AND the specification's algorithm written out,
// a retry after a 500, an endpoint disabled after repeated failures (the admins' mail as .eml
// files, in each admin's language), a replay, every event type from the real code paths (the
// Microsoft connector's against a fake Microsoft on this machine), and the network rule at send time.
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createPrismaClient, type PrismaClient } from '../../lib/runtime/prisma';
import { WEBHOOK_EVENT_TYPES, webhookMessageId, type WebhookPayloadType } from '../../lib/domain/webhooks';
import { DEFAULT_RETRY_POLICY } from '../../lib/domain/notice-lifecycle';
import { WEBHOOK_PAYLOAD_SCHEMAS } from '../../lib/schemas/webhooks';
import { importCommunications } from '../../lib/server/data/communication-import';
import { declareRelationship, decideRelationshipReview } from '../../lib/server/data/relationships';
import { createNotice } from '../../lib/server/data/notice-writes';
import { sendNoticeNow } from '../../lib/server/data/notice-transitions';
import {
  createWebhookEndpoint,
  enableWebhookEndpoint,
  getWebhookEndpoint,
  replayWebhookDelivery,
  sendWebhookTestEvent,
} from '../../lib/server/data/webhooks';
import { createFileTransport, type MailTransport } from '../../lib/server/mail/transport';
import { saveConnector } from '../../lib/server/data/microsoft-connector';
import { SYSTEM_ACTORS } from '../../lib/server/viewer';
import { WebhookSender, type WebhookSenderOptions } from '../../lib/worker/webhooks';
import { createPortalAdmin, testDb } from '../support/factories';
import { record } from '../support/communications';
import { GENERAL_CONTENT, createNoticePartner, type NoticeTestPartner } from '../support/notices';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';
import { connectorInput } from '../support/connector';
import { startFakeMicrosoft } from '../support/fake-microsoft';
import { CLIENT_ID, SECRET, switchOff, syncUntilDone, testSync } from './support/graph';
import { parseMessage } from './support/smtp';
import { testDispatcher } from './support/worker';

const FAST_RETRY = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 50, factor: 1, maxDelayMs: 50, maxAttempts: 8, jitterRatio: 0 };
const SILENT = { info: () => undefined, warn: () => undefined, error: () => undefined };

let db: PrismaClient;
let p: NoticeTestPartner;
let mailDir: string;
const receivers: WebhookReceiver[] = [];

beforeAll(async () => {
  // The receiver is on this machine: the network rule lets tests reach it only with this.
  process.env.WEBHOOKS_ALLOW_PRIVATE = 'true';
  db = createPrismaClient(inject('integrationDatabaseUrl'), { max: 4 });
  p = await createNoticePartner();
  mailDir = await mkdtemp(path.join(os.tmpdir(), 'webhook-mail-'));
});

afterEach(async () => {
  for (const receiver of receivers.splice(0)) await receiver.close();
  await testDb().webhookDelivery.deleteMany({ where: { partnerId: p.partnerId } });
  await testDb().webhookEndpoint.deleteMany({ where: { partnerId: p.partnerId } });
});

afterAll(async () => {
  await p?.cleanup();
  await db?.$disconnect();
  await rm(mailDir, { recursive: true, force: true });
  delete process.env.WEBHOOKS_ALLOW_PRIVATE;
});

async function receiver(statuses?: number[]) {
  const started = await startWebhookReceiver({ statuses });
  receivers.push(started);
  return started;
}

function sender(options: Partial<WebhookSenderOptions> = {}, mail: MailTransport = createFileTransport(mailDir)) {
  return new WebhookSender(db, mail, {
    fromAddress: 'notices@portal.example',
    messageIdHost: 'portal.example',
    allowPrivate: true,
    logger: SILENT,
    retryPolicy: FAST_RETRY,
    timeoutMs: 2_000,
    random: () => 0,
    ...options,
  });
}

async function subscribe(url: string, events: readonly string[] = WEBHOOK_EVENT_TYPES) {
  const created = await createWebhookEndpoint(p.admin, { url, events: [...events] });
  if (!created.ok) throw new Error(`createWebhookEndpoint: ${JSON.stringify(created)}`);
  return created;
}

/** Drains until `done` holds (retries come due after FAST_RETRY's 50 ms). */
async function drainUntil(worker: WebhookSender, done: () => Promise<boolean> | boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('the webhooks did not go out in time');
    await worker.drain();
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
}

const deliveriesOf = (endpointId: string) =>
  testDb().webhookDelivery.findMany({ where: { endpointId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });

/** The Standard Webhooks signature, as the specification writes it: base64(HMAC-SHA256(key, "id.timestamp.body")). */
function specSignature(secret: string, id: string, timestamp: string, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

function parsed(body: string, type: WebhookPayloadType) {
  const payload = WEBHOOK_PAYLOAD_SCHEMAS[type].parse(JSON.parse(body));
  return payload;
}

describe('webhooks to a receiver', () => {
  it('signs each request by the Standard Webhooks scheme: the library verifies it, and so does the specification written out', async () => {
    const hook = await receiver();
    const { endpoint, secret } = await subscribe(hook.url);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const stored = await testDb().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(stored.secretEncrypted).not.toContain(secret.slice(6));

    const queued = await sendWebhookTestEvent(p.admin, endpoint.id);
    expect(queued.ok).toBe(true);
    await drainUntil(sender(), () => hook.received.length === 1);

    const request = hook.received[0]!;
    const headers = request.headers as Record<string, string>;
    const payload = new Webhook(secret).verify(request.body, headers) as { type: string; v: number; data: { endpointId: string } };
    expect(payload).toMatchObject({ type: 'webhook.test', v: 1, data: { endpointId: endpoint.id } });
    expect(headers['webhook-signature']).toBe(specSignature(secret, headers['webhook-id']!, headers['webhook-timestamp']!, request.body));
    expect(Math.abs(Number(headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    expect(headers['content-type']).toBe('application/json');
    parsed(request.body, 'webhook.test');
    // Tampered: the library refuses it.
    expect(() => new Webhook(secret).verify(request.body.replace('test', 'tset'), headers)).toThrow();

    const [delivery] = await deliveriesOf(endpoint.id);
    expect(delivery).toMatchObject({ status: 'SENT', attempts: 1, responseStatus: 204, lastError: null });
    expect(headers['webhook-id']).toBe(webhookMessageId(delivery!.eventId));
  });

  it('tries again after a 500, with the same webhook-id, and the endpoint counts the failure until the success', async () => {
    const hook = await receiver([500, 200]);
    const { endpoint } = await subscribe(hook.url);
    await sendWebhookTestEvent(p.admin, endpoint.id);
    // A retry that does not come due within the first round, however slow the machine.
    const worker = sender({ retryPolicy: { ...FAST_RETRY, baseDelayMs: 1_500, maxDelayMs: 1_500 } });
    await worker.drain();
    const [first] = await deliveriesOf(endpoint.id);
    expect(first).toMatchObject({ status: 'QUEUED', attempts: 1, responseStatus: 500, lastError: 'HTTP_STATUS' });
    expect(first!.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now() - 1_000);
    expect((await getWebhookEndpoint(p.admin, endpoint.id))!.consecutiveFailures).toBe(1);

    await drainUntil(worker, async () => (await deliveriesOf(endpoint.id))[0]!.status === 'SENT');
    const [done] = await deliveriesOf(endpoint.id);
    expect(done).toMatchObject({ status: 'SENT', attempts: 2, responseStatus: 200, lastError: null });
    expect(hook.received).toHaveLength(2);
    expect(hook.received[0]!.headers['webhook-id']).toBe(hook.received[1]!.headers['webhook-id']);
    const after = await getWebhookEndpoint(p.admin, endpoint.id);
    expect(after).toMatchObject({ enabled: true, consecutiveFailures: 0 });
    expect(after!.lastSuccessAt).not.toBeNull();
  });

  it('disables an endpoint after repeated failures and mails each admin in their language; once enabled again, a failed delivery is replayed', async () => {
    const zhAdmin = await testDb().user.create({
      data: {
        email: `zh-admin-${randomUUID().slice(0, 8)}@test.example`,
        displayName: '林管理員',
        role: 'PARTNER_ADMIN',
        partnerId: p.partnerId,
        language: 'zh_TW',
      },
    });
    try {
      const hook = await receiver([503]);
      const { endpoint, secret } = await subscribe(hook.url);
      await sendWebhookTestEvent(p.admin, endpoint.id);
      await sendWebhookTestEvent(p.admin, endpoint.id);
      const worker = sender({ disablePolicy: { failures: 3, periodMs: 0 } });
      await drainUntil(worker, async () => !(await getWebhookEndpoint(p.admin, endpoint.id))!.enabled);

      const disabled = await getWebhookEndpoint(p.admin, endpoint.id);
      expect(disabled).toMatchObject({ enabled: false, disabledReason: 'FAILING' });
      expect(disabled!.consecutiveFailures).toBeGreaterThanOrEqual(3);
      const deliveries = await deliveriesOf(endpoint.id);
      expect(deliveries.every((d) => d.status === 'FAILED')).toBe(true);
      expect(deliveries.map((d) => d.lastError).sort()).toEqual(expect.arrayContaining(['ENDPOINT_DISABLED']));
      const audit = await testDb().auditEvent.findMany({
        where: { partnerId: p.partnerId, action: 'webhook.disabled', targetId: endpoint.id },
      });
      expect(audit).toHaveLength(1);
      expect(audit[0]!.actorLabel).toBe(SYSTEM_ACTORS.worker.label);

      // Nothing more is sent to a disabled endpoint, and the test event is refused.
      const requests = hook.received.length;
      await worker.drain();
      expect(hook.received).toHaveLength(requests);
      expect(await sendWebhookTestEvent(p.admin, endpoint.id)).toEqual({ ok: false, code: 'ENDPOINT_DISABLED' });

      // The admins' mail, one per active admin, each in their language.
      const files = (await readdir(mailDir)).filter((name) => name.includes(endpoint.id));
      const mails = await Promise.all(files.map(async (name) => parseMessage(await readFile(path.join(mailDir, name)))));
      const to = (address: string) => mails.find((mail) => mail.headers.get('to')?.includes(address));
      expect(to(p.admin.email)?.headers.get('subject')).toBe(`Webhook endpoint disabled: ${endpoint.url}`);
      expect(to(p.admin.email)?.text).toContain('Settings › Webhooks');
      expect(to(zhAdmin.email)?.headers.get('subject')).toBe(`Webhook 端點已停用：${endpoint.url}`);
      expect(to(zhAdmin.email)?.headers.get('content-language')).toBe('zh-TW');
      expect(to(p.agent.email)).toBeUndefined();

      // Enabled again, the receiver fixed: a failed delivery is replayed with the same webhook-id.
      expect((await enableWebhookEndpoint(p.admin, endpoint.id)).ok).toBe(true);
      hook.answer(200);
      const original = deliveries[0]!;
      const replay = await replayWebhookDelivery(p.admin, original.id);
      if (!replay.ok) throw new Error(JSON.stringify(replay));
      expect(await replayWebhookDelivery(p.admin, replay.deliveryId)).toEqual({ ok: false, code: 'NOT_FAILED' });
      await drainUntil(
        worker,
        async () => (await testDb().webhookDelivery.findUniqueOrThrow({ where: { id: replay.deliveryId } })).status !== 'QUEUED',
      );
      const replayed = await testDb().webhookDelivery.findUniqueOrThrow({ where: { id: replay.deliveryId } });
      expect(replayed).toMatchObject({ status: 'SENT', responseStatus: 200, replayOfId: original.id, eventId: original.eventId });
      const last = hook.received[hook.received.length - 1]!;
      expect(last.headers['webhook-id']).toBe(webhookMessageId(original.eventId));
      new Webhook(secret).verify(last.body, last.headers as Record<string, string>);
    } finally {
      await testDb().user.delete({ where: { id: zhAdmin.id } });
    }
  });

  it('refuses a private address at send time unless private networks are allowed (DNS can change after the subscription)', async () => {
    const hook = await receiver();
    const { endpoint } = await subscribe(hook.url);
    // The host "localhost" resolves to a loopback address: refused by the request's own lookup too.
    await testDb().webhookEndpoint.update({ where: { id: endpoint.id }, data: { url: `http://localhost:${hook.port}/hooks` } });
    await sendWebhookTestEvent(p.admin, endpoint.id);
    await sendWebhookTestEvent(p.admin, endpoint.id);
    await testDb().webhookDelivery.updateMany({ where: { endpointId: endpoint.id }, data: { createdAt: new Date(Date.now() - 1000) } });
    const strict = sender({ allowPrivate: false });
    await strict.drain();
    expect(hook.received).toHaveLength(0);
    const deliveries = await deliveriesOf(endpoint.id);
    expect(deliveries.map((d) => [d.status, d.lastError, d.responseStatus])).toEqual([
      ['FAILED', 'ADDRESS_REFUSED', null],
      ['FAILED', 'ADDRESS_REFUSED', null],
    ]);
    // A literal address is checked without any lookup.
    await testDb().webhookEndpoint.update({ where: { id: endpoint.id }, data: { url: hook.url } });
    await sendWebhookTestEvent(p.admin, endpoint.id);
    await strict.drain();
    expect(hook.received).toHaveLength(0);
    expect((await deliveriesOf(endpoint.id)).filter((d) => d.lastError === 'ADDRESS_REFUSED')).toHaveLength(3);
  });

  it('does not follow a redirect: a 3xx is a failed attempt', async () => {
    const hook = await receiver([302]);
    const { endpoint } = await subscribe(hook.url);
    await sendWebhookTestEvent(p.admin, endpoint.id);
    await sender().drain();
    expect(hook.received).toHaveLength(1);
    expect((await deliveriesOf(endpoint.id))[0]).toMatchObject({ status: 'QUEUED', responseStatus: 302, lastError: 'REDIRECT' });
  });
});

describe('every event type, from the code paths that make them', () => {
  it('communication.created and .updated (with each customer policy outcome and conflict flag), notice.sent, notice.failed, delivery.failed, relationship.decided, microsoft.sync_completed', async () => {
    const hook = await receiver();
    const { endpoint, secret } = await subscribe(hook.url);
    const reseller = await p.addCustomer({
      name: 'Webhook Reseller',
      contacts: [{ role: 'BILLING' }],
      subscriptions: [{ endsInDays: 20 }],
    });
    const advisor = await p.addCustomer({ name: 'Webhook Advisor', contacts: [{ role: 'BILLING' }], subscriptions: [{ endsInDays: 20 }] });
    await testDb().customer.update({ where: { id: advisor.id }, data: { relationshipToPartner: 'ADVISOR' } });
    const tenants = await testDb().customer.findMany({
      where: { id: { in: [reseller.id, advisor.id] } },
      select: { id: true, tenantId: true },
    });
    const tenantOf = (id: string) => tenants.find((row) => row.id === id)!.tenantId;
    const actor = { actor: SYSTEM_ACTORS.worker };

    // communication.created, then .updated (a newer version of the same post).
    const billing = record({ category: 'SUBSCRIPTION_BILLING', affectedTenantIds: [tenantOf(reseller.id), tenantOf(advisor.id)] });
    await importCommunications(p.partnerId, [billing], actor);
    await importCommunications(
      p.partnerId,
      [{ ...billing, title: 'Updated title', lastModifiedAt: new Date('2026-11-21T09:00:00Z') }],
      actor,
    );

    // notice.sent (delivered) and notice.failed + delivery.failed (a recipient refused for good).
    const sendNotice = async (customerId: string) => {
      const created = await createNotice(p.agent, {
        kind: 'GENERAL',
        content: GENERAL_CONTENT,
        target: { mode: 'customers', customerIds: [customerId] },
        recipientRoles: ['BILLING'],
      });
      if (!created.ok) throw new Error(JSON.stringify(created));
      const sent = await sendNoticeNow(p.agent, created.id, 1);
      if (!sent.ok) throw new Error(JSON.stringify(sent));
      return created.id;
    };
    const delivered = await sendNotice(reseller.id);
    await testDispatcher(db, createFileTransport(mailDir)).drain();
    const refused = await sendNotice(advisor.id);
    const rejecting: MailTransport = {
      kind: 'smtp',
      send: () =>
        Promise.reject(Object.assign(new Error('550 5.1.1 no such user'), { responseCode: 550, response: '550 5.1.1 no such user' })),
      sendComposed: () => Promise.reject(new Error('unused')),
      close: async () => undefined,
    };
    await testDispatcher(db, rejecting).drain();

    // relationship.decided: a portal admin approves a declaration.
    const admin = await createPortalAdmin();
    const declared = await declareRelationship(
      p.admin,
      reseller.id,
      { agreementType: 'Enterprise Agreement', evidenceNote: 'EA 123' },
      '127.0.0.1',
    );
    if (!declared.ok) throw new Error(JSON.stringify(declared));
    expect((await decideRelationshipReview(admin, { reviewId: declared.reviewId, decision: 'approve', note: '' }, '127.0.0.1')).ok).toBe(
      true,
    );
    // A refused second decision writes no event (it is rolled back with the rest).
    expect((await decideRelationshipReview(admin, { reviewId: declared.reviewId, decision: 'reject', note: 'no' }, '127.0.0.1')).ok).toBe(
      false,
    );

    // microsoft.sync_completed: the connector reads the partner's tenants (nothing new in them) and sums the run up.
    const fake = await startFakeMicrosoft();
    try {
      fake.setApp({ clientId: CLIENT_ID, secrets: [SECRET] });
      for (const row of tenants) fake.setTenant(row.tenantId, { issues: [], messages: [] });
      const saved = await saveConnector(p.admin, connectorInput());
      expect(saved.ok).toBe(true);
      await syncUntilDone(testSync(fake), p);
    } finally {
      await switchOff(p);
      await fake.stop();
    }

    await drainUntil(sender(), () => hook.received.length >= 7);
    const byType = new Map<string, Record<string, unknown>[]>();
    for (const request of hook.received) {
      const body = new Webhook(secret).verify(request.body, request.headers as Record<string, string>) as { type: string };
      byType.set(body.type, [...(byType.get(body.type) ?? []), body]);
    }
    expect([...byType.keys()].sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    expect([...byType.values()].every((list) => list.length === 1)).toBe(true);
    const one = (type: WebhookPayloadType) => parsed(JSON.stringify(byType.get(type)![0]), type);

    const created = one('communication.created') as ReturnType<(typeof WEBHOOK_PAYLOAD_SCHEMAS)['communication.created']['parse']>;
    expect(created.data.communication).toMatchObject({ externalId: billing.externalId, category: 'SUBSCRIPTION_BILLING' });
    expect(created.data).toMatchObject({ affectedCount: 2, conflictCount: 1, affectedCustomersTruncated: false });
    expect(created.data.affectedCustomers.map((c) => [c.companyName, c.outcome, c.isConflict])).toEqual([
      ['Webhook Reseller', 'PARTNER_ONLY', true],
      ['Webhook Advisor', 'MICROSOFT_OWNS_BILLING', false],
    ]);
    const updated = one('communication.updated') as typeof created;
    expect(updated.data.communication.title).toBe('Updated title');
    expect(one('notice.sent').data).toMatchObject({ notice: { id: delivered, status: 'SENT' }, deliveries: { total: 1, sent: 1 } });
    expect(one('notice.failed').data).toMatchObject({ notice: { id: refused, status: 'FAILED' }, deliveries: { total: 1, failed: 1 } });
    expect(one('delivery.failed').data).toMatchObject({
      delivery: { noticeId: refused, customerId: advisor.id, error: 'RECIPIENT_REJECTED', reason: 'PERMANENT_FAILURE', attempts: 1 },
    });
    expect(one('relationship.decided').data).toMatchObject({
      review: { status: 'APPROVED', agreementType: 'Enterprise Agreement' },
      customer: { id: reseller.id, companyName: 'Webhook Reseller', directRelationship: 'VERIFIED' },
    });
    const synced = one('microsoft.sync_completed') as ReturnType<(typeof WEBHOOK_PAYLOAD_SCHEMAS)['microsoft.sync_completed']['parse']>;
    expect(synced.data).toMatchObject({ run: { trigger: 'SCHEDULE' }, communications: { created: 0, updated: 0 } });
    // The notice partner's other customers have no tenant the fake knows: each is a failure, named.
    expect(synced.data.tenants.succeeded).toBe(2);
    expect(synced.data.tenants.total).toBe(synced.data.tenants.succeeded + synced.data.tenants.failed);
    expect(synced.data.failures.map((f) => f.code)).toEqual(Array(synced.data.tenants.failed).fill('TENANT_NOT_FOUND'));
    const deliveries = await deliveriesOf(endpoint.id);
    expect(deliveries.map((d) => d.status)).toEqual(Array(7).fill('SENT'));
  });

  it('writes events only for enabled endpoints subscribed to their type', async () => {
    const hook = await receiver();
    const subscribed = await subscribe(hook.url, ['relationship.decided']);
    const other = await subscribe(hook.url, ['communication.created']);
    await testDb().webhookEndpoint.update({ where: { id: other.endpoint.id }, data: { enabled: false } });
    await importCommunications(p.partnerId, [record({ category: 'SERVICE_INCIDENT' })], { actor: SYSTEM_ACTORS.worker });
    expect(await testDb().webhookDelivery.count({ where: { endpointId: { in: [subscribed.endpoint.id, other.endpoint.id] } } })).toBe(0);
  });
});
