// One way to build a Prisma client for a database URL (pg driver adapter, JavaScript engine).
// The server keeps a single instance (lib/server/db.ts); scripts and tests build their own.
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client';

export function createPrismaClient(url: string, options: { max?: number } = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString: url, max: options.max ?? 10 });
  return new PrismaClient({ adapter });
}

/**
 * A Prisma client and the pg pool under it, for a process that also reads through the pool
 * directly (lib/server/db.ts): one set of connections for both.
 */
export function createDatabaseClients(url: string, options: { max?: number } = {}): { prisma: PrismaClient; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  // An idle connection that the server ends (a restart, a failover) is dropped from the pool and
  // replaced on the next query; it is not a reason to stop the process.
  pool.on('error', () => undefined);
  return { prisma: new PrismaClient({ adapter: new PrismaPg(pool) }), pool };
}

export type { PrismaClient };
