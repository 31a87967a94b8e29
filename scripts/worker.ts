// `npm run worker`: the notice delivery worker and the Microsoft Graph connector's sync as their own
// process, for scale — run as many as wanted against one PostgreSQL (they claim due deliveries and
// due tenants with FOR UPDATE SKIP LOCKED). Uses the portal's configuration: DATABASE_URL (else the
// embedded server under DATA_DIR, joined when the portal runs it), SMTP_URL (else .eml files under
// DATA_DIR/mail), MAIL_FROM, DATA_ENCRYPTION_KEY, MICROSOFT_LOGIN_URL, MICROSOFT_GRAPH_URL,
// MICROSOFT_REQUEST_TIMEOUT_MS.
//
// SIGTERM / SIGINT stop it gracefully: no new claims, the messages in flight finish and are
// recorded, the remaining claims are given back. SIGKILL loses nothing either (claims are leases).
//
// Options (defaults in lib/worker/dispatcher.ts):
//   --batch-size N            deliveries claimed at a time (25)
//   --concurrency N           messages in flight at once / SMTP connections (4)
//   --lease-ms N              how long a claim holds (300000)
//   --poll-ms N               wait when nothing is due (2000)
//   --reminder-interval-ms N  renewal-reminder evaluation (900000; at most hourly)
//   --retry-base-ms N         first retry delay after a temporary failure (60000)
//   --max-attempts N          attempts before a delivery fails (8)
//   --graph-poll-ms N         the connector's wait when no tenant is due (5000)
//   --graph-lease-ms N        how long a tenant's lease holds between pages (600000)
//   --no-graph-sync           no connector sync in this process
//   --once                    send what is due and read the tenants due, then exit
import { z } from 'zod';
import { ConfigError, readConfig } from '../lib/runtime/config';
import { openDatabase, resolveEncryptionKey } from '../lib/runtime/database';
import { applyMigrations } from '../lib/runtime/migrate';
import { EmbeddedDatabaseError } from '../lib/runtime/embedded-postgres';
import { logger } from '../lib/runtime/logger';
import { DEFAULT_RETRY_POLICY } from '../lib/domain/notice-lifecycle';
import { allowServerOnlyImports } from '../lib/worker/server-only';

// Starting and stopping are told in plain lines; what the worker does and what fails, as JSON
// lines through the logger (lib/runtime/logger.ts).
const log = (line: string) => console.log(`[worker ${process.pid}] ${line}`);

const USAGE =
  'Usage: npm run worker -- [--batch-size N] [--concurrency N] [--lease-ms N] [--poll-ms N] [--reminder-interval-ms N] [--retry-base-ms N] [--max-attempts N] [--graph-poll-ms N] [--graph-lease-ms N] [--no-graph-sync] [--once]';

const positive = (max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(max, `must be at most ${max}`);
const optionsSchema = z.object({
  'batch-size': positive(1000).optional(),
  concurrency: positive(100).optional(),
  'lease-ms': positive(24 * 3_600_000).optional(),
  'poll-ms': positive(3_600_000).optional(),
  'reminder-interval-ms': positive(3_600_000).optional(),
  'retry-base-ms': positive(24 * 3_600_000).optional(),
  'max-attempts': positive(100).optional(),
  'graph-poll-ms': positive(3_600_000).optional(),
  'graph-lease-ms': positive(24 * 3_600_000).optional(),
  'no-graph-sync': z.boolean().optional(),
  once: z.boolean().optional(),
});

class UsageError extends Error {}

function parseArgs(argv: string[]): z.output<typeof optionsSchema> {
  const raw: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    if (!arg.startsWith('--')) throw new UsageError(`Unexpected argument ${arg}.\n${USAGE}`);
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    if (name === 'once' || name === 'no-graph-sync') {
      raw[name] = true;
      continue;
    }
    if (!(name in optionsSchema.shape)) throw new UsageError(`Unknown option --${name}.\n${USAGE}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value.\n${USAGE}`);
    raw[name] = value;
  }
  const parsed = optionsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new UsageError(parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('\n'));
  }
  return parsed.data;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const config = readConfig();
  const db = await openDatabase(config, (line) => {
    if (/ERROR|FATAL|PANIC|embedded PostgreSQL/.test(line)) log(line);
  });
  await applyMigrations(db.url);
  // The secrets the worker reads back (webhook signing keys, the Graph connector's) need the same key as the portal.
  process.env.DATA_ENCRYPTION_KEY = await resolveEncryptionKey(config);
  allowServerOnlyImports();
  const { startWorker } = await import('../lib/worker/run');
  const worker = startWorker({
    databaseUrl: db.url,
    batchSize: options['batch-size'],
    concurrency: options.concurrency,
    leaseMs: options['lease-ms'],
    ...(options['lease-ms'] ? { leaseMarginMs: Math.min(130_000, Math.floor(options['lease-ms'] / 2)) } : {}),
    pollMs: options['poll-ms'],
    reminderIntervalMs: options['reminder-interval-ms'],
    retryPolicy: {
      ...DEFAULT_RETRY_POLICY,
      ...(options['retry-base-ms'] ? { baseDelayMs: options['retry-base-ms'] } : {}),
      ...(options['max-attempts'] ? { maxAttempts: options['max-attempts'] } : {}),
    },
    autoStart: !options.once,
    graphSync: options['no-graph-sync'] ? false : { pollMs: options['graph-poll-ms'], leaseMs: options['graph-lease-ms'] },
  });
  log(
    `started (${config.smtpUrl ? 'SMTP relay' : `.eml files in ${config.dataDir}/mail`}; ${db.embedded ? 'embedded PostgreSQL' : 'external PostgreSQL'})`,
  );

  let exiting = false;
  const shutdown = async (code: number) => {
    if (exiting) return;
    exiting = true;
    log('stopping: finishing the messages in flight');
    await worker.stop();
    const t = worker.dispatcher.totals;
    const g = worker.graphSync?.totals;
    log(
      `stopped: ${t.sent} sent, ${t.retried} to retry, ${t.failed} failed, ${t.released} given back` +
        (g ? `; Microsoft tenants read: ${g.succeeded}, failed: ${g.failed}` : ''),
    );
    await db.stop();
    process.exit(code);
  };
  // The embedded-postgres package hooks SIGTERM/SIGINT on import (async-exit-hook: stop its
  // servers, then exit 143 at once), which would cut the graceful stop short; this process stops
  // its database itself (db.stop above), after the worker.
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGINT', () => void shutdown(0));

  if (options.once) {
    // Rounds until one finds nothing due.
    let stats;
    do stats = await worker.dispatcher.tick();
    while (stats.claimed > 0 && !exiting);
    if (worker.graphSync) {
      let round;
      do round = await worker.graphSync.tick();
      while (round.tenants > 0 && !exiting);
    }
    await shutdown(0);
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof EmbeddedDatabaseError || error instanceof UsageError)
    console.error(`[worker] ${error.message}`);
  else logger.fatal({ err: error }, 'the worker stopped on an unexpected error');
  process.exit(1);
});
