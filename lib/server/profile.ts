import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';

// Where a request spends its time, for the benchmark (`npm run bench`): off unless
// PORTAL_PROFILE=1; then each phase's total time and count add up in a process-wide table that
// the benchmark (which serves the portal in its own process) reads and resets. Database time
// is measured per query (lib/server/db.ts); time inside the guard counts as the guard's.
export type ProfileTotals = Record<string, { count: number; ms: number }>;
const store = globalThis as unknown as { __portalProfile?: ProfileTotals };
const phase = new AsyncLocalStorage<string>();

export const isProfiling = () => process.env.PORTAL_PROFILE === '1';

export function record(name: string, ms: number): void {
  const totals = (store.__portalProfile ??= {});
  const entry = (totals[name] ??= { count: 0, ms: 0 });
  entry.count += 1;
  entry.ms += ms;
}

export async function profiled<T>(name: 'guard', work: () => Promise<T>): Promise<T> {
  if (!isProfiling()) return work();
  const started = performance.now();
  try {
    return await phase.run(name, work);
  } finally {
    record(name, performance.now() - started);
  }
}

/** A database query's time, counted under "queries" unless it runs inside another phase. */
export function recordQuery(ms: number): void {
  if (phase.getStore() === undefined) record('queries', ms);
}
