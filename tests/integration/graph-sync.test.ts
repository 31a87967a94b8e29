// The Microsoft Graph connector against a fake Microsoft identity platform and Graph on this
// machine (tests/support/fake-microsoft.ts): paging, incremental reads, throttling, the errors
// people act on, clouds, one communication for many tenants, per-tenant links, the run summary (in
// the audit trail, and as a signed webhook to the endpoints subscribed to it), and the lease that
// lets any number of workers share the tenants. Nothing reaches the internet.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import en from '@/messages/en.json';
import zhTW from '@/messages/zh-TW.json';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importCommunications } from '../../lib/server/data/communication-import';
import { requestSync, saveConnector, setGovernmentGraph } from '../../lib/server/data/microsoft-connector';
import { LeaseLostError, claimTenants, finishTenant, holdLease, startDueRuns } from '../../lib/server/data/graph-sync';
import { parseGraphCommunications } from '../../lib/domain/graph-mapping';
import { SYSTEM_ACTORS } from '../../lib/server/viewer';
import type { WebhookEventType } from '../../lib/domain/webhooks';
import { WEBHOOK_PAYLOAD_SCHEMAS } from '../../lib/schemas/webhooks';
import { createWebhookEndpoint } from '../../lib/server/data/webhooks';
import { createFileTransport } from '../../lib/server/mail/transport';
import { WebhookSender } from '../../lib/worker/webhooks';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';
import { testDb } from '../support/factories';
import { TOKEN_ERRORS, startFakeMicrosoft, type FakeMicrosoft } from '../support/fake-microsoft';
import { graphIssue, graphMessage } from '../support/graph-payloads';
import { connectorInput } from '../support/connector';
import {
  CLIENT_ID,
  SECRET,
  connectorPartner,
  runNow,
  stored,
  switchOff,
  syncUntilDone,
  tenantState,
  testSync,
  type ConnectorPartner,
} from './support/graph';

let fake: FakeMicrosoft;
const partners: ConnectorPartner[] = [];

async function partnerWith(count: number, clouds: Parameters<typeof connectorPartner>[2] = []) {
  const partner = await connectorPartner(fake, count, clouds);
  partners.push(partner);
  return partner;
}

const issuesOf = (kind: 'issues' | 'messages', tenantId: string) =>
  fake.requests.filter((r) => r.kind === kind && r.tenantId === tenantId.toLowerCase());
const tokensOf = (tenantId: string) => fake.requests.filter((r) => r.kind === 'token' && r.tenantId === tenantId.toLowerCase());

beforeAll(async () => {
  fake = await startFakeMicrosoft();
});

afterAll(async () => {
  await fake.stop();
});

beforeEach(() => {
  fake.reset();
});

afterEach(async () => {
  for (const partner of partners.splice(0)) await switchOff(partner);
});

describe('one sync of a tenant', () => {
  it('asks the tenant’s authority for a token, reads every page of issues and messages, and stores them linked to the customer', async () => {
    const p = await partnerWith(1);
    const [t] = p.tenants;
    const issues = Array.from({ length: 5 }, (_, i) => graphIssue({ id: `EX10${i}` }));
    const messages = Array.from({ length: 3 }, (_, i) => graphMessage({ id: `MC10${i}` }));
    fake.setTenant(t!.tenantId, { issues, messages, pageSize: 2 });
    const sync = testSync(fake);
    await syncUntilDone(sync, p);

    expect(tokensOf(t!.tenantId)).toEqual([
      { kind: 'token', tenantId: t!.tenantId, scope: 'https://graph.microsoft.com/.default', status: 200, credential: 'secret' },
    ]);
    // Every nextLink followed: 3 pages of issues, 2 of messages; the first sync asks for everything.
    expect(issuesOf('issues', t!.tenantId).map((r) => [r.skip, r.filter])).toEqual([
      [0, null],
      [2, null],
      [4, null],
    ]);
    expect(issuesOf('messages', t!.tenantId).map((r) => r.skip)).toEqual([0, 2]);
    const rows = await stored(p.partnerId);
    expect(rows.map((r) => r.externalId)).toEqual(['EX100', 'EX101', 'EX102', 'EX103', 'EX104', 'MC100', 'MC101', 'MC102']);
    for (const row of rows)
      expect(row.affectedCustomers).toEqual([
        { customerId: t!.customerId, category: row.category, fromImport: false, fromConnector: true },
      ]);
    expect(rows.find((r) => r.externalId === 'EX100')?.category).toBe('SERVICE_INCIDENT');
    expect(rows.find((r) => r.externalId === 'MC100')?.category).toBe('OPERATIONAL');

    const state = await tenantState(t!.customerId);
    expect(state).toMatchObject({ lastCreated: 8, lastUpdated: 0, lastErrorCode: null, runId: null, leaseUntil: null });
    expect(state?.lastSuccessAt).toBeInstanceOf(Date);
  });

  it('sums the run up in the audit trail once, and each page that changed something in its own event', async () => {
    const p = await partnerWith(2);
    for (const t of p.tenants) fake.setTenant(t.tenantId, { issues: [graphIssue({ id: 'EX200' })], messages: [] });
    await syncUntilDone(testSync(fake), p);
    const events = await testDb().auditEvent.findMany({
      where: { partnerId: p.partnerId, action: { in: ['microsoft.sync_completed', 'communications.synced'] } },
      orderBy: { id: 'asc' },
      select: { action: true, actorLabel: true, after: true },
    });
    expect(events.filter((e) => e.action === 'communications.synced')).toHaveLength(2);
    const summaries = events.filter((e) => e.action === 'microsoft.sync_completed');
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatchObject({
      actorLabel: 'system:graph-sync',
      after: { trigger: 'SCHEDULE', tenants: 2, tenantsFailed: 0, created: 2, updated: 0, failures: [] },
    });
    // A second run that changes nothing adds its summary only.
    await runNow(p);
    await syncUntilDone(testSync(fake), p);
    const after = await testDb().auditEvent.groupBy({
      by: ['action'],
      where: { partnerId: p.partnerId, action: { in: ['microsoft.sync_completed', 'communications.synced'] } },
      _count: { _all: true },
    });
    expect(Object.fromEntries(after.map((g) => [g.action, g._count._all]))).toEqual({
      'microsoft.sync_completed': 2,
      'communications.synced': 2,
    });
  });
});

describe('many tenants, one communication', () => {
  it('an issue seen in three tenants is one communication with the three customers; nothing changes when read again', async () => {
    const p = await partnerWith(3);
    for (const t of p.tenants) fake.setTenant(t.tenantId, { issues: [graphIssue({ id: 'EX300', title: 'Mail delays' })], messages: [] });
    await syncUntilDone(testSync(fake), p);
    let rows = await stored(p.partnerId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.affectedCustomers.map((l) => l.customerId).sort()).toEqual(p.tenants.map((t) => t.customerId).sort());
    await runNow(p);
    await syncUntilDone(testSync(fake), p);
    rows = await stored(p.partnerId);
    expect(rows[0]!.affectedCustomers).toHaveLength(3);
    for (const t of p.tenants) expect(await tenantState(t.customerId)).toMatchObject({ lastCreated: 0, lastUpdated: 0 });
  });

  it('an update changes the communication; an older version read later in another tenant never overwrites it, but links that tenant', async () => {
    const p = await partnerWith(2);
    const [a, b] = p.tenants;
    fake.setTenant(a!.tenantId, {
      issues: [graphIssue({ id: 'EX400', status: 'serviceRestored', isResolved: true, lastModifiedDateTime: '2026-11-20T12:00:00Z' })],
    });
    fake.setTenant(b!.tenantId, {
      issues: [graphIssue({ id: 'EX400', status: 'investigating', lastModifiedDateTime: '2026-11-20T09:00:00Z' })],
    });
    await syncUntilDone(testSync(fake, { concurrency: 1, batchSize: 1 }), p);
    const [row] = await stored(p.partnerId);
    expect(row).toMatchObject({ status: 'serviceRestored', isResolved: true, lastModifiedAt: new Date('2026-11-20T12:00:00Z') });
    expect(row!.affectedCustomers.map((l) => l.customerId).sort()).toEqual([a!.customerId, b!.customerId].sort());
  });

  it('a tenant whose issue resolves between two syncs: the second sync asks for what changed since the first (less the overlap) and resolves it', async () => {
    const p = await partnerWith(1);
    const [t] = p.tenants;
    fake.setTenant(t!.tenantId, {
      issues: [
        graphIssue({ id: 'EX500', status: 'serviceDegradation', lastModifiedDateTime: new Date(Date.now() - 3600_000).toISOString() }),
      ],
    });
    await syncUntilDone(testSync(fake), p);
    const first = await tenantState(t!.customerId);
    expect((await stored(p.partnerId))[0]).toMatchObject({ status: 'serviceDegradation', isResolved: false });

    fake.setTenant(t!.tenantId, {
      issues: [
        graphIssue({
          id: 'EX500',
          status: 'serviceRestored',
          isResolved: true,
          endDateTime: new Date().toISOString(),
          lastModifiedDateTime: new Date().toISOString(),
        }),
      ],
    });
    fake.requests.length = 0;
    await runNow(p);
    await syncUntilDone(testSync(fake, { overlapMs: 600_000 }), p);
    const since = new Date(first!.syncedThrough!.getTime() - 600_000).toISOString();
    expect(issuesOf('issues', t!.tenantId).map((r) => r.filter)).toEqual([`lastModifiedDateTime ge ${since}`]);
    expect((await stored(p.partnerId))[0]).toMatchObject({ status: 'serviceRestored', isResolved: true });
    expect(await tenantState(t!.customerId)).toMatchObject({ lastCreated: 0, lastUpdated: 1 });
  });
});

describe('each tenant speaks for its own link', () => {
  it('a sync of one tenant never removes another tenant’s link; an import replaces only the links imports made', async () => {
    const p = await partnerWith(3);
    const [a, b, c] = p.tenants;
    fake.setTenant(a!.tenantId, { issues: [graphIssue({ id: 'EX600' })] });
    fake.setTenant(b!.tenantId, { issues: [graphIssue({ id: 'EX600' })] });
    fake.setTenant(c!.tenantId, { issues: [] });
    await syncUntilDone(testSync(fake), p);

    // An import of the same issue naming tenant C only: C is linked by the import; A and B keep the connector's links.
    const parsed = parseGraphCommunications({ ...graphIssue({ id: 'EX600' }), affectedTenantIds: [c!.tenantId] });
    if (!parsed.ok) throw new Error('bad fixture');
    await importCommunications(p.partnerId, parsed.records, { actor: SYSTEM_ACTORS.seed });
    let links = (await stored(p.partnerId))[0]!.affectedCustomers;
    expect(Object.fromEntries(links.map((l) => [l.customerId, [l.fromImport, l.fromConnector]]))).toEqual({
      [a!.customerId]: [false, true],
      [b!.customerId]: [false, true],
      [c!.customerId]: [true, false],
    });

    // Tenant A alone is read again, and no longer lists the issue (it scrolled out of its window): links stay.
    fake.setTenant(a!.tenantId, { issues: [] });
    await runNow(p);
    await syncUntilDone(testSync(fake), p);
    links = (await stored(p.partnerId))[0]!.affectedCustomers;
    expect(links).toHaveLength(3);

    // A later import naming A only: the import's link to C goes, A's link is kept and now also the import's.
    const again = parseGraphCommunications({ ...graphIssue({ id: 'EX600' }), affectedTenantIds: [a!.tenantId] });
    if (!again.ok) throw new Error('bad fixture');
    const result = await importCommunications(p.partnerId, again.records, { actor: SYSTEM_ACTORS.seed });
    expect(result.changes[0]).toMatchObject({ change: 'updated', linked: [], unlinked: [c!.customerId] });
    links = (await stored(p.partnerId))[0]!.affectedCustomers;
    expect(Object.fromEntries(links.map((l) => [l.customerId, [l.fromImport, l.fromConnector]]))).toEqual({
      [a!.customerId]: [true, true],
      [b!.customerId]: [false, true],
    });
  });
});

describe('throttling', () => {
  it('waits as long as Retry-After says, then goes on', async () => {
    const p = await partnerWith(1);
    const [t] = p.tenants;
    fake.setTenant(t!.tenantId, { issues: [graphIssue()], throttle: { times: 2, retryAfter: '7' } });
    const sync = testSync(fake);
    await syncUntilDone(sync, p);
    expect(sync.waits).toEqual([7000, 7000]);
    expect(issuesOf('issues', t!.tenantId).map((r) => r.status)).toEqual([429, 429, 200]);
    expect(await tenantState(t!.customerId)).toMatchObject({ lastErrorCode: null, lastCreated: 1 });
  });

  it('503 without Retry-After: backs off 1 s, 2 s…', async () => {
    const p = await partnerWith(1);
    fake.setTenant(p.tenants[0]!.tenantId, { issues: [], throttle: { times: 2, retryAfter: null, status: 503 } });
    const sync = testSync(fake);
    await syncUntilDone(sync, p);
    expect(sync.waits).toEqual([1000, 2000]);
  });

  it('a wait longer than it will hold, or throttling that never ends, stops the tenant with "Microsoft throttling"', async () => {
    const p = await partnerWith(2);
    const [long, endless] = p.tenants;
    fake.setTenant(long!.tenantId, { issues: [], throttle: { times: 1, retryAfter: '3600' } });
    fake.setTenant(endless!.tenantId, { issues: [], throttle: { times: 100, retryAfter: '1' } });
    const sync = testSync(fake);
    await syncUntilDone(sync, p);
    expect(await tenantState(long!.customerId)).toMatchObject({
      lastErrorCode: 'THROTTLED',
      lastErrorDetail: 'TooManyRequests (HTTP 429)',
    });
    expect(await tenantState(endless!.customerId)).toMatchObject({ lastErrorCode: 'THROTTLED' });
    // At most maxRetries (3) retries per request.
    expect(issuesOf('issues', endless!.tenantId)).toHaveLength(4);
  });

  it('throttling of the token endpoint is honoured the same way', async () => {
    const p = await partnerWith(1);
    fake.setTenant(p.tenants[0]!.tenantId, { issues: [], throttle: { times: 1, retryAfter: '3', on: 'token' } });
    const sync = testSync(fake);
    await syncUntilDone(sync, p);
    expect(sync.waits).toEqual([3000]);
    expect(await tenantState(p.tenants[0]!.customerId)).toMatchObject({ lastErrorCode: null });
  });
});

describe('a request Microsoft never answers', () => {
  // The client's own timeout cuts it off (GraphClientOptions.requestTimeoutMs: 30 s by default,
  // MICROSOFT_REQUEST_TIMEOUT_MS in the worker); here 300 ms, and one retry.
  const client = { requestTimeoutMs: 300, maxRetries: 1 };
  const hangs = [
    { where: 'a page of Graph', kind: 'issues', script: { hang: { collection: 'issues', skip: 0 } } },
    { where: 'the token endpoint', kind: 'token', script: { hangToken: true } },
  ] as const;

  it.each(hangs)(
    '$where: cut off after the timeout, the tenant says "No answer in time", its lease is released, and the next sync succeeds once Microsoft answers',
    async ({ kind, script }) => {
      const p = await partnerWith(1);
      const [t] = p.tenants;
      fake.setTenant(t!.tenantId, { issues: [graphIssue({ id: 'EX150' })], ...script });
      const sync = testSync(fake, { client });
      // Without the timeout this would never return (the fake holds the request until it stops).
      await syncUntilDone(sync, p);

      // Asked, cut off, asked once more after the back-off, cut off again: no answer came to either.
      const asked = fake.requests.filter((r) => r.kind === kind && r.tenantId === t!.tenantId.toLowerCase());
      expect(asked.map((r) => r.status)).toEqual([0, 0]);
      expect(sync.waits).toEqual([1000]);
      const state = await testDb().microsoftTenantSync.findUniqueOrThrow({
        where: { customerId: t!.customerId },
        select: { lastErrorCode: true, lastErrorDetail: true, lastSuccessAt: true, runId: true, leaseUntil: true, leaseToken: true },
      });
      expect(state).toEqual({
        lastErrorCode: 'TIMEOUT',
        lastErrorDetail: null,
        lastSuccessAt: null,
        runId: null,
        leaseUntil: null,
        leaseToken: null,
      });
      // The page shows the code in words, in both languages.
      expect(en.microsoftConnector.errors.TIMEOUT.title).toBe('No answer in time');
      expect(zhTW.microsoftConnector.errors.TIMEOUT.title).toBeTruthy();
      const summary = await testDb().auditEvent.findFirstOrThrow({
        where: { partnerId: p.partnerId, action: 'microsoft.sync_completed' },
        select: { after: true },
      });
      expect(summary.after).toMatchObject({ tenants: 1, tenantsFailed: 1, failures: [{ customerId: t!.customerId, code: 'TIMEOUT' }] });
      expect(await stored(p.partnerId)).toEqual([]);

      // Microsoft answers again: the next run reads the tenant and clears the error.
      fake.releaseHeld();
      fake.setTenant(t!.tenantId, { issues: [graphIssue({ id: 'EX150' })] });
      await runNow(p);
      await syncUntilDone(testSync(fake, { client }), p);
      expect(await tenantState(t!.customerId)).toMatchObject({ lastErrorCode: null, runId: null, leaseUntil: null, lastCreated: 1 });
      expect((await tenantState(t!.customerId))?.lastSuccessAt).toBeInstanceOf(Date);
      expect((await stored(p.partnerId)).map((r) => r.externalId)).toEqual(['EX150']);
    },
  );
});

describe('errors in words people act on, from Microsoft’s real codes', () => {
  it('expired secret, missing consent, missing permission, unknown tenant: each tenant’s state and the run summary say which', async () => {
    const p = await partnerWith(5);
    const [expired, consent, permission, fine, unknown] = p.tenants;
    fake.setTenant(expired!.tenantId, { tokenError: TOKEN_ERRORS.expiredSecret });
    fake.setTenant(consent!.tenantId, { tokenError: TOKEN_ERRORS.consentMissing });
    fake.setTenant(permission!.tenantId, { issues: [graphIssue({ id: 'EX700' })], forbidden: ['messages'] });
    fake.setTenant(fine!.tenantId, { issues: [graphIssue({ id: 'EX701' })] });
    // `unknown` is not scripted: the fake knows no such tenant (AADSTS90002).
    await syncUntilDone(testSync(fake), p);

    expect(await tenantState(expired!.customerId)).toMatchObject({ lastErrorCode: 'SECRET_EXPIRED', lastErrorDetail: 'AADSTS7000222' });
    expect(await tenantState(consent!.customerId)).toMatchObject({ lastErrorCode: 'CONSENT_MISSING', lastErrorDetail: 'AADSTS700016' });
    expect(await tenantState(permission!.customerId)).toMatchObject({
      lastErrorCode: 'SERVICE_MESSAGE_PERMISSION_MISSING',
      lastErrorDetail: 'Forbidden (HTTP 403)',
      lastSuccessAt: null,
    });
    expect(await tenantState(unknown!.customerId)).toMatchObject({ lastErrorCode: 'TENANT_NOT_FOUND', lastErrorDetail: 'AADSTS90002' });
    expect(await tenantState(fine!.customerId)).toMatchObject({ lastErrorCode: null, lastCreated: 1 });
    // The permission tenant's issues page was stored before its messages failed: whole pages only, kept.
    expect((await stored(p.partnerId)).map((r) => r.externalId)).toEqual(['EX700', 'EX701']);

    const [summary] = await testDb().auditEvent.findMany({
      where: { partnerId: p.partnerId, action: 'microsoft.sync_completed' },
      select: { after: true },
    });
    const after = summary!.after as { tenantsFailed: number; failures: { customerId: string; code: string }[] };
    expect(after.tenantsFailed).toBe(4);
    expect(Object.fromEntries(after.failures.map((f) => [f.customerId, f.code]))).toEqual({
      [expired!.customerId]: 'SECRET_EXPIRED',
      [consent!.customerId]: 'CONSENT_MISSING',
      [permission!.customerId]: 'SERVICE_MESSAGE_PERMISSION_MISSING',
      [unknown!.customerId]: 'TENANT_NOT_FOUND',
    });
  });

  it('the secret is in no log line and no audit event, even when Microsoft refuses it', async () => {
    const p = await partnerWith(2);
    const [refused, fine] = p.tenants;
    fake.setApp({ clientId: CLIENT_ID, secrets: [] }); // Microsoft no longer knows the secret: AADSTS7000215
    fake.setTenant(refused!.tenantId, { issues: [] });
    fake.setTenant(fine!.tenantId, { issues: [] });
    const lines: string[] = [];
    const capture = (level: string) => (object: unknown, message?: string) => void lines.push(JSON.stringify({ level, object, message }));
    await syncUntilDone(testSync(fake, { logger: { info: capture('info'), warn: capture('warn'), error: capture('error') } }), p);
    expect(await tenantState(refused!.customerId)).toMatchObject({ lastErrorCode: 'SECRET_INVALID', lastErrorDetail: 'AADSTS7000215' });
    expect(lines.some((line) => line.includes('SECRET_INVALID'))).toBe(true);
    expect(lines.join('\n')).not.toContain(SECRET);
    const events = await testDb().auditEvent.findMany({ where: { partnerId: p.partnerId }, select: { before: true, after: true } });
    expect(events.length).toBeGreaterThan(0);
    expect(JSON.stringify(events)).not.toContain(SECRET);
  });

  it('a tenant that recovers: the error is cleared by the next successful sync, and it resumes from its last success', async () => {
    const p = await partnerWith(1);
    const [t] = p.tenants;
    fake.setTenant(t!.tenantId, { tokenError: TOKEN_ERRORS.consentMissing });
    await syncUntilDone(testSync(fake), p);
    expect(await tenantState(t!.customerId)).toMatchObject({ lastErrorCode: 'CONSENT_MISSING', syncedThrough: null });
    fake.setTenant(t!.tenantId, { issues: [graphIssue()] });
    await runNow(p);
    await syncUntilDone(testSync(fake), p);
    expect(await tenantState(t!.customerId)).toMatchObject({ lastErrorCode: null, lastErrorDetail: null, lastCreated: 1 });
    // Never succeeded before: everything is read.
    expect(issuesOf('issues', t!.tenantId).map((r) => r.filter)).toEqual([null]);
  });

  it('a Graph 401 drops the cached token and asks for a new one once', async () => {
    const p = await partnerWith(1);
    const [t] = p.tenants;
    fake.setTenant(t!.tenantId, { issues: [graphIssue()] });
    const sync = testSync(fake);
    await syncUntilDone(sync, p);
    fake.reset(); // forgets the tokens it issued: the cached one is refused
    fake.setApp({ clientId: CLIENT_ID, secrets: [SECRET] });
    fake.setTenant(t!.tenantId, { issues: [graphIssue()] });
    await runNow(p);
    await syncUntilDone(sync, p);
    expect(fake.requests.map((r) => [r.kind, r.status])).toEqual([
      ['issues', 401],
      ['token', 200],
      ['issues', 200],
      ['messages', 200],
    ]);
  });
});

describe('tokens', () => {
  it('are kept until shortly before they expire: one token request per tenant across runs', async () => {
    const p = await partnerWith(2);
    for (const t of p.tenants) fake.setTenant(t.tenantId, { issues: [] });
    const sync = testSync(fake);
    await syncUntilDone(sync, p);
    await runNow(p);
    await syncUntilDone(sync, p);
    for (const t of p.tenants) expect(tokensOf(t.tenantId)).toHaveLength(1);
    // An hour later (the client's clock), the tokens of an hour are asked for again.
    sync.options.client.now = () => new Date(Date.now() + 3600_000);
    await runNow(p);
    await syncUntilDone(sync, p);
    for (const t of p.tenants) expect(tokensOf(t.tenantId)).toHaveLength(2);
  });

  it('a certificate credential: a client assertion signed with the private key, checked against the certificate', async () => {
    const p = await partnerWith(1);
    const fixtures = path.resolve(import.meta.dirname, '../support/fixtures');
    const certificatePem = readFileSync(path.join(fixtures, 'connector-test.cert.pem'), 'utf8');
    const privateKeyPem = readFileSync(path.join(fixtures, 'connector-test.key.pem'), 'utf8');
    fake.setApp({ clientId: CLIENT_ID, secrets: [], certificates: [certificatePem] });
    const saved = await saveConnector(p.admin, {
      version: 1,
      clientId: CLIENT_ID,
      credential: 'CERTIFICATE',
      secret: '',
      certificatePem,
      privateKeyPem,
      syncIntervalMinutes: 15,
      enabled: true,
    });
    expect(saved.ok).toBe(true);
    fake.setTenant(p.tenants[0]!.tenantId, { issues: [graphIssue()] });
    await runNow(p);
    await syncUntilDone(testSync(fake), p);
    expect(tokensOf(p.tenants[0]!.tenantId).map((r) => [r.credential, r.status])).toEqual([['assertion', 200]]);
    expect(await tenantState(p.tenants[0]!.customerId)).toMatchObject({ lastErrorCode: null, lastCreated: 1 });

    // Another certificate than the one registered: refused by Microsoft (AADSTS700027), said as such.
    const other = readFileSync(path.join(fixtures, 'other-test.cert.pem'), 'utf8');
    fake.setApp({ clientId: CLIENT_ID, secrets: [], certificates: [other] });
    expect(
      (
        await saveConnector(p.admin, {
          version: 2,
          clientId: CLIENT_ID,
          credential: 'CERTIFICATE',
          secret: '',
          certificatePem,
          privateKeyPem,
          syncIntervalMinutes: 15,
          enabled: true,
        })
      ).ok,
    ).toBe(true);
    await runNow(p);
    await syncUntilDone(testSync(fake), p);
    expect(await tenantState(p.tenants[0]!.customerId)).toMatchObject({
      lastErrorCode: 'CERTIFICATE_INVALID',
      lastErrorDetail: 'AADSTS700027',
    });
  });
});

describe('clouds', () => {
  it('US Government tenants ask for graph.microsoft.us (DoD: dod-graph.microsoft.us); Germany is never asked anything', async () => {
    const p = await partnerWith(4, ['PUBLIC', 'US_GOVERNMENT', 'US_GOVERNMENT', 'GERMANY']);
    const [pub, gcc, dod, germany] = p.tenants;
    expect((await setGovernmentGraph(p.admin, dod!.customerId, 'DOD')).ok).toBe(true);
    fake.setTenant(pub!.tenantId, { issues: [] });
    fake.setTenant(gcc!.tenantId, { issues: [], scope: 'https://graph.microsoft.us/.default' });
    fake.setTenant(dod!.tenantId, { issues: [], scope: 'https://dod-graph.microsoft.us/.default' });
    fake.setTenant(germany!.tenantId, { issues: [] });
    await syncUntilDone(testSync(fake), p);
    expect(tokensOf(gcc!.tenantId).map((r) => [r.scope, r.status])).toEqual([['https://graph.microsoft.us/.default', 200]]);
    expect(tokensOf(dod!.tenantId).map((r) => [r.scope, r.status])).toEqual([['https://dod-graph.microsoft.us/.default', 200]]);
    expect(fake.requests.filter((r) => r.tenantId === germany!.tenantId.toLowerCase())).toEqual([]);
    for (const t of [pub, gcc, dod]) expect(await tenantState(t!.customerId)).toMatchObject({ lastErrorCode: null });
    const run = await testDb().microsoftSyncRun.findFirst({
      where: { partnerId: p.partnerId },
      select: { tenants: true, finishedAt: true },
    });
    expect(run).toMatchObject({ tenants: 3, finishedAt: expect.any(Date) });
    expect(await tenantState(germany!.customerId)).toMatchObject({ lastSuccessAt: null, lastErrorCode: null, runId: null });
  });
});

describe('any number of workers', () => {
  it('two workers at once read each tenant exactly once', async () => {
    const p = await partnerWith(40);
    for (const [i, t] of p.tenants.entries())
      fake.setTenant(t.tenantId, {
        issues: [graphIssue({ id: `EX8${String(i).padStart(3, '0')}` })],
        messages: [graphMessage({ id: 'MC800' })],
      });
    const one = testSync(fake, { batchSize: 3, concurrency: 2 });
    const two = testSync(fake, { batchSize: 3, concurrency: 2 });
    await Promise.all([syncUntilDone(one, p), syncUntilDone(two, p)]);
    for (const t of p.tenants) {
      expect(tokensOf(t.tenantId)).toHaveLength(1);
      expect(issuesOf('issues', t.tenantId)).toHaveLength(1);
      expect(await tenantState(t.customerId)).toMatchObject({ lastErrorCode: null, lastCreated: 2 });
    }
    expect(one.totals.succeeded + two.totals.succeeded).toBe(40);
    expect(one.totals.succeeded).toBeGreaterThan(0);
    expect(two.totals.succeeded).toBeGreaterThan(0);
    const rows = await stored(p.partnerId);
    expect(rows).toHaveLength(41);
    expect(rows.find((r) => r.externalId === 'MC800')!.affectedCustomers).toHaveLength(40);
    const summaries = await testDb().auditEvent.count({ where: { partnerId: p.partnerId, action: 'microsoft.sync_completed' } });
    expect(summaries).toBe(1);
  });

  it('a worker whose lease ran out and was taken over writes nothing more of the tenant, and does not end it', async () => {
    const p = await partnerWith(1);
    const [t] = p.tenants;
    await startDueRuns(testDb(), new Date());
    const now = new Date();
    const [stale] = await claimTenants(testDb(), now, { limit: 10, leaseMs: 1000 });
    const [current] = await claimTenants(testDb(), new Date(now.getTime() + 2000), { limit: 10, leaseMs: 60_000 });
    expect(stale!.customerId).toBe(current!.customerId);
    const parsed = parseGraphCommunications({ ...graphIssue({ id: 'EX990' }), affectedTenantIds: [t!.tenantId] });
    if (!parsed.ok) throw new Error('bad fixture');
    await expect(
      importCommunications(
        p.partnerId,
        parsed.records,
        { actor: SYSTEM_ACTORS.graphSync },
        {
          source: { kind: 'connector', tenantId: t!.tenantId },
          alsoInTransaction: (tx) => holdLease(tx, stale!, new Date(), 60_000, { created: 1, updated: 0 }),
        },
      ),
    ).rejects.toBeInstanceOf(LeaseLostError);
    expect(await stored(p.partnerId)).toEqual([]);
    expect(await finishTenant(testDb(), stale!, { ok: true, startedAt: now }, new Date())).toBe(false);
    expect(await tenantState(t!.customerId)).toMatchObject({ lastSuccessAt: null, runId: expect.any(String) });
    expect(await finishTenant(testDb(), current!, { ok: true, startedAt: now }, new Date())).toBe(true);
  });

  it('a leased tenant is not claimed again until its lease runs out', async () => {
    const p = await partnerWith(1);
    await startDueRuns(testDb(), new Date());
    const now = new Date();
    const first = await claimTenants(testDb(), now, { limit: 10, leaseMs: 60_000 });
    expect(first.map((c) => c.customerId)).toContain(p.tenants[0]!.customerId);
    expect(await claimTenants(testDb(), new Date(now.getTime() + 30_000), { limit: 10, leaseMs: 60_000 })).toEqual([]);
    const later = await claimTenants(testDb(), new Date(now.getTime() + 61_000), { limit: 10, leaseMs: 60_000 });
    expect(later.map((c) => c.customerId)).toEqual([p.tenants[0]!.customerId]);
    expect(later[0]!.leaseToken).not.toBe(first[0]!.leaseToken);
  });
});

describe('"Sync now" and the schedule', () => {
  it('"Sync now" starts a run at once, recorded as asked for by the admin; a switched-off or demo connector refuses it', async () => {
    const p = await partnerWith(1);
    fake.setTenant(p.tenants[0]!.tenantId, { issues: [] });
    await syncUntilDone(testSync(fake), p);
    expect(await testDb().microsoftSyncRun.count({ where: { partnerId: p.partnerId } })).toBe(1);
    expect(await requestSync(p.agent)).toEqual({ ok: false, code: 'FORBIDDEN' });
    expect((await requestSync(p.admin)).ok).toBe(true);
    await syncUntilDone(testSync(fake), p);
    const runs = await testDb().microsoftSyncRun.findMany({
      where: { partnerId: p.partnerId },
      orderBy: { startedAt: 'asc' },
      select: { trigger: true, requestedBy: true },
    });
    expect(runs).toEqual([
      { trigger: 'SCHEDULE', requestedBy: null },
      { trigger: 'SYNC_NOW', requestedBy: p.admin.email },
    ]);
    await testDb().microsoftConnector.updateMany({ where: { partnerId: p.partnerId }, data: { demo: true } });
    expect(await requestSync(p.admin)).toEqual({ ok: false, code: 'DEMO_MODE' });
    await testDb().microsoftConnector.updateMany({ where: { partnerId: p.partnerId }, data: { demo: false, enabled: false } });
    expect(await requestSync(p.admin)).toEqual({ ok: false, code: 'DISABLED' });
  });

  // The schedule is the connector's nextRunAt; the worker compares it with its clock (GraphSync's `now`).
  const MINUTE = 60_000;
  const lastRun = (partnerId: string) =>
    testDb().microsoftSyncRun.findFirstOrThrow({ where: { partnerId }, orderBy: { startedAt: 'desc' }, select: { startedAt: true } });
  const nextRunAt = async (partnerId: string) =>
    (await testDb().microsoftConnector.findUniqueOrThrow({ where: { partnerId }, select: { nextRunAt: true } })).nextRunAt;
  const runsOf = (partnerId: string) => testDb().microsoftSyncRun.count({ where: { partnerId } });
  /** One round of a worker whose clock reads `at`. */
  const roundAt = (at: Date) => testSync(fake, { now: () => at }).tick();

  it('a run does not start before the interval has passed since the last one, and starts once it has', async () => {
    const p = await partnerWith(1);
    fake.setTenant(p.tenants[0]!.tenantId, { issues: [] });
    await syncUntilDone(testSync(fake), p);
    const { startedAt } = await lastRun(p.partnerId);
    expect(await nextRunAt(p.partnerId)).toEqual(new Date(startedAt.getTime() + 15 * MINUTE));

    fake.requests.length = 0;
    await roundAt(new Date());
    await roundAt(new Date(startedAt.getTime() + 15 * MINUTE - 1000));
    expect(await runsOf(p.partnerId)).toBe(1);
    expect(fake.requests).toEqual([]);

    const round = await roundAt(new Date(startedAt.getTime() + 15 * MINUTE + 1000));
    expect(round).toMatchObject({ runsStarted: 1, tenants: 1, succeeded: 1 });
    expect(await runsOf(p.partnerId)).toBe(2);
    expect(fake.requests.filter((r) => r.kind === 'issues')).toHaveLength(1);
  });

  it('saving a shorter interval brings the next run forward; a longer one pushes it back', async () => {
    const p = await partnerWith(1);
    fake.setTenant(p.tenants[0]!.tenantId, { issues: [] });
    await syncUntilDone(testSync(fake), p);
    const { startedAt } = await lastRun(p.partnerId);
    const save = (version: number, syncIntervalMinutes: number, now?: Date) =>
      saveConnector(p.admin, connectorInput({ version, secret: '', syncIntervalMinutes }), { now });

    // Longer: the last run's start plus the new interval.
    expect(await save(1, 60)).toEqual({ ok: true, version: 2 });
    expect(await nextRunAt(p.partnerId)).toEqual(new Date(startedAt.getTime() + 60 * MINUTE));
    // Shorter: from an hour after the last run to five minutes after it.
    expect(await save(2, 5)).toEqual({ ok: true, version: 3 });
    expect(await nextRunAt(p.partnerId)).toEqual(new Date(startedAt.getTime() + 5 * MINUTE));
    await roundAt(new Date(startedAt.getTime() + 5 * MINUTE - 1000));
    expect(await runsOf(p.partnerId)).toBe(1);
    expect(await roundAt(new Date(startedAt.getTime() + 5 * MINUTE + 1000))).toMatchObject({ runsStarted: 1, tenants: 1 });
    expect(await runsOf(p.partnerId)).toBe(2);

    // The last run was 40 minutes ago and the next is due in 20 (every hour): at 30 minutes, it is due now.
    const now = new Date();
    await testDb().microsoftSyncRun.updateMany({
      where: { partnerId: p.partnerId },
      data: { startedAt: new Date(now.getTime() - 40 * MINUTE) },
    });
    expect(await save(3, 60)).toEqual({ ok: true, version: 4 });
    expect(await nextRunAt(p.partnerId)).toEqual(new Date(now.getTime() + 20 * MINUTE));
    expect(await save(4, 30, now)).toEqual({ ok: true, version: 5 });
    expect(await nextRunAt(p.partnerId)).toEqual(now);
    expect(await testSync(fake).tick()).toMatchObject({ runsStarted: 1 });
    expect(await runsOf(p.partnerId)).toBe(3);
  });
});

describe('the run’s summary as a webhook (microsoft.sync_completed)', () => {
  const receivers: WebhookReceiver[] = [];
  beforeAll(() => {
    // The receiver is on this machine: the network rule lets tests reach it only with this.
    process.env.WEBHOOKS_ALLOW_PRIVATE = 'true';
  });
  afterEach(async () => {
    for (const receiver of receivers.splice(0)) await receiver.close();
  });
  afterAll(() => {
    delete process.env.WEBHOOKS_ALLOW_PRIVATE;
  });

  async function receiver() {
    const started = await startWebhookReceiver();
    receivers.push(started);
    return started;
  }

  const sender = () =>
    new WebhookSender(testDb(), createFileTransport(path.join(os.tmpdir(), 'graph-sync-webhook-mail')), {
      fromAddress: 'notices@portal.example',
      messageIdHost: 'portal.example',
      allowPrivate: true,
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
      timeoutMs: 2_000,
      random: () => 0,
    });

  async function subscribe(partner: ConnectorPartner, url: string, events: WebhookEventType[]) {
    const created = await createWebhookEndpoint(partner.admin, { url, events });
    if (!created.ok) throw new Error(`createWebhookEndpoint: ${JSON.stringify(created)}`);
    return created;
  }

  it('goes, signed, to the endpoints subscribed to it once the last tenant is done: tenants read and failed, communications created and updated, start and end', async () => {
    const p = await partnerWith(3);
    const [fine, other, consent] = p.tenants;
    fake.setTenant(fine!.tenantId, { issues: [graphIssue({ id: 'EX900' })], messages: [graphMessage({ id: 'MC900' })] });
    fake.setTenant(other!.tenantId, { issues: [graphIssue({ id: 'EX900' })] });
    fake.setTenant(consent!.tenantId, { tokenError: TOKEN_ERRORS.consentMissing });

    const hook = await receiver();
    const subscribed = await subscribe(p, hook.url, ['microsoft.sync_completed']);
    const elsewhere = await receiver();
    const unsubscribed = await subscribe(p, elsewhere.url, ['communication.created', 'notice.sent']);
    const switchedOff = await receiver();
    const disabled = await subscribe(p, switchedOff.url, ['microsoft.sync_completed']);
    await testDb().webhookEndpoint.update({ where: { id: disabled.endpoint.id }, data: { enabled: false } });

    // Nothing is told before the run ends: a round that leaves a tenant due writes no summary.
    await startDueRuns(testDb(), new Date());
    expect(await testDb().webhookDelivery.count({ where: { partnerId: p.partnerId, eventType: 'microsoft.sync_completed' } })).toBe(0);
    await syncUntilDone(testSync(fake), p);

    const [run] = await testDb().microsoftSyncRun.findMany({ where: { partnerId: p.partnerId } });
    const queued = await testDb().webhookDelivery.findMany({
      where: { partnerId: p.partnerId },
      select: { endpointId: true, eventType: true },
    });
    // One summary, for the subscribed endpoint only; the other endpoint gets its communications.
    expect(queued.filter((d) => d.eventType === 'microsoft.sync_completed')).toEqual([
      { endpointId: subscribed.endpoint.id, eventType: 'microsoft.sync_completed' },
    ]);
    expect(queued.filter((d) => d.endpointId === unsubscribed.endpoint.id).map((d) => d.eventType)).toEqual([
      'communication.created',
      'communication.created',
    ]);
    expect(queued.filter((d) => d.endpointId === disabled.endpoint.id)).toEqual([]);

    const worker = sender();
    for (let i = 0; i < 50 && hook.received.length + elsewhere.received.length < 3; i += 1) await worker.drain();
    expect(hook.received).toHaveLength(1);
    const request = hook.received[0]!;
    // The Standard Webhooks signature with the endpoint's secret; any change to the body breaks it.
    const verified = new Webhook(subscribed.secret).verify(request.body, request.headers as Record<string, string>);
    expect(() => new Webhook(unsubscribed.secret).verify(request.body, request.headers as Record<string, string>)).toThrow();
    const payload = WEBHOOK_PAYLOAD_SCHEMAS['microsoft.sync_completed'].parse(verified);
    expect(payload).toMatchObject({ type: 'microsoft.sync_completed', v: 1 });
    expect(payload.data).toEqual({
      run: {
        id: run!.id,
        trigger: 'SCHEDULE',
        startedAt: run!.startedAt.toISOString(),
        finishedAt: run!.finishedAt!.toISOString(),
      },
      tenants: { total: 3, succeeded: 2, failed: 1 },
      // EX900 is one communication, new for each of its two tenants.
      communications: { created: 3, updated: 0 },
      failures: [{ customerId: consent!.customerId, code: 'CONSENT_MISSING', microsoftCode: 'AADSTS700016' }],
    });
    expect(payload.timestamp).toBe(payload.data.run.finishedAt);
    expect(elsewhere.received.map((r) => (JSON.parse(r.body) as { type: string }).type)).toEqual([
      'communication.created',
      'communication.created',
    ]);
    expect(switchedOff.received).toEqual([]);
  });

  it('"Sync now" says so; a partner whose endpoints do not subscribe to it gets no delivery at all', async () => {
    const p = await partnerWith(1);
    fake.setTenant(p.tenants[0]!.tenantId, { issues: [] });
    const hook = await receiver();
    const listening = await subscribe(p, hook.url, ['microsoft.sync_completed']);
    expect((await requestSync(p.admin)).ok).toBe(true);
    await syncUntilDone(testSync(fake), p);
    await sender().drain();
    const body = new Webhook(listening.secret).verify(hook.received[0]!.body, hook.received[0]!.headers as Record<string, string>);
    expect(WEBHOOK_PAYLOAD_SCHEMAS['microsoft.sync_completed'].parse(body).data).toMatchObject({
      run: { trigger: 'SYNC_NOW' },
      tenants: { total: 1, succeeded: 1, failed: 0 },
      communications: { created: 0, updated: 0 },
      failures: [],
    });

    const quiet = await partnerWith(1);
    fake.setTenant(quiet.tenants[0]!.tenantId, { issues: [graphIssue({ id: 'EX901' })] });
    await subscribe(quiet, hook.url, ['relationship.decided']);
    await syncUntilDone(testSync(fake), quiet);
    expect(await testDb().microsoftSyncRun.count({ where: { partnerId: quiet.partnerId, finishedAt: { not: null } } })).toBe(1);
    expect(await testDb().webhookDelivery.count({ where: { partnerId: quiet.partnerId } })).toBe(0);
  });
});
