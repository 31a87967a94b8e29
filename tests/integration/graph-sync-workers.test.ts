// The connector in worker processes (scripts/worker.ts, as `npm run worker` runs it) against the
// fake Microsoft: a worker killed in the middle of a tenant's sync leaves whole pages only, and the
// next worker — once the lease has run out — completes the tenant; a tenant whose Graph request
// hangs holds up no notice (the worker mails it to a real SMTP server meanwhile). And the figure: 1,000 tenants ×
// 50 items read and stored (printed, never asserted against a time).
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIGURE_HEADER, figureLine, measureGraphSync } from '../../scripts/bench-graph-sync';
import { testDb } from '../support/factories';
import { startFakeMicrosoft, type FakeMicrosoft } from '../support/fake-microsoft';
import { graphIssue, graphMessage } from '../support/graph-payloads';
import { createNotice } from '../../lib/server/data/notice-writes';
import { sendNoticeNow } from '../../lib/server/data/notice-transitions';
import { GENERAL_CONTENT, createNoticePartner, type NoticeTestPartner } from '../support/notices';
import { addBulkCustomers } from './support/bulk';
import { connectorPartner, stored, switchOff, tenantState, type ConnectorPartner } from './support/graph';
import { startSmtpSink, type SmtpSink } from './support/smtp';
import { spawnWorker as spawnWorkerProcess, waitFor, type WorkerProcess } from './support/worker-process';

let fake: FakeMicrosoft;
let dataDir: string;
const partners: ConnectorPartner[] = [];
const workers: ChildProcess[] = [];
const sinks: SmtpSink[] = [];
const noticePartners: NoticeTestPartner[] = [];

beforeAll(async () => {
  fake = await startFakeMicrosoft();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'graph-worker-'));
});

afterAll(async () => {
  for (const worker of workers) if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
  for (const partner of partners) await switchOff(partner);
  for (const sink of sinks) await sink.close();
  for (const partner of noticePartners) await partner.cleanup();
  await fake.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function spawnWorker(args: string[], extraEnv: Record<string, string> = {}): WorkerProcess {
  const worker = spawnWorkerProcess(
    { ...extraEnv, DATA_DIR: dataDir, MICROSOFT_LOGIN_URL: fake.loginUrl, MICROSOFT_GRAPH_URL: fake.graphUrl },
    args,
  );
  workers.push(worker.proc);
  return worker;
}

describe('a worker killed mid-sync', () => {
  it('leaves whole pages only; the next worker completes the tenant once the lease has run out', async () => {
    const p = await connectorPartner(fake, 2);
    partners.push(p);
    const [t, u] = p.tenants;
    const issues = Array.from({ length: 6 }, (_, i) => graphIssue({ id: `EX95${i}` }));
    const messages = [graphMessage({ id: 'MC950' })];
    // Tenant T answers two pages, then never answers the third: the worker waits on it when it is killed.
    fake.setTenant(t!.tenantId, { issues, messages, pageSize: 2, hang: { collection: 'issues', skip: 4 } });
    fake.setTenant(u!.tenantId, { issues: [graphIssue({ id: 'EX959' })], messages: [] });

    const first = spawnWorker(['--graph-poll-ms', '100', '--graph-lease-ms', '1500', '--poll-ms', '500']);
    await waitFor(
      async () =>
        fake.requests.some((r) => r.kind === 'issues' && r.skip === 4 && r.status === 0) &&
        (await tenantState(u!.customerId))?.runId === null,
      60_000,
      'the third page of T to be asked for, and U to be read',
      first.output,
    );
    first.proc.kill('SIGKILL');
    await first.exited;

    // Whole pages: the first two pages of T (4 issues) and U's issue, each with its link; nothing of the third page.
    let rows = await stored(p.partnerId);
    expect(rows.map((r) => r.externalId)).toEqual(['EX950', 'EX951', 'EX952', 'EX953', 'EX959']);
    for (const row of rows) expect(row.affectedCustomers).toHaveLength(1);
    expect(await tenantState(t!.customerId)).toMatchObject({ lastSuccessAt: null, runId: expect.any(String) });
    expect(await tenantState(u!.customerId)).toMatchObject({ lastErrorCode: null, runId: null, lastCreated: 1 });
    const run = await testDb().microsoftSyncRun.findFirstOrThrow({ where: { partnerId: p.partnerId }, select: { finishedAt: true } });
    expect(run.finishedAt).toBeNull();

    // Microsoft answers again; another worker takes the tenant over when the lease ends and reads it from the start.
    fake.releaseHeld();
    fake.setTenant(t!.tenantId, { issues, messages, pageSize: 2 });
    const second = spawnWorker(['--graph-poll-ms', '100', '--graph-lease-ms', '1500', '--poll-ms', '500']);
    await waitFor(async () => (await tenantState(t!.customerId))?.lastSuccessAt != null, 60_000, 'tenant T to be read', second.output);
    second.proc.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    rows = await stored(p.partnerId);
    expect(rows.map((r) => r.externalId)).toEqual(['EX950', 'EX951', 'EX952', 'EX953', 'EX954', 'EX955', 'EX959', 'MC950']);
    for (const row of rows) expect(row.affectedCustomers).toHaveLength(1);
    // What the killed worker stored is counted once: 4 before the kill, 3 after.
    expect(await tenantState(t!.customerId)).toMatchObject({ lastErrorCode: null, runId: null, lastCreated: 7, lastUpdated: 0 });
    const summary = await testDb().auditEvent.findFirstOrThrow({
      where: { partnerId: p.partnerId, action: 'microsoft.sync_completed' },
      select: { after: true },
    });
    expect(summary.after).toMatchObject({ tenants: 2, tenantsFailed: 0, created: 8 });
  });
});

describe('a sync that hangs', () => {
  it('holds up no notice: while a tenant’s Graph request goes unanswered, the worker mails a notice sent meanwhile', async () => {
    const sink = await startSmtpSink();
    sinks.push(sink);
    const p = await connectorPartner(fake, 1);
    partners.push(p);
    const [t] = p.tenants;
    fake.setTenant(t!.tenantId, { issues: [graphIssue({ id: 'EX970' })], messages: [], hang: { collection: 'issues', skip: 0 } });
    const senders = await createNoticePartner();
    noticePartners.push(senders);
    const customers = await addBulkCustomers(senders.partnerId, 2, `hang-${senders.suffix}`);

    // A timeout far longer than the test: the sync waits on Microsoft all along.
    const worker = spawnWorker(['--graph-poll-ms', '100', '--poll-ms', '100'], {
      SMTP_URL: sink.url,
      MAIL_FROM: 'notices@portal.example',
      MICROSOFT_REQUEST_TIMEOUT_MS: '600000',
    });
    await waitFor(
      async () => fake.requests.some((r) => r.kind === 'issues' && r.tenantId === t!.tenantId.toLowerCase() && r.status === 0),
      60_000,
      'the tenant’s Graph request to hang',
      worker.output,
    );

    const created = await createNotice(senders.agent, {
      kind: 'GENERAL',
      content: GENERAL_CONTENT,
      target: { mode: 'customers', customerIds: customers },
      recipientRoles: ['BILLING'],
    });
    if (!created.ok) throw new Error(`createNotice: ${JSON.stringify(created).slice(0, 500)}`);
    const sent = await sendNoticeNow(senders.agent, created.id, 1);
    if (!sent.ok) throw new Error(`sendNoticeNow: ${sent.code}`);
    const deliveries = await testDb().noticeDelivery.findMany({ where: { noticeId: created.id }, select: { messageId: true } });
    expect(deliveries).toHaveLength(2);
    const ids = new Set(deliveries.map((d) => d.messageId));
    await waitFor(
      async () => sink.received.filter((m) => ids.has(m.messageId)).length === 2,
      60_000,
      'the notice’s mail to be received',
      worker.output,
    );

    // Mailed while the sync was still waiting: the tenant has no outcome yet, its request no answer.
    expect(await tenantState(t!.customerId)).toMatchObject({ runId: expect.any(String), lastSuccessAt: null, lastErrorCode: null });
    expect(fake.requests.filter((r) => r.kind === 'issues' && r.tenantId === t!.tenantId.toLowerCase()).map((r) => r.status)).toEqual([0]);
    expect(await testDb().noticeDelivery.count({ where: { noticeId: created.id, status: 'SENT' } })).toBe(2);

    // Microsoft answers again: the dropped request is tried once more and the tenant is read; the worker stops cleanly.
    fake.setTenant(t!.tenantId, { issues: [graphIssue({ id: 'EX970' })], messages: [] });
    fake.releaseHeld();
    await waitFor(async () => (await tenantState(t!.customerId))?.lastSuccessAt != null, 60_000, 'the tenant to be read', worker.output);
    worker.proc.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
  });
});

describe('1,000 tenants × 50 items', () => {
  it(
    'are all read and stored: every communication once, every tenant linked to its 50 (the figure is printed)',
    { timeout: 900_000 },
    async () => {
      fake.reset();
      const figure = await measureGraphSync(testDb(), fake, 1000);
      console.log(['', ...FIGURE_HEADER, figureLine(figure)].join('\n'));
      expect(figure.failed).toBe(0);
      // 40 items shared by every tenant, 10 of each tenant's own.
      expect(figure.communications).toBe(40 + 1000 * 10);
      expect(figure.links).toBe(1000 * 50);
      expect(fake.requests.filter((r) => r.kind === 'token')).toHaveLength(1000);
    },
  );
});
