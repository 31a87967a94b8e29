import { describe, expect, it } from 'vitest';
import {
  RECOVERY_CODE_LENGTH,
  TOTP_WINDOW_STEPS,
  formatRecoveryCode,
  isEnrolmentPending,
  isIdentityProviderMethod,
  isReplayedStep,
  isStepInWindow,
  isTwoStepRequired,
  needsSecondStep,
  normalizeRecoveryCode,
  parseSecondStepInput,
  parseTotpCode,
  recoveryCodeFromBytes,
  totpStep,
} from '@/lib/domain/two-step';
import { ROLES, type Role } from '@/lib/domain/permissions';

const at = (seconds: number) => new Date(seconds * 1000);

describe('time steps and their window', () => {
  it('counts 30-second steps from the Unix epoch (RFC 6238, T0 = 0)', () => {
    expect(totpStep(at(0))).toBe(0);
    expect(totpStep(at(29.999))).toBe(0);
    expect(totpStep(at(30))).toBe(1);
    expect(totpStep(at(59))).toBe(1);
    expect(totpStep(at(1_111_111_109))).toBe(37_037_036);
  });

  it('accepts the current step and one either side, nothing further', () => {
    expect(TOTP_WINDOW_STEPS).toBe(1);
    const now = at(3_000_015); // step 100000
    expect(isStepInWindow(100_000, now)).toBe(true);
    expect(isStepInWindow(99_999, now)).toBe(true);
    expect(isStepInWindow(100_001, now)).toBe(true);
    expect(isStepInWindow(99_998, now)).toBe(false);
    expect(isStepInWindow(100_002, now)).toBe(false);
  });

  it('refuses a step already used, and any older one; accepts only newer ones', () => {
    expect(isReplayedStep(100, null)).toBe(false);
    expect(isReplayedStep(100, 99)).toBe(false);
    expect(isReplayedStep(100, 100)).toBe(true);
    expect(isReplayedStep(99, 100)).toBe(true);
  });
});

describe('recovery codes', () => {
  it('are 12 characters of Crockford base32 from 8 random bytes, shown in groups of four', () => {
    const code = recoveryCodeFromBytes(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]));
    expect(code).toBe('zzzz-zzzz-zzzz');
    expect(recoveryCodeFromBytes(new Uint8Array(8))).toBe('0000-0000-0000');
    const mixed = recoveryCodeFromBytes(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]));
    expect(mixed).toMatch(/^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$/);
    // Different bytes, different codes; the same bytes, the same code.
    expect(recoveryCodeFromBytes(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 9]))).not.toBe(mixed);
    expect(recoveryCodeFromBytes(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toBe(mixed);
    expect(() => recoveryCodeFromBytes(new Uint8Array(7))).toThrow(RangeError);
  });

  it('uses every one of the 32 letters, never I, L, O or U', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 64; i += 1) {
      const bytes = new Uint8Array(8).map((_, j) => (i * 37 + j * 101) & 0xff);
      for (const char of recoveryCodeFromBytes(bytes).replace(/-/g, '')) seen.add(char);
    }
    expect([...seen].sort().join('')).toBe('0123456789abcdefghjkmnpqrstvwxyz');
  });

  it('are read leniently: any case, spaces and dashes ignored, I and L as 1, O as 0', () => {
    expect(normalizeRecoveryCode('7x3k-9m2p-q4rt')).toBe('7x3k9m2pq4rt');
    expect(normalizeRecoveryCode(' 7X3K 9M2P Q4RT ')).toBe('7x3k9m2pq4rt');
    expect(normalizeRecoveryCode('7x3k9m2pq4rt')).toBe('7x3k9m2pq4rt');
    expect(normalizeRecoveryCode('IL0O-aaaa-bbbb')).toBe('1100aaaabbbb');
    expect(formatRecoveryCode('7x3k9m2pq4rt')).toBe('7x3k-9m2p-q4rt');
    expect(RECOVERY_CODE_LENGTH).toBe(12);
  });

  it('refuse anything else: wrong length, a letter outside the alphabet', () => {
    expect(normalizeRecoveryCode('7x3k-9m2p-q4r')).toBeNull();
    expect(normalizeRecoveryCode('7x3k-9m2p-q4rtt')).toBeNull();
    expect(normalizeRecoveryCode('7x3k-9m2p-q4ru')).toBeNull();
    expect(normalizeRecoveryCode('7x3k-9m2p-q4r!')).toBeNull();
    expect(normalizeRecoveryCode('')).toBeNull();
  });
});

describe('what is typed on the second step', () => {
  it('is a six-digit code (spaces ignored) or a recovery code', () => {
    expect(parseSecondStepInput('123456')).toEqual({ kind: 'totp', code: '123456' });
    expect(parseSecondStepInput(' 123 456 ')).toEqual({ kind: 'totp', code: '123456' });
    expect(parseSecondStepInput('7x3k-9m2p-q4rt')).toEqual({ kind: 'recovery', code: '7x3k9m2pq4rt' });
    // Twelve digits are a recovery code, not a six-digit code.
    expect(parseSecondStepInput('123456789012')).toEqual({ kind: 'recovery', code: '123456789012' });
  });

  it('is nothing else', () => {
    for (const input of ['', '12345', '1234567', '12345a', '12-34-56', 'abcdef', '７８９０１２'])
      expect(parseSecondStepInput(input), input).toBeNull();
  });

  it('is only a six-digit code where a recovery code does not count', () => {
    expect(parseTotpCode('654321')).toBe('654321');
    expect(parseTotpCode('7x3k-9m2p-q4rt')).toBeNull();
    expect(parseTotpCode('65432')).toBeNull();
  });
});

describe('who must use two-step sign-in', () => {
  const required: Record<Role, boolean> = { PORTAL_ADMIN: true, PARTNER_ADMIN: true, PARTNER_AGENT: false, PARTNER_VIEWER: false };

  it.each(ROLES)('%s: by role; everyone when the partner requires it; never a demo account', (role) => {
    expect(isTwoStepRequired({ role, exempt: false, partnerRequiresTwoStep: false })).toBe(required[role]);
    expect(isTwoStepRequired({ role, exempt: false, partnerRequiresTwoStep: true })).toBe(true);
    expect(isTwoStepRequired({ role, exempt: true, partnerRequiresTwoStep: false })).toBe(false);
    expect(isTwoStepRequired({ role, exempt: true, partnerRequiresTwoStep: true })).toBe(false);
  });

  const state = { role: 'PARTNER_ADMIN' as Role, exempt: false, partnerRequiresTwoStep: false, enabled: false, sessionMethod: 'PASSWORD' };

  it('holds a password session at enrolment until it is set up', () => {
    expect(isEnrolmentPending(state)).toBe(true);
    expect(isEnrolmentPending({ ...state, enabled: true })).toBe(false);
    expect(isEnrolmentPending({ ...state, exempt: true })).toBe(false);
    expect(isEnrolmentPending({ ...state, role: 'PARTNER_AGENT' })).toBe(false);
    expect(isEnrolmentPending({ ...state, role: 'PARTNER_AGENT', partnerRequiresTwoStep: true })).toBe(true);
  });

  it('does not hold a session opened through an identity provider, which does its own second step', () => {
    expect(isIdentityProviderMethod('MICROSOFT')).toBe(true);
    expect(isIdentityProviderMethod('OIDC')).toBe(true);
    expect(isIdentityProviderMethod('PASSWORD')).toBe(false);
    expect(isIdentityProviderMethod('PASSWORD_AND_CODE')).toBe(false);
    expect(isEnrolmentPending({ ...state, sessionMethod: 'MICROSOFT' })).toBe(false);
    expect(isEnrolmentPending({ ...state, sessionMethod: 'OIDC' })).toBe(false);
    expect(isEnrolmentPending({ ...state, sessionMethod: 'PASSWORD_AND_CODE' })).toBe(true);
  });

  it('asks a password sign-in for a code when an authenticator is confirmed, except of a demo account', () => {
    expect(needsSecondStep({ exempt: false, enabled: true })).toBe(true);
    expect(needsSecondStep({ exempt: false, enabled: false })).toBe(false);
    expect(needsSecondStep({ exempt: true, enabled: true })).toBe(false);
  });
});
