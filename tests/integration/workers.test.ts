// The delivery worker as its own process (scripts/worker.ts, as `npm run worker` runs it) against a
// real SMTP server: two workers at once never send a delivery twice; a worker killed with SIGKILL
// in the middle of a batch, 20 times, and restarted loses nothing, and the only duplicates are
// messages that were in flight at a kill, sent again with the same Message-ID.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotice } from '../../lib/server/data/notice-writes';
import { sendNoticeNow } from '../../lib/server/data/notice-transitions';
import { testDb } from '../support/factories';
import { GENERAL_CONTENT, createNoticePartner, type NoticeTestPartner } from '../support/notices';
import { addBulkCustomers } from './support/bulk';
import { startSmtpSink, type SmtpSink } from './support/smtp';
import { spawnWorker as spawnWorkerProcess, waitFor, type WorkerProcess } from './support/worker-process';

const spawnWorker = (smtpUrl: string, args: string[]): WorkerProcess =>
  spawnWorkerProcess({ SMTP_URL: smtpUrl, MAIL_FROM: 'notices@portal.example' }, args);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let p: NoticeTestPartner;
const sinks: SmtpSink[] = [];
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  p = await createNoticePartner();
});

afterAll(async () => {
  for (const worker of workers) if (worker.proc.exitCode === null && worker.proc.signalCode === null) worker.proc.kill('SIGKILL');
  for (const sink of sinks) await sink.close();
  await p?.cleanup();
});

async function sendingNoticeTo(customerIds: string[]): Promise<{ id: string; deliveries: { id: string; messageId: string }[] }> {
  const created = await createNotice(p.agent, {
    kind: 'GENERAL',
    content: GENERAL_CONTENT,
    target: { mode: 'customers', customerIds },
    recipientRoles: ['BILLING'],
  });
  if (!created.ok) throw new Error(`createNotice: ${JSON.stringify(created).slice(0, 500)}`);
  const sent = await sendNoticeNow(p.agent, created.id, 1);
  if (!sent.ok) throw new Error(`sendNoticeNow: ${sent.code}`);
  const deliveries = await testDb().noticeDelivery.findMany({ where: { noticeId: created.id }, select: { id: true, messageId: true } });
  return { id: created.id, deliveries };
}

const countSent = (noticeId: string) => testDb().noticeDelivery.count({ where: { noticeId, status: 'SENT' } });

describe('worker processes', () => {
  it('two workers at once: every delivery sent exactly once, shared between them', async () => {
    const sink = await startSmtpSink({ behaviour: { delayMs: 5 } });
    sinks.push(sink);
    const args = ['--batch-size', '10', '--concurrency', '2', '--poll-ms', '100'];
    const a = spawnWorker(sink.url, args);
    const b = spawnWorker(sink.url, args);
    workers.push(a, b);
    await Promise.all([a.started, b.started]);
    const customers = await addBulkCustomers(p.partnerId, 300, `two-${p.suffix}`);
    const notice = await sendingNoticeTo(customers);
    expect(notice.deliveries).toHaveLength(300);
    await waitFor(async () => (await countSent(notice.id)) === 300, 60_000, 'every delivery to be sent');
    a.proc.kill('SIGTERM');
    b.proc.kill('SIGTERM');
    const codeA = await a.exited;
    if (codeA !== 0) console.log(a.output.join(''));
    expect(codeA).toBe(0);
    expect(await b.exited).toBe(0);

    const copies = new Map<string, number>();
    for (const message of sink.received) copies.set(message.messageId, (copies.get(message.messageId) ?? 0) + 1);
    for (const delivery of notice.deliveries) expect(copies.get(delivery.messageId), delivery.id).toBe(1);
    expect(sink.received).toHaveLength(300);
    const sentBy = [a, b].map((w) => Number(/stopped: (\d+) sent/.exec(w.output.join(''))?.[1] ?? -1));
    console.log(
      `two workers: ${sink.received.length} messages received for 300 deliveries; worker A sent ${sentBy[0]}, worker B sent ${sentBy[1]}`,
    );
    expect(sentBy[0]! + sentBy[1]!).toBe(300);
    expect(Math.min(...sentBy)).toBeGreaterThan(0);
    await waitFor(
      async () => (await testDb().notice.findUniqueOrThrow({ where: { id: notice.id } })).status === 'SENT',
      10_000,
      'the notice to settle',
    );
  });

  it('a worker killed with SIGKILL mid-batch 20 times and restarted: nothing lost, duplicates only of messages in flight', async () => {
    const sink = await startSmtpSink({ behaviour: { delayMs: 15 } });
    sinks.push(sink);
    const N = 500;
    const LEASE = 1_500;
    const customers = await addBulkCustomers(p.partnerId, N, `kill-${p.suffix}`);
    const notice = await sendingNoticeTo(customers);
    expect(notice.deliveries).toHaveLength(N);
    const mine = new Set(notice.deliveries.map((d) => d.messageId));
    const args = ['--batch-size', '8', '--concurrency', '2', '--lease-ms', String(LEASE), '--poll-ms', '100'];

    type Kill = { inFlight: number; sentInFlight: number; receivedSoFar: number; sentInFlightIds: string[] };
    const kills: Kill[] = [];
    for (let k = 0; k < 20; k += 1) {
      const before = sink.received.length;
      const worker = spawnWorker(sink.url, args);
      workers.push(worker);
      // Mid-batch: after it has delivered a few messages since it started, at a random moment.
      const target = 2 + Math.floor(Math.random() * 10);
      await waitFor(() => sink.received.length >= before + target || worker.proc.exitCode !== null, 30_000, `worker ${k} to send`);
      await sleep(Math.floor(Math.random() * 25));
      const killedAt = Date.now();
      worker.proc.kill('SIGKILL');
      await worker.exited;
      // Let the relay finish whatever the worker had fully handed over before it died.
      await sleep(150);
      const leased = await testDb().noticeDelivery.findMany({
        where: { noticeId: notice.id, status: 'QUEUED', nextAttemptAt: { gt: new Date(killedAt) } },
        select: { id: true, messageId: true, nextAttemptAt: true },
      });
      const sentInFlight = leased.filter((d) => {
        const claimedAt = d.nextAttemptAt!.getTime() - LEASE;
        return sink.received.some((m) => m.messageId === d.messageId && m.at >= claimedAt - 20);
      });
      kills.push({
        inFlight: leased.length,
        sentInFlight: sentInFlight.length,
        receivedSoFar: sink.received.length,
        sentInFlightIds: sentInFlight.map((d) => d.messageId),
      });
    }

    // Restarted for good: it sends the rest, including what the killed ones held.
    const last = spawnWorker(sink.url, args);
    workers.push(last);
    await waitFor(async () => (await countSent(notice.id)) === N, 90_000, 'every delivery to be sent after the kills');
    last.proc.kill('SIGTERM');
    expect(await last.exited).toBe(0);

    const copies = new Map<string, number>();
    for (const message of sink.received)
      if (mine.has(message.messageId)) copies.set(message.messageId, (copies.get(message.messageId) ?? 0) + 1);
    const explained = new Map<string, number>();
    for (const kill of kills) for (const id of kill.sentInFlightIds) explained.set(id, (explained.get(id) ?? 0) + 1);

    const lost = notice.deliveries.filter((d) => !copies.has(d.messageId));
    const duplicates = [...copies.values()].reduce((sum, n) => sum + n - 1, 0);
    console.log('kill | in flight at the kill | of them already sent (re-sent later) | messages received so far');
    kills.forEach((kill, i) =>
      console.log(
        `${String(i + 1).padStart(4)} | ${String(kill.inFlight).padStart(21)} | ${String(kill.sentInFlight).padStart(37)} | ${kill.receivedSoFar}`,
      ),
    );
    console.log(
      `kill test: ${N} deliveries, ${sink.received.length} messages received, ${copies.size} distinct Message-IDs, ${lost.length} lost, ${duplicates} duplicates; ` +
        `in flight at the kills: ${kills.reduce((s, k) => s + k.inFlight, 0)} in all, max ${Math.max(...kills.map((k) => k.inFlight))} at one kill`,
    );

    // Nothing lost: every delivery SENT and received, and nothing received that is not a delivery's.
    expect(lost).toEqual([]);
    expect(await countSent(notice.id)).toBe(N);
    expect(sink.received.every((m) => mine.has(m.messageId))).toBe(true);
    // Duplicates per kill never exceed the messages in flight at that moment…
    for (const kill of kills) expect(kill.sentInFlight).toBeLessThanOrEqual(kill.inFlight);
    // …and every duplicate is one of those (same Message-ID: a copy of a delivery in flight at a kill).
    for (const [messageId, n] of copies) expect(n - 1, messageId).toBeLessThanOrEqual(explained.get(messageId) ?? 0);
    expect(duplicates).toBeLessThanOrEqual(kills.reduce((s, k) => s + k.sentInFlight, 0));
    // The kills did land in the middle of batches.
    expect(kills.filter((k) => k.inFlight > 0).length).toBeGreaterThanOrEqual(15);
    await waitFor(
      async () => (await testDb().notice.findUniqueOrThrow({ where: { id: notice.id } })).status === 'SENT',
      10_000,
      'the notice to settle',
    );
  });
});
