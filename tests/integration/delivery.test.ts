// The delivery worker (in this process) against a real SMTP server started by the test:
// what the message carries, temporary and permanent failures (users get a code, the log the
// server's text), the relay down then back, a scheduled notice coming due, and the .eml file default.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createPrismaClient, type PrismaClient } from '../../lib/runtime/prisma';
import { createLogger } from '../../lib/runtime/logger';
import { hashToken } from '../../lib/runtime/tokens';
import { listDeliveriesHandler } from '../../lib/server/api/notices';
import { iterateDeliveryCsvRows, listDeliveries } from '../../lib/server/data/delivery-ledger';
import { createNotice } from '../../lib/server/data/notice-writes';
import { getNotice } from '../../lib/server/data/notice-reads';
import { renderPreview } from '../../lib/server/data/notice-preview';
import { retryFailedDeliveries, scheduleNotice, sendNoticeNow } from '../../lib/server/data/notice-transitions';
import { composeMessage } from '../../lib/server/mail/message';
import { createFileTransport, createSmtpTransport, mailFileName, type MailTransport } from '../../lib/server/mail/transport';
import type { Dispatcher, DispatcherOptions } from '../../lib/worker/dispatcher';
import { DEFAULT_RETRY_POLICY } from '../../lib/domain/notice-lifecycle';
import { testDb } from '../support/factories';
import { GENERAL_CONTENT, RENEWAL_CONTENT, createNoticePartner, type NoticeTestCustomer, type NoticeTestPartner } from '../support/notices';
import { freePort, parseMessage, startSmtpSink, type SmtpSink } from './support/smtp';
import { testDispatcher } from './support/worker';

const FAST_RETRY = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 150, factor: 2, maxDelayMs: 1_000, maxAttempts: 4, jitterRatio: 0 };

let db: PrismaClient;
let p: NoticeTestPartner;
let en: NoticeTestCustomer;
let zh: NoticeTestCustomer;
const open: { sinks: SmtpSink[]; transports: MailTransport[] } = { sinks: [], transports: [] };

beforeAll(async () => {
  db = createPrismaClient(inject('integrationDatabaseUrl'), { max: 4 });
  p = await createNoticePartner({ senderName: 'Contoso Renewals Desk', senderReplyTo: 'renewals@contoso.example' });
  en = await p.addCustomer({
    name: 'Adatum Corporation',
    language: 'en',
    contacts: [{ role: 'BILLING', language: 'en' }],
    subscriptions: [{ endsInDays: 30, offerName: 'Microsoft 365 E3', quantity: 1250 }],
  });
  zh = await p.addCustomer({
    name: 'Litware, Inc.',
    language: 'zh-TW',
    contacts: [{ role: 'BILLING' }],
    subscriptions: [{ endsInDays: 12, offerName: 'Exchange Online (Plan 1)' }],
  });
});

afterEach(async () => {
  for (const transport of open.transports.splice(0)) await transport.close();
  for (const sink of open.sinks.splice(0)) await sink.close();
});

afterAll(async () => {
  await p?.cleanup();
  await db?.$disconnect();
});

async function sink(behaviour: Parameters<typeof startSmtpSink>[0] = {}) {
  const server = await startSmtpSink(behaviour);
  open.sinks.push(server);
  return server;
}

function dispatcher(url: string, options: Partial<DispatcherOptions> = {}, transport: MailTransport = smtpTransport(url)) {
  return testDispatcher(db, transport, { retryPolicy: FAST_RETRY, ...options });
}

async function sendingNotice(customers: NoticeTestCustomer[], content = RENEWAL_CONTENT): Promise<string> {
  const created = await createNotice(p.agent, {
    kind: 'RENEWAL',
    content,
    target: {
      mode: 'customers',
      customerIds: customers.map((c) => c.id),
      subscriptionIds: customers.flatMap((c) => c.subscriptions.map((s) => s.id)),
    },
    recipientRoles: ['BILLING'],
  });
  if (!created.ok) throw new Error(`createNotice: ${JSON.stringify(created)}`);
  const sent = await sendNoticeNow(p.agent, created.id, 1);
  if (!sent.ok) throw new Error(`sendNoticeNow: ${JSON.stringify(sent)}`);
  return created.id;
}

function smtpTransport(url: string): MailTransport {
  const transport = createSmtpTransport(url, {
    maxConnections: 2,
    connectionTimeoutMs: 2_000,
    greetingTimeoutMs: 2_000,
    socketTimeoutMs: 5_000,
  });
  open.transports.push(transport);
  return transport;
}

/** A logger at debug level whose JSON lines the test reads. */
function capturedLog() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('debug', { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

/** Rounds of the worker until `done` holds (or the time runs out). */
async function runUntil(worker: Dispatcher, done: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('the worker did not finish in time');
    await worker.tick();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const statusOf = async (noticeId: string) =>
  (await testDb().notice.findUniqueOrThrow({ where: { id: noticeId }, select: { status: true } })).status;
const deliveriesOf = (noticeId: string) => testDb().noticeDelivery.findMany({ where: { noticeId }, orderBy: { recipientEmail: 'asc' } });
const settled = (noticeId: string) => async () => !['SENDING', 'SCHEDULED'].includes(await statusOf(noticeId));

describe('the delivery worker and SMTP', () => {
  it('sends each recipient exactly what the preview shows, in their language, from the partner', async () => {
    const server = await sink();
    const noticeId = await sendingNotice([en, zh]);
    const preview = await renderPreview(p.agent, { noticeId });
    const worker = dispatcher(server.url);
    await runUntil(worker, settled(noticeId));
    expect(await statusOf(noticeId)).toBe('SENT');

    const deliveries = await deliveriesOf(noticeId);
    expect(server.received).toHaveLength(2);
    for (const delivery of deliveries) {
      expect(delivery).toMatchObject({ status: 'SENT', attempts: 1 });
      const message = server.received.find((m) => m.messageId === delivery.messageId);
      expect(message, delivery.recipientEmail).toBeDefined();
      const parsed = parseMessage(message!.raw);
      const expected = preview!.previews.find((x) => x.recipient.email === delivery.recipientEmail)!;
      expect(parsed.headers.get('from')).toBe('Contoso Renewals Desk <notices@portal.example>');
      expect(parsed.headers.get('reply-to')).toBe('renewals@contoso.example');
      expect(parsed.headers.get('to')).toContain(`<${delivery.recipientEmail}>`);
      expect(parsed.headers.get('message-id')).toBe(delivery.messageId);
      expect(parsed.headers.get('content-language')).toBe(expected.language);
      expect(parsed.headers.get('subject')).toBe(expected.rendered.subject);
      expect(parsed.text).toBe(expected.rendered.text);
      expect(parsed.html).toContain(`<body>\n${expected.rendered.html}\n</body>`);
      expect(message!.from).toBe('notices@portal.example');
    }
    const zhMessage = parseMessage(server.received.find((m) => m.to[0] === zh.contacts[0]!.email.toLowerCase())!.raw);
    expect(zhMessage.headers.get('content-language')).toBe('zh-TW');
    expect(zhMessage.headers.get('subject')).toContain('續約');
    expect(zhMessage.text).toContain('數量：');

    const audit = await testDb().auditEvent.groupBy({
      by: ['action'],
      where: { partnerId: p.partnerId, OR: [{ targetId: noticeId }, { targetId: { in: deliveries.map((d) => d.id) } }] },
      _count: { _all: true },
    });
    expect(Object.fromEntries(audit.map((a) => [a.action, a._count._all]))).toMatchObject({
      'delivery.sent': 2,
      'notice.sent': 1,
      'notice.sending': 1,
    });
  });

  it('a 451 then success: one message received, retried once, SENT', async () => {
    const target = en.contacts[0]!.email.toLowerCase();
    const server = await sink({ behaviour: { onMessage: (to, attempt) => (to[0] === target && attempt === 1 ? 451 : null) } });
    const noticeId = await sendingNotice([en]);
    const worker = dispatcher(server.url);
    await worker.tick();
    const [afterFirst] = await deliveriesOf(noticeId);
    expect(afterFirst).toMatchObject({ status: 'QUEUED', attempts: 1 });
    expect(afterFirst?.lastError).toBe('TEMPORARY_FAILURE');
    expect(afterFirst!.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now() - 1_000);
    await runUntil(worker, settled(noticeId));
    const [delivery] = await deliveriesOf(noticeId);
    expect(delivery).toMatchObject({ status: 'SENT', attempts: 2 });
    expect(server.messageAttempts.get(target)).toBe(2);
    expect(server.received.filter((m) => m.messageId === delivery!.messageId)).toHaveLength(1);
    expect(await statusOf(noticeId)).toBe('SENT');
    expect(await testDb().auditEvent.count({ where: { targetId: delivery!.id, action: 'delivery.attempt_failed' } })).toBe(1);
  });

  it('a 550: FAILED at once, never retried; a user retry sends it once the address is fixed', async () => {
    const bad = zh.contacts[0]!.email.toLowerCase();
    let refuse = true;
    const server = await sink({ behaviour: { onRecipient: (address) => (address === bad && refuse ? 550 : null) } });
    const noticeId = await sendingNotice([en, zh]);
    const worker = dispatcher(server.url);
    await runUntil(worker, settled(noticeId));
    expect(await statusOf(noticeId)).toBe('PARTIALLY_FAILED');
    const failed = (await deliveriesOf(noticeId)).find((d) => d.recipientEmail.toLowerCase() === bad)!;
    expect(failed).toMatchObject({ status: 'FAILED', attempts: 1, nextAttemptAt: null });
    expect(failed.lastError).toBe('RECIPIENT_REJECTED');
    // Well past any backoff: still one attempt.
    await new Promise((resolve) => setTimeout(resolve, 400));
    await worker.tick();
    expect(server.recipientAttempts.get(bad)).toBe(1);
    expect((await deliveriesOf(noticeId)).find((d) => d.id === failed.id)).toMatchObject({ status: 'FAILED', attempts: 1 });

    refuse = false;
    const detail = await getNotice(p.agent, noticeId);
    expect(await retryFailedDeliveries(p.agent, noticeId, [failed.id], { expectedVersion: detail!.version })).toMatchObject({
      ok: true,
      requeued: 1,
    });
    await runUntil(worker, settled(noticeId));
    expect(await statusOf(noticeId)).toBe('SENT');
    expect(server.received.filter((m) => m.messageId === failed.messageId)).toHaveLength(1);
  });

  it("a 550: users get the code and the reply's numbers, in the ledger, its CSV, the API and the audit trail; the log gets the server's text", async () => {
    const bad = en.contacts[0]!.email.toLowerCase();
    const server = await sink({ behaviour: { onRecipient: (address) => (address === bad ? 550 : null) } });
    const noticeId = await sendingNotice([en, zh]);
    const log = capturedLog();
    await runUntil(dispatcher(server.url, { logger: log.logger }), settled(noticeId));
    const failed = (await deliveriesOf(noticeId)).find((d) => d.recipientEmail.toLowerCase() === bad)!;
    expect(failed).toMatchObject({ status: 'FAILED', lastError: 'RECIPIENT_REJECTED' });
    const serverText = 'Recipient address rejected: User unknown';

    const ledger = await listDeliveries(p.agent, noticeId);
    expect(ledger!.items.find((d) => d.id === failed.id)).toMatchObject({ status: 'FAILED', lastError: 'RECIPIENT_REJECTED' });
    const csv: unknown[][] = [];
    for await (const row of iterateDeliveryCsvRows(p.agent, noticeId)) csv.push(row);
    expect(csv.find((row) => row[0] === failed.recipientEmail)).toContain('RECIPIENT_REJECTED');
    expect(JSON.stringify(csv)).not.toContain(serverText);

    const token = `cpt_test_${randomUUID()}`;
    await testDb().apiToken.create({
      data: { partnerId: p.partnerId, name: 'delivery errors', secretHash: hashToken(token), scopes: ['notices:read'] },
    });
    const response = await listDeliveriesHandler(
      new Request(`http://portal.test/api/v1/notices/${noticeId}/deliveries`, { headers: { authorization: `Bearer ${token}` } }),
      { params: Promise.resolve({ noticeId }) },
    );
    const text = await response.text();
    expect(response.status).toBe(200);
    expect((JSON.parse(text) as { data: { id: string; lastError: string }[] }).data.find((d) => d.id === failed.id)?.lastError).toBe(
      'RECIPIENT_REJECTED',
    );
    expect(text).not.toContain(serverText);

    const audit = await testDb().auditEvent.findFirstOrThrow({
      where: { targetId: failed.id, action: 'delivery.failed' },
      select: { after: true },
    });
    expect(audit.after).toMatchObject({ status: 'FAILED', code: 'PERMANENT_FAILURE', error: 'RECIPIENT_REJECTED', replyCode: 550 });
    expect(JSON.stringify(audit.after)).not.toContain(serverText);

    const logged = log.lines.filter((line) => line.msg === 'delivery attempt failed' && line.deliveryId === failed.id);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 'warn', code: 'RECIPIENT_REJECTED', replyCode: 550, attempt: 1 });
    expect(logged[0]!.error).toContain(serverText);
  });

  it('the .eml files cannot be written: FILE_WRITE_FAILED for users, the path in the log only', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'portal-mail-'));
    try {
      // A file where the mail folder should be: every write fails (ENOTDIR), naming a server path.
      const blocked = path.join(dir, 'not-a-folder');
      await writeFile(blocked, '');
      const noticeId = await sendingNotice([zh]);
      const log = capturedLog();
      const worker = dispatcher(
        '',
        { logger: log.logger, retryPolicy: { ...FAST_RETRY, maxAttempts: 1 } },
        createFileTransport(path.join(blocked, 'mail')),
      );
      await runUntil(worker, settled(noticeId));
      const [delivery] = await deliveriesOf(noticeId);
      expect(delivery).toMatchObject({ status: 'FAILED', lastError: 'FILE_WRITE_FAILED' });
      const audit = await testDb().auditEvent.findFirstOrThrow({
        where: { targetId: delivery!.id, action: 'delivery.failed' },
        select: { after: true },
      });
      expect(audit.after).toMatchObject({ code: 'MAX_ATTEMPTS_REACHED', error: 'FILE_WRITE_FAILED' });
      expect(JSON.stringify(audit.after)).not.toContain(dir);
      const logged = log.lines.find((line) => line.msg === 'delivery attempt failed' && line.deliveryId === delivery!.id);
      expect(logged).toMatchObject({ code: 'FILE_WRITE_FAILED' });
      expect(logged!.error).toContain(blocked);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the relay down, then back: every message delivered once, none lost', async () => {
    const port = await freePort();
    const extra = await Promise.all(
      [1, 2, 3, 4].map(() => p.addCustomer({ contacts: [{ role: 'BILLING' }], subscriptions: [{ endsInDays: 20 }] })),
    );
    const noticeId = await sendingNotice([en, zh, ...extra]);
    const worker = dispatcher(`smtp://127.0.0.1:${port}`);
    await worker.tick();
    const down = await deliveriesOf(noticeId);
    expect(down).toHaveLength(6);
    for (const delivery of down) {
      expect(delivery).toMatchObject({ status: 'QUEUED', attempts: 1 });
      expect(delivery.lastError).toBe('RELAY_UNREACHABLE');
    }
    await worker.tick();
    expect(await statusOf(noticeId)).toBe('SENDING');

    const server = await sink({ port });
    await runUntil(worker, settled(noticeId));
    expect(await statusOf(noticeId)).toBe('SENT');
    const delivered = await deliveriesOf(noticeId);
    expect(delivered.every((d) => d.status === 'SENT')).toBe(true);
    expect(server.received.map((m) => m.messageId).sort()).toEqual(delivered.map((d) => d.messageId).sort());
  });

  it('a scheduled notice is sent when its time comes, not before', async () => {
    const server = await sink();
    const created = await createNotice(p.agent, {
      kind: 'GENERAL',
      content: GENERAL_CONTENT,
      target: { mode: 'customers', customerIds: [en.id] },
      recipientRoles: ['BILLING'],
    });
    if (!created.ok) throw new Error(created.code);
    const at = new Date(Date.now() + 3_600_000);
    expect(await scheduleNotice(p.agent, created.id, 1, at)).toMatchObject({ ok: true });
    const [delivery] = await deliveriesOf(created.id);
    const mine = () => server.received.filter((m) => m.messageId === delivery!.messageId);
    await dispatcher(server.url).tick();
    expect(await statusOf(created.id)).toBe('SCHEDULED');
    expect(mine()).toHaveLength(0);
    const later = dispatcher(server.url, { now: () => new Date(Date.now() + 3_600_000 + 1_000) });
    await runUntil(later, settled(created.id));
    expect(await statusOf(created.id)).toBe('SENT');
    expect(mine()).toHaveLength(1);
    expect(
      await testDb().auditEvent.findFirst({
        where: { targetId: created.id, action: 'notice.sending' },
        select: { actorLabel: true, after: true },
      }),
    ).toMatchObject({
      actorLabel: 'system:worker',
      after: { reason: 'SCHEDULE_DUE' },
    });
  });
});

describe('the mail transports', () => {
  it('SMTP and the .eml default carry the same bytes, built once by composeMessage', async () => {
    const server = await sink();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'portal-mail-'));
    try {
      const message = {
        from: { name: 'Contoso "Cloud" Partners', address: 'notices@portal.example' },
        replyTo: 'billing@contoso.example',
        to: { name: '林小姐', address: 'lin@litware.example' },
        subject: '您的訂閱即將續約',
        html: '<p>你好</p>',
        text: '你好',
        messageId: '<7b5c7a0e-1d0b-4f43-9d39-0e1f4f7c2a11@portal.example>',
        language: 'zh-TW' as const,
        date: new Date('2026-03-01T09:00:00Z'),
      };
      const composed = composeMessage(message);
      const smtp = createSmtpTransport(server.url);
      open.transports.push(smtp);
      await smtp.sendComposed(composed);
      await createFileTransport(dir).sendComposed(composed);
      expect(await readdir(dir)).toEqual([mailFileName(message.messageId)]);
      const file = await readFile(path.join(dir, mailFileName(message.messageId)));
      expect(file.equals(composed.raw)).toBe(true);
      expect(server.received[0]!.raw.toString('utf8').replace(/\r\n$/, '')).toBe(composed.raw.toString('utf8').replace(/\r\n$/, ''));
      const parsed = parseMessage(file);
      expect(parsed.headers.get('subject')).toBe('您的訂閱即將續約');
      expect(parsed.headers.get('content-language')).toBe('zh-TW');
      expect(parsed.headers.get('message-id')).toBe(message.messageId);
      expect(parsed.text).toBe('你好');
      expect(parsed.html).toContain('<html lang="zh-TW">');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
