import 'server-only';
import type { Prisma } from '../generated/prisma/client';
import { readConfig } from '../runtime/config';
import {
  createPrismaClient,
  poolStats as poolStatsOf,
  queryRows as queryRowsOn,
  type PoolStats,
  type QueryOptions,
  type PrismaClient,
} from '../runtime/prisma';
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
const globalForDb = globalThis as unknown as { portalPrisma?: PrismaClient; portalPrismaTimed?: PrismaClient };

function baseClient(): PrismaClient {
  if (!globalForDb.portalPrisma) {
    const url = process.env.DATABASE_URL;
    if (!url) {
      throw new Error('DATABASE_URL is not set: start the portal with `npm start` (or `npm run dev`), which starts the database.');
    }
    // The launcher validated DATABASE_POOL_SIZE at start (readConfig); a process started some
    // other way gets the same check here rather than a pool of NaN connections.
    globalForDb.portalPrisma = createPrismaClient(url, { max: readConfig().databasePoolSize });
  }
  return globalForDb.portalPrisma;
}

export function getDb(): PrismaClient {
  const prisma = baseClient();
  // Profiling can be switched on and off while the process runs (the benchmark does, so that its
  // load figures are taken without the timing extension); the timed client shares the pool.
  if (!isProfiling()) return prisma;
  return (globalForDb.portalPrismaTimed ??= withQueryTiming(prisma));
}

/** The web process's pool right now (the benchmark and the tests read it). */
export function databasePoolStats(): PoolStats {
  return poolStatsOf(baseClient());
}

/** The rows of one hot-path statement, read through the pool (see queryRows in lib/runtime/prisma.ts). */
export async function queryRows<T>(query: Prisma.Sql, options?: QueryOptions): Promise<T[]> {
  const started = isProfiling() ? performance.now() : 0;
  try {
    return await queryRowsOn<T>(baseClient(), query, options);
  } finally {
    if (started) recordQuery(performance.now() - started);
  }
}
