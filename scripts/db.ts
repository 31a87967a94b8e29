// npm run db:migrate | db:seed [-- --customers N] | db:reset
// Works on the embedded database (joining the running portal's server, or starting it for the
// duration of the command) or on DATABASE_URL. `reset` drops every table: local databases only.
import pg from 'pg';
import { readConfig } from '../lib/runtime/config';
import { openDatabase, prepareDatabase, resolveEncryptionKey } from '../lib/runtime/database';
import { applyMigrations } from '../lib/runtime/migrate';
import { createPrismaClient } from '../lib/runtime/prisma';
import { seedDemo } from '../prisma/seed';

const [command, ...args] = process.argv.slice(2);
const log = (line: string) => console.log(line);

function option(name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
}

export function isLocalDatabaseUrl(url: string): boolean {
  const host = new URL(url).hostname;
  return ['localhost', '127.0.0.1', '::1', '[::1]'].includes(host);
}

async function main() {
  if (!['migrate', 'seed', 'reset'].includes(command ?? '')) {
    console.error('Usage: tsx scripts/db.ts migrate | seed [--customers N] | reset');
    process.exit(2);
  }
  const config = readConfig();
  const db = await openDatabase(config);
  try {
    process.env.DATA_ENCRYPTION_KEY = await resolveEncryptionKey(config);
    if (command === 'migrate') {
      const applied = await applyMigrations(db.url);
      log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
    } else if (command === 'seed') {
      const raw = option('customers') ?? '0';
      const extraCustomers = Number(raw);
      if (!Number.isInteger(extraCustomers) || extraCustomers < 0 || extraCustomers > 1_000_000) {
        throw new Error(`--customers must be a whole number from 0 to 1000000 (got "${raw}").`);
      }
      await applyMigrations(db.url);
      const probe = new pg.Client({ connectionString: db.url });
      await probe.connect();
      const users = await probe.query<{ n: string }>('SELECT count(*)::text AS n FROM "User"');
      await probe.end();
      if (users.rows[0]?.n !== '0') {
        throw new Error(
          'The database already has data; the demo seed runs only on an empty database. Use npm run db:reset first (local databases only).',
        );
      }
      const prisma = createPrismaClient(db.url);
      const started = Date.now();
      const counts = await seedDemo(prisma, { now: new Date(), extraCustomers, log });
      await prisma.$disconnect();
      log(
        `Seeded ${counts.partners} partners, ${counts.users} users, ${counts.customers} customers in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
      );
    } else {
      if (!db.embedded && !isLocalDatabaseUrl(db.url)) {
        throw new Error('db:reset refuses a database that is not on this machine (localhost / 127.0.0.1).');
      }
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      await client.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
      await client.end();
      const result = await prepareDatabase(db.url, { seedDemo: config.seedDemo, log });
      log(`Reset done${result.seeded ? ', demo data seeded' : ''}.`);
    }
  } finally {
    await db.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
