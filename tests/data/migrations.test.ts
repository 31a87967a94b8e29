import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { applyMigrations, MigrationError, readMigrations } from '../../lib/runtime/migrate';

describe('migrations', () => {
  it("are recorded in Prisma's _prisma_migrations table and applying them again changes nothing", async () => {
    const url = process.env.DATABASE_URL!;
    const migrations = readMigrations();
    expect(await applyMigrations(url, migrations)).toEqual([]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const rows = await client.query<{ migration_name: string; checksum: string }>(
      'SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name',
    );
    await client.end();
    expect(rows.rows).toEqual(migrations.map((m) => ({ migration_name: m.name, checksum: m.checksum })));
  });

  it('refuses a committed migration that was edited after it was applied', async () => {
    const [first, ...rest] = readMigrations();
    const edited = { ...first!, sql: `${first!.sql}\n-- edited`, checksum: 'f'.repeat(64) };
    await expect(applyMigrations(process.env.DATABASE_URL!, [edited, ...rest])).rejects.toBeInstanceOf(MigrationError);
  });
});
