// npm run bench:api [-- --data data/bench-10000 --duration 10 --connections 10 --rounds 2 --port 3500
//                       --processes 1 --cpu-prof dir]
//
// The REST API's hot path alone, for measuring changes to it quickly: `GET /api/v1/customers`
// (25 rows, JSON, the demo token) served by the launcher's front door with the API mounted as
// `npm start` mounts it — without Next.js, whose build the full benchmark (scripts/bench.ts)
// needs — next to the same bare node:http + pg baseline as `npm run bench`, alternating
// portal/baseline runs. Uses the database `npm run bench` seeded (data/bench-<size>, embedded) or
// DATABASE_URL. Figures only: nothing is asserted.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { clientAddressStamp } from '../lib/runtime/client-address';
import { startEmbeddedDatabase } from '../lib/runtime/embedded-postgres';
import { createFrontDoor } from '../lib/runtime/front-door';
import { SERVER_NODE_FLAGS } from '../lib/runtime/server-flags';
import { allowServerOnlyImports } from '../lib/worker/server-only';

const argv = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const index = argv.indexOf(`--${name}`);
  return index >= 0 ? (argv[index + 1] ?? fallback) : fallback;
};
const API_TOKEN = { authorization: 'Bearer cpt_demo_contoso_token_0001' };

async function servePortal() {
  const port = Number(process.env.PORT);
  (process.env as Record<string, string>).NODE_ENV = 'production';
  const stampClientAddress = clientAddressStamp(0);
  allowServerOnlyImports();
  const { createApiListener } = await import('../lib/server/api/app');
  const notNext = async (_request: unknown, response: import('node:http').ServerResponse) => void response.writeHead(404).end();
  createServer(createFrontDoor(notNext, { stampClientAddress, api: createApiListener() })).listen(port, () =>
    process.send?.({ type: 'ready' }),
  );
  // A normal exit, so that --cpu-prof writes its profile.
  process.on('SIGTERM', () => process.exit(0));
}

/** CPU seconds (user + system) used so far by these processes (Linux /proc); with `reaped`, their ended children's too. */
function cpuSeconds(pids: number[], reaped = false): number {
  const tick = 100;
  let total = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      total += (Number(fields[11]) + Number(fields[12]) + (reaped ? Number(fields[13]) + Number(fields[14]) : 0)) / tick;
    } catch {
      // gone
    }
  }
  return total;
}

/** CPU seconds of the PostgreSQL server of `pgDir`: the postmaster, its live children and its ended ones. */
function postgresCpuSeconds(pgDir: string): number {
  let postmaster: number;
  try {
    postmaster = Number(readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return 0;
  }
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (Number(fields[1]) === postmaster) children.push(Number(entry));
    } catch {
      // gone
    }
  }
  return cpuSeconds([postmaster], true) + cpuSeconds(children);
}

async function serveBaseline() {
  // The same server as scripts/bench.ts's baseline for /api/customers.
  const port = Number(process.env.PORT);
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  pool.on('error', () => undefined);
  createServer(async (request, response) => {
    try {
      const rows = await pool.query(
        `SELECT id, "companyName", domain, "tenantId", cloud, "relationshipToPartner", "directRelationship", "preferredLanguage"
           FROM "Customer" WHERE "partnerId" = $1 ORDER BY "companyName", id LIMIT 25`,
        [process.env.BENCH_PARTNER_ID],
      );
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ data: rows.rows, nextCursor: null }));
    } catch (error) {
      response.writeHead(500).end(String(error));
    }
  }).listen(port, () => process.send?.({ type: 'ready' }));
}

function child(mode: string, env: Record<string, string>, flags: string[] = []): Promise<ChildProcess> {
  const proc = spawn(process.execPath, [...flags, '--import', 'tsx', 'scripts/bench-api.ts', mode], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    proc.once('message', () => resolve(proc));
    proc.once('exit', (code) => reject(new Error(`${mode} exited with ${code}`)));
  });
}

async function stop(proc: ChildProcess) {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  proc.kill('SIGTERM');
  await exited;
}

async function load(url: string, headers: Record<string, string>, connections: number, duration: number) {
  const result = await autocannon({ url, connections, duration, headers });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bad: result.errors + result.timeouts + result.non2xx,
  };
}

async function main() {
  const duration = Number(option('duration', '10'));
  const connections = Number(option('connections', '10'));
  const rounds = Number(option('rounds', '2'));
  const port = Number(option('port', '3500'));
  const processes = Number(option('processes', '1'));
  const cpuProf = option('cpu-prof', '');
  const dataDir = path.resolve(option('data', 'data/bench-10000'));
  const db = process.env.DATABASE_URL
    ? { url: process.env.DATABASE_URL, stop: async () => undefined }
    : await startEmbeddedDatabase(dataDir);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const partner = await client.query<{ id: string }>(`SELECT id FROM "Partner" WHERE name = 'Contoso Cloud Partners'`);
  await client.end();
  const flags = [...SERVER_NODE_FLAGS, ...(cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${cpuProf}`] : [])];
  const env = {
    DATABASE_URL: db.url,
    NEXTAUTH_SECRET: 'bench-secret-bench-secret-bench-secret-0001',
    API_RATE_LIMIT_PER_MINUTE: '1000000',
  };
  // Several portal processes listen on one port each; autocannon spreads connections by URL only,
  // so with --processes > 1 each process gets its share of the connections at once.
  const portals: ChildProcess[] = [];
  for (let i = 0; i < processes; i += 1) {
    portals.push(await child('--portal', { ...env, PORT: String(port + i), NEXTAUTH_URL: `http://localhost:${port + i}` }, flags));
  }
  const bare = await child('--baseline', { DATABASE_URL: db.url, PORT: String(port + processes), BENCH_PARTNER_ID: partner.rows[0]!.id });
  const pgCpu = () => postgresCpuSeconds(path.join(dataDir, 'postgres'));
  const portalPids = portals.map((proc) => proc.pid!);
  const portalRun = async (seconds: number) => {
    const startedPortal = cpuSeconds(portalPids);
    const startedPg = pgCpu();
    const runs = await Promise.all(
      portals.map((_, i) => load(`http://localhost:${port + i}/api/v1/customers`, API_TOKEN, connections / processes, seconds)),
    );
    const rps = runs.reduce((sum, run) => sum + run.rps, 0);
    const requests = rps * seconds;
    return {
      rps,
      portalCpuMs: ((cpuSeconds(portalPids) - startedPortal) * 1000) / requests,
      pgCpuMs: ((pgCpu() - startedPg) * 1000) / requests,
      p50: Math.max(...runs.map((run) => run.p50)),
      p99: Math.max(...runs.map((run) => run.p99)),
      bad: runs.reduce((sum, run) => sum + run.bad, 0),
    };
  };
  const baseUrl = `http://localhost:${port + processes}/api/customers`;
  try {
    await portalRun(5);
    await load(baseUrl, {}, connections, 5);
    console.log(
      '| round | portal req/s | p50 | p99 | portal CPU ms/req | PostgreSQL CPU ms/req | baseline req/s | p50 | p99 | baseline CPU ms/req | PostgreSQL CPU ms/req | ratio | load average |',
    );
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
    for (let round = 1; round <= rounds; round += 1) {
      const p = await portalRun(duration);
      const startedBare = cpuSeconds([bare.pid!]);
      const startedPg = pgCpu();
      const b = await load(baseUrl, {}, connections, duration);
      const bareRequests = b.rps * duration;
      const bareCpu = ((cpuSeconds([bare.pid!]) - startedBare) * 1000) / bareRequests;
      const barePg = ((pgCpu() - startedPg) * 1000) / bareRequests;
      const loadAverage = os
        .loadavg()
        .map((n) => n.toFixed(1))
        .join(' ');
      console.log(
        `| ${round} | ${p.rps.toFixed(1)}${p.bad ? ` (bad ${p.bad})` : ''} | ${p.p50} | ${p.p99} | ${p.portalCpuMs.toFixed(3)} | ${p.pgCpuMs.toFixed(3)} | ${b.rps.toFixed(1)} | ${b.p50} | ${b.p99} | ${bareCpu.toFixed(3)} | ${barePg.toFixed(3)} | ${(p.rps / b.rps).toFixed(3)} | ${loadAverage} |`,
      );
    }
  } finally {
    await Promise.all([...portals.map(stop), stop(bare)]);
    await db.stop();
  }
}

const mode = argv[0];
const run = mode === '--portal' ? servePortal : mode === '--baseline' ? serveBaseline : main;
run().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
