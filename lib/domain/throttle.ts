// Sign-in throttling rule, pure: the counts come from the database (so that the limits hold
// across several server instances); this decides. A failure is any wrong password (at sign-in,
// or the current password of a password change) and any attempt refused by these limits.

/** What a limit counts failures by. */
export type ThrottleScope = 'emailAndAddress' | 'address' | 'email';

export type ThrottleLimit = { scope: ThrottleScope; max: number; windowMs: number };

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Failures allowed per email and address within a minute (one account guessed from one place). */
export const MAX_FAILURES_PER_EMAIL_AND_ADDRESS = 10;
/** Failures allowed per address within a minute, whatever the emails (password spraying). */
export const MAX_FAILURES_PER_ADDRESS = 50;
/** Failures allowed per email within 15 minutes, whatever the addresses (one account guessed from many places). */
export const MAX_FAILURES_PER_EMAIL = 20;

/** The limits, checked in this order: an attempt is refused by the first one reached. */
export const SIGN_IN_LIMITS: readonly ThrottleLimit[] = [
  { scope: 'emailAndAddress', max: MAX_FAILURES_PER_EMAIL_AND_ADDRESS, windowMs: MINUTE },
  { scope: 'address', max: MAX_FAILURES_PER_ADDRESS, windowMs: MINUTE },
  { scope: 'email', max: MAX_FAILURES_PER_EMAIL, windowMs: 15 * MINUTE },
];

/** Failures counted for each scope, each within its own limit's window. */
export type FailureCounts = Record<ThrottleScope, number>;

/** The limit that refuses the next attempt, or null when it may go ahead. */
export function reachedLimit(counts: FailureCounts): ThrottleLimit | null {
  return SIGN_IN_LIMITS.find((limit) => counts[limit.scope] >= limit.max) ?? null;
}

export function isSignInThrottled(counts: FailureCounts): boolean {
  return reachedLimit(counts) !== null;
}

/** The start of a scope's window at `now`: failures from then on count. */
export function windowStart(scope: ThrottleScope, now: Date): Date {
  const limit = SIGN_IN_LIMITS.find((candidate) => candidate.scope === scope);
  return new Date(now.getTime() - (limit?.windowMs ?? 0));
}

/** The longest window: older attempts no longer count for anything. */
export const LONGEST_WINDOW_MS = Math.max(...SIGN_IN_LIMITS.map((limit) => limit.windowMs));

/**
 * How long attempts are kept: the longest window plus 30 days for reading them when looking into
 * an incident. The audit trail keeps its own sign-in events, without this limit.
 */
export const ATTEMPT_RETENTION_MS = LONGEST_WINDOW_MS + 30 * DAY;

/** Attempts recorded before this time may be deleted. */
export function attemptsExpireBefore(now: Date): Date {
  return new Date(now.getTime() - ATTEMPT_RETENTION_MS);
}
