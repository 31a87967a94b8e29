import { createRequire } from 'node:module';
import path from 'node:path';
import { encode } from 'next-auth/jwt';
import { describe, expect, it } from 'vitest';
import { csrfTokenFrom, sessionClaims, sessionCookieName, sessionTokenFrom } from '../../lib/server/session';
import { csrfCookieName, newCsrfCookie } from '../../lib/domain/csrf';

// The guard reads next-auth's session cookie itself: the same token next-auth wrote at sign-in,
// with the same secret and expiry checks.
const SECRET = 'unit-test-secret-unit-test-secret-0001';

describe('sessionCookieName', () => {
  it('is the __Secure- name over https and the plain name otherwise, as next-auth uses them', () => {
    expect(sessionCookieName('https://portal.example.com')).toBe('__Secure-next-auth.session-token');
    expect(sessionCookieName('http://localhost:3000')).toBe('next-auth.session-token');
    expect(sessionCookieName(undefined)).toBe('next-auth.session-token');
  });
});

describe('sessionTokenFrom', () => {
  const plain = 'next-auth.session-token';
  const secure = '__Secure-next-auth.session-token';

  it('takes the cookie of the one name, never the other', () => {
    const both = [
      { name: plain, value: 'plain' },
      { name: secure, value: 'secure' },
    ];
    expect(sessionTokenFrom(both, plain)).toBe('plain');
    expect(sessionTokenFrom(both, secure)).toBe('secure');
    expect(sessionTokenFrom([{ name: plain, value: 'planted' }], secure)).toBeNull();
  });

  it('joins chunks in their numeric order', () => {
    const cookies = [
      { name: `${plain}.10`, value: 'K' },
      { name: `${plain}.1`, value: 'B' },
      { name: `${plain}.0`, value: 'A' },
      { name: `${plain}.2`, value: 'C' },
      { name: `${plain}.x`, value: 'ignored' },
      { name: `${secure}.3`, value: 'other name' },
    ];
    expect(sessionTokenFrom(cookies, plain)).toBe('ABCK');
  });

  it('is null without a session cookie', () => {
    expect(sessionTokenFrom([], plain)).toBeNull();
    expect(sessionTokenFrom([{ name: 'portal-locale', value: 'en' }], plain)).toBeNull();
    expect(sessionTokenFrom([{ name: plain, value: '' }], plain)).toBeNull();
  });
});

describe('sessionClaims', () => {
  it('reads the user id, session version and session id of a token next-auth wrote', async () => {
    const token = await encode({ token: { uid: 'u-1', sv: 3, sid: 's-1', locale: 'en' }, secret: SECRET });
    expect(await sessionClaims(token, SECRET)).toEqual({ uid: 'u-1', sv: 3, sid: 's-1' });
  });

  it('refuses a token under another secret, a tampered one, an expired one, or one without the claims', async () => {
    const token = await encode({ token: { uid: 'u-1', sv: 3, sid: 's-1' }, secret: SECRET });
    expect(await sessionClaims(token, `${SECRET}-other`)).toBeNull();
    const parts = token.split('.');
    parts[3] = `${parts[3]!.slice(0, -2)}${parts[3]!.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await sessionClaims(parts.join('.'), SECRET)).toBeNull();
    expect(await sessionClaims('not-a-token', SECRET)).toBeNull();
    const expired = await encode({ token: { uid: 'u-1', sv: 3, sid: 's-1' }, secret: SECRET, maxAge: -60 });
    expect(await sessionClaims(expired, SECRET)).toBeNull();
    // A token from before sessions had rows (no session id) is no session.
    expect(await sessionClaims(await encode({ token: { uid: 'u-1', sv: 3 }, secret: SECRET }), SECRET)).toBeNull();
    expect(await sessionClaims(await encode({ token: { uid: 'u-1' }, secret: SECRET }), SECRET)).toBeNull();
    expect(await sessionClaims(await encode({ token: { sv: 1 }, secret: SECRET }), SECRET)).toBeNull();
  });

  it('is null without a token or a secret', async () => {
    expect(await sessionClaims(null, SECRET)).toBeNull();
    expect(await sessionClaims('x', undefined)).toBeNull();
  });
});

// next-auth's own CSRF check (not among its package's exports, so loaded by path): the sign-out
// form must carry a token it accepts.
type CsrfCheck = (input: { options: { secret: string }; cookieValue?: string; isPost: boolean; bodyValue?: string }) => {
  cookie?: string;
  csrfToken: string;
  csrfTokenVerified?: boolean;
};
const { createCSRFToken } = createRequire(import.meta.url)(path.resolve('node_modules/next-auth/core/lib/csrf-token.js')) as {
  createCSRFToken: CsrfCheck;
};

describe('the CSRF token of the sign-out form', () => {
  it("is read from next-auth's cookie of the one name next-auth uses for the portal's URL", () => {
    expect(csrfCookieName('https://portal.example.com')).toBe('__Host-next-auth.csrf-token');
    expect(csrfCookieName('http://localhost:3000')).toBe('next-auth.csrf-token');
    expect(csrfCookieName(undefined)).toBe('next-auth.csrf-token');
  });

  it("is the token next-auth put in its cookie, and next-auth accepts it in a POST's body", () => {
    const issued = createCSRFToken({ options: { secret: SECRET }, isPost: false });
    const token = csrfTokenFrom(issued.cookie, SECRET);
    expect(token).toBe(issued.csrfToken);
    expect(
      createCSRFToken({ options: { secret: SECRET }, cookieValue: issued.cookie, isPost: true, bodyValue: token ?? '' }).csrfTokenVerified,
    ).toBe(true);
  });

  it('is made by the proxy the way next-auth makes it: next-auth keeps it and accepts its token', async () => {
    const made = await newCsrfCookie(SECRET, new Uint8Array(32).fill(7));
    expect(made.token).toBe('07'.repeat(32));
    expect(csrfTokenFrom(made.value, SECRET)).toBe(made.token);
    const check = createCSRFToken({ options: { secret: SECRET }, cookieValue: made.value, isPost: true, bodyValue: made.token });
    expect(check).toEqual({ csrfTokenVerified: true, csrfToken: made.token });
    // Made with another secret, next-auth would replace it (and refuse the token).
    const other = await newCsrfCookie(`${SECRET}-other`, new Uint8Array(32).fill(7));
    expect(
      createCSRFToken({ options: { secret: SECRET }, cookieValue: other.value, isPost: true, bodyValue: other.token }).csrfTokenVerified,
    ).toBeUndefined();
  });

  it('is null without a cookie or a secret, and for a cookie not made with this secret or altered', () => {
    const issued = createCSRFToken({ options: { secret: SECRET }, isPost: false });
    const cookie = issued.cookie ?? '';
    expect(csrfTokenFrom(undefined, SECRET)).toBeNull();
    expect(csrfTokenFrom(cookie, undefined)).toBeNull();
    expect(csrfTokenFrom(cookie, `${SECRET}-other`)).toBeNull();
    expect(csrfTokenFrom(`0${cookie.slice(1)}` === cookie ? `1${cookie.slice(1)}` : `0${cookie.slice(1)}`, SECRET)).toBeNull();
    expect(csrfTokenFrom(cookie.split('|')[0], SECRET)).toBeNull();
    expect(csrfTokenFrom('|', SECRET)).toBeNull();
  });
});
