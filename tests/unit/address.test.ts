import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientAddress } from '@/lib/domain/address';

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
