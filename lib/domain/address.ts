// The client's address, as the portal's own HTTP server works it out (scripts/start.ts) and
// hands to the application in the `x-portal-client` header, replacing any value a client sent.

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
