// Two-step sign-in (TOTP, RFC 6238), pure: the time steps a code may belong to, recovery codes
// (their format and the normal form that is hashed), what a user types on the second step, and
// who must use it. The codes themselves are computed by a maintained library (lib/runtime/totp.ts).
import type { Role } from './permissions';

/** Seconds per time step, and digits per code: what every authenticator app uses by default. */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/**
 * Steps accepted either side of the current one: a phone's clock a little off, or a code typed
 * just as it changed. One step each way (RFC 6238 §5.2 recommends at most one).
 */
export const TOTP_WINDOW_STEPS = 1;

/** The time step of a moment (RFC 6238: T = floor(unix time / period), T0 = 0). */
export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/** Whether a code of `step` may be accepted at `at`: within the window around the current step. */
export function isStepInWindow(step: number, at: Date): boolean {
  return Math.abs(step - totpStep(at)) <= TOTP_WINDOW_STEPS;
}

/**
 * A code already accepted, or one older than it, is refused: an observed code cannot be replayed
 * within its window, and an older code cannot follow a newer one.
 */
export function isReplayedStep(step: number, lastUsedStep: number | null): boolean {
  return lastUsedStep !== null && step <= lastUsedStep;
}

/** How long the second step of a sign-in may take after the password: then the sign-in starts over. */
export const SECOND_STEP_TIME_LIMIT_MS = 5 * 60_000;

// Recovery codes: 12 characters of Crockford's base32 (60 random bits), shown as xxxx-xxxx-xxxx.
// The alphabet has no I, L, O or U; what is typed is read leniently (any case, spaces and dashes
// ignored, I and L read as 1, O as 0), so a code copied by hand still works.

export const RECOVERY_CODE_COUNT = 10;
export const RECOVERY_CODE_LENGTH = 12;
const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

/** A recovery code from 8 random bytes (60 of their 64 bits), formatted. */
export function recoveryCodeFromBytes(bytes: Uint8Array): string {
  if (bytes.length < 8) throw new RangeError('A recovery code needs at least 8 random bytes.');
  let bits = 0n;
  for (const byte of bytes.subarray(0, 8)) bits = (bits << 8n) | BigInt(byte);
  let code = '';
  for (let i = 0; i < RECOVERY_CODE_LENGTH; i += 1) code += CROCKFORD[Number((bits >> BigInt(5 * i)) & 31n)];
  return formatRecoveryCode(code);
}

/** xxxx-xxxx-xxxx, for showing (the normal form grouped by four). */
export function formatRecoveryCode(normal: string): string {
  return normal.match(/.{1,4}/g)?.join('-') ?? normal;
}

/** The normal form of a typed recovery code (what is hashed), or null when it cannot be one. */
export function normalizeRecoveryCode(input: string): string | null {
  const compact = input.toLowerCase().replace(/[\s-]/g, '').replace(/[il]/g, '1').replace(/o/g, '0');
  if (compact.length !== RECOVERY_CODE_LENGTH) return null;
  return [...compact].every((char) => CROCKFORD.includes(char)) ? compact : null;
}

/** What was typed on the second step: a six-digit code (spaces ignored) or a recovery code. */
export type SecondStepInput = { kind: 'totp'; code: string } | { kind: 'recovery'; code: string };

export function parseSecondStepInput(input: string): SecondStepInput | null {
  const digits = input.replace(/\s/g, '');
  if (new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(digits)) return { kind: 'totp', code: digits };
  const recovery = normalizeRecoveryCode(input);
  return recovery ? { kind: 'recovery', code: recovery } : null;
}

/** A six-digit authenticator code alone (enrolment, renewing recovery codes, turning it off). */
export function parseTotpCode(input: string): string | null {
  const parsed = parseSecondStepInput(input);
  return parsed?.kind === 'totp' ? parsed.code : null;
}

// Who must use it.

/** How a session was opened (UserSession.method). */
export type SignInMethod = 'PASSWORD' | 'PASSWORD_AND_CODE' | 'MICROSOFT' | 'OIDC';

/** Signed in through an identity provider, which does its own second factor: the portal asks for no code of its own. */
export function isIdentityProviderMethod(method: string): boolean {
  return method === 'MICROSOFT' || method === 'OIDC';
}

/** The roles that must always use two-step sign-in: the portal's admins and every partner's admins. */
export const TWO_STEP_ROLES: readonly Role[] = ['PORTAL_ADMIN', 'PARTNER_ADMIN'];

/** Whether this user must use two-step sign-in: by role, or because their partner requires it of everyone. Demo accounts never. */
export function isTwoStepRequired(user: { role: Role; exempt: boolean; partnerRequiresTwoStep: boolean }): boolean {
  if (user.exempt) return false;
  return TWO_STEP_ROLES.includes(user.role) || user.partnerRequiresTwoStep;
}

export type TwoStepState = {
  role: Role;
  exempt: boolean;
  partnerRequiresTwoStep: boolean;
  /** A confirmed authenticator (not one still being set up). */
  enabled: boolean;
  /** How the current session was opened. */
  sessionMethod: string;
};

/**
 * The session must complete enrolment before anything else: two-step sign-in is required of this
 * user and not set up yet. A session opened through an identity provider is not held back.
 */
export function isEnrolmentPending(state: TwoStepState): boolean {
  return isTwoStepRequired(state) && !state.enabled && !isIdentityProviderMethod(state.sessionMethod);
}

/** A password sign-in needs the second step: the user has a confirmed authenticator and is not a demo account. */
export function needsSecondStep(user: { exempt: boolean; enabled: boolean }): boolean {
  return user.enabled && !user.exempt;
}
