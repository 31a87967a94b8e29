import { describe, expect, it } from 'vitest';
import {
  ATTEMPT_RETENTION_MS,
  LONGEST_WINDOW_MS,
  MAX_FAILURES_PER_ADDRESS,
  MAX_FAILURES_PER_EMAIL,
  MAX_FAILURES_PER_EMAIL_AND_ADDRESS,
  SIGN_IN_LIMITS,
  attemptsExpireBefore,
  isSignInThrottled,
  reachedLimit,
  windowStart,
  type FailureCounts,
  type ThrottleScope,
} from '@/lib/domain/throttle';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const none: FailureCounts = { emailAndAddress: 0, address: 0, email: 0 };
const max: Record<ThrottleScope, number> = { emailAndAddress: 10, address: 50, email: 20 };

describe('sign-in throttle limits', () => {
  it('are 10 failures a minute per email and address, 50 a minute per address and 20 in 15 minutes per email', () => {
    expect(MAX_FAILURES_PER_EMAIL_AND_ADDRESS).toBe(10);
    expect(MAX_FAILURES_PER_ADDRESS).toBe(50);
    expect(MAX_FAILURES_PER_EMAIL).toBe(20);
    expect(SIGN_IN_LIMITS).toEqual([
      { scope: 'emailAndAddress', max: 10, windowMs: MINUTE },
      { scope: 'address', max: 50, windowMs: MINUTE },
      { scope: 'email', max: 20, windowMs: 15 * MINUTE },
    ]);
  });

  it('let a first attempt through', () => {
    expect(isSignInThrottled(none)).toBe(false);
    expect(reachedLimit(none)).toBeNull();
  });

  for (const scope of ['emailAndAddress', 'address', 'email'] as const) {
    it(`${scope}: max - 1 failures pass, max and more refuse (the others at 0)`, () => {
      expect(isSignInThrottled({ ...none, [scope]: max[scope] - 1 })).toBe(false);
      expect(reachedLimit({ ...none, [scope]: max[scope] })).toMatchObject({ scope, max: max[scope] });
      expect(reachedLimit({ ...none, [scope]: max[scope] + 1 })).toMatchObject({ scope });
    });
  }

  it('refuse exactly when one count reaches its limit, at every boundary of every combination', () => {
    const around = (scope: ThrottleScope) => [0, max[scope] - 1, max[scope], max[scope] + 1];
    let cases = 0;
    for (const emailAndAddress of around('emailAndAddress')) {
      for (const address of around('address')) {
        for (const email of around('email')) {
          const counts = { emailAndAddress, address, email };
          const over = (Object.keys(max) as ThrottleScope[]).filter((scope) => counts[scope] >= max[scope]);
          expect(isSignInThrottled(counts), JSON.stringify(counts)).toBe(over.length > 0);
          // The first limit reached, in the order of SIGN_IN_LIMITS.
          expect(reachedLimit(counts)?.scope ?? null, JSON.stringify(counts)).toBe(over[0] ?? null);
          cases += 1;
        }
      }
    }
    expect(cases).toBe(64);
  });

  it('the per-email limit holds whatever the spread over addresses (each address below its own limits)', () => {
    expect(isSignInThrottled({ emailAndAddress: 1, address: 1, email: 19 })).toBe(false);
    expect(reachedLimit({ emailAndAddress: 1, address: 1, email: 20 })?.scope).toBe('email');
  });
});

describe('windows and retention', () => {
  const now = new Date('2026-12-07T12:00:00.000Z');

  it('start a minute back for the email+address and address limits, 15 minutes back for the email limit', () => {
    expect(windowStart('emailAndAddress', now).toISOString()).toBe('2026-12-07T11:59:00.000Z');
    expect(windowStart('address', now).toISOString()).toBe('2026-12-07T11:59:00.000Z');
    expect(windowStart('email', now).toISOString()).toBe('2026-12-07T11:45:00.000Z');
  });

  it('keep attempts for the longest window plus 30 days', () => {
    expect(LONGEST_WINDOW_MS).toBe(15 * MINUTE);
    expect(ATTEMPT_RETENTION_MS).toBe(30 * DAY + 15 * MINUTE);
    expect(attemptsExpireBefore(now).toISOString()).toBe('2026-11-07T11:45:00.000Z');
    // Nothing that can still count is ever old enough to go.
    expect(attemptsExpireBefore(now).getTime()).toBeLessThan(windowStart('email', now).getTime());
  });
});
