import 'server-only';
import { cookies } from 'next/headers';
import { decode } from 'next-auth/jwt';

// The session of this request, read straight from next-auth's session cookie: the same signed and
// encrypted JWT that next-auth wrote at sign-in, opened with the same secret and checks (expiry,
// with next-auth's 15 s clock tolerance). next-auth's getServerSession() gives the same claims but
// runs its whole request handler (cookie store, callbacks, a rolling cookie a page cannot set) to
// get there; the guard only needs the user id and session version it re-checks in the database.
// See docs/decisions/0012-request-cost.md.

export type SessionClaims = { uid: string; sv: number };

/** next-auth's cookie names: `__Secure-` over https; large tokens are split into `.0`, `.1`, … chunks. */
const COOKIE_NAMES = ['__Secure-next-auth.session-token', 'next-auth.session-token'] as const;

/** The raw token from a cookie store: the whole cookie, or its chunks joined in order. */
export function sessionTokenFrom(all: readonly { name: string; value: string }[]): string | null {
  for (const name of COOKIE_NAMES) {
    const whole = all.find((cookie) => cookie.name === name);
    if (whole?.value) return whole.value;
    const chunks = all
      .map((cookie) => ({ cookie, index: cookie.name.startsWith(`${name}.`) ? Number(cookie.name.slice(name.length + 1)) : NaN }))
      .filter(({ index }) => Number.isInteger(index) && index >= 0)
      .sort((a, b) => a.index - b.index);
    if (chunks.length > 0) return chunks.map(({ cookie }) => cookie.value).join('');
  }
  return null;
}

/** The claims the guard needs from a raw session token, or null (no token or secret, a bad, forged or expired token). */
export async function sessionClaims(token: string | null, secret: string | undefined): Promise<SessionClaims | null> {
  if (!token || !secret) return null;
  try {
    const claims = await decode({ token, secret });
    if (!claims || typeof claims.uid !== 'string' || typeof claims.sv !== 'number') return null;
    return { uid: claims.uid, sv: claims.sv };
  } catch {
    return null;
  }
}

/** The signed-in user's id and session version from this request's cookies, or null. */
export async function readSession(): Promise<SessionClaims | null> {
  return sessionClaims(sessionTokenFrom((await cookies()).getAll()), process.env.NEXTAUTH_SECRET ?? process.env.AUTH_SECRET);
}
