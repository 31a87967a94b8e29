import 'server-only';

// What PostgreSQL refused, read from the error however it arrived: through Prisma (P2002 for a
// model write, P2010 for raw SQL, with the driver adapter's cause) or straight from pg (queryRows).
// Failures are told apart by the constraint's name, never by "some unique index": a write that
// can break two different unique rules must answer each with its own message.

type Refusal = { kind: 'unique' | 'foreignKey' | 'check'; constraint: string | null };

const KINDS: Record<string, Refusal['kind']> = { '23505': 'unique', '23503': 'foreignKey', '23514': 'check' };

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
}

/** The constraint violation behind `error`, or null when it is something else. */
export function constraintViolationOf(error: unknown): Refusal | null {
  const top = record(error);
  if (!top) return null;
  // pg's own error: SQLSTATE in `code`, the constraint's name in `constraint`.
  if (typeof top.code === 'string' && KINDS[top.code]) {
    return { kind: KINDS[top.code]!, constraint: typeof top.constraint === 'string' ? top.constraint : nameIn(top.message) };
  }
  // Prisma with the pg driver adapter: meta.driverAdapterError.cause carries the SQLSTATE and message.
  const cause = record(record(record(top.meta)?.driverAdapterError)?.cause);
  const code = cause?.originalCode;
  if (typeof code === 'string' && KINDS[code]) {
    const constraint = record(cause?.constraint);
    return { kind: KINDS[code]!, constraint: typeof constraint?.index === 'string' ? constraint.index : nameIn(cause?.originalMessage) };
  }
  if (top.code === 'P2002') return { kind: 'unique', constraint: null };
  return null;
}

/** PostgreSQL names the constraint in its message: `… violates unique constraint "Name"`. */
function nameIn(message: unknown): string | null {
  if (typeof message !== 'string') return null;
  return /violates (?:unique|foreign key|check) constraint "([^"]+)"/.exec(message)?.[1] ?? null;
}

/** The name of the unique constraint (or unique index) `error` violated; null when it is not a unique violation. */
export function uniqueViolationOf(error: unknown): string | null {
  const refusal = constraintViolationOf(error);
  return refusal?.kind === 'unique' ? (refusal.constraint ?? '') : null;
}
