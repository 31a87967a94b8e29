import { describe, expect, it } from 'vitest';
import { newTotpKey, totpCodeAt, totpStepOf, totpUri } from '@/lib/runtime/totp';
import { totpStep } from '@/lib/domain/two-step';

// RFC 6238, appendix B: the SHA-1 key "12345678901234567890" (base32 below); six digits are the
// last six of the RFC's eight.
const RFC_KEY = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const VECTORS: [number, string][] = [
  [59, '287082'],
  [1_111_111_109, '081804'],
  [1_111_111_111, '050471'],
  [1_234_567_890, '005924'],
  [2_000_000_000, '279037'],
  [20_000_000_000, '353130'],
];
const at = (seconds: number) => new Date(seconds * 1000);

describe('TOTP through otplib', () => {
  it.each(VECTORS)('computes the RFC 6238 code at %i s', (seconds, code) => {
    expect(totpCodeAt(RFC_KEY, at(seconds))).toBe(code);
    expect(totpStepOf(RFC_KEY, code, at(seconds))).toBe(totpStep(at(seconds)));
  });

  it('accepts the code of the step before and after (a clock a little off), names the step, and refuses two steps away', () => {
    const now = at(1_234_567_890);
    const step = totpStep(now);
    for (const offset of [-1, 0, 1]) {
      const code = totpCodeAt(RFC_KEY, at(1_234_567_890 + offset * 30));
      expect(totpStepOf(RFC_KEY, code, now), `offset ${offset}`).toBe(step + offset);
    }
    for (const offset of [-2, 2, -10]) {
      const code = totpCodeAt(RFC_KEY, at(1_234_567_890 + offset * 30));
      expect(totpStepOf(RFC_KEY, code, now), `offset ${offset}`).toBeNull();
    }
  });

  it('refuses a wrong code, and anything that is not six digits, without asking the library', () => {
    const now = at(59);
    expect(totpStepOf(RFC_KEY, '287083', now)).toBeNull();
    for (const code of ['', '28708', '2870822', '28708a', ' 287082']) expect(totpStepOf(RFC_KEY, code, now), code).toBeNull();
  });

  it('refuses the code of another key', () => {
    const other = newTotpKey();
    expect(totpStepOf(other, totpCodeAt(RFC_KEY, at(59)), at(59))).toBeNull();
  });

  it('makes 160-bit keys in base32, each new', () => {
    const key = newTotpKey();
    expect(key).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpKey()).not.toBe(key);
  });

  it('gives authenticator apps an otpauth:// address naming the portal and the user', () => {
    const uri = new URL(totpUri(RFC_KEY, 'alice@contoso-partners.example'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/CSP Communications Portal:alice@contoso-partners.example');
    expect(uri.searchParams.get('secret')).toBe(RFC_KEY);
    expect(uri.searchParams.get('issuer')).toBe('CSP Communications Portal');
  });
});
