// The client's address, as the portal's own HTTP server works it out (scripts/start.ts) and
// hands to the application in the `x-portal-client` header, replacing any value a client sent.
// The proxy (proxy.ts) keeps that header only when it comes with the key the launcher generated
// at start, and drops it otherwise; the application's readers (lib/server/request.ts) check the
// same, for paths the proxy does not see. A client can never set its own address, however the
// portal is served (docs/decisions/0017-client-address-header.md).

/**
 * With `trustedHops` proxies in front of the portal (TRUSTED_PROXY_HOPS), the client is the
 * address that the outermost trusted proxy saw: counted from the right of X-Forwarded-For, since
 * anything further left was written by the client itself and cannot be trusted.
 */
export function clientAddress(
  forwardedFor: string | null | undefined,
  remoteAddress: string | null | undefined,
  trustedHops: number,
): string {
  const remote = normalise(remoteAddress);
  if (trustedHops <= 0) return remote;
  const chain = (forwardedFor ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const all = [...chain, remote];
  const index = all.length - 1 - trustedHops;
  return normalise(index >= 0 ? all[index] : all[0]);
}

function normalise(value: string | null | undefined): string {
  const trimmed = (value ?? '').trim();
  if (!trimmed) return 'unknown';
  return (trimmed.startsWith('::ffff:') ? trimmed.slice(7) : trimmed).slice(0, 64);
}

export const CLIENT_ADDRESS_HEADER = 'x-portal-client';
/** Sent by the launcher beside the address: the key it generated at start. */
export const CLIENT_ADDRESS_KEY_HEADER = 'x-portal-client-key';
/** The environment variable through which the launcher hands its key to the proxy and the application (the same process). */
export const CLIENT_ADDRESS_KEY_ENV = 'PORTAL_CLIENT_ADDRESS_KEY';

/**
 * The address the proxy lets through: the header's value when the request carries the launcher's
 * key, else null (a client's own value, a wrong key, or no launcher: no key expected at all).
 */
export function launcherClientAddress(address: string | null, key: string | null, expectedKey: string | undefined): string | null {
  if (!address || !key || !expectedKey || !sameText(key, expectedKey)) return null;
  return address;
}

/** Compares in a time that does not depend on where the texts first differ. */
function sameText(a: string, b: string): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) difference |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return difference === 0;
}
