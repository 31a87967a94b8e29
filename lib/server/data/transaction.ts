import 'server-only';
import type { Prisma } from '../../generated/prisma/client';
import type { PrismaClient } from '../../runtime/prisma';
import { getDb } from '../db';
import { uniqueViolationOf } from './db-errors';

// One way to run a write: in one transaction that either does everything or nothing. The work
// returns `{ ok: true, … }` or a coded failure `{ ok: false, code, … }`; a failure rolls back
// whatever the work did before it noticed. A unique constraint that PostgreSQL enforces (two
// people saving the same thing at once) answers with the failure named for that constraint.
//
// Transactions are bounded: a write waits at most `maxWait` for a connection of the pool and runs
// at most `timeout` (Prisma rolls it back after that), so that no write holds a connection while
// the pages of everyone else wait. Writes whose size grows with the data (an import, a notice to
// thousands) pass limits of their own, measured (docs/decisions/0015-data-access.md).

export type Tx = Prisma.TransactionClient;
export type Failure = { ok: false; code: string };

/** Thrown inside a transaction to roll it back and answer with the failure. */
export class Refusal<F extends Failure = Failure> extends Error {
  constructor(readonly failure: F) {
    super(failure.code);
  }
}

export const TX_LIMITS = { maxWait: 5_000, timeout: 15_000 } as const;
export type TxLimits = { maxWait: number; timeout: number };

export async function runWrite<R extends { ok: true } | Failure>(
  work: (tx: Tx) => Promise<R>,
  options: {
    unique?: Readonly<Record<string, Extract<R, Failure>>>;
    limits?: TxLimits;
    /** The client to run on: the web process's by default; the worker and scripts pass their own. */
    db?: PrismaClient;
  } = {},
): Promise<R> {
  try {
    return await (options.db ?? getDb()).$transaction(async (tx) => {
      const result = await work(tx);
      if (!result.ok) throw new Refusal(result);
      return result;
    }, options.limits ?? TX_LIMITS);
  } catch (error) {
    if (error instanceof Refusal) return error.failure as R;
    const constraint = uniqueViolationOf(error);
    const failure = constraint === null ? undefined : options.unique?.[constraint];
    if (failure) return failure;
    throw error;
  }
}
