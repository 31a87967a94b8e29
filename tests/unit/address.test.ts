import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Socket } from 'node:net';
import { IncomingMessage } from 'node:http';
import {
  CLIENT_ADDRESS_HEADER,
  CLIENT_ADDRESS_KEY_ENV,
  CLIENT_ADDRESS_KEY_HEADER,
  clientAddress,
  launcherClientAddress,
} from '@/lib/domain/address';
import { clientAddressStamp } from '@/lib/runtime/client-address';

describe('clientAddress', () => {
  it('with no trusted proxy, is the socket address whatever X-Forwarded-For says', () => {
    expect(clientAddress('203.0.113.7', '198.51.100.2', 0)).toBe('198.51.100.2');
    expect(clientAddress(null, '198.51.100.2', 0)).toBe('198.51.100.2');
  });

  it('with one trusted proxy, is the last X-Forwarded-For entry (the one the proxy wrote)', () => {
    expect(clientAddress('203.0.113.7', '10.0.0.1', 1)).toBe('203.0.113.7');
    // A client that forges entries only adds to the left: they are ignored.
    expect(clientAddress('1.2.3.4, 5.6.7.8, 203.0.113.7', '10.0.0.1', 1)).toBe('203.0.113.7');
  });

  it('with two trusted proxies, skips both', () => {
    expect(clientAddress('203.0.113.7, 10.0.0.9', '10.0.0.1', 2)).toBe('203.0.113.7');
    expect(clientAddress('6.6.6.6, 203.0.113.7, 10.0.0.9', '10.0.0.1', 2)).toBe('203.0.113.7');
  });

  it('with more trusted hops than entries, takes the leftmost entry', () => {
    expect(clientAddress('203.0.113.7', '10.0.0.1', 5)).toBe('203.0.113.7');
    expect(clientAddress(null, '10.0.0.1', 3)).toBe('10.0.0.1');
  });

  it('unwraps IPv4-mapped IPv6 socket addresses, trims, and says unknown when there is nothing', () => {
    expect(clientAddress(null, '::ffff:127.0.0.1', 0)).toBe('127.0.0.1');
    expect(clientAddress(null, ' ::1 ', 0)).toBe('::1');
    expect(clientAddress(null, undefined, 0)).toBe('unknown');
    expect(clientAddress(' , ', '', 1)).toBe('unknown');
  });

  it('never returns more than 64 characters', () => {
    fc.assert(
      fc.property(fc.option(fc.string()), fc.option(fc.string()), fc.integer({ min: 0, max: 10 }), (xff, remote, hops) => {
        const value = clientAddress(xff, remote, hops);
        expect(value.length).toBeGreaterThan(0);
        expect(value.length).toBeLessThanOrEqual(64);
      }),
    );
  });
});

describe('launcherClientAddress', () => {
  const key = 'k3y-of-the-launcher';

  it('is the address when the key is the expected one', () => {
    expect(launcherClientAddress('203.0.113.7', key, key)).toBe('203.0.113.7');
  });

  it('is null without the key, with another key (shorter, longer, same length) or when no key is expected', () => {
    expect(launcherClientAddress('203.0.113.7', null, key)).toBeNull();
    expect(launcherClientAddress('203.0.113.7', '', key)).toBeNull();
    expect(launcherClientAddress('203.0.113.7', key.slice(0, -1), key)).toBeNull();
    expect(launcherClientAddress('203.0.113.7', `${key}!`, key)).toBeNull();
    expect(launcherClientAddress('203.0.113.7', key.replace('k', 'K'), key)).toBeNull();
    expect(launcherClientAddress('203.0.113.7', key, undefined)).toBeNull();
    expect(launcherClientAddress('203.0.113.7', '', '')).toBeNull();
    expect(launcherClientAddress(null, key, key)).toBeNull();
  });

  it('never accepts a key that differs from the expected one', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), (sent, expected) => {
        expect(launcherClientAddress('a', sent, expected)).toBe(sent === expected ? 'a' : null);
      }),
    );
  });
});

describe('clientAddressStamp (the launcher)', () => {
  function request(headers: Record<string, string>, remoteAddress: string): IncomingMessage {
    const socket = new Socket();
    Object.defineProperty(socket, 'remoteAddress', { value: remoteAddress });
    const message = new IncomingMessage(socket);
    Object.assign(message.headers, headers);
    return message;
  }

  it("writes the socket's address and this process's key over whatever the client sent", () => {
    const env: Record<string, string | undefined> = {};
    const stamp = clientAddressStamp(0, env);
    const key = env[CLIENT_ADDRESS_KEY_ENV];
    expect(key).toMatch(/^[\w-]{43}$/);
    const forged = request(
      { [CLIENT_ADDRESS_HEADER]: '1.2.3.4', [CLIENT_ADDRESS_KEY_HEADER]: 'guessed', 'x-forwarded-for': '5.6.7.8' },
      '::ffff:198.51.100.2',
    );
    stamp(forged);
    expect(forged.headers[CLIENT_ADDRESS_HEADER]).toBe('198.51.100.2');
    expect(forged.headers[CLIENT_ADDRESS_KEY_HEADER]).toBe(key);
    expect(launcherClientAddress('198.51.100.2', key ?? null, env[CLIENT_ADDRESS_KEY_ENV])).toBe('198.51.100.2');
  });

  it('trusts X-Forwarded-For as far as the configured proxies, and makes a new key each start', () => {
    const env: Record<string, string | undefined> = {};
    const stamp = clientAddressStamp(1, env);
    const behindProxy = request({ 'x-forwarded-for': '6.6.6.6, 203.0.113.7' }, '10.0.0.1');
    stamp(behindProxy);
    expect(behindProxy.headers[CLIENT_ADDRESS_HEADER]).toBe('203.0.113.7');
    const first = env[CLIENT_ADDRESS_KEY_ENV];
    clientAddressStamp(1, env);
    expect(env[CLIENT_ADDRESS_KEY_ENV]).not.toBe(first);
  });
});
