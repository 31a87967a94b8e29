import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, SecretUnreadableError } from '@/lib/server/crypto';
import { isEncryptionKey } from '@/lib/runtime/config';

const KEY = randomBytes(32).toString('base64');

describe('secrets at rest', () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.DATA_ENCRYPTION_KEY;
    process.env.DATA_ENCRYPTION_KEY = KEY;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.DATA_ENCRYPTION_KEY;
    else process.env.DATA_ENCRYPTION_KEY = saved;
  });

  it('round-trips any text, with a new nonce each time', () => {
    for (const text of ['', 'JBSWY3DPEHPK3PXP', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', '林小姐 🚀'.repeat(100)]) {
      const first = encryptSecret(text, 'webhook');
      expect(first).toMatch(/^v1\.[\w-]+\.[\w-]*\.[\w-]+$/);
      expect(first).not.toContain(text || 'never');
      expect(encryptSecret(text, 'webhook')).not.toBe(first);
      expect(decryptSecret(first, 'webhook')).toBe(text);
    }
  });

  it('refuses another purpose, another key, and any change to the stored value', () => {
    const stored = encryptSecret('secret', 'two-step');
    expect(() => decryptSecret(stored, 'webhook')).toThrow(SecretUnreadableError);
    const [v, nonce, body, tag] = stored.split('.');
    // The first character: the last one of a base64url value may carry only padding bits.
    const flip = (text: string) => `${text.startsWith('A') ? 'B' : 'A'}${text.slice(1)}`;
    for (const changed of [
      `${v}.${flip(nonce!)}.${body}.${tag}`,
      `${v}.${nonce}.${flip(body!)}.${tag}`,
      `${v}.${nonce}.${body}.${flip(tag!)}`,
      `v2.${nonce}.${body}.${tag}`,
      'garbage',
      `${stored}.x`,
    ]) {
      expect(() => decryptSecret(changed, 'two-step')).toThrow(SecretUnreadableError);
    }
    process.env.DATA_ENCRYPTION_KEY = randomBytes(32).toString('base64');
    expect(() => decryptSecret(stored, 'two-step')).toThrow(SecretUnreadableError);
  });

  it('will not work without a proper key', () => {
    delete process.env.DATA_ENCRYPTION_KEY;
    expect(() => encryptSecret('x', 'webhook')).toThrow(/DATA_ENCRYPTION_KEY/);
    process.env.DATA_ENCRYPTION_KEY = 'too-short';
    expect(() => encryptSecret('x', 'webhook')).toThrow(/DATA_ENCRYPTION_KEY/);
  });

  it('accepts 32 bytes in base64 or base64url, nothing else', () => {
    expect(isEncryptionKey(KEY)).toBe(true);
    expect(isEncryptionKey(randomBytes(32).toString('base64url'))).toBe(true);
    expect(isEncryptionKey(randomBytes(31).toString('base64'))).toBe(false);
    expect(isEncryptionKey(randomBytes(33).toString('base64'))).toBe(false);
    expect(isEncryptionKey(randomBytes(32).toString('hex'))).toBe(false);
    expect(isEncryptionKey('')).toBe(false);
  });
});
