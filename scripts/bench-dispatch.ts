// The dispatch figure of `npm run bench` (scripts/bench.ts calls benchDispatch(log)); runs alone
// too: `npx tsx scripts/bench-dispatch.ts`.
//
// 10,000 deliveries to a local SMTP sink (smtp-server accepting everything, in a process of its
// own), sent by the delivery worker (claim → render → send → record with audit → roll-up), compared
// in the same run with a bare nodemailer loop sending the same 10,000 messages over the same
// number of pooled connections (no database, messages rendered beforehand): the worker's rate as
// a share of the bare loop's (target ≥ 0.8). Also the time to create 10,000 deliveries: "send now"
// on a notice to 10,000 recipients (checks, recipients, the outbox rows and the audit event, in
// one transaction).
//
// Database: DATABASE_URL's server (database portal_bench_dispatch), else an embedded server under
// data/bench-dispatch; the schema is made afresh each run.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import pg from 'pg';
import { figuresOfChild } from './bench-child';

const COUNT = Number(process.env.BENCH_DISPATCH_COUNT ?? 10_000);
const CONNECTIONS = 4;
const ROOT = path.resolve(import.meta.dirname, '..');
/** A folder: CPU profiles of the worker's run and of the second bare loop are written there (.cpuprofile). */
const PROFILE_DIR = process.env.BENCH_DISPATCH_PROFILE;
const fmt = (n: number, digits = 0) => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export type DispatchFigures = {
  deliveries: number;
  createMs: number;
  workerRate: number;
  bareRate: number;
  ratio: number;
};

/** Runs the dispatch benchmark in a process of its own and logs its figures; resolves with them. */
export async function benchDispatch(log: (line: string) => void = (line) => console.log(line)): Promise<DispatchFigures> {
  const [figures] = await figuresOfChild<DispatchFigures>('scripts/bench-dispatch.ts', ['--run'], 'FIGURES', log);
  if (!figures) throw new Error('the dispatch benchmark gave no figures');
  return figures;
}

// ---------------------------------------------------------------------------------------------
// The sink: a process of its own, so that receiving does not share the sender's event loop.

async function sink(): Promise<void> {
  const { SMTPServer } = await import('smtp-server');
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received += 1;
        callback(null);
      });
    },
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.server.address();
    console.log(`SINK ${typeof address === 'object' && address ? address.port : 0}`);
  });
  process.on('message', () => undefined);
  process.on('SIGTERM', () => {
    console.error(`[sink] received ${received} messages`);
    server.close(() => process.exit(0));
  });
}

async function startSink(): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/bench-dispatch.ts'), '--sink'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let text = '';
    proc.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const match = /SINK (\d+)/.exec(text);
      if (match) resolve(Number(match[1]));
    });
    proc.once('exit', (code) => reject(new Error(`the SMTP sink stopped (exit ${code})`)));
  });
  return { url: `smtp://127.0.0.1:${port}`, proc };
}

// ---------------------------------------------------------------------------------------------
// The run

/** A fresh database for a benchmark: `portal_bench_<name>` on DATABASE_URL's server, else an embedded one under data/bench-<name>. */
export async function benchDatabase(name = 'dispatch'): Promise<{ url: string; stop: () => Promise<void> }> {
  const { applyMigrations } = await import('../lib/runtime/migrate');
  let url: string;
  let stop: () => Promise<void> = async () => undefined;
  if (process.env.DATABASE_URL) {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [`portal_bench_${name}`]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE portal_bench_${name}`);
    await admin.end();
    const parsed = new URL(process.env.DATABASE_URL);
    parsed.pathname = `/portal_bench_${name}`;
    url = parsed.toString();
  } else {
    const { startEmbeddedDatabase } = await import('../lib/runtime/embedded-postgres');
    const db = await startEmbeddedDatabase(path.join(ROOT, `data/bench-${name}`));
    url = db.url;
    stop = db.stop;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
  await client.end();
  await applyMigrations(url);
  return { url, stop };
}

/**
 * CPU time (ms) used so far by the SMTP sink and by the database server's processes (every
 * process named `postgres`; on this machine the bench's server is the only one running), read
 * from /proc. Elsewhere than Linux: null.
 */
async function otherCpu(sinkPid: number | undefined): Promise<{ sink: number; database: number } | null> {
  const TICK_MS = 10;
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return null;
  }
  let sink = 0;
  let database = 0;
  await Promise.all(
    entries
      .filter((entry) => /^\d+$/.test(entry))
      .map(async (pid) => {
        const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
        const close = stat.lastIndexOf(')');
        if (close < 0) return;
        const name = stat.slice(stat.indexOf('(') + 1, close);
        const fields = stat.slice(close + 2).split(' ');
        const ms = (Number(fields[11]) + Number(fields[12])) * TICK_MS;
        if (Number(pid) === sinkPid) sink += ms;
        else if (name === 'postgres') database += ms;
      }),
  );
  return { sink, database };
}

/** Runs `work` under the V8 CPU profiler when BENCH_DISPATCH_PROFILE is set. */
async function profiled<T>(name: string, work: () => Promise<T>): Promise<T> {
  if (!PROFILE_DIR) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    await writeFile(path.join(PROFILE_DIR, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}

async function run(): Promise<void> {
  const print = (line: string) => console.log(`[bench] ${line}`);
  const db = await benchDatabase();
  process.env.DATABASE_URL = db.url;
  process.env.MAIL_FROM ??= 'notices@bench.example';
  const { allowServerOnlyImports } = await import('../lib/worker/server-only');
  allowServerOnlyImports();
  const { createPrismaClient } = await import('../lib/runtime/prisma');
  const { createNotice } = await import('../lib/server/data/notice-writes');
  const { sendNoticeNow } = await import('../lib/server/data/notice-transitions');
  const { templateContextOf } = await import('../lib/server/data/notice-content');
  const { loadMessageContexts, customerContextKey } = await import('../lib/server/data/delivery-worker');
  const { createSmtpTransport, smtpPoolOptions } = await import('../lib/server/mail/transport');
  const { mailOptionsOf } = await import('../lib/server/mail/message');
  const { renderNotice } = await import('../lib/domain/notice-template');
  const { Dispatcher } = await import('../lib/worker/dispatcher');
  const nodemailer = (await import('nodemailer')).default;
  const prisma = createPrismaClient(db.url, { max: 6 });
  const smtp = await startSink();
  try {
    // A partner with COUNT customers, one billing contact each (half of them read zh-TW).
    const partner = await prisma.partner.create({
      data: {
        name: 'Bench Partner',
        partnerNumber: `B${randomUUID().slice(0, 7)}`,
        senderName: 'Bench Partner Billing',
        senderReplyTo: 'billing@bench.example',
      },
    });
    const user = await prisma.user.create({
      data: { email: 'bench@bench.example', displayName: 'Bench', role: 'PARTNER_ADMIN', partnerId: partner.id },
    });
    const viewer = {
      userId: user.id,
      email: user.email,
      name: 'Bench',
      role: 'PARTNER_ADMIN' as const,
      partnerId: partner.id,
      partnerName: partner.name,
      locale: 'en' as const,
      timeZone: 'UTC',
    };
    const today = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()));
    const customers = Array.from({ length: COUNT }, (_, i) => ({
      id: randomUUID(),
      partnerId: partner.id,
      companyName: `Customer ${String(i).padStart(5, '0')}`,
      domain: `c${i}.bench.example`,
      tenantId: randomUUID(),
      preferredLanguage: i % 2 === 0 ? ('en' as const) : ('zh_TW' as const),
    }));
    for (let i = 0; i < COUNT; i += 2000) {
      const chunk = customers.slice(i, i + 2000);
      await prisma.customer.createMany({ data: chunk });
      await prisma.contact.createMany({
        data: chunk.map((c, j) => ({
          partnerId: partner.id,
          customerId: c.id,
          name: `Billing ${i + j}`,
          email: `billing${i + j}@c${i + j}.bench.example`,
          role: 'BILLING' as const,
        })),
      });
      await prisma.subscription.createMany({
        data: chunk.map((c) => ({
          partnerId: partner.id,
          customerId: c.id,
          offerName: 'Microsoft 365 E3',
          quantity: 25,
          term: 'P1Y' as const,
          billingCycle: 'ANNUAL' as const,
          startDate: new Date(today.getTime() - 300 * 86_400_000),
          commitmentEndDate: new Date(today.getTime() + 45 * 86_400_000),
        })),
      });
    }
    await prisma.$executeRawUnsafe('ANALYZE');
    const content = {
      en: {
        subject: 'Your {{subscription.offerName}} renews on {{subscription.endDate}}',
        body: 'Dear {{customer.name}},\n\n{{subscriptions}}\n\nKind regards,\n{{partner.name}}',
      },
      'zh-TW': {
        subject: '您的 {{subscription.offerName}} 將於 {{subscription.endDate}} 續約',
        body: '{{customer.name}} 您好：\n\n{{subscriptions}}\n\n{{partner.name}} 敬上',
      },
    };
    const created = await createNotice(viewer, {
      kind: 'RENEWAL',
      content,
      target: { mode: 'endingWithin', days: 60 },
      recipientRoles: ['BILLING'],
    });
    if (!created.ok) throw new Error(`createNotice: ${created.code}`);

    // 1. Creating the deliveries: "send now" (checks, recipients, outbox rows, audit; one transaction).
    const createStarted = performance.now();
    const sent = await sendNoticeNow(viewer, created.id, created.version);
    const createMs = performance.now() - createStarted;
    if (!sent.ok) throw new Error(`sendNoticeNow: ${sent.code}`);
    const deliveries = await prisma.noticeDelivery.count({ where: { noticeId: created.id } });
    print(
      `created ${fmt(deliveries)} deliveries in ${fmt(createMs)} ms (send now: checks, recipients, outbox rows and audit in one transaction)`,
    );

    // The same messages for the bare loop, rendered beforehand.
    const rows = await prisma.noticeDelivery.findMany({
      where: { noticeId: created.id },
      select: {
        noticeId: true,
        customerId: true,
        partnerId: true,
        recipientEmail: true,
        recipientName: true,
        language: true,
        messageId: true,
      },
    });
    const contexts = await loadMessageContexts(prisma, rows);
    const notice = contexts.notices.get(created.id)!;
    const messages = rows.map((row) => {
      const language = row.language === 'zh_TW' ? ('zh-TW' as const) : ('en' as const);
      const customer = contexts.customers.get(customerContextKey(row.noticeId, row.customerId))!;
      const rendered = renderNotice(
        notice.content[language],
        templateContextOf(notice.partnerName, customer, customer.subscriptions),
        language,
      );
      return mailOptionsOf({
        from: { name: notice.senderName, address: process.env.MAIL_FROM! },
        replyTo: notice.replyTo,
        to: { name: row.recipientName, address: row.recipientEmail },
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        messageId: row.messageId,
        language,
        date: new Date(),
      });
    });

    /** Wall time and CPU (this process, the sink, the database server) of one phase. */
    type Phase = { ms: number; own: number; sink: number; database: number };
    const measure = async (work: () => Promise<void>): Promise<Phase> => {
      const others = await otherCpu(smtp.proc.pid);
      const cpu = process.cpuUsage();
      const started = performance.now();
      await work();
      const ms = performance.now() - started;
      const used = process.cpuUsage(cpu);
      const othersAfter = await otherCpu(smtp.proc.pid);
      return {
        ms,
        own: (used.user + used.system) / 1000,
        sink: others && othersAfter ? othersAfter.sink - others.sink : Number.NaN,
        database: others && othersAfter ? othersAfter.database - others.database : Number.NaN,
      };
    };
    const bare = (list: typeof messages) =>
      measure(async () => {
        const transporter = nodemailer.createTransport(smtpPoolOptions(smtp.url, { maxConnections: CONNECTIONS }));
        let next = 0;
        await Promise.all(
          Array.from({ length: CONNECTIONS }, async () => {
            while (next < list.length) await transporter.sendMail(list[next++]!);
          }),
        );
        transporter.close();
      });

    // Warm up (connections, JIT), then the bare loop before and after the worker: the machine's
    // load drifts, and the mean of the two brackets the worker's run.
    await bare(messages.slice(0, 300));
    const bareBefore = await bare(messages);

    // 2. The worker.
    const transport = createSmtpTransport(smtp.url, { maxConnections: CONNECTIONS });
    const worker = new Dispatcher(prisma, transport, {
      fromAddress: process.env.MAIL_FROM!,
      messageIdHost: process.env.MAIL_FROM!.split('@')[1]!,
      concurrency: CONNECTIONS,
      batchSize: 100,
      reminderIntervalMs: 24 * 3_600_000,
    });
    const workerRun = await profiled('worker', () =>
      measure(async () => {
        let stats;
        do stats = await worker.tick();
        while (stats.claimed > 0);
      }),
    );
    await transport.close();
    const status = await prisma.notice.findUniqueOrThrow({ where: { id: created.id }, select: { status: true } });
    const sentCount = await prisma.noticeDelivery.count({ where: { noticeId: created.id, status: 'SENT' } });
    if (sentCount !== deliveries) throw new Error(`the worker sent ${sentCount} of ${deliveries}`);

    // 3. The bare nodemailer loop again, same messages.
    const bareAfter = await profiled('bare', () => bare(messages));
    const bareMs = (bareBefore.ms + bareAfter.ms) / 2;

    const workerRate = (deliveries / workerRun.ms) * 1000;
    const bareRate = (messages.length / bareMs) * 1000;
    print(
      `worker: ${fmt(deliveries)} deliveries sent in ${fmt(workerRun.ms / 1000, 1)} s = ${fmt(workerRate)} messages/s (claim, render, send, record and audit; notice ${status.status})`,
    );
    print(
      `bare nodemailer loop: the same ${fmt(messages.length)} messages in ${fmt(bareBefore.ms / 1000, 1)} s before and ${fmt(bareAfter.ms / 1000, 1)} s after = ${fmt(bareRate)} messages/s (${CONNECTIONS} pooled connections, no database)`,
    );
    // The database server's CPU is seen only when it runs on this machine (0 otherwise).
    const perMessage = (phase: Phase, key: keyof Phase, count: number) =>
      key === 'database' && !(phase.database > 0) ? 'not seen (another machine)' : fmt(phase[key] / count, 2);
    const bareMean: Phase = {
      ms: bareMs,
      own: (bareBefore.own + bareAfter.own) / 2,
      sink: (bareBefore.sink + bareAfter.sink) / 2,
      database: (bareBefore.database + bareAfter.database) / 2,
    };
    print(
      `CPU per message (ms): worker ${perMessage(workerRun, 'own', deliveries)} + database server ${perMessage(workerRun, 'database', deliveries)} + sink ${perMessage(workerRun, 'sink', deliveries)}; ` +
        `bare loop ${perMessage(bareMean, 'own', messages.length)} + sink ${perMessage(bareMean, 'sink', messages.length)} (this machine has ${availableParallelism()} cores)`,
    );
    print(`dispatch rate worker / bare loop = ${fmt(workerRate / bareRate, 2)} (target ≥ 0.8)`);
    console.log(
      `FIGURES ${JSON.stringify({ deliveries, createMs, workerRate, bareRate, ratio: workerRate / bareRate } satisfies DispatchFigures)}`,
    );
  } finally {
    smtp.proc.kill('SIGTERM');
    await prisma.$disconnect();
    await db.stop();
  }
}

const mode = process.argv[2];
if (mode === '--sink') {
  sink().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else if (mode === '--run') {
  run()
    .then(() => process.exit(0))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exit(1);
    });
} else if (process.argv[1] && path.resolve(process.argv[1]) === path.join(ROOT, 'scripts/bench-dispatch.ts')) {
  benchDispatch().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
