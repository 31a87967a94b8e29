// Counting requests for the REST API's per-token rate limit in the web process, and writing the
// counts to the shared table in batches (docs/decisions/0026-idempotency-keys-and-rate-limits.md).
// Pure: the shared store is a function passed in (lib/server/data/api-access.ts gives the
// database's atomic upsert), time comes in as the window's start.
//
// Each process keeps, per subject and window, the shared count as of its last write (`known`) and
// its own requests not yet written. A request is decided in memory — count = known + unwritten,
// this one included — while this process has fewer than `batch` unwritten requests of the
// subject; the request that would make `batch` waits for a write of all of them (one atomic
// `count = count + n`, which answers the shared total) and is decided on that total, as are the
// requests that arrive while it runs (each on its own position in the write). A timer writes the
// rest about once a second, so that other processes see them.
//
// The bound (proved in 0026): in one window, at most `limit + N × (batch − 1)` requests are
// allowed across N processes, and exactly `min(requests, limit)` with one process or a batch of 1.
// The batch is 1% of the limit (so the default 600 a minute writes every 6th request and a
// process overshoots by at most 5), and 1 below a limit of 200: the exact count of one write per
// request. A process that stops loses its unwritten counts (fewer than `batch` per subject).

/** Adds `increment` requests to the shared count of `subject` in the window starting at `windowStart`; resolves with the new total. */
export type RateStore = (subject: string, windowStart: Date, increment: number) => Promise<number>;

/** How many of its requests a process may count in memory before writing them: 1% of the limit, at least 1. */
export function rateBatchSize(limit: number): number {
  return Math.max(1, Math.floor(limit / 100));
}

type Waiter = { position: number; resolve: (count: number) => void; reject: (error: unknown) => void };

type Entry = {
  subject: string;
  windowStart: number;
  /** The shared count as of this process's last write. */
  known: number;
  /** Counted here, not yet written nor being written. */
  pending: number;
  /** Being written now. */
  sending: number;
  /** Requests among `pending` waiting for the next write to be decided (position: 1-based, in `pending`). */
  waiters: Waiter[];
  writing: boolean;
};

export class RateCounter {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly store: RateStore) {}

  /** Counts one request; resolves with its count in the window (this request included) to decide on. */
  count(subject: string, windowStart: Date, limit: number): Promise<number> {
    const key = `${windowStart.getTime()} ${subject}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { subject, windowStart: windowStart.getTime(), known: 0, pending: 0, sending: 0, waiters: [], writing: false };
      this.entries.set(key, entry);
    }
    entry.pending += 1;
    const unwritten = entry.pending + entry.sending;
    if (unwritten < rateBatchSize(limit)) return Promise.resolve(entry.known + unwritten);
    const target = entry;
    return new Promise<number>((resolve, reject) => {
      target.waiters.push({ position: target.pending, resolve, reject });
      void this.write(target);
    });
  }

  /** Writes every count not yet written (the timer's job); forgets windows that are over and written. */
  async flush(now: Date, windowMs: number): Promise<void> {
    const writes: Promise<void>[] = [];
    for (const [key, entry] of this.entries) {
      if (entry.pending > 0) writes.push(this.write(entry, true));
      else if (!entry.writing && entry.windowStart + windowMs <= now.getTime()) this.entries.delete(key);
    }
    await Promise.all(writes);
  }

  /** Requests counted here and not yet written (for tests and the bound). */
  unwritten(): number {
    let total = 0;
    for (const entry of this.entries.values()) total += entry.pending + entry.sending;
    return total;
  }

  private async write(entry: Entry, always = false): Promise<void> {
    if (entry.writing) return;
    entry.writing = true;
    try {
      // One write after another per subject and window; each takes every request counted meanwhile.
      while (entry.pending > 0 && (always || entry.waiters.length > 0)) {
        always = false;
        const increment = entry.pending;
        const waiters = entry.waiters;
        entry.pending = 0;
        entry.waiters = [];
        entry.sending = increment;
        try {
          const total = await this.store(entry.subject, new Date(entry.windowStart), increment);
          entry.known = Math.max(entry.known, total);
          // The shared total counts this write's requests last; each waiter's count is its own position.
          for (const waiter of waiters) waiter.resolve(total - (increment - waiter.position));
        } catch (error) {
          // The counts of a failed write are dropped (the store is down: the waiting requests fail).
          for (const waiter of waiters) waiter.reject(error);
        } finally {
          entry.sending = 0;
        }
      }
    } finally {
      entry.writing = false;
    }
  }
}
