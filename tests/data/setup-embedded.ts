// Data tests on the embedded PostgreSQL: a server of their own under data/test-embedded and a
// database created fresh for every run (TEST_EMBEDDED_DIR / TEST_DB_NAME let several test runs
// of one checkout work side by side).
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedDatabase } from '../../lib/runtime/embedded-postgres';
import { resetAndSeed } from './global-db';

export default async function setup(project: TestProject) {
  const dir = path.resolve(process.env.TEST_EMBEDDED_DIR ?? 'data/test-embedded');
  const name = process.env.TEST_DB_NAME ?? 'portal_test';
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error('TEST_DB_NAME must be a plain lower-case identifier.');
  const db = await startEmbeddedDatabase(dir);
  const admin = new pg.Client({ connectionString: db.url.replace(/\/portal$/, '/postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = db.url.replace(/\/portal$/, `/${name}`);
  await resetAndSeed(url);
  project.provide('databaseUrl', url);
  project.provide('databaseKind', 'embedded');
  return async () => {
    await db.stop();
  };
}
