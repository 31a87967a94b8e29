// Which database a process uses: the external one named by DATABASE_URL, or the embedded server
// under DATA_DIR (started here, or joined when another process of the portal already runs it).
// Then: apply migrations and, on an empty database with SEED_DEMO on, the demo data.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { ConfigError, type PortalConfig } from './config';
import { startEmbeddedDatabase } from './embedded-postgres';
import { applyMigrations } from './migrate';
import { createPrismaClient } from './prisma';

export type DatabaseHandle = { url: string; embedded: boolean; owned: boolean; stop: () => Promise<void> };

export async function openDatabase(config: PortalConfig, log: (line: string) => void = () => undefined): Promise<DatabaseHandle> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, embedded: false, owned: false, stop: async () => undefined };
  }
  const db = await startEmbeddedDatabase(config.dataDir, { log });
  return { url: db.url, embedded: true, owned: db.owned, stop: db.stop };
}

const SEED_LOCK_KEY = 72707370;

export type PrepareResult = { migrationsApplied: string[]; seeded: boolean; empty: boolean };

/** Migrations, then the demo seed on a database without any user (once, even with several starters). */
export async function prepareDatabase(
  url: string,
  options: { seedDemo: boolean; now?: Date; log?: (line: string) => void },
): Promise<PrepareResult> {
  const log = options.log ?? (() => undefined);
  const migrationsApplied = await applyMigrations(url);
  if (migrationsApplied.length > 0) log(`applied migrations: ${migrationsApplied.join(', ')}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [SEED_LOCK_KEY]);
    const users = await client.query<{ n: string }>('SELECT count(*)::text AS n FROM "User"');
    const empty = users.rows[0]?.n === '0';
    if (!empty || !options.seedDemo) return { migrationsApplied, seeded: false, empty };
    const { seedDemo } = await import('../../prisma/seed');
    const prisma = createPrismaClient(url);
    try {
      const counts = await seedDemo(prisma, { now: options.now ?? new Date(), log });
      log(`seeded the demo data: ${counts.partners} partners, ${counts.users} users, ${counts.customers} customers`);
    } finally {
      await prisma.$disconnect();
    }
    return { migrationsApplied, seeded: true, empty: false };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [SEED_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

/**
 * NEXTAUTH_SECRET: from the environment; on the embedded default a missing one is generated
 * once and kept in DATA_DIR; with an external database a missing one is an error.
 */
export async function resolveAuthSecret(config: PortalConfig): Promise<string> {
  return resolveSecret(config, {
    value: config.nextAuthSecret,
    name: 'NEXTAUTH_SECRET',
    file: 'nextauth-secret',
    what: 'a fixed secret shared by every instance: set NEXTAUTH_SECRET to at least 32 random characters',
  });
}

/**
 * DATA_ENCRYPTION_KEY, the same way: from the environment; generated once into DATA_DIR on the
 * embedded default; required with an external database (every instance and worker needs the same
 * key, and a new one would make the secrets already stored unreadable).
 */
export async function resolveEncryptionKey(config: PortalConfig): Promise<string> {
  return resolveSecret(config, {
    value: config.dataEncryptionKey,
    name: 'DATA_ENCRYPTION_KEY',
    file: 'data-encryption-key',
    what: 'the key that encrypts the secrets stored in the database, the same on every instance and worker: set DATA_ENCRYPTION_KEY to 32 random bytes in base64',
  });
}

async function resolveSecret(
  config: PortalConfig,
  secret: { value: string | undefined; name: string; file: string; what: string },
): Promise<string> {
  if (secret.value) return secret.value;
  if (!config.embedded) {
    throw new ConfigError(
      `${secret.name} is not set. With an external DATABASE_URL the portal needs ${secret.what} (for example: openssl rand -base64 32).`,
    );
  }
  const file = path.join(config.dataDir, secret.file);
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const value = randomBytes(32).toString('base64');
  await writeFile(file, value, { mode: 0o600 });
  return value;
}
