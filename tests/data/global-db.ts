// Shared by the data-test global setups: a fresh database with the migrations and the demo seed.
import pg from 'pg';
import { prepareDatabase } from '../../lib/runtime/database';

export function assertLocalUrl(url: string): void {
  const host = new URL(url).hostname;
  if (!['localhost', '127.0.0.1', '::1', '[::1]'].includes(host)) {
    throw new Error(`Refusing to reset a database that is not on this machine: ${host}. Tests only run against local databases.`);
  }
}

/** Drops and re-creates the public schema, then migrates and seeds. */
export async function resetAndSeed(url: string): Promise<void> {
  assertLocalUrl(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
  await client.end();
  await prepareDatabase(url, { seedDemo: true });
}
