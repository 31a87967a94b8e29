// Integration tests (the delivery worker against a real SMTP server): a database of their own on
// the data tests' embedded PostgreSQL server (TEST_EMBEDDED_DIR), named TEST_DB_NAME + "_integration",
// created fresh for every run with the migrations only (each test makes its own partner).
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedDatabase } from '../../lib/runtime/embedded-postgres';
import { applyMigrations } from '../../lib/runtime/migrate';

export default async function setup(project: TestProject) {
  const dir = path.resolve(process.env.TEST_EMBEDDED_DIR ?? 'data/test-embedded');
  const name = `${process.env.TEST_DB_NAME ?? 'portal_test'}_integration`;
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error('TEST_DB_NAME must be a plain lower-case identifier.');
  const db = await startEmbeddedDatabase(dir);
  const admin = new pg.Client({ connectionString: db.url.replace(/\/portal$/, '/postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = db.url.replace(/\/portal$/, `/${name}`);
  await applyMigrations(url);
  project.provide('integrationDatabaseUrl', url);
  return async () => {
    await db.stop();
  };
}
