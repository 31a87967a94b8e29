// One way to build a Prisma client for a database URL (pg driver adapter, JavaScript engine).
// The server keeps a single instance (lib/server/db.ts); scripts and tests build their own.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';

export function createPrismaClient(url: string, options: { max?: number } = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString: url, max: options.max ?? 10 });
  return new PrismaClient({ adapter });
}

export type { PrismaClient };
