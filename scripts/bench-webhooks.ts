// The webhook figure of `npm run bench` (scripts/bench.ts calls benchWebhooks(log)); runs alone
// too: `npx tsx scripts/bench-webhooks.ts`.
//
// BENCH_WEBHOOK_COUNT (5,000) queued webhook deliveries to one endpoint on a local receiver, sent by
// the worker's webhook sender (claim → sign → POST through the network rule → record, disable
// check), compared in the same run with a bare loop POSTing the same bodies, signed with the same
// library (standardwebhooks) and the same number of requests in flight over kept-alive
// connections, with no database. The receiver answers 204 and runs in its own process.
//
// Database: DATABASE_URL's server (database portal_bench_webhooks), else an embedded server under
// data/bench-webhooks; the schema is made afresh each run.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import pg from 'pg';
import { Webhook } from 'standardwebhooks';
import { figuresOfChild } from './bench-child';
import { benchDatabase } from './bench-dispatch';

const COUNT = Number(process.env.BENCH_WEBHOOK_COUNT ?? 5_000);
const CONCURRENCY = 8;
const ROOT = path.resolve(import.meta.dirname, '..');
const fmt = (n: number, digits = 0) => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export type WebhookFigures = { events: number; workerRate: number; bareRate: number; ratio: number };

/** Runs the webhook benchmark in a process of its own and logs its figures; resolves with them. */
export async function benchWebhooks(log: (line: string) => void = (line) => console.log(line)): Promise<WebhookFigures> {
  const [figures] = await figuresOfChild<WebhookFigures>('scripts/bench-webhooks.ts', ['--run-webhooks'], 'FIGURES', log);
  if (!figures) throw new Error('the webhook benchmark printed no figures');
  return figures;
}

/** The receiver, in a process of its own: answers 204 to everything. */
function receiver(): void {
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(204);
      response.end();
    });
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    console.log(`RECEIVER ${typeof address === 'object' && address ? address.port : 0}`);
  });
}

async function startReceiver(): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/bench-webhooks.ts'), '--receiver'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    proc.stdout?.on('data', (chunk: Buffer) => {
      const match = /RECEIVER (\d+)/.exec(chunk.toString('utf8'));
      if (match) resolve(Number(match[1]));
    });
    proc.once('exit', (code) => reject(new Error(`the receiver stopped (exit ${code})`)));
  });
  return { url: `http://127.0.0.1:${port}/hooks`, proc };
}

/** The bare loop: the same bodies, signed with the same library, CONCURRENCY requests in flight. */
async function bareLoop(url: string, secret: string, bodies: readonly { id: string; body: string }[]): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const signer = new Webhook(secret);
  const target = new URL(url);
  const started = performance.now();
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < bodies.length; i = next++) {
      const { id, body } = bodies[i]!;
      const at = new Date();
      const msgId = `msg_${id.replace(/-/g, '')}`;
      await new Promise<void>((resolve, reject) => {
        const request = http.request(
          target,
          {
            method: 'POST',
            agent,
            headers: {
              'Content-Type': 'application/json',
              'Content-Length': String(Buffer.byteLength(body)),
              'webhook-id': msgId,
              'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
              'webhook-signature': signer.sign(msgId, at, body),
            },
          },
          (response) => {
            response.resume();
            response.on('end', () => resolve());
          },
        );
        request.on('error', reject);
        request.end(body);
      });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return bodies.length / seconds;
}

async function run(): Promise<void> {
  process.env.DATA_ENCRYPTION_KEY ??= randomBytes(32).toString('base64');
  process.env.WEBHOOKS_ALLOW_PRIVATE = 'true';
  const { allowServerOnlyImports } = await import('../lib/worker/server-only');
  allowServerOnlyImports();
  const db = await benchDatabase('webhooks');
  const hook = await startReceiver();
  const { createPrismaClient } = await import('../lib/runtime/prisma');
  const { encryptSecret } = await import('../lib/server/crypto');
  const { webhookPayload, webhookSecretOf } = await import('../lib/domain/webhooks');
  const { WebhookSender } = await import('../lib/worker/webhooks');
  const { createFileTransport } = await import('../lib/server/mail/transport');
  const prisma = createPrismaClient(db.url, { max: 4 });
  const print = (line: string) => console.log(line);
  try {
    const secret = webhookSecretOf(randomBytes(32));
    const partner = await prisma.partner.create({ data: { name: 'Bench Partner', partnerNumber: `B${Date.now()}` }, select: { id: true } });
    const endpoint = await prisma.webhookEndpoint.create({
      data: { partnerId: partner.id, url: hook.url, events: ['notice.sent'], secretEncrypted: encryptSecret(secret, 'webhook') },
      select: { id: true },
    });
    const now = new Date();
    const events = Array.from({ length: COUNT }, (_, i) => {
      const id = randomUUID();
      const data = {
        notice: { id: randomUUID(), kind: 'RENEWAL', status: 'SENT', subject: `Your renewal ${i}`, sentAt: now.toISOString() },
        deliveries: { total: 3, queued: 0, sent: 3, failed: 0, cancelled: 0 },
      };
      return { id, payload: webhookPayload('notice.sent', data, now) };
    });
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query(
      `INSERT INTO "WebhookDelivery" (id, "partnerId", "endpointId", "eventId", "eventType", payload, status, attempts, "nextAttemptAt", "createdAt", "updatedAt")
       SELECT gen_random_uuid(), $1, $2, e, 'notice.sent', p, 'QUEUED', 0, $3, $3, $3 FROM unnest($4::uuid[], $5::jsonb[]) AS u(e, p)`,
      [partner.id, endpoint.id, now, events.map((e) => e.id), events.map((e) => JSON.stringify(e.payload))],
    );
    // The bodies exactly as the worker sends them (jsonb's text form).
    const stored = await client.query<{ eventId: string; payload: string }>(
      `SELECT "eventId"::text AS "eventId", payload::text AS payload FROM "WebhookDelivery" WHERE "endpointId" = $1`,
      [endpoint.id],
    );
    await client.end();
    print(
      `${fmt(COUNT)} webhooks of ${fmt(Buffer.byteLength(stored.rows[0]!.payload))} bytes each, ${CONCURRENCY} in flight, receiver in its own process`,
    );

    const sender = new WebhookSender(prisma, createFileTransport(path.join(ROOT, 'data/bench-webhooks-mail')), {
      fromAddress: 'notices@localhost',
      messageIdHost: 'localhost',
      allowPrivate: true,
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
      concurrency: CONCURRENCY,
    });
    const started = performance.now();
    let sent = 0;
    while (sent < COUNT) {
      const stats = await sender.drain();
      if (stats.claimed === 0) break;
      sent += stats.sent;
    }
    const workerRate = sent / ((performance.now() - started) / 1000);
    if (sent !== COUNT) throw new Error(`the worker sent ${sent} of ${COUNT}`);
    print(`worker (claim, sign, POST, record): ${fmt(workerRate, 1)} webhooks/s`);
    const bareRate = await bareLoop(
      hook.url,
      secret,
      stored.rows.map((row) => ({ id: row.eventId, body: row.payload })),
    );
    print(`bare signed-POST loop: ${fmt(bareRate, 1)} webhooks/s`);
    print(`worker / bare loop = ${fmt(workerRate / bareRate, 2)}`);
    console.log(
      `FIGURES ${JSON.stringify({ events: COUNT, workerRate, bareRate, ratio: workerRate / bareRate } satisfies WebhookFigures)}`,
    );
  } finally {
    hook.proc.kill('SIGTERM');
    await prisma.$disconnect();
    await db.stop();
  }
}

const mode = process.argv[2];
if (mode === '--receiver') receiver();
else if (mode === '--run-webhooks') {
  run()
    .then(() => process.exit(0))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exit(1);
    });
} else if (process.argv[1] && path.resolve(process.argv[1]) === path.join(ROOT, 'scripts/bench-webhooks.ts')) {
  benchWebhooks().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
