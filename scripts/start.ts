// `npm start` (and `npm run dev` with --dev): one command from a fresh clone to a running portal.
// 1. read and check the configuration; 2. open the database (embedded by default) and apply the
// migrations, seeding the demo data on an empty database when SEED_DEMO is on; 3. build the
// production bundle when it is missing or older than the sources; 4. serve Next.js in this
// process (one process: killing it never leaves a web server holding the port) with the
// database URL and the auth secret in its environment, behind the front door that gives every
// request its id (lib/runtime/front-door.ts) and hands /api/v1 to the REST API's own router
// (lib/server/api/app.ts); stop the database with it.
//
// Start-up, and a refusal to start, is told in plain lines; what happens once the portal runs
// (requests' errors, the worker), and an unexpected crash, in JSON lines through the logger
// (lib/runtime/logger.ts).
import { createServer, type Server } from 'node:http';
import { ensureBuild } from '../lib/runtime/build';
import { ConfigError, readConfig } from '../lib/runtime/config';
import { clientAddressStamp } from '../lib/runtime/client-address';
import { openDatabase, prepareDatabase, resolveAuthSecret, resolveEncryptionKey } from '../lib/runtime/database';
import { EmbeddedDatabaseError } from '../lib/runtime/embedded-postgres';
import { createFrontDoor } from '../lib/runtime/front-door';
import { logger } from '../lib/runtime/logger';
import { allowServerOnlyImports } from '../lib/worker/server-only';
import type { WorkerHandle } from '../lib/worker/run';

const dev = process.argv.includes('--dev');
const log = (line: string) => console.log(`[portal] ${line}`);
// PostgreSQL's own log is verbose: keep problems and the server's life-cycle lines.
const quietPg = (message: string) => {
  for (const line of message.split('\n')) {
    if (/ERROR|FATAL|PANIC|embedded PostgreSQL/.test(line)) log(`postgres: ${line}`);
  }
};

async function main() {
  const config = readConfig();
  const db = await openDatabase(config, quietPg);
  let server: Server | undefined;
  let worker: WorkerHandle | undefined;
  let exiting = false;
  const shutdown = async (code: number) => {
    if (exiting) return;
    exiting = true;
    // The delivery worker first: its messages in flight finish and are recorded while the database is up.
    await worker?.stop().catch(() => undefined);
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server?.closeAllConnections();
    await db.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  try {
    // Before the seed and Next: both may store or read secrets encrypted with it.
    process.env.DATA_ENCRYPTION_KEY = await resolveEncryptionKey(config);
    const prepared = await prepareDatabase(db.url, { seedDemo: config.seedDemo, log });
    if (prepared.empty && !config.seedDemo) {
      log(
        'The database has no users yet. Create the first portal admin: npm run create-admin -- --email you@example.com --name "Your Name"',
      );
    }
    Object.assign(process.env, {
      DATABASE_URL: db.url,
      NEXTAUTH_SECRET: await resolveAuthSecret(config),
      NEXTAUTH_URL: config.nextAuthUrl,
      NEXT_TELEMETRY_DISABLED: '1',
    });
    if (!dev) ensureBuild(log);
    // Next.js runs in this process: the portal is one process (plus its database server), so
    // stopping or killing it never leaves a web server behind holding the port.
    (process.env as Record<string, string>).NODE_ENV = dev ? 'development' : 'production';
    // Before Next.js starts: the proxy reads the key this creates (lib/domain/address.ts).
    const stampClientAddress = clientAddressStamp(config.trustedProxyHops);
    const { default: next } = await import('next');
    // quiet: Next.js would print each request's error itself, besides instrumentation.ts's JSON line.
    const app = next({ dev, dir: process.cwd(), port: config.port, hostname: 'localhost', quiet: true });
    await app.prepare();
    const handle = app.getRequestHandler();
    // The REST API is answered here, in front of Next.js (docs/decisions/0025-rest-api-platform.md).
    allowServerOnlyImports();
    const { createApiListener } = await import('../lib/server/api/app');
    const api = createApiListener();
    server = createServer(createFrontDoor((request, response) => handle(request, response), { stampClientAddress, api }));
    await new Promise<void>((resolve, reject) => {
      server?.once('error', reject);
      server?.listen(config.port, resolve);
    });
    log(`portal on ${config.nextAuthUrl} (${db.embedded ? `embedded PostgreSQL, data in ${config.dataDir}` : 'external PostgreSQL'})`);
    // The notice delivery worker, in this process by default (WORKER=off when `npm run worker` processes send).
    if (config.worker && !exiting) {
      const { startWorker } = await import('../lib/worker/run');
      worker = startWorker({ databaseUrl: db.url });
      log(
        `delivery worker running (${config.smtpUrl ? 'SMTP relay' : `.eml files in ${config.dataDir}/mail`}; WORKER=off to use separate workers)`,
      );
    }
  } catch (error) {
    console.error(`[portal] ${error instanceof Error ? error.message : String(error)}`);
    await db.stop();
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof EmbeddedDatabaseError) console.error(`[portal] ${error.message}`);
  else logger.fatal({ err: error }, 'the portal could not start');
  process.exit(1);
});
