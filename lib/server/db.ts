import 'server-only';
import { createPrismaClient, type PrismaClient } from '../runtime/prisma';

// One Prisma client per server process. DATABASE_URL is set by the launcher (scripts/start.ts)
// for the embedded database, or by the operator for an external one.
const globalForPrisma = globalThis as unknown as { portalPrisma?: PrismaClient };

export function getDb(): PrismaClient {
  if (!globalForPrisma.portalPrisma) {
    const url = process.env.DATABASE_URL;
    if (!url) {
      throw new Error('DATABASE_URL is not set: start the portal with `npm start` (or `npm run dev`), which starts the database.');
    }
    globalForPrisma.portalPrisma = createPrismaClient(url, { max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  }
  return globalForPrisma.portalPrisma;
}
