// npm run db:migration:create -- <name>
// Writes prisma/migrations/<timestamp>_<name>/migration.sql: the SQL from the schema of the
// latest migration (its schema.prisma snapshot) to prisma/schema.prisma, computed by
// `prisma migrate diff` against a throwaway embedded PostgreSQL (the JavaScript schema engine
// needs a connection even for a schema-to-schema diff).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedDatabase } from '../lib/runtime/embedded-postgres';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('Usage: npm run db:migration:create -- <name in snake_case>');
  process.exit(2);
}

const migrationsDir = path.resolve('prisma/migrations');
const previous = readdirSync(migrationsDir)
  .filter((d) => existsSync(path.join(migrationsDir, d, 'schema.prisma')))
  .sort()
  .at(-1);
const scratch = mkdtempSync(path.join(os.tmpdir(), 'portal-diff-'));
chmodSync(scratch, 0o755);
const db = await startEmbeddedDatabase(path.join(scratch, 'data'));
try {
  const from = previous ? ['--from-schema-datamodel', path.join(migrationsDir, previous, 'schema.prisma')] : ['--from-empty'];
  const result = spawnSync('npx', ['prisma', 'migrate', 'diff', ...from, '--to-schema-datamodel', 'prisma/schema.prisma', '--script'], {
    env: { ...process.env, DATABASE_URL: db.url },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(result.stderr);
  if (!result.stdout.trim() || /^-- This is an empty migration/m.test(result.stdout)) {
    console.log('prisma/schema.prisma matches the latest migration: nothing to write.');
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const dir = path.join(migrationsDir, `${stamp}_${name}`);
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'migration.sql'), result.stdout);
    copyFileSync('prisma/schema.prisma', path.join(dir, 'schema.prisma'));
    console.log(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql — read it before committing.`);
  }
} finally {
  await db.stop();
  rmSync(scratch, { recursive: true, force: true });
}
