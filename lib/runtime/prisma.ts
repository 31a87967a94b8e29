// One way to build a Prisma client for a database URL (pg driver adapter, JavaScript engine), on
// a pg pool of its own that `queryRows` can also read through. The server keeps a single
// instance (lib/server/db.ts); the delivery worker, scripts and tests build their own.
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient, type Prisma } from '../generated/prisma/client';
import { TIMESTAMPTZ_OID, parseTimestamptz } from './pg-dates';

// On globalThis: a bundler may load this module more than once in one process (Next.js does, per
// layer), and the client made by one copy is read by another.
const registry = globalThis as unknown as { __portalPgPools?: WeakMap<PrismaClient, pg.Pool> };
const pools = (registry.__portalPgPools ??= new WeakMap<PrismaClient, pg.Pool>());

// Dates as Prisma reads them: a `date` is midnight UTC of that day (pg's default makes it local
// midnight, a day off east or west of UTC), a `timestamp` without zone is UTC; a `timestamptz`
// read by a faster parser of the same text (lib/runtime/pg-dates.ts).
const DATE_OID = 1082;
const TIMESTAMP_OID = 1114;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === DATE_OID) return (value: string) => new Date(`${value}T00:00:00.000Z`);
    if (oid === TIMESTAMP_OID) return (value: string) => new Date(`${value.replace(' ', 'T')}Z`);
    if (oid === TIMESTAMPTZ_OID && format !== 'binary') return parseTimestamptz;
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

export function createPrismaClient(url: string, options: { max?: number } = {}): PrismaClient {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  // An idle connection that the server ends (a restart, a failover) is dropped from the pool and
  // replaced on the next query; it is not a reason to stop the process.
  pool.on('error', () => undefined);
  // $disconnect() ends the pool, as it did when the adapter made the pool itself.
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(prisma, pool);
  return prisma;
}

/**
 * Rows of one parameterised statement (a Prisma.sql template: values are always parameters),
 * read straight from the pool under `db`, outside any transaction. For the statements on hot
 * paths (every page request; every message the delivery worker sends): Prisma's $queryRaw spends
 * about 0.3 ms of CPU per statement, and more per row, converting what pg has already parsed
 * (docs/decisions/0012-request-cost.md). pg's own parsing applies: uuid and text as strings, int4
 * as numbers, int8 as strings, timestamptz as Dates, `date` as midnight UTC (as Prisma reads
 * it), arrays as arrays; enums arrive as their database values (cast them to text), counts should
 * be cast to int.
 */
export async function queryRows<T>(db: PrismaClient, query: Prisma.Sql, options: QueryOptions = {}): Promise<T[]> {
  const pool = pools.get(db);
  if (!pool) throw new Error('queryRows needs the client itself, as createPrismaClient made it (not a transaction or an extension).');
  // $disconnect() ended the pool (Prisma would open a new one of its own if the client were used again).
  if (pool.ending) throw new Error('queryRows was called on a client after $disconnect().');
  const name = options.prepare ? statementName(query.text) : undefined;
  const result = await pool.query({ text: query.text, values: query.values as unknown[], types, ...(name ? { name } : {}) });
  return result.rows as T[];
}

export type QueryOptions = {
  /**
   * A prepared statement: each connection parses it once, and PostgreSQL plans it once it has
   * seen that a generic plan costs no more than planning each time (plan_cache_mode auto). For
   * the statements of the REST API's hot path, whose plan does not depend on the values (an index
   * lookup, an index walk by partner): planning was half of their cost in the database. Not for
   * statements whose best plan depends on a value (a search pattern).
   */
  prepare?: boolean;
};

// Prepared statements are named by their text (pg prepares a named statement on a connection the
// first time it runs there). A fixed number of texts per process: later ones run unnamed. The
// names are on globalThis like the pools: Next.js loads this module more than once in a process
// (and the API loads its own copy), and two copies giving one name to two texts on one
// connection is an error.
const statementRegistry = globalThis as unknown as { __portalStatementNames?: Map<string, string> };
const names = (statementRegistry.__portalStatementNames ??= new Map<string, string>());
const MAX_NAMED = 100;
function statementName(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < MAX_NAMED) {
    name = `portal_${names.size + 1}`;
    names.set(text, name);
  }
  return name;
}

export type PoolStats = { max: number; total: number; idle: number; waiting: number };

/** How the client's pool stands: its size, connections open and idle, requests waiting for one. */
export function poolStats(db: PrismaClient): PoolStats {
  const pool = pools.get(db);
  if (!pool) throw new Error('poolStats needs the client itself, as createPrismaClient made it.');
  return { max: pool.options.max ?? 10, total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
}

export type { PrismaClient };
