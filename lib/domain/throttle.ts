// Sign-in throttling rule, pure: the counts come from the database (so that the limit holds
// across several server instances); this decides.
export const SIGN_IN_WINDOW_MS = 60_000;
/** Failures allowed per email and address within the window. */
export const MAX_FAILURES_PER_EMAIL_AND_ADDRESS = 10;
/** Failures allowed per address within the window, whatever the emails (password spraying). */
export const MAX_FAILURES_PER_ADDRESS = 50;

export function isSignInThrottled(counts: { emailAndAddress: number; address: number }): boolean {
  return counts.emailAndAddress >= MAX_FAILURES_PER_EMAIL_AND_ADDRESS || counts.address >= MAX_FAILURES_PER_ADDRESS;
}
