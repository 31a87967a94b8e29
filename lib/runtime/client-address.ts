// The launcher's side of the client address (lib/domain/address.ts): a key of its own for this
// process, handed to the proxy through the environment, and the headers it writes on each request.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { CLIENT_ADDRESS_HEADER, CLIENT_ADDRESS_KEY_ENV, CLIENT_ADDRESS_KEY_HEADER, clientAddress } from '../domain/address';

/**
 * Generates this process's key (call before Next.js starts) and returns the function that writes
 * the client's address, from the socket and `trustedProxyHops`, and the key onto a request,
 * replacing whatever the client sent under those names.
 */
export function clientAddressStamp(
  trustedProxyHops: number,
  env: Record<string, string | undefined> = process.env,
): (request: IncomingMessage) => void {
  const key = randomBytes(32).toString('base64url');
  env[CLIENT_ADDRESS_KEY_ENV] = key;
  return (request) => {
    const forwarded = request.headers['x-forwarded-for'];
    request.headers[CLIENT_ADDRESS_HEADER] = clientAddress(
      Array.isArray(forwarded) ? forwarded.join(',') : forwarded,
      request.socket.remoteAddress,
      trustedProxyHops,
    );
    request.headers[CLIENT_ADDRESS_KEY_HEADER] = key;
  };
}
