import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifySignIn } from '../../lib/server/data/sign-in';
import { MAX_FAILURES_PER_EMAIL_AND_ADDRESS } from '../../lib/domain/throttle';
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
});
