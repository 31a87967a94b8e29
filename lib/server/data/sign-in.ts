import 'server-only';
import { Prisma } from '../../generated/prisma/client';
import { getDb } from '../db';
import type { PrismaClient } from '../../runtime/prisma';
import { writeAudit, type AuditEntry } from './audit';
import { runWrite, type Tx } from './transaction';
import { SIGN_IN_LIMITS, reachedLimit, windowStart, type FailureCounts, type ThrottleScope } from '../../domain/throttle';
import { UNKNOWN_USER_HASH, verifyPassword } from '../../runtime/password';
import { localeFromDb, type Locale } from '../../i18n/locales';
import type { Role } from '../../domain/permissions';
import { needsSecondStep } from '../../domain/two-step';
import { openSignInChallenge } from './sign-in-challenges';
import { passwordSignInAllowed } from './sign-in-rules';

/** The user a sign-in proved, as the session is opened for them. */
export type SignedInUser = { id: string; email: string; name: string; role: Role; sessionVersion: number; locale: Locale };

export type SignInResult =
  | { ok: true; user: SignedInUser }
  // The password was right and the user has two-step sign-in: no session yet, a challenge for the code.
  | { ok: false; code: 'SECOND_STEP'; challenge: string }
  | { ok: false; code: 'INVALID_CREDENTIALS' | 'THROTTLED' | 'PASSWORD_SIGN_IN_DISABLED' };

/**
 * What an attempt is: a password checked for signing in or for a password change, or a second-step
 * code (at sign-in, or to renew recovery codes or turn two-step sign-in off) — one budget per
 * account — or a "forgot your password?" request (a budget of its own: asking for links neither
 * locks the account's sign-in nor is stopped by someone guessing its password).
 */
export type AttemptKind = 'SIGN_IN' | 'PASSWORD_CHANGE' | 'TWO_STEP' | 'PASSWORD_RESET';

export type AttemptReservation = { ok: true; attemptId: bigint } | { ok: false; limit: ThrottleScope };

/**
 * One statement counting the failures of each limit within its window. Each count stops at its
 * limit: a flood of attempts costs no more to count than the limit.
 */
function countFailures(email: string, address: string, kind: AttemptKind, now: Date): Prisma.Sql {
  const budget = kind === 'PASSWORD_RESET' ? Prisma.sql`kind = 'PASSWORD_RESET'` : Prisma.sql`kind <> 'PASSWORD_RESET'`;
  const scopes: Record<ThrottleScope, Prisma.Sql> = {
    emailAndAddress: Prisma.sql`email = ${email} AND address = ${address}`,
    address: Prisma.sql`address = ${address}`,
    email: Prisma.sql`email = ${email}`,
  };
  const counts = SIGN_IN_LIMITS.map(
    ({ scope, max }) => Prisma.sql`(SELECT count(*) FROM (
      SELECT 1 FROM "SignInAttempt" WHERE ${scopes[scope]} AND ${budget} AND NOT success AND "createdAt" >= ${windowStart(scope, now)} LIMIT ${max}
    ) AS failures)::int AS ${Prisma.raw(`"${scope}"`)}`,
  );
  return Prisma.sql`SELECT ${Prisma.join(counts)}`;
}

/**
 * Decides whether a password may be checked now and records the attempt, before the check, as a
 * failure (markAttemptSucceeded turns it into a success once the password proves right).
 *
 * Counting and recording are one step: the transaction takes advisory locks on the email and then
 * on the address (always in that order, so two attempts never wait for each other in a circle),
 * counts, and inserts before it lets go. Any other attempt for the same email or address waits
 * for the lock and then counts this one: of several attempts racing for the last failure allowed,
 * exactly one gets it. A single conditional INSERT would not do: under READ COMMITTED two of them
 * see the same count. The password itself is checked after the locks are released.
 *
 * A refused attempt is recorded too (it counts as a failure) and audited in the same transaction.
 */
export async function reserveAttempt(
  attempt: { email: string; address: string; kind: AttemptKind; now: Date },
  throttledEvent: (limit: ThrottleScope) => AuditEntry,
): Promise<AttemptReservation> {
  const { email, address, kind, now } = attempt;
  // A refused attempt is still a kept record: the work always "succeeds", the reservation says how.
  const done = await runWrite(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('sign-in:email'), hashtext(${email}))`;
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('sign-in:address'), hashtext(${address}))`;
    const [counts] = await tx.$queryRaw<FailureCounts[]>(countFailures(email, address, kind, now));
    const limit = reachedLimit(counts ?? { emailAndAddress: 0, address: 0, email: 0 });
    const row = await tx.signInAttempt.create({ data: { email, address, kind, success: false, createdAt: now }, select: { id: true } });
    if (limit) {
      await writeAudit(tx, [throttledEvent(limit.scope)]);
      return { ok: true as const, reservation: { ok: false, limit: limit.scope } satisfies AttemptReservation };
    }
    return { ok: true as const, reservation: { ok: true, attemptId: row.id } satisfies AttemptReservation };
  });
  return done.reservation;
}

/** The password proved right: the attempt reserved as a failure is a success (in the caller's transaction). */
export async function markAttemptSucceeded(tx: Tx, attemptId: bigint): Promise<void> {
  await tx.signInAttempt.update({ where: { id: attemptId }, data: { success: true } });
}

/**
 * The audit events of an attempt by someone who has proved nothing yet (a failed or refused
 * sign-in, a password-reset request): recorded under the email it tried, for the user who has it.
 */
export function attemptEvent(email: string, user: { id: string; partnerId: string | null } | null, address: string) {
  return (action: string, after: Record<string, string>): AuditEntry => ({
    actor: { userId: null, label: email },
    partnerId: user?.partnerId ?? null,
    action,
    targetType: 'User',
    targetId: user?.id ?? null,
    after: { email, ...after },
    address,
  });
}

/** Checks an email and password; every attempt is recorded and audited, failures are throttled. */
export async function verifySignIn(emailInput: string, password: string, address: string, now = new Date()): Promise<SignInResult> {
  const db = getDb();
  const email = emailInput.trim().toLowerCase().slice(0, 320);
  const user = await db.user.findUnique({
    where: { email },
    select: {
      id: true,
      email: true,
      displayName: true,
      role: true,
      active: true,
      passwordHash: true,
      sessionVersion: true,
      language: true,
      partnerId: true,
      twoStepExempt: true,
      twoStep: { select: { enabledAt: true } },
    },
  });
  const attempted = attemptEvent(email, user, address);
  const reservation = await reserveAttempt({ email, address, kind: 'SIGN_IN', now }, (limit) =>
    attempted('user.sign_in_throttled', { limit }),
  );
  if (!reservation.ok) return { ok: false, code: 'THROTTLED' };
  // Same work whether the email exists or not: the answer never tells which.
  const passwordOk = await verifyPassword(password, user?.passwordHash ?? UNKNOWN_USER_HASH);
  if (!user || !user.active || !user.passwordHash || !passwordOk) {
    await writeAudit(db, [attempted('user.sign_in_failed', {})]);
    return { ok: false, code: 'INVALID_CREDENTIALS' };
  }
  const event = eventsOf(user, address);
  // The password is right: the attempt is a success whatever follows (it must not count toward the limits).
  if (!(await passwordSignInAllowed(user.id))) {
    await runWrite(async (tx) => {
      await markAttemptSucceeded(tx, reservation.attemptId);
      await writeAudit(tx, [event('user.sign_in_refused', { reason: 'PASSWORD_SIGN_IN_DISABLED' })]);
      return { ok: true as const };
    });
    return { ok: false, code: 'PASSWORD_SIGN_IN_DISABLED' };
  }
  if (needsSecondStep({ exempt: user.twoStepExempt, enabled: Boolean(user.twoStep?.enabledAt) })) {
    const { challenge } = await runWrite(async (tx) => {
      await markAttemptSucceeded(tx, reservation.attemptId);
      await writeAudit(tx, [event('user.two_step_challenged')]);
      return { ok: true as const, challenge: await openSignInChallenge(tx, user.id, address, now) };
    });
    return { ok: false, code: 'SECOND_STEP', challenge };
  }
  await runWrite(async (tx) => {
    await markAttemptSucceeded(tx, reservation.attemptId);
    await recordSignIn(tx, user.id, now, [event('user.signed_in', { method: 'PASSWORD' })]);
    return { ok: true as const };
  });
  return { ok: true, user: signedInUser(user) };
}

/** Events of a user who proved who they are (the password was right, or an identity provider vouched): the actor is the user. */
export function eventsOf(user: { id: string; email: string; partnerId: string | null }, address: string) {
  return (action: string, after?: Record<string, unknown>): AuditEntry => ({
    actor: { userId: user.id, label: user.email },
    partnerId: user.partnerId,
    action,
    targetType: 'User',
    targetId: user.id,
    after,
    address,
  });
}

/** The user's last sign-in and its events (in the caller's transaction). */
export async function recordSignIn(tx: Tx, userId: string, now: Date, events: readonly AuditEntry[]): Promise<void> {
  await tx.user.update({ where: { id: userId }, data: { lastSignInAt: now } });
  await writeAudit(tx, events);
}

export function signedInUser(user: {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  sessionVersion: number;
  language: Parameters<typeof localeFromDb>[0];
}): SignedInUser {
  return {
    id: user.id,
    email: user.email,
    name: user.displayName,
    role: user.role,
    sessionVersion: user.sessionVersion,
    locale: localeFromDb(user.language),
  };
}

/**
 * Deletes the attempts recorded before `before`, `batchSize` rows per statement (each its own
 * short transaction), at most `maxBatches` statements per call. `done` is false when old rows are
 * left for the next call. Several workers may prune at once: each skips the rows another holds.
 */
export async function pruneSignInAttempts(
  db: PrismaClient,
  before: Date,
  { batchSize, maxBatches }: { batchSize: number; maxBatches: number },
): Promise<{ deleted: number; done: boolean }> {
  let deleted = 0;
  for (let batch = 0; batch < maxBatches; batch += 1) {
    const count = await db.$executeRaw`
      DELETE FROM "SignInAttempt" WHERE id IN (
        SELECT id FROM "SignInAttempt" WHERE "createdAt" < ${before} LIMIT ${batchSize} FOR UPDATE SKIP LOCKED)`;
    deleted += count;
    if (count < batchSize) return { deleted, done: true };
  }
  return { deleted, done: false };
}
