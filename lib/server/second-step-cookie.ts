import 'server-only';
import { cookies } from 'next/headers';
import { SECOND_STEP_TIME_LIMIT_MS } from '../domain/two-step';
import { isHttpsUrl } from '../domain/security-headers';

// The secret of a sign-in's second step travels in an httpOnly cookie, never in a URL or a page:
// set by the password step (next-auth's credentials callback, a route handler, where Next.js
// sends cookies set through next/headers with its response), read by the sign-in page and by the
// code step, removed when the sign-in is done or given up.

function cookieName(): string {
  return isHttpsUrl(process.env.NEXTAUTH_URL) ? '__Host-portal-second-step' : 'portal-second-step';
}

const options = (maxAge: number) =>
  ({ httpOnly: true, sameSite: 'lax', secure: isHttpsUrl(process.env.NEXTAUTH_URL), path: '/', maxAge }) as const;

export async function setSecondStepCookie(token: string): Promise<void> {
  (await cookies()).set(cookieName(), token, options(SECOND_STEP_TIME_LIMIT_MS / 1000));
}

export async function readSecondStepCookie(): Promise<string | null> {
  return (await cookies()).get(cookieName())?.value || null;
}

/** Removed with the attributes it was set with (a `__Host-` cookie is only replaced by a secure one). */
export async function clearSecondStepCookie(): Promise<void> {
  (await cookies()).set(cookieName(), '', options(0));
}
