import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pruneSignInAttempts, verifySignIn } from '../../lib/server/data/sign-in';
import { authOptions } from '../../lib/server/auth';
import {
  MAX_FAILURES_PER_ADDRESS,
  MAX_FAILURES_PER_EMAIL,
  MAX_FAILURES_PER_EMAIL_AND_ADDRESS,
  attemptsExpireBefore,
} from '../../lib/domain/throttle';
import { hashPassword } from '../../lib/runtime/password';
import { testDb } from '../support/factories';

async function makeUser(active = true) {
  const email = `user-${randomUUID().slice(0, 8)}@signin.example`;
  const user = await testDb().user.create({
    data: { email, displayName: 'Sign In Test', role: 'PORTAL_ADMIN', active, passwordHash: await hashPassword('correct horse battery') },
    select: { id: true },
  });
  return { email, id: user.id };
}

/** Failed attempts recorded directly, as earlier failures would have left them. */
async function failures(email: string, address: (i: number) => string, count: number) {
  await testDb().signInAttempt.createMany({
    data: Array.from({ length: count }, (_, i) => ({ email, address: address(i), success: false })),
  });
}

describe('sign-in', () => {
  it('accepts the right password (any letter case of the email) and records the attempt', async () => {
    const { email, id } = await makeUser();
    const address = `10.0.0.${Math.floor(Math.random() * 200)}`;
    const result = await verifySignIn(email.toUpperCase(), 'correct horse battery', address);
    expect(result).toMatchObject({ ok: true, user: { id, email, role: 'PORTAL_ADMIN', sessionVersion: 0, locale: 'en' } });
    const attempts = await testDb().signInAttempt.findMany({ where: { email }, select: { success: true, address: true } });
    expect(attempts).toEqual([{ success: true, address }]);
  });

  it('answers the same for a wrong password and an unknown email', async () => {
    const { email } = await makeUser();
    const wrong = await verifySignIn(email, 'not the password', 'addr-wrong');
    const unknown = await verifySignIn(`nobody-${randomUUID()}@signin.example`, 'whatever', 'addr-wrong');
    expect(wrong).toEqual({ ok: false, code: 'INVALID_CREDENTIALS' });
    expect(unknown).toEqual(wrong);
  });

  it('refuses a deactivated user even with the right password', async () => {
    const { email } = await makeUser(false);
    expect(await verifySignIn(email, 'correct horse battery', 'addr-inactive')).toEqual({ ok: false, code: 'INVALID_CREDENTIALS' });
  });

  it('throttles after repeated failures per email and address, counted in the database', async () => {
    const { email } = await makeUser();
    const address = `throttle-${randomUUID().slice(0, 8)}`;
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL_AND_ADDRESS; i += 1) {
      expect(await verifySignIn(email, 'wrong', address)).toEqual({ ok: false, code: 'INVALID_CREDENTIALS' });
    }
    // Now even the right password is refused from that address…
    expect(await verifySignIn(email, 'correct horse battery', address)).toEqual({ ok: false, code: 'THROTTLED' });
    // …while another address is not affected.
    expect((await verifySignIn(email, 'correct horse battery', `${address}-other`)).ok).toBe(true);
    // Failures older than the window no longer count.
    await testDb().signInAttempt.updateMany({ where: { email, address }, data: { createdAt: new Date(Date.now() - 120_000) } });
    expect((await verifySignIn(email, 'correct horse battery', address)).ok).toBe(true);
  });

  it('throttles one account after repeated failures from many addresses, each below its own limits', async () => {
    const { email } = await makeUser();
    const tag = randomUUID().slice(0, 8);
    // 19 failures, each from an address of its own…
    await failures(email, (i) => `spread-${tag}-${i}`, MAX_FAILURES_PER_EMAIL - 1);
    // …the 20th is still checked against the password…
    expect(await verifySignIn(email, 'wrong', `spread-${tag}-last`)).toEqual({ ok: false, code: 'INVALID_CREDENTIALS' });
    // …and now the account is refused from any address, even with the right password.
    expect(await verifySignIn(email, 'correct horse battery', `spread-${tag}-new`)).toEqual({ ok: false, code: 'THROTTLED' });
    // Another account from the same addresses is not affected.
    const other = await makeUser();
    expect((await verifySignIn(other.email, 'correct horse battery', `spread-${tag}-new`)).ok).toBe(true);
    // Failures count for 15 minutes: at 14 minutes they still do, at 16 they no longer do.
    await testDb().signInAttempt.updateMany({ where: { email }, data: { createdAt: new Date(Date.now() - 14 * 60_000) } });
    expect(await verifySignIn(email, 'correct horse battery', `spread-${tag}-new`)).toEqual({ ok: false, code: 'THROTTLED' });
    await testDb().signInAttempt.updateMany({ where: { email }, data: { createdAt: new Date(Date.now() - 16 * 60_000) } });
    expect((await verifySignIn(email, 'correct horse battery', `spread-${tag}-new`)).ok).toBe(true);
  });

  describe('concurrent attempts racing for the last failure allowed: exactly one is checked, the others are throttled', () => {
    const RACERS = 8;
    const race = async (attempts: { email: string; address: string }[]) => {
      const results = await Promise.all(attempts.map(({ email, address }) => verifySignIn(email, 'wrong', address)));
      const codes = results.map((result) => (result.ok ? 'OK' : result.code));
      return {
        invalid: codes.filter((code) => code === 'INVALID_CREDENTIALS').length,
        throttled: codes.filter((code) => code === 'THROTTLED').length,
      };
    };

    it('per email, from as many addresses', async () => {
      const { email } = await makeUser();
      const tag = randomUUID().slice(0, 8);
      await failures(email, (i) => `before-${tag}-${i}`, MAX_FAILURES_PER_EMAIL - 1);
      const outcome = await race(Array.from({ length: RACERS }, (_, i) => ({ email, address: `racer-${tag}-${i}` })));
      expect(outcome).toEqual({ invalid: 1, throttled: RACERS - 1 });
      expect(await testDb().signInAttempt.count({ where: { email, success: false } })).toBe(MAX_FAILURES_PER_EMAIL - 1 + RACERS);
      // Each outcome is an audit event of its own.
      const actions = await testDb().auditEvent.groupBy({ by: ['action'], where: { actorLabel: email }, _count: true });
      expect(Object.fromEntries(actions.map((a) => [a.action, a._count]))).toEqual({
        'user.sign_in_failed': 1,
        'user.sign_in_throttled': RACERS - 1,
      });
    });

    it('per email and address', async () => {
      const { email } = await makeUser();
      const address = `pair-${randomUUID().slice(0, 8)}`;
      await failures(email, () => address, MAX_FAILURES_PER_EMAIL_AND_ADDRESS - 1);
      expect(await race(Array.from({ length: RACERS }, () => ({ email, address })))).toEqual({ invalid: 1, throttled: RACERS - 1 });
    });

    it('per address, for as many emails', async () => {
      const tag = randomUUID().slice(0, 8);
      const address = `spray-${tag}`;
      for (let i = 0; i < MAX_FAILURES_PER_ADDRESS - 1; i += 1) await failures(`sprayed-${tag}-${i}@signin.example`, () => address, 1);
      const attempts = Array.from({ length: RACERS }, (_, i) => ({ email: `racer-${tag}-${i}@signin.example`, address }));
      expect(await race(attempts)).toEqual({ invalid: 1, throttled: RACERS - 1 });
    });
  });

  it('audits every outcome with the email and the address, never the password', async () => {
    const { email, id } = await makeUser();
    const address = `audit-${randomUUID().slice(0, 8)}`;
    await verifySignIn(email, 'correct horse battery', address);
    await verifySignIn(email, 'a-wrong-password', address);
    await failures(email, () => address, MAX_FAILURES_PER_EMAIL_AND_ADDRESS);
    await verifySignIn(email, 'another-wrong-password', address);
    const events = await testDb().auditEvent.findMany({
      where: { targetId: id, action: { startsWith: 'user.sign' } },
      orderBy: { id: 'asc' },
      select: { action: true, actorId: true, actorLabel: true, address: true, after: true, targetType: true },
    });
    expect(events).toEqual([
      { action: 'user.signed_in', actorId: id, actorLabel: email, address, after: { method: 'PASSWORD' }, targetType: 'User' },
      { action: 'user.sign_in_failed', actorId: null, actorLabel: email, address, after: { email }, targetType: 'User' },
      {
        action: 'user.sign_in_throttled',
        actorId: null,
        actorLabel: email,
        address,
        after: { email, limit: 'emailAndAddress' },
        targetType: 'User',
      },
    ]);
    expect(JSON.stringify(events)).not.toMatch(/password/);
    // An unknown email is audited too, under the email it tried.
    const unknown = `nobody-${randomUUID().slice(0, 8)}@signin.example`;
    await verifySignIn(unknown, 'whatever', address);
    expect(
      await testDb().auditEvent.findMany({ where: { actorLabel: unknown }, select: { action: true, targetId: true, partnerId: true } }),
    ).toEqual([{ action: 'user.sign_in_failed', targetId: null, partnerId: null }]);
  });
});

describe('the sign-in form', () => {
  type Authorize = (credentials: Record<string, string>, request: { headers: Record<string, string> }) => Promise<unknown>;
  const authorize = (authOptions.providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;

  it('records, counts and audits a malformed attempt (no password, or one too long) like a wrong password', async () => {
    const { email, id } = await makeUser();
    for (const password of ['', 'x'.repeat(2000)]) {
      await expect(authorize({ email, password }, { headers: {} })).rejects.toThrow('INVALID_CREDENTIALS');
    }
    expect(await testDb().auditEvent.count({ where: { targetId: id, action: 'user.sign_in_failed', address: 'unknown' } })).toBe(2);
    expect(await testDb().signInAttempt.count({ where: { email, success: false } })).toBe(2);
  });
});

describe('pruneSignInAttempts', () => {
  it('deletes the attempts older than the retention in batches, and keeps the rest', async () => {
    const email = `prune-${randomUUID().slice(0, 8)}@signin.example`;
    const now = new Date();
    const cutoff = attemptsExpireBefore(now);
    const at = (offsetMs: number) => new Date(cutoff.getTime() + offsetMs);
    await testDb().signInAttempt.createMany({
      data: [
        ...Array.from({ length: 7 }, (_, i) => ({ email, address: 'old', success: i % 2 === 0, createdAt: at(-60_000 - i) })),
        { email, address: 'just-kept', success: false, createdAt: at(1_000) },
        { email, address: 'recent', success: false, createdAt: now },
      ],
    });
    // 7 old rows, 3 a batch, at most 2 batches a call: 6 go, and the call says more are left.
    expect(await pruneSignInAttempts(testDb(), cutoff, { batchSize: 3, maxBatches: 2 })).toEqual({ deleted: 6, done: false });
    const second = await pruneSignInAttempts(testDb(), cutoff, { batchSize: 3, maxBatches: 2 });
    expect(second.done).toBe(true);
    expect(second.deleted).toBeGreaterThanOrEqual(1);
    const left = await testDb().signInAttempt.findMany({ where: { email }, select: { address: true }, orderBy: { createdAt: 'asc' } });
    expect(left).toEqual([{ address: 'just-kept' }, { address: 'recent' }]);
  });
});
