// Runs before every request: security headers with a per-request CSP nonce (framing refused, but
// for the embedded dashboard by its token's host origin), the request path for "back after
// sign-in", the client address (only the launcher's), next-auth's CSRF cookie for the sign-in
// page, and a comfort redirect to /signin when there is no session cookie at all.
// It is NOT the access check: every page, action and route handler guards itself.
import { NextResponse, type NextRequest } from 'next/server';
import { isHttpsUrl, securityHeaders } from './lib/domain/security-headers';
import { csrfCookieName, newCsrfCookie } from './lib/domain/csrf';
import { signInFormOrigins } from './lib/domain/sso';
import { CLIENT_ADDRESS_HEADER, CLIENT_ADDRESS_KEY_ENV, CLIENT_ADDRESS_KEY_HEADER, launcherClientAddress } from './lib/domain/address';
import { EMBED_DASHBOARD_PATH, EMBED_LOCALE_HEADER } from './lib/domain/embed';

const PUBLIC_PREFIXES = [
  '/signin',
  '/signout',
  '/invitations/',
  '/forgot-password',
  '/reset-password/',
  '/api/',
  '/embed/',
  '/_next/',
  '/favicon',
  '/icon',
  '/robots.txt',
];
const SESSION_COOKIES = ['next-auth.session-token', '__Secure-next-auth.session-token'];

/**
 * A form posted to a page is a server action, whose body Next.js reads before any of the portal's
 * code runs: it answers one it cannot read with a 500. Such a request is refused here instead.
 * Bodies over 1 MB are left alone: too big for a server action (Next.js's limit), and the
 * import's route handlers, which take bigger files, read theirs themselves.
 */
async function isUnreadableForm(request: NextRequest): Promise<boolean> {
  if (request.method !== 'POST' || request.nextUrl.pathname.startsWith('/api/')) return false;
  if (!(request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) return false;
  if (Number(request.headers.get('content-length')) > 1024 * 1024) return false;
  return request.formData().then(
    () => false,
    () => true,
  );
}

const NOT_EMBEDDED = { frameAncestors: [], locale: null } as const;

/**
 * Only the embedded dashboard may be framed, and only by its token's host origin: the token is
 * looked up here, before the page renders, since a page cannot set its own response headers
 * (this proxy runs on the Node.js runtime, in the portal's process; the data module is loaded for
 * this path only). The page checks the token again itself. A lookup that fails leaves framing
 * refused; the page then meets the same failure and reports it.
 * docs/decisions/0027-embedded-dashboard.md.
 */
async function embedFramingOf(request: NextRequest): Promise<{ frameAncestors: readonly string[]; locale: string | null }> {
  const secrets = request.nextUrl.searchParams.getAll('token');
  if (request.nextUrl.pathname !== EMBED_DASHBOARD_PATH || secrets.length !== 1) return NOT_EMBEDDED;
  try {
    const { embedFraming } = await import('./lib/server/data/embed-tokens');
    return await embedFraming(secrets[0]);
  } catch {
    return NOT_EMBEDDED;
  }
}

export async function proxy(request: NextRequest) {
  const nonce = btoa(crypto.randomUUID());
  const { pathname, search } = request.nextUrl;
  // HSTS from the portal's configured public URL, never from a header the client can send.
  const https = isHttpsUrl(process.env.NEXTAUTH_URL);
  const embed = await embedFramingOf(request);
  const headers = securityHeaders({
    nonce,
    dev: process.env.NODE_ENV === 'development',
    https,
    frameAncestors: embed.frameAncestors,
    formTargets: formTargets(),
  });

  const isPublic = pathname === '/' || PUBLIC_PREFIXES.some((prefix) => pathname.startsWith(prefix));
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  let response: NextResponse;
  if (await isUnreadableForm(request)) {
    response = new NextResponse('Bad request: the form data cannot be read.', { status: 400 });
  } else if (!isPublic && !hasSession) {
    const target = new URL('/signin', request.url);
    target.searchParams.set('callbackUrl', `${pathname}${search}`);
    response = NextResponse.redirect(target);
  } else {
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set('x-nonce', nonce);
    requestHeaders.set('content-security-policy', headers['Content-Security-Policy'] ?? '');
    requestHeaders.set('x-portal-path', `${pathname}${search}`);
    // The language of the embedded dashboard's token, for the root layout; never the client's.
    requestHeaders.delete(EMBED_LOCALE_HEADER);
    if (embed.locale) requestHeaders.set(EMBED_LOCALE_HEADER, embed.locale);
    // The launcher (scripts/start.ts) wrote the client's address with the key it gave this process;
    // any other value of the header was sent by the client (or the portal runs without the
    // launcher) and is dropped with its key: Next.js passes on exactly the headers given here.
    // The launcher's pair goes on, for lib/server/request.ts to check again.
    const address = launcherClientAddress(
      request.headers.get(CLIENT_ADDRESS_HEADER),
      request.headers.get(CLIENT_ADDRESS_KEY_HEADER),
      process.env[CLIENT_ADDRESS_KEY_ENV],
    );
    if (!address) {
      requestHeaders.delete(CLIENT_ADDRESS_HEADER);
      requestHeaders.delete(CLIENT_ADDRESS_KEY_HEADER);
    }
    const csrf = pathname === '/signin' && request.method === 'GET' ? await missingCsrfCookie(request) : null;
    // The page reads it from this request's cookies; the browser keeps it from this response on.
    if (csrf)
      requestHeaders.set(
        'cookie',
        [request.headers.get('cookie'), `${csrf.name}=${encodeURIComponent(csrf.value)}`].filter(Boolean).join('; '),
      );
    response = NextResponse.next({ request: { headers: requestHeaders } });
    if (csrf) response.cookies.set(csrf.name, csrf.value, { httpOnly: true, sameSite: 'lax', path: '/', secure: https });
  }
  for (const [key, value] of Object.entries(headers)) response.headers.set(key, value);
  return response;
}

/**
 * The sign-in page's forms post to next-auth with its CSRF token, read from next-auth's cookie. A
 * browser that has never called next-auth has none: one is made here, as next-auth makes it, so
 * that signing in without JavaScript works at the first try.
 */
async function missingCsrfCookie(request: NextRequest): Promise<{ name: string; value: string } | null> {
  const name = csrfCookieName(process.env.NEXTAUTH_URL);
  const secret = process.env.NEXTAUTH_SECRET ?? process.env.AUTH_SECRET;
  if (request.cookies.has(name) || !secret) return null;
  const { value } = await newCsrfCookie(secret, crypto.getRandomValues(new Uint8Array(32)));
  return { name, value };
}

/** Where a form may send the browser on to: the identity providers' sign-in pages (the sign-in buttons post to the portal, which redirects there). */
function formTargets(): string[] {
  const cloud = process.env.AUTH_ENTRA_TENANT_ID ? process.env.AUTH_ENTRA_CLOUD || 'global' : undefined;
  return signInFormOrigins({ entraCloud: cloud, oidcIssuer: process.env.AUTH_OIDC_ISSUER || undefined });
}

// The CSV import's two upload routes are left out: Next reads a request's whole body for the proxy
// before the route runs, and those routes must stop reading an upload at its size limit
// (lib/server/request-body.ts). They guard themselves and set their own headers.
export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico|customers/import/preview|customers/import/apply).*)' }],
};
