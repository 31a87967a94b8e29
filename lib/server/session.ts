import 'server-only';
import { createHash } from 'node:crypto';
import { cookies } from 'next/headers';
import { decode } from 'next-auth/jwt';
import { csrfCookieName } from '../domain/csrf';

// The session of this request, read straight from next-auth's session cookie: the same signed and
// encrypted JWT that next-auth wrote at sign-in, opened with the same secret and checks (expiry,
// with next-auth's 15 s clock tolerance). next-auth's getServerSession() gives the same claims but
// runs its whole request handler (cookie store, callbacks, a rolling cookie a page cannot set) to
// get there; the guard only needs the user id and session version it re-checks in the database.
// See docs/decisions/0012-request-cost.md.

export type SessionClaims = { uid: string; sv: number; sid: string };

/**
 * next-auth's session cookie: `__Secure-next-auth.session-token` when the portal's URL is https,
 * `next-auth.session-token` otherwise — one name, as next-auth itself reads and clears it (a
 * cookie of the other name, planted or left over, is not a session). A large token is split into
 * `.0`, `.1`, … chunks.
 */
export function sessionCookieName(portalUrl: string | undefined): string {
  return portalUrl?.startsWith('https://') ? '__Secure-next-auth.session-token' : 'next-auth.session-token';
}

/** The raw token from a cookie store: the whole cookie, or its chunks joined in order. */
export function sessionTokenFrom(all: readonly { name: string; value: string }[], name: string): string | null {
  const whole = all.find((cookie) => cookie.name === name);
  if (whole?.value) return whole.value;
  const chunks = all
    .map((cookie) => ({ cookie, index: cookie.name.startsWith(`${name}.`) ? Number(cookie.name.slice(name.length + 1)) : NaN }))
    .filter(({ index }) => Number.isInteger(index) && index >= 0)
    .sort((a, b) => a.index - b.index);
  return chunks.length > 0 ? chunks.map(({ cookie }) => cookie.value).join('') : null;
}

/** The claims the guard needs from a raw session token, or null (no token or secret, a bad, forged or expired token). */
export async function sessionClaims(token: string | null, secret: string | undefined): Promise<SessionClaims | null> {
  if (!token || !secret) return null;
  try {
    const claims = await decode({ token, secret });
    if (!claims || typeof claims.uid !== 'string' || typeof claims.sv !== 'number' || typeof claims.sid !== 'string') return null;
    return { uid: claims.uid, sv: claims.sv, sid: claims.sid };
  } catch {
    return null;
  }
}

/** The signed-in user's id and session version from this request's cookies, or null. */
export async function readSession(): Promise<SessionClaims | null> {
  const name = sessionCookieName(process.env.NEXTAUTH_URL);
  return sessionClaims(sessionTokenFrom((await cookies()).getAll(), name), process.env.NEXTAUTH_SECRET);
}

/**
 * The token in next-auth's CSRF cookie (`<token>|<sha256 of token and secret>`), or null when the
 * cookie is missing or was not made with this secret. next-auth signs out only when a POST's
 * `csrfToken` field equals this token and the cookie checks out the same way.
 */
export function csrfTokenFrom(cookieValue: string | undefined, secret: string | undefined): string | null {
  if (!cookieValue || !secret) return null;
  const [token, hash] = cookieValue.split('|');
  if (!token || !hash) return null;
  return createHash('sha256').update(`${token}${secret}`).digest('hex') === hash ? token : null;
}

/** This request's CSRF token for a form posting to next-auth (sign-in, sign-out), or null. */
export async function readCsrfToken(): Promise<string | null> {
  const cookie = (await cookies()).get(csrfCookieName(process.env.NEXTAUTH_URL));
  return csrfTokenFrom(cookie?.value, process.env.NEXTAUTH_SECRET);
}
