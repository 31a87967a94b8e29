import 'server-only';
import type pg from 'pg';
import type { Prisma } from '../generated/prisma/client';
import { readConfig } from '../runtime/config';
import { createDatabaseClients, type PrismaClient } from '../runtime/prisma';
import { isProfiling, recordQuery } from './profile';

/** For the benchmark's breakdown only (PORTAL_PROFILE=1): times every query. */
function withQueryTiming(client: PrismaClient): PrismaClient {
  return client.$extends({
    query: {
      async $allOperations({ args, query }) {
        const started = performance.now();
        try {
          return await query(args);
        } finally {
          recordQuery(performance.now() - started);
        }
      },
    },
  }) as unknown as PrismaClient;
}

// One Prisma client per server process, on one pg pool. DATABASE_URL is set by the launcher
// (scripts/start.ts) for the embedded database, or by the operator for an external one.
type Clients = { prisma: PrismaClient; pool: pg.Pool };
const globalForDb = globalThis as unknown as { portalDb?: Clients; portalPrismaTimed?: PrismaClient };

function clients(): Clients {
  if (!globalForDb.portalDb) {
    const url = process.env.DATABASE_URL;
    if (!url) {
      throw new Error('DATABASE_URL is not set: start the portal with `npm start` (or `npm run dev`), which starts the database.');
    }
    // The launcher validated DATABASE_POOL_SIZE at start (readConfig); a process started some
    // other way gets the same check here rather than a pool of NaN connections.
    globalForDb.portalDb = createDatabaseClients(url, { max: readConfig().databasePoolSize });
  }
  return globalForDb.portalDb;
}

export function getDb(): PrismaClient {
  const { prisma } = clients();
  // Profiling can be switched on and off while the process runs (the benchmark does, so that its
  // load figures are taken without the timing extension); the timed client shares the pool.
  if (!isProfiling()) return prisma;
  return (globalForDb.portalPrismaTimed ??= withQueryTiming(prisma));
}

/**
 * Rows of one parameterised statement (a Prisma.sql template: values are always parameters),
 * read straight from the pool under Prisma. For the reads every request makes (the guard's user
 * check, the customer list): Prisma's $queryRaw spends about 0.3 ms of CPU per statement, and
 * more per row, converting what pg has already parsed (docs/decisions/0012-request-cost.md).
 * pg's own parsing applies: uuid and text as strings, int4 as numbers, timestamptz as Dates;
 * cast enums to text and counts to int in the statement.
 */
export async function queryRows<T>(query: Prisma.Sql): Promise<T[]> {
  const started = isProfiling() ? performance.now() : 0;
  try {
    const result = await clients().pool.query({ text: query.text, values: query.values as unknown[] });
    return result.rows as T[];
  } finally {
    if (started) recordQuery(performance.now() - started);
  }
}
