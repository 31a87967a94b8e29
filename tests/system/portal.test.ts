// The portal as a process: configuration, the embedded database's life cycle, health and
// security headers. Each test starts the real launcher (`npm start`).
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isEncryptionKey, readConfig } from '../../lib/runtime/config';
import { openDatabase } from '../../lib/runtime/database';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../lib/runtime/embedded-postgres';
import { freePort, isAlive, runScript, startPortal, stopPortal, tempDataDir, waitForHealth } from './portal';

async function count(url: string, sql: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<Record<string, string>>(sql);
    return Number(Object.values(result.rows[0] ?? {})[0]);
  } finally {
    await client.end();
  }
}

function postmasterPid(dataDir: string): number {
  return Number(readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

const KEY = 'NV+ofD0qclbUSgTf58UVgmtlpRePeGCE5QI1nGhjAJ4=';

describe('the embedded default', () => {
  it('honours PORT and DATA_DIR, seeds the demo data, lets a second process in, sends security headers, and reports a stopped database', async () => {
    const dataDir = tempDataDir();
    const port = await freePort();
    const portal = startPortal({ PORT: String(port), DATA_DIR: dataDir });
    try {
      const health = await waitForHealth(portal);
      expect(await health.json()).toMatchObject({ status: 'ok', database: { status: 'up' } });
      expect(readFileSync(path.join(dataDir, 'postgres', 'PG_VERSION'), 'utf8').trim()).toBe('17');
      expect(existsSync(path.join(dataDir, 'nextauth-secret'))).toBe(true);
      // The key for secrets at rest, generated once like the session secret, readable by the owner only.
      const keyFile = path.join(dataDir, 'data-encryption-key');
      expect(isEncryptionKey(readFileSync(keyFile, 'utf8').trim())).toBe(true);
      expect(statSync(keyFile).mode & 0o077).toBe(0);

      // A second process (a script) uses the same database while the portal runs.
      const migrate = await runScript({ DATA_DIR: dataDir }, 'scripts/db.ts', ['migrate']);
      expect(migrate.output).toContain('The database is up to date.');
      expect(migrate.code).toBe(0);
      const joined = await openDatabase(readConfig({ DATA_DIR: dataDir }));
      expect(joined.owned).toBe(false);
      expect(await count(joined.url, `SELECT count(*) FROM "User"`)).toBe(5);
      expect(await count(joined.url, `SELECT count(*) FROM "Customer" WHERE "companyName" = 'Tailspin Toys'`)).toBe(1);
      await joined.stop(); // joining never stops the owner's server
      expect((await fetch(`http://localhost:${port}/api/health`)).status).toBe(200);

      // Security headers.
      const signin = await fetch(`http://localhost:${port}/signin`);
      expect(signin.status).toBe(200);
      const csp = signin.headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-eval');
      expect(signin.headers.get('x-frame-options')).toBe('DENY');
      expect(signin.headers.get('x-content-type-options')).toBe('nosniff');
      expect(signin.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(signin.headers.get('strict-transport-security')).toBeNull();
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(await signin.text()).toContain(`nonce="${nonce}"`);
      // HSTS follows the portal's own address (NEXTAUTH_URL, http here), never a header a client
      // can send.
      const claimsHttps = await fetch(`http://localhost:${port}/signin`, { headers: { 'x-forwarded-proto': 'https' } });
      expect(claimsHttps.headers.get('strict-transport-security')).toBeNull();
      const secondNonce = /'nonce-([^']+)'/.exec(claimsHttps.headers.get('content-security-policy') ?? '')?.[1];
      expect(secondNonce).not.toBe(nonce);
      const api = await fetch(`http://localhost:${port}/api/health`);
      expect(api.headers.get('x-content-type-options')).toBe('nosniff');

      // Signed out, a portal page redirects to the sign-in page and remembers where to return.
      const dashboard = await fetch(`http://localhost:${port}/customers?q=tail`, { redirect: 'manual' });
      expect(dashboard.status).toBe(307);
      expect(dashboard.headers.get('location')).toContain('/signin?callbackUrl=%2Fcustomers%3Fq%3Dtail');

      // The database goes away: health says so with 503.
      const pid = postmasterPid(dataDir);
      process.kill(pid, 'SIGKILL');
      const deadline = Date.now() + 20_000;
      let status = 0;
      let body: unknown;
      while (Date.now() < deadline) {
        const response = await fetch(`http://localhost:${port}/api/health`);
        status = response.status;
        body = await response.json();
        if (status === 503) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(status).toBe(503);
      expect(body).toMatchObject({ status: 'unavailable', database: { status: 'down' } });
    } finally {
      await stopPortal(portal);
    }
  });

  it('starts cleanly after being killed without warning, keeping the data', async () => {
    const dataDir = tempDataDir();
    const port = await freePort();
    const first = startPortal({ PORT: String(port), DATA_DIR: dataDir });
    await waitForHealth(first);
    const db = await openDatabase(readConfig({ DATA_DIR: dataDir }));
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query(`INSERT INTO "AuditEvent" ("actorLabel", action, "targetType") VALUES ('system-test', 'marker.kept', 'Test')`);
    await client.end();
    const serverPid = postmasterPid(dataDir);

    // 1. Only the portal process is killed: its database server is left running, orphaned.
    first.child.kill('SIGKILL');
    await first.exited;
    expect(isAlive(serverPid)).toBe(true);
    const second = startPortal({ PORT: String(port), DATA_DIR: dataDir });
    await waitForHealth(second);
    expect(isAlive(serverPid)).toBe(false); // the orphan was shut down and a new server started
    const restarted = await openDatabase(readConfig({ DATA_DIR: dataDir }));
    expect(await count(restarted.url, `SELECT count(*) FROM "AuditEvent" WHERE action = 'marker.kept'`)).toBe(1);
    expect(await count(restarted.url, `SELECT count(*) FROM "User"`)).toBe(5); // not seeded twice

    // 2. The whole process group is killed (portal and database): a stale postmaster.pid is left behind.
    process.kill(-second.child.pid!, 'SIGKILL');
    await second.exited;
    await new Promise((r) => setTimeout(r, 500));
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(true);
    const third = startPortal({ PORT: String(port), DATA_DIR: dataDir });
    try {
      await waitForHealth(third);
      const again = await openDatabase(readConfig({ DATA_DIR: dataDir }));
      expect(await count(again.url, `SELECT count(*) FROM "AuditEvent" WHERE action = 'marker.kept'`)).toBe(1);
    } finally {
      await stopPortal(third);
    }
    // Stopped cleanly: no server left behind.
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  });

  it('refuses a data folder made by another PostgreSQL major version and leaves it untouched', async () => {
    const dataDir = tempDataDir();
    const pgDir = path.join(dataDir, 'postgres');
    mkdirSync(pgDir, { recursive: true });
    writeFileSync(path.join(pgDir, 'PG_VERSION'), '16\n');
    writeFileSync(path.join(pgDir, 'postgresql.conf'), '# made by PostgreSQL 16\n');
    const before = readdirSync(pgDir).map((f) => [f, readFileSync(path.join(pgDir, f), 'utf8')]);
    const run = await runScript({ PORT: String(await freePort()), DATA_DIR: dataDir }, 'scripts/start.ts');
    expect(run.code).toBe(1);
    expect(run.output).toContain('made by PostgreSQL 16');
    expect(run.output).toContain('runs PostgreSQL 17');
    expect(readdirSync(pgDir).map((f) => [f, readFileSync(path.join(pgDir, f), 'utf8')])).toEqual(before);
  });

  it('stops at once with a message naming a bad variable', async () => {
    const run = await runScript({ PORT: 'abc', DATA_DIR: tempDataDir() }, 'scripts/start.ts');
    expect(run.code).toBe(1);
    expect(run.output).toContain('PORT: must be a number');
    const badUrl = await runScript({ DATABASE_URL: 'mysql://x', DATA_DIR: tempDataDir() }, 'scripts/start.ts');
    expect(badUrl.code).toBe(1);
    expect(badUrl.output).toContain('DATABASE_URL');
  });
});

describe('an external PostgreSQL (DATABASE_URL)', () => {
  let server: EmbeddedDatabase | undefined;
  let adminUrl: string;
  const created: string[] = [];

  // TEST_DATABASE_URL's server when given (CI: the system PostgreSQL), else a separate server
  // that the portal did not start — either way the portal must not start its own.
  beforeAll(async () => {
    if (process.env.TEST_DATABASE_URL) {
      const url = new URL(process.env.TEST_DATABASE_URL);
      url.pathname = '/postgres';
      adminUrl = url.toString();
    } else {
      server = await startEmbeddedDatabase(path.join(tempDataDir(), 'external'));
      adminUrl = server.url.replace(/\/portal$/, '/postgres');
    }
  });
  afterAll(async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    for (const name of created) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
    await server?.stop();
  });

  async function freshDatabase(): Promise<string> {
    const name = `portal_system_${Math.random().toString(36).slice(2, 10)}`;
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    created.push(name);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  }

  it('needs NEXTAUTH_SECRET and DATA_ENCRYPTION_KEY, starts no embedded server, seeds nothing by default, and create-admin makes the first admin', async () => {
    const url = await freshDatabase();
    const dataDir = tempDataDir();
    const port = await freePort();
    const noKey = await runScript(
      { DATABASE_URL: url, PORT: String(port), DATA_DIR: dataDir, NEXTAUTH_SECRET: 'x'.repeat(40) },
      'scripts/start.ts',
    );
    expect(noKey.code).toBe(1);
    expect(noKey.output).toContain('DATA_ENCRYPTION_KEY is not set');
    const badKey = await runScript(
      { DATABASE_URL: url, PORT: String(port), DATA_DIR: dataDir, DATA_ENCRYPTION_KEY: 'not-a-key' },
      'scripts/start.ts',
    );
    expect(badKey.code).toBe(1);
    expect(badKey.output).toContain('DATA_ENCRYPTION_KEY: must be 32 random bytes in base64');
    const noSecret = await runScript(
      { DATABASE_URL: url, PORT: String(port), DATA_DIR: dataDir, DATA_ENCRYPTION_KEY: KEY },
      'scripts/start.ts',
    );
    expect(noSecret.code).toBe(1);
    expect(noSecret.output).toContain('NEXTAUTH_SECRET is not set');

    const portal = startPortal({
      DATABASE_URL: url,
      PORT: String(port),
      DATA_DIR: dataDir,
      NEXTAUTH_SECRET: 'x'.repeat(40),
      DATA_ENCRYPTION_KEY: KEY,
    });
    try {
      await waitForHealth(portal);
      expect(existsSync(path.join(dataDir, 'postgres'))).toBe(false);
      expect(await count(url, `SELECT count(*) FROM "User"`)).toBe(0);
      expect(await count(url, `SELECT count(*) FROM "EmbedToken"`)).toBe(0);
      expect(portal.output()).toContain('npm run create-admin');

      const admin = await runScript({ DATABASE_URL: url, PORTAL_ADMIN_PASSWORD: 'a-long-enough-password' }, 'scripts/create-admin.ts', [
        '--email',
        'First.Admin@Example.com',
        '--name',
        'First Admin',
      ]);
      expect(admin.code).toBe(0);
      expect(
        await count(
          url,
          `SELECT count(*) FROM "User" WHERE email = 'first.admin@example.com' AND role = 'PORTAL_ADMIN' AND "partnerId" IS NULL`,
        ),
      ).toBe(1);
      const again = await runScript({ DATABASE_URL: url }, 'scripts/create-admin.ts', [
        '--email',
        'first.admin@example.com',
        '--name',
        'X',
      ]);
      expect(again.code).toBe(1);
      expect(again.output).toContain('already exists');
    } finally {
      await stopPortal(portal);
    }
  });

  it('seeds the demo data only when SEED_DEMO is on', async () => {
    const url = await freshDatabase();
    const portal = startPortal({
      DATABASE_URL: url,
      PORT: String(await freePort()),
      SEED_DEMO: 'true',
      NEXTAUTH_SECRET: 'y'.repeat(40),
      DATA_ENCRYPTION_KEY: KEY,
    });
    try {
      await waitForHealth(portal);
      expect(await count(url, `SELECT count(*) FROM "User"`)).toBe(5);
      expect(await count(url, `SELECT count(*) FROM "ApiToken"`)).toBe(2);
      expect(await count(url, `SELECT count(*) FROM "EmbedToken"`)).toBe(1);
    } finally {
      await stopPortal(portal);
    }
  });
});
