// The Microsoft connector's figure of `npm run bench` (scripts/bench.ts calls benchGraphSync(log));
// runs alone too: `npx tsx scripts/bench-graph-sync.ts` (`--tenants 10,100,1000` to choose sizes).
//
// For 10, 100 and 1,000 customer tenants of a new partner, each listing 50 items (25 service health
// issues and 25 message-center posts, 40 of them shared by every tenant and 10 its own), the
// connector's worker (GraphSync, with its production settings: 4 tenants at once on a pool of 2
// connections) reads every tenant from a fake Microsoft identity platform and Graph on this machine
// (tests/support/fake-microsoft.ts: no request leaves the machine) and stores what it read:
// tenants/s and items/s, from the run's start to its last tenant. The result is checked (every
// communication once, every tenant linked to its 50), never timed against a limit.
//
// Database: DATABASE_URL's server (database portal_bench_graph), else an embedded server under
// data/bench-graph; the schema is made afresh each run.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { PrismaClient } from '../lib/runtime/prisma';
import type { FakeMicrosoft } from '../tests/support/fake-microsoft';
import { figuresOfChild } from './bench-child';

const ROOT = path.resolve(import.meta.dirname, '..');
const fmt = (n: number, digits = 0) => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export type GraphSyncFigure = {
  tenants: number;
  items: number;
  seconds: number;
  tenantsPerSecond: number;
  itemsPerSecond: number;
  communications: number;
  links: number;
  failed: number;
};

const ITEMS_PER_TENANT = 50;
const SHARED = 40;

/**
 * A partner with `tenants` customers and its connector, the fake scripted with their items, one run
 * of the connector's worker until every tenant is read: the figure. Needs DATA_ENCRYPTION_KEY and
 * lib/server allowed (allowServerOnlyImports) in this process.
 */
export async function measureGraphSync(db: PrismaClient, fake: FakeMicrosoft, tenants: number): Promise<GraphSyncFigure> {
  const { encryptSecret } = await import('../lib/server/crypto');
  const { GraphSync } = await import('../lib/worker/graph-sync');
  const suffix = randomUUID().slice(0, 8);
  const partner = await db.partner.create({ data: { name: `Graph bench ${suffix}`, partnerNumber: `G${suffix}` }, select: { id: true } });
  const customers = Array.from({ length: tenants }, (_, i) => ({
    id: randomUUID(),
    partnerId: partner.id,
    companyName: `Bench tenant ${String(i).padStart(5, '0')}`,
    domain: `bench-${suffix}-${i}.example`,
    tenantId: randomUUID(),
  }));
  for (let i = 0; i < customers.length; i += 2000) await db.customer.createMany({ data: customers.slice(i, i + 2000) });
  const clientId = randomUUID();
  const secret = `bench-${randomUUID()}`;
  fake.setApp({ clientId, secrets: [secret] });
  const { graphIssue, graphMessage } = await import('../tests/support/graph-payloads');
  const item = (prefix: string, i: number) =>
    i % 2 === 0 ? graphIssue({ id: `EX${prefix}${i}` }) : graphMessage({ id: `MC${prefix}${i}` });
  const shared = Array.from({ length: SHARED }, (_, i) => item(`9${suffix.slice(0, 3)}x`, i));
  for (const [t, customer] of customers.entries()) {
    const own = Array.from({ length: ITEMS_PER_TENANT - SHARED }, (_, i) => item(`8${t}x`, i));
    const items = [...shared, ...own];
    fake.setTenant(customer.tenantId, {
      issues: items.filter((item) => String(item.id).startsWith('EX')),
      messages: items.filter((item) => String(item.id).startsWith('MC')),
    });
  }
  await db.microsoftConnector.create({
    data: {
      partnerId: partner.id,
      clientId,
      credential: 'CLIENT_SECRET',
      secretEncrypted: encryptSecret(secret, 'graph-connector'),
      secretSetAt: new Date(),
      nextRunAt: new Date(),
    },
  });
  const sync = new GraphSync(db, { overrides: { loginUrl: fake.loginUrl, graphUrl: fake.graphUrl }, pollMs: 10 });
  const started = performance.now();
  for (;;) {
    const round = await sync.tick();
    if (round.tenants > 0 || round.runsStarted > 0) continue;
    const open = await db.microsoftSyncRun.count({ where: { partnerId: partner.id, finishedAt: null } });
    if (open === 0) break;
  }
  const seconds = (performance.now() - started) / 1000;
  await db.microsoftConnector.updateMany({ where: { partnerId: partner.id }, data: { enabled: false } });
  const [communications, links, failed] = await Promise.all([
    db.microsoftCommunication.count({ where: { partnerId: partner.id } }),
    db.communicationAffectedCustomer.count({ where: { partnerId: partner.id } }),
    db.microsoftTenantSync.count({ where: { partnerId: partner.id, lastErrorCode: { not: null } } }),
  ]);
  const items = tenants * ITEMS_PER_TENANT;
  return { tenants, items, seconds, tenantsPerSecond: tenants / seconds, itemsPerSecond: items / seconds, communications, links, failed };
}

/** One line of the figure's table. */
export function figureLine(f: GraphSyncFigure): string {
  return `| ${fmt(f.tenants)} | ${fmt(f.items)} | ${fmt(f.seconds, 1)} | ${fmt(f.tenantsPerSecond, 1)} | ${fmt(f.itemsPerSecond, 0)} | ${fmt(f.communications)} | ${fmt(f.links)} | ${f.failed} |`;
}

export const FIGURE_HEADER = [
  '| tenants | items | seconds | tenants/s | items/s | communications | links | failed |',
  '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
];

/** Runs the connector benchmark in a process of its own and logs its figures; resolves with them. */
export async function benchGraphSync(
  log: (line: string) => void = (line) => console.log(line),
  sizes = [10, 100, 1000],
): Promise<GraphSyncFigure[]> {
  const figures = await figuresOfChild<GraphSyncFigure>('scripts/bench-graph-sync.ts', ['--run', sizes.join(',')], 'FIGURE', log);
  if (figures.length !== sizes.length) throw new Error('the connector benchmark gave too few figures');
  return figures;
}

async function run(sizes: number[]) {
  const pg = (await import('pg')).default;
  const { applyMigrations } = await import('../lib/runtime/migrate');
  const { createPrismaClient } = await import('../lib/runtime/prisma');
  const { allowServerOnlyImports } = await import('../lib/worker/server-only');
  const { startFakeMicrosoft } = await import('../tests/support/fake-microsoft');
  allowServerOnlyImports();
  process.env.DATA_ENCRYPTION_KEY ??= Buffer.alloc(32, 9).toString('base64');
  let url: string;
  let stop = async () => undefined as unknown;
  if (process.env.DATABASE_URL) {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query('DROP DATABASE IF EXISTS portal_bench_graph WITH (FORCE)');
    await admin.query('CREATE DATABASE portal_bench_graph');
    await admin.end();
    url = process.env.DATABASE_URL.replace(/\/[^/?]+(\?|$)/, '/portal_bench_graph$1');
  } else {
    const { startEmbeddedDatabase } = await import('../lib/runtime/embedded-postgres');
    const db = await startEmbeddedDatabase(path.join(ROOT, 'data/bench-graph'));
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    await admin.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
    await admin.end();
    url = db.url;
    stop = () => db.stop();
  }
  await applyMigrations(url);
  // The worker's own pool for the sync, as lib/worker/run.ts gives it.
  const db = createPrismaClient(url, { max: 2 });
  const fake = await startFakeMicrosoft();
  try {
    console.log(`\n## Microsoft connector: tenants read from a fake Microsoft Graph (${ITEMS_PER_TENANT} items each, ${SHARED} shared)\n`);
    for (const line of FIGURE_HEADER) console.log(line);
    for (const size of sizes) {
      fake.reset();
      const figure = await measureGraphSync(db, fake, size);
      console.log(figureLine(figure));
      console.log(`FIGURE ${JSON.stringify(figure)}`);
    }
  } finally {
    await fake.stop();
    await db.$disconnect();
    await stop();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const at = process.argv.indexOf('--run');
  if (at >= 0) {
    const sizes = (process.argv[at + 1] ?? '10,100,1000').split(',').map(Number);
    run(sizes).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  } else {
    const tenants = process.argv.find((arg) => arg.startsWith('--tenants='))?.slice('--tenants='.length);
    benchGraphSync(undefined, tenants ? tenants.split(',').map(Number) : undefined).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  }
}
