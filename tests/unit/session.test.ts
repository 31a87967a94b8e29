import { encode } from 'next-auth/jwt';
import { describe, expect, it } from 'vitest';
import { sessionClaims, sessionTokenFrom } from '../../lib/server/session';

// The guard reads next-auth's session cookie itself: the same token next-auth wrote at sign-in,
// with the same secret and expiry checks.
const SECRET = 'unit-test-secret-unit-test-secret-0001';

describe('sessionTokenFrom', () => {
  it('takes the whole cookie, the https name first', () => {
    expect(sessionTokenFrom([{ name: 'next-auth.session-token', value: 'plain' }])).toBe('plain');
    expect(
      sessionTokenFrom([
        { name: 'next-auth.session-token', value: 'plain' },
        { name: '__Secure-next-auth.session-token', value: 'secure' },
      ]),
    ).toBe('secure');
  });

  it('joins chunks in their numeric order', () => {
    const cookies = [
      { name: 'next-auth.session-token.10', value: 'K' },
      { name: 'next-auth.session-token.1', value: 'B' },
      { name: 'next-auth.session-token.0', value: 'A' },
      { name: 'next-auth.session-token.2', value: 'C' },
      { name: 'next-auth.session-token.x', value: 'ignored' },
    ];
    expect(sessionTokenFrom(cookies)).toBe('ABCK');
  });

  it('is null without a session cookie', () => {
    expect(sessionTokenFrom([])).toBeNull();
    expect(sessionTokenFrom([{ name: 'portal-locale', value: 'en' }])).toBeNull();
    expect(sessionTokenFrom([{ name: 'next-auth.session-token', value: '' }])).toBeNull();
  });
});

describe('sessionClaims', () => {
  it('reads the user id and session version of a token next-auth wrote', async () => {
    const token = await encode({ token: { uid: 'u-1', sv: 3, locale: 'en' }, secret: SECRET });
    expect(await sessionClaims(token, SECRET)).toEqual({ uid: 'u-1', sv: 3 });
  });

  it('refuses a token under another secret, a tampered one, an expired one, or one without the claims', async () => {
    const token = await encode({ token: { uid: 'u-1', sv: 3 }, secret: SECRET });
    expect(await sessionClaims(token, `${SECRET}-other`)).toBeNull();
    const parts = token.split('.');
    parts[3] = `${parts[3]!.slice(0, -2)}${parts[3]!.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await sessionClaims(parts.join('.'), SECRET)).toBeNull();
    expect(await sessionClaims('not-a-token', SECRET)).toBeNull();
    const expired = await encode({ token: { uid: 'u-1', sv: 3 }, secret: SECRET, maxAge: -60 });
    expect(await sessionClaims(expired, SECRET)).toBeNull();
    expect(await sessionClaims(await encode({ token: { uid: 'u-1' }, secret: SECRET }), SECRET)).toBeNull();
    expect(await sessionClaims(await encode({ token: { sv: 1 }, secret: SECRET }), SECRET)).toBeNull();
  });

  it('is null without a token or a secret', async () => {
    expect(await sessionClaims(null, SECRET)).toBeNull();
    expect(await sessionClaims('x', undefined)).toBeNull();
  });
});
