import 'server-only';
import { headers } from 'next/headers';
import { CLIENT_ADDRESS_HEADER, CLIENT_ADDRESS_KEY_ENV, CLIENT_ADDRESS_KEY_HEADER, launcherClientAddress } from '../domain/address';

/**
 * A request's client address, as the portal's HTTP server set it from the socket and
 * TRUSTED_PROXY_HOPS: taken only with the key that server generated at start, else `unknown`.
 * Checked here as well as in the proxy, which some paths do not go through
 * (docs/decisions/0017-client-address-header.md).
 */
export function clientAddressOf(header: (name: string) => string | null | undefined): string {
  const address = header(CLIENT_ADDRESS_HEADER) ?? null;
  return launcherClientAddress(address, header(CLIENT_ADDRESS_KEY_HEADER) ?? null, process.env[CLIENT_ADDRESS_KEY_ENV]) ?? 'unknown';
}

/** The client address of the current request (pages, server actions, route handlers). */
export async function requestAddress(): Promise<string> {
  const current = await headers();
  return clientAddressOf((name) => current.get(name));
}

/** The path and query of the current request, set by proxy.ts (for "back after sign-in"). */
export async function requestPath(): Promise<string> {
  const h = await headers();
  return h.get('x-portal-path') ?? '/';
}
