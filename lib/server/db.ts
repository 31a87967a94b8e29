import 'server-only';
import { readConfig } from '../runtime/config';
import { createPrismaClient, type PrismaClient } from '../runtime/prisma';
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

// One Prisma client per server process. DATABASE_URL is set by the launcher (scripts/start.ts)
// for the embedded database, or by the operator for an external one.
const globalForPrisma = globalThis as unknown as { portalPrisma?: PrismaClient };

export function getDb(): PrismaClient {
  if (!globalForPrisma.portalPrisma) {
    const url = process.env.DATABASE_URL;
    if (!url) {
      throw new Error('DATABASE_URL is not set: start the portal with `npm start` (or `npm run dev`), which starts the database.');
    }
    // The launcher validated DATABASE_POOL_SIZE at start (readConfig); a process started some
    // other way gets the same check here rather than a pool of NaN connections.
    const client = createPrismaClient(url, { max: readConfig().databasePoolSize });
    globalForPrisma.portalPrisma = isProfiling() ? withQueryTiming(client) : client;
  }
  return globalForPrisma.portalPrisma;
}
