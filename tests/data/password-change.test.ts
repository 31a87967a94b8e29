import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { changePassword } from '../../lib/server/data/profile';
import { verifySignIn } from '../../lib/server/data/sign-in';
import { MAX_FAILURES_PER_EMAIL, MAX_FAILURES_PER_EMAIL_AND_ADDRESS } from '../../lib/domain/throttle';
import { hashPassword, verifyPassword } from '../../lib/runtime/password';
import type { UserViewer } from '../../lib/server/viewer';
import { testDb } from '../support/factories';

const PASSWORD = 'correct horse battery';

async function makeViewer(): Promise<UserViewer> {
  const email = `change-${randomUUID().slice(0, 8)}@password.example`;
  const user = await testDb().user.create({
    data: { email, displayName: 'Password Change Test', role: 'PORTAL_ADMIN', passwordHash: await hashPassword(PASSWORD) },
    select: { id: true },
  });
  return {
    userId: user.id,
    email,
    name: 'Password Change Test',
    role: 'PORTAL_ADMIN',
    partnerId: null,
    partnerName: null,
    locale: 'en',
    timeZone: 'UTC',
  };
}

const actionsOf = async (userId: string) =>
  (await testDb().auditEvent.findMany({ where: { targetId: userId }, orderBy: { id: 'asc' }, select: { action: true } })).map(
    (e) => e.action,
  );

describe('changing the password: the current-password check is throttled like a sign-in', () => {
  it('refuses once the wrong current passwords reach the limit, even with the right one, and audits it', async () => {
    const viewer = await makeViewer();
    const address = `change-${randomUUID().slice(0, 8)}`;
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL_AND_ADDRESS; i += 1) {
      expect(await changePassword(viewer, `wrong-${i}`, 'a-new-password-123', address)).toEqual({
        ok: false,
        code: 'CURRENT_PASSWORD_WRONG',
      });
    }
    expect(await changePassword(viewer, PASSWORD, 'a-new-password-123', address)).toEqual({ ok: false, code: 'THROTTLED' });
    // Nothing changed, and the password is still the old one.
    const user = await testDb().user.findUniqueOrThrow({
      where: { id: viewer.userId },
      select: { passwordHash: true, sessionVersion: true },
    });
    expect(user.sessionVersion).toBe(0);
    expect(await verifyPassword(PASSWORD, user.passwordHash)).toBe(true);
    // Recorded as attempts of the account, of their own kind.
    const attempts = await testDb().signInAttempt.groupBy({ by: ['kind', 'success'], where: { email: viewer.email }, _count: true });
    expect(attempts.map((a) => ({ kind: a.kind, success: a.success, count: a._count }))).toEqual([
      { kind: 'PASSWORD_CHANGE', success: false, count: MAX_FAILURES_PER_EMAIL_AND_ADDRESS + 1 },
    ]);
    const actions = await actionsOf(viewer.userId);
    expect(actions.filter((a) => a === 'user.password_change_failed')).toHaveLength(MAX_FAILURES_PER_EMAIL_AND_ADDRESS);
    expect(actions.at(-1)).toBe('user.password_change_throttled');
    const throttled = await testDb().auditEvent.findFirstOrThrow({
      where: { targetId: viewer.userId, action: 'user.password_change_throttled' },
      select: { actorId: true, actorLabel: true, address: true, after: true },
    });
    expect(throttled).toEqual({ actorId: viewer.userId, actorLabel: viewer.email, address, after: { limit: 'emailAndAddress' } });
  });

  it('shares one budget with sign-in: failures of either count for both', async () => {
    const viewer = await makeViewer();
    const tag = randomUUID().slice(0, 8);
    // Sign-in failures from many addresses use up the account's budget but one…
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL - 1; i += 1) {
      await testDb().signInAttempt.create({ data: { email: viewer.email, address: `elsewhere-${tag}-${i}`, success: false } });
    }
    expect(await changePassword(viewer, 'wrong', 'a-new-password-123', `session-${tag}`)).toEqual({
      ok: false,
      code: 'CURRENT_PASSWORD_WRONG',
    });
    // …the last one went to the password change: now both are refused.
    expect(await changePassword(viewer, PASSWORD, 'a-new-password-123', `session-${tag}`)).toEqual({ ok: false, code: 'THROTTLED' });
    expect(await verifySignIn(viewer.email, PASSWORD, `another-${tag}`)).toEqual({ ok: false, code: 'THROTTLED' });
  });

  it('records the right current password as a successful attempt and changes the password', async () => {
    const viewer = await makeViewer();
    const address = `change-${randomUUID().slice(0, 8)}`;
    expect(await changePassword(viewer, PASSWORD, 'a-new-password-123', address)).toEqual({ ok: true });
    const attempts = await testDb().signInAttempt.findMany({
      where: { email: viewer.email },
      select: { kind: true, success: true, address: true },
    });
    expect(attempts).toEqual([{ kind: 'PASSWORD_CHANGE', success: true, address }]);
    expect(await actionsOf(viewer.userId)).toEqual(['user.password_changed']);
    expect((await verifySignIn(viewer.email, 'a-new-password-123', address)).ok).toBe(true);
  });
});
