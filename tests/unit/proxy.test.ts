// proxy.ts as Next.js runs it: the request headers it passes on (x-middleware-override-headers
// lists them; any other header of the request is removed) and the response's security headers.
import { NextRequest } from 'next/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { proxy } from '@/proxy';
import { CLIENT_ADDRESS_KEY_ENV } from '@/lib/domain/address';
import { csrfTokenFrom } from '@/lib/server/session';

const KEY = 'launcher-key-for-this-process-0123456789';
const SECRET = 'proxy-test-secret-proxy-test-secret-0001';
const saved = { key: process.env[CLIENT_ADDRESS_KEY_ENV], url: process.env.NEXTAUTH_URL, secret: process.env.NEXTAUTH_SECRET };

beforeEach(() => {
  process.env[CLIENT_ADDRESS_KEY_ENV] = KEY;
  process.env.NEXTAUTH_URL = 'http://localhost:3000';
  process.env.NEXTAUTH_SECRET = SECRET;
});

afterEach(() => {
  for (const [name, value] of [
    [CLIENT_ADDRESS_KEY_ENV, saved.key],
    ['NEXTAUTH_URL', saved.url],
    ['NEXTAUTH_SECRET', saved.secret],
    ['AUTH_ENTRA_TENANT_ID', undefined],
    ['AUTH_ENTRA_CLOUD', undefined],
    ['AUTH_OIDC_ISSUER', undefined],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/** The request headers the application will see after the proxy. */
async function passedOn(headers: Record<string, string>, path = '/signin'): Promise<Map<string, string>> {
  const response = await proxy(new NextRequest(`http://localhost:3000${path}`, { headers }));
  const names = (response.headers.get('x-middleware-override-headers') ?? '').split(',').filter(Boolean);
  return new Map(names.map((name) => [name, response.headers.get(`x-middleware-request-${name}`) ?? '']));
}

describe('proxy: the client address', () => {
  it("keeps the launcher's address with its key (the application checks the pair again)", async () => {
    const headers = await passedOn({ 'x-portal-client': '203.0.113.7', 'x-portal-client-key': KEY });
    expect(headers.get('x-portal-client')).toBe('203.0.113.7');
    expect(headers.get('x-portal-client-key')).toBe(KEY);
  });

  it('drops an address a client sent itself, without a key or with a wrong one', async () => {
    expect((await passedOn({ 'x-portal-client': '198.51.100.66' })).has('x-portal-client')).toBe(false);
    const wrong = await passedOn({ 'x-portal-client': '198.51.100.66', 'x-portal-client-key': 'guessed' });
    expect(wrong.has('x-portal-client')).toBe(false);
    expect(wrong.has('x-portal-client-key')).toBe(false);
    expect((await passedOn({ 'x-portal-client': '198.51.100.66', 'x-portal-client-key': `${KEY}x` })).has('x-portal-client')).toBe(false);
  });

  it('served without the launcher (no key in this process), drops every address, whatever key comes with it', async () => {
    delete process.env[CLIENT_ADDRESS_KEY_ENV];
    const withKey = await passedOn({ 'x-portal-client': '198.51.100.66', 'x-portal-client-key': KEY });
    expect(withKey.has('x-portal-client')).toBe(false);
    expect(withKey.has('x-portal-client-key')).toBe(false);
    expect((await passedOn({ 'x-portal-client': '198.51.100.66', 'x-portal-client-key': '' })).has('x-portal-client')).toBe(false);
    expect((await passedOn({ 'x-portal-client': '198.51.100.66' })).has('x-portal-client')).toBe(false);
  });

  it('does so on pages, API routes and auth routes alike, and keeps the other headers', async () => {
    for (const path of ['/dashboard', '/api/v1/notices', '/api/auth/callback/credentials', '/signin']) {
      const headers = await passedOn(
        { 'x-portal-client': '198.51.100.66', cookie: 'next-auth.session-token=x', accept: 'text/html' },
        path,
      );
      expect(headers.has('x-portal-client'), path).toBe(false);
      expect(headers.get('accept'), path).toBe('text/html');
      expect(headers.get('x-portal-path'), path).toBe(path);
    }
  });
});

describe('proxy: HSTS', () => {
  const hsts = async (headers: Record<string, string>, path = '/signin') =>
    (await proxy(new NextRequest(`http://localhost:3000${path}`, { headers }))).headers.get('strict-transport-security');

  it('follows the configured public URL, not a client-sent X-Forwarded-Proto', async () => {
    expect(await hsts({ 'x-forwarded-proto': 'https' })).toBeNull();
    process.env.NEXTAUTH_URL = 'https://portal.example.com';
    expect(await hsts({})).toBe('max-age=63072000; includeSubDomains');
    expect(await hsts({ 'x-forwarded-proto': 'http' })).toBe('max-age=63072000; includeSubDomains');
    // On the redirect to sign-in too.
    expect(await hsts({}, '/dashboard')).toBe('max-age=63072000; includeSubDomains');
  });

  it('is absent when no public URL is configured', async () => {
    delete process.env.NEXTAUTH_URL;
    expect(await hsts({ 'x-forwarded-proto': 'https' })).toBeNull();
  });
});

describe("proxy: next-auth's CSRF cookie for the sign-in page", () => {
  const signInPage = (headers: Record<string, string> = {}, path = '/signin', method = 'GET') =>
    proxy(new NextRequest(`http://localhost:3000${path}`, { headers, method }));

  it('is made when the browser has none: set on the response, and in the cookies the page reads', async () => {
    const response = await signInPage({ cookie: 'portal-locale=en' });
    const set = response.cookies.get('next-auth.csrf-token');
    expect(set?.httpOnly).toBe(true);
    expect(set?.sameSite).toBe('lax');
    expect(set?.path).toBe('/');
    // next-auth's own format, made with this secret: the token it will accept in the form.
    const token = csrfTokenFrom(set?.value, SECRET);
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    const cookieHeader = response.headers.get('x-middleware-request-cookie') ?? '';
    expect(cookieHeader).toContain('portal-locale=en');
    expect(cookieHeader).toContain(`next-auth.csrf-token=${encodeURIComponent(set!.value)}`);
  });

  it('is left alone when the browser has one, and on every other page and method', async () => {
    expect((await signInPage({ cookie: 'next-auth.csrf-token=abc%7Cdef' })).cookies.get('next-auth.csrf-token')).toBeUndefined();
    expect((await signInPage({}, '/signout')).cookies.get('next-auth.csrf-token')).toBeUndefined();
    expect((await signInPage({ cookie: 'next-auth.session-token=x' }, '/dashboard')).cookies.get('next-auth.csrf-token')).toBeUndefined();
  });

  it('is the secure __Host- cookie when the portal is served over https', async () => {
    process.env.NEXTAUTH_URL = 'https://portal.example.com';
    const set = (await signInPage()).cookies.get('__Host-next-auth.csrf-token');
    expect(set?.secure).toBe(true);
    expect(csrfTokenFrom(set?.value, SECRET)).not.toBeNull();
  });
});

describe('proxy: where forms may send the browser', () => {
  const formAction = async () =>
    ((await proxy(new NextRequest('http://localhost:3000/signin'))).headers.get('content-security-policy') ?? '')
      .split(';')
      .map((part) => part.trim())
      .find((part) => part.startsWith('form-action'));

  it("is the portal, plus each configured identity provider's sign-in origin", async () => {
    expect(await formAction()).toBe(`form-action 'self'`);
    process.env.AUTH_ENTRA_TENANT_ID = 'organizations';
    process.env.AUTH_OIDC_ISSUER = 'http://localhost:3271';
    expect(await formAction()).toBe(`form-action 'self' https://login.microsoftonline.com http://localhost:3271`);
    process.env.AUTH_ENTRA_CLOUD = 'us-government';
    expect(await formAction()).toBe(`form-action 'self' https://login.microsoftonline.us http://localhost:3271`);
  });
});
