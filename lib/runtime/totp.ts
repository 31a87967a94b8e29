// TOTP (RFC 6238) through otplib, a maintained library (its HMAC and base32 from @noble/hashes and
// @scure/base): keys, the otpauth:// address an authenticator app scans, and which time step a code
// belongs to. The rules around it (the window, replay, recovery codes) are lib/domain/two-step.ts.
import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';
import { TOTP_DIGITS, TOTP_PERIOD_SECONDS, TOTP_WINDOW_STEPS } from '../domain/two-step';

/** The name authenticator apps show above the account's codes. */
export const TOTP_ISSUER = 'CSP Communications Portal';

/** A new key: 20 random bytes (160 bits, RFC 4226's recommendation), base32 as apps expect it. */
export function newTotpKey(): string {
  return generateSecret({ length: 20 });
}

/** The otpauth:// address of a key, for the QR code: the issuer and the user's e-mail name it in the app. */
export function totpUri(key: string, account: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: account, secret: key, digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS });
}

/** The code of a key at a moment (what the authenticator app shows then). */
export function totpCodeAt(key: string, at: Date): string {
  return generateSync({ secret: key, epoch: Math.floor(at.getTime() / 1000), digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS });
}

/**
 * The time step a six-digit code belongs to, if it is the key's code for a step within the window
 * around `at` (compared in constant time by the library); null otherwise.
 */
export function totpStepOf(key: string, code: string, at: Date): number | null {
  if (!new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(code)) return null;
  const result = verifySync({
    secret: key,
    token: code,
    epoch: Math.floor(at.getTime() / 1000),
    epochTolerance: TOTP_WINDOW_STEPS * TOTP_PERIOD_SECONDS,
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
  });
  // A TOTP result carries its time step (a HOTP one, the other half of the library's type, does not).
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}
