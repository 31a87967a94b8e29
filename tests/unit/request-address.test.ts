// The application's own check of the client address (lib/server/request.ts): the same rule as the
// proxy's, for the paths the proxy does not see.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLIENT_ADDRESS_KEY_ENV } from '@/lib/domain/address';
import { clientAddressOf } from '@/lib/server/request';

const KEY = 'launcher-key-for-this-process-0123456789';
const saved = process.env[CLIENT_ADDRESS_KEY_ENV];

beforeEach(() => {
  process.env[CLIENT_ADDRESS_KEY_ENV] = KEY;
});

afterEach(() => {
  if (saved === undefined) delete process.env[CLIENT_ADDRESS_KEY_ENV];
  else process.env[CLIENT_ADDRESS_KEY_ENV] = saved;
});

const from = (headers: Record<string, string>) => clientAddressOf((name) => headers[name]);

describe('clientAddressOf', () => {
  it("is the launcher's address when its key comes with it", () => {
    expect(from({ 'x-portal-client': '203.0.113.7', 'x-portal-client-key': KEY })).toBe('203.0.113.7');
  });

  it('is unknown for an address without the key or with another key', () => {
    expect(from({ 'x-portal-client': '198.51.100.66' })).toBe('unknown');
    expect(from({ 'x-portal-client': '198.51.100.66', 'x-portal-client-key': 'guessed' })).toBe('unknown');
    expect(from({})).toBe('unknown');
  });

  it('is unknown for every request when the portal runs without the launcher (no key in this process)', () => {
    delete process.env[CLIENT_ADDRESS_KEY_ENV];
    expect(from({ 'x-portal-client': '198.51.100.66', 'x-portal-client-key': KEY })).toBe('unknown');
    expect(from({ 'x-portal-client': '198.51.100.66', 'x-portal-client-key': '' })).toBe('unknown');
  });
});
