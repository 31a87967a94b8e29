// Runs before every request: security headers with a per-request CSP nonce, the request path for
// "back after sign-in", and a comfort redirect to /signin when there is no session cookie at all.
// It is NOT the access check: every page, action and route handler guards itself.
import { NextResponse, type NextRequest } from 'next/server';
import { securityHeaders } from './lib/domain/security-headers';

const PUBLIC_PREFIXES = ['/signin', '/api/', '/embed/', '/_next/', '/favicon', '/icon', '/robots.txt'];
const SESSION_COOKIES = ['next-auth.session-token', '__Secure-next-auth.session-token'];

export function proxy(request: NextRequest) {
  const nonce = btoa(crypto.randomUUID());
  const { pathname, search } = request.nextUrl;
  const https = request.nextUrl.protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
  const headers = securityHeaders({ nonce, dev: process.env.NODE_ENV === 'development', https, frameAncestors: [] });

  const isPublic = pathname === '/' || PUBLIC_PREFIXES.some((prefix) => pathname.startsWith(prefix));
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  let response: NextResponse;
  if (!isPublic && !hasSession) {
    const target = new URL('/signin', request.url);
    target.searchParams.set('callbackUrl', `${pathname}${search}`);
    response = NextResponse.redirect(target);
  } else {
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set('x-nonce', nonce);
    requestHeaders.set('content-security-policy', headers['Content-Security-Policy'] ?? '');
    requestHeaders.set('x-portal-path', `${pathname}${search}`);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  for (const [key, value] of Object.entries(headers)) response.headers.set(key, value);
  return response;
}

// The CSV import's two upload routes are left out: Next reads a request's whole body for the proxy
// before the route runs, and those routes must stop reading an upload at its size limit
// (lib/server/request-body.ts). They guard themselves and set their own headers.
export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico|customers/import/preview|customers/import/apply).*)' }],
};
