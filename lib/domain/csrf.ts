// next-auth's CSRF cookie, as next-auth names and makes it: `<token>|<SHA-256 hex of token and
// secret>`. The proxy makes one for the sign-in page when the browser has none yet, so that the
// page's forms carry a token from the first visit, script or no script (proxy.ts).

/** `__Host-next-auth.csrf-token` when the portal's URL is https, `next-auth.csrf-token` otherwise. */
export function csrfCookieName(portalUrl: string | undefined): string {
  return portalUrl?.startsWith('https://') ? '__Host-next-auth.csrf-token' : 'next-auth.csrf-token';
}

const hex = (bytes: ArrayBuffer | Uint8Array) => [...new Uint8Array(bytes)].map((byte) => byte.toString(16).padStart(2, '0')).join('');

/** A new cookie value from 32 random bytes (Web Crypto, so that it runs wherever the proxy runs). */
export async function newCsrfCookie(secret: string, random: Uint8Array): Promise<{ token: string; value: string }> {
  const token = hex(random);
  const hash = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${token}${secret}`));
  return { token, value: `${token}|${hex(hash)}` };
}
