import { describe, expect, it } from 'vitest';
import { MAX_FAILURES_PER_ADDRESS, MAX_FAILURES_PER_EMAIL_AND_ADDRESS, SIGN_IN_WINDOW_MS, isSignInThrottled } from '@/lib/domain/throttle';

describe('sign-in throttle', () => {
  it('uses a one-minute window, 10 failures per email+address and 50 per address', () => {
    expect(SIGN_IN_WINDOW_MS).toBe(60_000);
    expect(MAX_FAILURES_PER_EMAIL_AND_ADDRESS).toBe(10);
    expect(MAX_FAILURES_PER_ADDRESS).toBe(50);
  });

  it('lets a first attempt through', () => {
    expect(isSignInThrottled({ emailAndAddress: 0, address: 0 })).toBe(false);
  });

  it('per email and address: 9 failures pass, 10 throttle', () => {
    expect(isSignInThrottled({ emailAndAddress: 9, address: 9 })).toBe(false);
    expect(isSignInThrottled({ emailAndAddress: 10, address: 10 })).toBe(true);
    expect(isSignInThrottled({ emailAndAddress: 11, address: 11 })).toBe(true);
  });

  it('per address whatever the emails: 49 failures pass, 50 throttle', () => {
    expect(isSignInThrottled({ emailAndAddress: 0, address: 49 })).toBe(false);
    expect(isSignInThrottled({ emailAndAddress: 0, address: 50 })).toBe(true);
    expect(isSignInThrottled({ emailAndAddress: 1, address: 51 })).toBe(true);
  });

  it('either limit alone is enough', () => {
    expect(isSignInThrottled({ emailAndAddress: 10, address: 0 })).toBe(true);
    expect(isSignInThrottled({ emailAndAddress: 9, address: 50 })).toBe(true);
    expect(isSignInThrottled({ emailAndAddress: 9, address: 49 })).toBe(false);
  });
});
