import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readMigrations } from '@/lib/runtime/migrate';

const ROOT = path.resolve(import.meta.dirname, '../..');
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

describe('readMigrations (temporary folder)', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'portal-migrations-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function migration(name: string, sql: string | null) {
    mkdirSync(path.join(dir, name), { recursive: true });
    if (sql !== null) writeFileSync(path.join(dir, name, 'migration.sql'), sql);
  }

  it('returns the migrations sorted by folder name, with their SQL and its sha256 checksum', () => {
    migration('20260301000000_third', 'ALTER TABLE "A" ADD COLUMN "c" TEXT;\n');
    migration('20260101000000_first', 'CREATE TABLE "A" ("id" TEXT PRIMARY KEY);\n');
    migration('20260201000000_second', '-- 註解\nCREATE INDEX "A_id" ON "A"("id");\r\n');

    const result = readMigrations(dir);
    expect(result.map((m) => m.name)).toEqual(['20260101000000_first', '20260201000000_second', '20260301000000_third']);
    expect(result[0]).toEqual({
      name: '20260101000000_first',
      sql: 'CREATE TABLE "A" ("id" TEXT PRIMARY KEY);\n',
      checksum: sha256('CREATE TABLE "A" ("id" TEXT PRIMARY KEY);\n'),
    });
    for (const m of result) {
      expect(m.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(m.checksum).toBe(sha256(readFileSync(path.join(dir, m.name, 'migration.sql'))));
    }
  });

  it('ignores folders without a migration.sql and plain files', () => {
    migration('20260101000000_first', 'SELECT 1;');
    migration('20260102000000_empty_folder', null);
    mkdirSync(path.join(dir, '20260103000000_nested', 'sub'), { recursive: true });
    writeFileSync(path.join(dir, '20260103000000_nested', 'sub', 'migration.sql'), 'SELECT 3;');
    writeFileSync(path.join(dir, 'migration_lock.toml'), 'provider = "postgresql"\n');
    writeFileSync(path.join(dir, 'migration.sql'), 'SELECT 0;');

    expect(readMigrations(dir).map((m) => m.name)).toEqual(['20260101000000_first']);
  });

  it('gives an empty list for an empty folder', () => {
    expect(readMigrations(dir)).toEqual([]);
  });

  it('gives different checksums for SQL differing by one character', () => {
    migration('a', 'SELECT 1;');
    migration('b', 'SELECT 2;');
    const [a, b] = readMigrations(dir);
    expect(a?.checksum).not.toBe(b?.checksum);
  });

  it('refuses a missing folder, naming it', () => {
    const missing = path.join(dir, 'nope');
    expect(() => readMigrations(missing)).toThrow(`No migrations folder at ${missing}.`);
  });
});

describe('the committed migrations', () => {
  const migrationsDir = path.join(ROOT, 'prisma', 'migrations');

  it('exist, have unique timestamped names, and checksums of their file bytes', () => {
    const migrations = readMigrations(migrationsDir);
    expect(migrations.length).toBeGreaterThan(0);
    for (const m of migrations) {
      expect(m.name).toMatch(/^\d{14}_[a-z0-9_]+$/);
      expect(m.sql.trim().length).toBeGreaterThan(0);
      expect(m.checksum).toBe(sha256(readFileSync(path.join(migrationsDir, m.name, 'migration.sql'))));
    }
    expect(new Set(migrations.map((m) => m.name.slice(0, 14))).size).toBe(migrations.length);
  });

  it('end with a schema.prisma snapshot identical to prisma/schema.prisma', () => {
    const newest = readMigrations(migrationsDir).at(-1);
    expect(newest, 'no migration found').toBeDefined();
    const snapshot = readFileSync(path.join(migrationsDir, newest?.name ?? '', 'schema.prisma'));
    const current = readFileSync(path.join(ROOT, 'prisma', 'schema.prisma'));
    expect(snapshot.equals(current), 'prisma/schema.prisma changed without a migration: run npm run db:migration:create -- <name>').toBe(
      true,
    );
  });
});
