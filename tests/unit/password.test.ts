import { describe, expect, it } from 'vitest';
import { UNKNOWN_USER_HASH, hashPassword, verifyPassword } from '@/lib/runtime/password';

describe('hashPassword / verifyPassword', () => {
  it('verifies the password it hashed, in the scrypt$N$r$p$salt$hash format', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
  });

  it('refuses a wrong password, including near misses', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(await verifyPassword('correct horse battery stapl', stored)).toBe(false);
    expect(await verifyPassword('Correct horse battery staple', stored)).toBe(false);
    expect(await verifyPassword('correct horse battery staple ', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts: two hashes of the same password differ, and both verify', async () => {
    const [a, b] = await Promise.all([hashPassword('same password!'), hashPassword('same password!')]);
    expect(a).not.toBe(b);
    expect(a.split('$')[4]).not.toBe(b.split('$')[4]);
    expect(await verifyPassword('same password!', a)).toBe(true);
    expect(await verifyPassword('same password!', b)).toBe(true);
  });

  it('handles non-ASCII passwords and normalises them (NFKC)', async () => {
    const stored = await hashPassword('密碼-Ångström');
    expect(await verifyPassword('密碼-Ångström', stored)).toBe(true);
    // "Å" as A + combining ring, "ö" as o + combining diaeresis: the same password once normalised.
    expect(await verifyPassword('密碼-A\u030Angstro\u0308m', stored)).toBe(true);
    expect(await verifyPassword('密碼-Angstrom', stored)).toBe(false);
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['empty', ''],
    ['plain text', 'correct horse battery staple'],
    ['another scheme', 'bcrypt$16384$8$1$AAAA$AAAA'],
    ['too few parts', 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA'],
    ['too many parts', 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA$AAAA'],
    ['empty parts', 'scrypt$$$$$'],
    ['empty salt and hash', 'scrypt$16384$8$1$$'],
    ['truncated hash', 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA'],
  ] as const)('refuses a malformed stored hash (%s) with false', async (_, stored) => {
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(false);
  });

  // A corrupt row must not turn a sign-in into an exception: the contract is true or false.
  it.each([
    ['non-numeric N', 'scrypt$abc$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['N not a power of two', 'scrypt$3$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['N beyond the memory limit', 'scrypt$1048576$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
  ] as const)('refuses a stored hash with bad parameters (%s) with false, without throwing', async (_, stored) => {
    await expect(verifyPassword('correct horse battery staple', stored)).resolves.toBe(false);
  });

  it('the stand-in hash for unknown users is well-formed but verifies no password', async () => {
    expect(UNKNOWN_USER_HASH.split('$')).toHaveLength(6);
    expect(UNKNOWN_USER_HASH.startsWith('scrypt$16384$8$1$')).toBe(true);
    for (const password of ['', 'password', 'correct horse battery staple', 'A'.repeat(64), '\u0000']) {
      expect(await verifyPassword(password, UNKNOWN_USER_HASH)).toBe(false);
    }
  });

  it('spends the same scrypt work on the unknown-user hash as on a real one (no timing oracle)', async () => {
    const real = await hashPassword('x');
    expect(UNKNOWN_USER_HASH.split('$').slice(0, 4)).toEqual(real.split('$').slice(0, 4));
    expect(Buffer.from(UNKNOWN_USER_HASH.split('$')[5] ?? '', 'base64url')).toHaveLength(32);
    expect(Buffer.from(UNKNOWN_USER_HASH.split('$')[4] ?? '', 'base64url')).toHaveLength(16);
  });
});
