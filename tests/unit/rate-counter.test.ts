import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RateCounter, rateBatchSize } from '@/lib/domain/rate-counter';

// The rate limit's bound (docs/decisions/0026-idempotency-keys-and-rate-limits.md): N processes,
// each with its own RateCounter, on one shared store whose writes take a while and interleave.
// In one window at most limit + N × (batch − 1) requests are allowed; exactly min(requests, limit)
// with one process or a batch of 1; and every request counted ends up in the store.

const WINDOW = new Date('2026-12-07T10:00:00.000Z');

/** A shared store (the database) whose writes resolve when `settle` lets them, in any order. */
function sharedStore() {
  const counts = new Map<string, number>();
  const queued: (() => void)[] = [];
  let writes = 0;
  const store = (subject: string, windowStart: Date, increment: number) =>
    new Promise<number>((resolve) => {
      queued.push(() => {
        // The atomic upsert: applied when the write reaches the database.
        const key = `${windowStart.getTime()} ${subject}`;
        const total = (counts.get(key) ?? 0) + increment;
        counts.set(key, total);
        writes += 1;
        resolve(total);
      });
    });
  return {
    store,
    total: (subject: string) => counts.get(`${WINDOW.getTime()} ${subject}`) ?? 0,
    writes: () => writes,
    pending: () => queued.length,
    /** Runs the queued write at `index` (modulo the queue). */
    settle: (index: number) => queued.splice(index % queued.length, 1)[0]?.(),
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** N processes send `requests` requests (process chosen by `route`), writes settling in the order `settleOrder` picks. */
async function run(options: { processes: number; limit: number; route: number[]; settleOrder: number[]; flushEvery?: number }) {
  const shared = sharedStore();
  const counters = Array.from({ length: options.processes }, () => new RateCounter(shared.store));
  const decisions: Promise<boolean>[] = [];
  let settled = 0;
  for (const [i, process] of options.route.entries()) {
    const counter = counters[process % options.processes]!;
    decisions.push(counter.count('token:t', WINDOW, options.limit).then((count) => count <= options.limit));
    if (options.flushEvery && i % options.flushEvery === options.flushEvery - 1)
      void counters[i % options.processes]!.flush(WINDOW, 60_000);
    // Now and then a write reaches the database between two requests.
    if (shared.pending() > 0 && (options.settleOrder[i % options.settleOrder.length] ?? 0) % 3 === 0) {
      shared.settle(options.settleOrder[settled++ % options.settleOrder.length] ?? 0);
    }
    await tick();
  }
  // Then everything settles, and each process writes what it still holds (its timer).
  for (let round = 0; round < 1000 && (shared.pending() > 0 || counters.some((c) => c.unwritten() > 0)); round += 1) {
    while (shared.pending() > 0) {
      shared.settle(options.settleOrder[settled++ % options.settleOrder.length] ?? 0);
      await tick();
    }
    for (const counter of counters) void counter.flush(WINDOW, 60_000);
    await tick();
  }
  const allowed = (await Promise.all(decisions)).filter(Boolean).length;
  return { allowed, stored: shared.total('token:t'), writes: shared.writes() };
}

describe('rateBatchSize', () => {
  it('is 1% of the limit, at least 1', () => {
    expect([1, 3, 199, 200, 600, 1_000, 1_000_000].map(rateBatchSize)).toEqual([1, 1, 1, 2, 6, 10, 10_000]);
  });
});

describe('RateCounter', () => {
  it('one process: allows exactly the limit, then refuses; writes about once per batch', async () => {
    const result = await run({ processes: 1, limit: 600, route: Array(700).fill(0), settleOrder: [0] });
    expect(result.allowed).toBe(600);
    expect(result.stored).toBe(700);
    expect(result.writes).toBeLessThanOrEqual(700 / rateBatchSize(600) + 2);
  });

  it('a batch of 1 (a limit under 200) is exact across processes: every request waits for a write (concurrent ones share it)', async () => {
    const result = await run({ processes: 3, limit: 50, route: Array.from({ length: 90 }, (_, i) => i % 3), settleOrder: [2, 0, 1, 5] });
    expect(result.allowed).toBe(50);
    expect(result.stored).toBe(90);
    expect(result.writes).toBeGreaterThan(0);
    expect(result.writes).toBeLessThanOrEqual(90);
  });

  it('N processes never allow more than limit + N × (batch − 1) in a window, whatever the interleaving', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 900 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 1200 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 50 }),
        fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
        async (processes, limit, route, settleOrder, flushEvery) => {
          const result = await run({ processes, limit, route, settleOrder, flushEvery });
          const bound = limit + processes * (rateBatchSize(limit) - 1);
          expect(result.allowed).toBeLessThanOrEqual(bound);
          // Nothing is refused before the limit is reached, and every request is counted in the end.
          expect(result.allowed).toBeGreaterThanOrEqual(Math.min(route.length, limit));
          expect(result.stored).toBe(route.length);
          if (processes === 1) expect(result.allowed).toBe(Math.min(route.length, limit));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('reaches the bound when every process counts its batch before any write lands', async () => {
    // 3 processes, limit 600 (batch 6): the shared count is already at the limit, and each process
    // still believes it is at 0 until its first write returns.
    const shared = sharedStore();
    const counters = [0, 1, 2].map(() => new RateCounter(shared.store));
    const first = counters[0]!.count('token:t', WINDOW, 600);
    for (let i = 1; i < 600; i += 1) {
      void counters[0]!.count('token:t', WINDOW, 600);
      while (shared.pending() > 0) shared.settle(0);
      await tick();
    }
    expect(await first).toBe(1);
    await counters[0]!.flush(WINDOW, 60_000).then(undefined, () => undefined);
    while (shared.pending() > 0) {
      shared.settle(0);
      await tick();
    }
    expect(shared.total('token:t')).toBe(600);
    // The other two processes: 5 in memory each are allowed, the 6th waits for a write and is refused.
    const counts = await Promise.all([1, 2].flatMap((p) => Array.from({ length: 5 }, () => counters[p]!.count('token:t', WINDOW, 600))));
    expect(counts.every((count) => count <= 600)).toBe(true);
    const sixth = counters[1]!.count('token:t', WINDOW, 600);
    shared.settle(0);
    expect(await sixth).toBeGreaterThan(600);
  });

  it('fails the waiting requests when the store fails, and goes on afterwards', async () => {
    let fail = true;
    let total = 0;
    const counter = new RateCounter(async (_subject, _start, increment) => {
      if (fail) throw new Error('database down');
      total += increment;
      return total;
    });
    await expect(counter.count('token:t', WINDOW, 10)).rejects.toThrow('database down');
    fail = false;
    expect(await counter.count('token:t', WINDOW, 10)).toBe(1);
  });

  it('forgets a window once it is over and written', async () => {
    const shared = sharedStore();
    const counter = new RateCounter(shared.store);
    void counter.count('token:t', WINDOW, 1000);
    expect(counter.unwritten()).toBe(1);
    const flushed = counter.flush(new Date(WINDOW.getTime() + 61_000), 60_000);
    shared.settle(0);
    await flushed;
    expect(counter.unwritten()).toBe(0);
    await counter.flush(new Date(WINDOW.getTime() + 61_000), 60_000);
    expect(shared.total('token:t')).toBe(1);
  });
});
