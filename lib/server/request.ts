import 'server-only';
import { headers } from 'next/headers';
import { CLIENT_ADDRESS_HEADER } from '../domain/address';

/** Set by the portal's HTTP server from the socket and TRUSTED_PROXY_HOPS (never by the client). */
export async function requestAddress(): Promise<string> {
  return (await headers()).get(CLIENT_ADDRESS_HEADER) ?? 'unknown';
}

/** The path and query of the current request, set by proxy.ts (for "back after sign-in"). */
export async function requestPath(): Promise<string> {
  const h = await headers();
  return h.get('x-portal-path') ?? '/';
}
