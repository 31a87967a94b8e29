// Data tests on the external PostgreSQL named by TEST_DATABASE_URL (a local server only).
import type { TestProject } from 'vitest/node';
import { resetAndSeed } from './global-db';

export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set.');
  await resetAndSeed(url);
  project.provide('databaseUrl', url);
  project.provide('databaseKind', 'external');
}
