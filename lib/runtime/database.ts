// Which database a process uses: the external one named by DATABASE_URL, or the embedded server
// under DATA_DIR (started here, or joined when another process of the portal already runs it).
// Then: apply migrations and, on an empty database with SEED_DEMO on, the demo data.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { PortalConfig } from './config';
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
  if (config.nextAuthSecret) return config.nextAuthSecret;
  if (!config.embedded) {
    throw new Error(
      'NEXTAUTH_SECRET is not set. With an external DATABASE_URL the portal needs a fixed secret shared by every instance: ' +
        'set NEXTAUTH_SECRET to at least 32 random characters (for example: openssl rand -base64 32).',
    );
  }
  const file = path.join(config.dataDir, 'nextauth-secret');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const secret = randomBytes(32).toString('base64url');
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}
