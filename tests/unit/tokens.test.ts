import { describe, expect, it } from 'vitest';
import { hashToken, newTokenSecret } from '@/lib/runtime/tokens';

describe('hashToken', () => {
  it('is the lowercase hex SHA-256 of the secret (known vectors)', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashToken('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('hashes the UTF-8 bytes', () => {
    // sha256 of the bytes c3 a9 (precomposed "é"); the decomposed form "e" + U+0301 is other bytes, another hash.
    expect(hashToken('\u00e9')).toBe('4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c');
    expect(hashToken('e\u0301')).toBe('bf12767b0f2a56b2190075bae8169f656e3ce8d6357d4aff184bc6c7ea48f9f6');
    expect(hashToken('cpt_secret')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken('cpt_secret')).toBe(hashToken('cpt_secret'));
    expect(hashToken('cpt_secret')).not.toBe(hashToken('cpt_secreT'));
  });
});

describe('newTokenSecret', () => {
  it.each(['cpt', 'cpe'] as const)('starts with %s_ and carries 24 random bytes as base64url', (prefix) => {
    const secret = newTokenSecret(prefix);
    expect(secret).toMatch(new RegExp(`^${prefix}_[A-Za-z0-9_-]{32}$`));
    expect(Buffer.from(secret.slice(4), 'base64url')).toHaveLength(24);
  });

  it('never repeats', () => {
    const secrets = new Set(Array.from({ length: 1000 }, () => newTokenSecret('cpt')));
    expect(secrets.size).toBe(1000);
  });
});
