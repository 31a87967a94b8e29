import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { verifySignIn } from '../../lib/server/data/sign-in';
import { verifySecondStep } from '../../lib/server/data/second-step';
import { dropSignInChallenge, findLiveChallenge } from '../../lib/server/data/sign-in-challenges';
import { confirmTwoStepEnrolment, getEnrolmentKey, startTwoStepEnrolment } from '../../lib/server/data/two-step';
import { MAX_FAILURES_PER_EMAIL_AND_ADDRESS } from '../../lib/domain/throttle';
import { SECOND_STEP_TIME_LIMIT_MS } from '../../lib/domain/two-step';
import { sha256Hex } from '../../lib/runtime/tokens';
import { totpCodeAt } from '../../lib/runtime/totp';
import { createTestPartner, createTestUser, testDb } from '../support/factories';

// A password sign-in of a user with two-step sign-in, against the real database: the password
// alone opens no session; the challenge and a code (or a recovery code) do, once.

const PASSWORD = 'correct horse battery staple';
const later = (now: Date, steps: number) => new Date(now.getTime() + steps * 30_000);
const address = () => `second-step-${randomUUID().slice(0, 8)}`;

async function enrolledUser(options: { twoStepExempt?: boolean; partnerId?: string } = {}) {
  const viewer = await createTestUser({
    role: options.partnerId ? 'PARTNER_AGENT' : 'PORTAL_ADMIN',
    partnerId: options.partnerId,
    password: PASSWORD,
  });
  await startTwoStepEnrolment(viewer, '192.0.2.1');
  const { key } = (await getEnrolmentKey(viewer))!;
  const enrolledAt = new Date();
  const confirmed = await confirmTwoStepEnrolment(viewer, totpCodeAt(key, enrolledAt), '192.0.2.1', enrolledAt);
  if (!confirmed.ok) throw new Error(confirmed.code);
  if (options.twoStepExempt) await testDb().user.update({ where: { id: viewer.userId }, data: { twoStepExempt: true } });
  return { viewer, key, enrolledAt, recoveryCodes: confirmed.recoveryCodes };
}

/** The password step; the challenge it opened. */
async function passwordStep(email: string, from: string, now = new Date()): Promise<string> {
  const result = await verifySignIn(email, PASSWORD, from, now);
  if (result.ok || result.code !== 'SECOND_STEP') throw new Error(`expected the second step, got ${JSON.stringify(result)}`);
  return result.challenge;
}

const actions = async (userId: string) =>
  (await testDb().auditEvent.findMany({ where: { targetId: userId }, orderBy: { id: 'asc' }, select: { action: true } })).map(
    (e) => e.action,
  );

describe('the password step of a user with two-step sign-in', () => {
  it('opens no session: a challenge, kept only as a hash, for five minutes', async () => {
    const { viewer } = await enrolledUser();
    const before = await actions(viewer.userId);
    const now = new Date();
    const challenge = await passwordStep(viewer.email.toUpperCase(), address(), now);
    expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await testDb().signInChallenge.findUniqueOrThrow({ where: { userId: viewer.userId } });
    expect(row.tokenHash).toBe(sha256Hex(challenge));
    expect(JSON.stringify(row)).not.toContain(challenge);
    expect(row.expiresAt.getTime() - now.getTime()).toBe(SECOND_STEP_TIME_LIMIT_MS);
    // The password was right (it does not count toward the limits), but nobody is signed in.
    expect((await actions(viewer.userId)).slice(before.length)).toEqual(['user.two_step_challenged']);
    expect(
      await testDb().signInAttempt.findFirst({ where: { email: viewer.email }, orderBy: { id: 'desc' }, select: { success: true } }),
    ).toEqual({
      success: true,
    });
    expect(await findLiveChallenge(challenge)).toMatchObject({ userId: viewer.userId });
  });

  it('signs a demo account in at once, and a wrong password never reaches the second step', async () => {
    const { viewer } = await enrolledUser({ twoStepExempt: true });
    expect(await verifySignIn(viewer.email, PASSWORD, address())).toMatchObject({ ok: true, user: { id: viewer.userId } });
    const other = await enrolledUser();
    expect(await verifySignIn(other.viewer.email, 'wrong', address())).toEqual({ ok: false, code: 'INVALID_CREDENTIALS' });
    expect(await testDb().signInChallenge.count({ where: { userId: other.viewer.userId } })).toBe(0);
  });
});

describe('the second step', () => {
  it('signs in with the current code, once: the challenge and the time step are used up', async () => {
    const { viewer, key, enrolledAt } = await enrolledUser();
    const now = later(enrolledAt, 1);
    const challenge = await passwordStep(viewer.email, address(), now);
    const from = address();
    const result = await verifySecondStep(challenge, ` ${totpCodeAt(key, now)} `, from, now);
    expect(result).toMatchObject({ ok: true, user: { id: viewer.userId, email: viewer.email, role: 'PORTAL_ADMIN' } });
    expect((await actions(viewer.userId)).slice(-2)).toEqual(['user.two_step_passed', 'user.signed_in']);
    const signedIn = await testDb().auditEvent.findFirst({
      where: { targetId: viewer.userId, action: 'user.signed_in' },
      orderBy: { id: 'desc' },
    });
    expect(signedIn).toMatchObject({ after: { method: 'PASSWORD_AND_CODE' }, address: from });
    // The same challenge again: over.
    expect(await verifySecondStep(challenge, totpCodeAt(key, later(now, 1)), from, now)).toEqual({ ok: false, code: 'CHALLENGE_EXPIRED' });
    expect(await findLiveChallenge(challenge)).toBeNull();
    // The same code with a new challenge (someone who saw it): refused within its window, and any older one.
    const again = await passwordStep(viewer.email, address(), now);
    expect(await verifySecondStep(again, totpCodeAt(key, now), from, now)).toEqual({ ok: false, code: 'CODE_USED' });
    expect(await verifySecondStep(again, totpCodeAt(key, enrolledAt), from, now)).toEqual({ ok: false, code: 'CODE_USED' });
    // The challenge survives a wrong code; the next time step's code gets in.
    expect((await verifySecondStep(again, totpCodeAt(key, later(now, 1)), from, now)).ok).toBe(true);
  });

  it('lets two requests with the same code through exactly once', async () => {
    const { viewer, key, enrolledAt } = await enrolledUser();
    const now = later(enrolledAt, 1);
    // The same challenge and code sent twice at once (a double submit, or someone racing the user).
    const challenge = await passwordStep(viewer.email, address(), now);
    const code = totpCodeAt(key, now);
    const results = await Promise.all([
      verifySecondStep(challenge, code, address(), now),
      verifySecondStep(challenge, code, address(), now),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false });
  });

  it('takes each recovery code once, in any typing, and says how many are left', async () => {
    const { viewer, recoveryCodes } = await enrolledUser();
    const [first, second] = recoveryCodes as [string, string];
    const challenge = await passwordStep(viewer.email, address());
    expect(await verifySecondStep(challenge, first.toUpperCase().replace(/-/g, ' '), address())).toMatchObject({ ok: true });
    const used = await testDb().auditEvent.findFirst({ where: { targetId: viewer.userId, action: 'user.recovery_code_used' } });
    expect(used?.after).toEqual({ remaining: 9 });
    const next = await passwordStep(viewer.email, address());
    expect(await verifySecondStep(next, first, address())).toEqual({ ok: false, code: 'CODE_INVALID' });
    expect(await verifySecondStep(next, second, address())).toMatchObject({ ok: true });
    expect(await testDb().twoStepRecoveryCode.count({ where: { userId: viewer.userId, usedAt: null } })).toBe(8);
  });

  it('refuses a wrong code, audited, and throttles wrong codes like wrong passwords', async () => {
    const { viewer, key } = await enrolledUser();
    const from = address();
    const challenge = await passwordStep(viewer.email, from);
    for (const typed of ['000000', 'abc', '']) expect((await verifySecondStep(challenge, typed, from)).ok).toBe(false);
    for (let i = 3; i < MAX_FAILURES_PER_EMAIL_AND_ADDRESS; i += 1) await verifySecondStep(challenge, '000000', from);
    expect(await verifySecondStep(challenge, totpCodeAt(key, later(new Date(), 1)), from)).toEqual({ ok: false, code: 'THROTTLED' });
    const attempts = await testDb().signInAttempt.findMany({
      where: { email: viewer.email, address: from, kind: 'TWO_STEP' },
      select: { success: true },
    });
    expect(attempts).toHaveLength(MAX_FAILURES_PER_EMAIL_AND_ADDRESS + 1);
    expect(attempts.some((a) => a.success)).toBe(false);
    const events = await actions(viewer.userId);
    expect(events.filter((a) => a === 'user.two_step_failed')).toHaveLength(MAX_FAILURES_PER_EMAIL_AND_ADDRESS);
    expect(events.filter((a) => a === 'user.two_step_throttled')).toHaveLength(1);
    // Codes and passwords share the account's budget: the password is refused from there too.
    expect(await verifySignIn(viewer.email, PASSWORD, from)).toEqual({ ok: false, code: 'THROTTLED' });
  });

  it('is over after five minutes, after a new sign-in, when given up, and when the user is deactivated', async () => {
    const { viewer, key, enrolledAt } = await enrolledUser();
    const now = later(enrolledAt, 1);
    const code = totpCodeAt(key, now);
    const expired = await passwordStep(viewer.email, address(), new Date(now.getTime() - SECOND_STEP_TIME_LIMIT_MS - 1));
    expect(await verifySecondStep(expired, code, address(), now)).toEqual({ ok: false, code: 'CHALLENGE_EXPIRED' });

    const replaced = await passwordStep(viewer.email, address(), now);
    const current = await passwordStep(viewer.email, address(), now);
    expect(await verifySecondStep(replaced, code, address(), now)).toEqual({ ok: false, code: 'CHALLENGE_EXPIRED' });

    await dropSignInChallenge(current);
    expect(await verifySecondStep(current, code, address(), now)).toEqual({ ok: false, code: 'CHALLENGE_EXPIRED' });

    const last = await passwordStep(viewer.email, address(), now);
    await testDb().user.update({ where: { id: viewer.userId }, data: { active: false } });
    expect(await verifySecondStep(last, code, address(), now)).toEqual({ ok: false, code: 'CHALLENGE_EXPIRED' });
    expect(await verifySecondStep('not-a-challenge', code, address(), now)).toEqual({ ok: false, code: 'CHALLENGE_EXPIRED' });
    expect(await verifySecondStep('', code, address(), now)).toEqual({ ok: false, code: 'CHALLENGE_EXPIRED' });
    expect((await actions(viewer.userId)).filter((a) => a === 'user.signed_in')).toHaveLength(0);
  });
});

describe('a partner that turned password sign-in off', () => {
  const SETTINGS = ['AUTH_OIDC_ISSUER', 'AUTH_OIDC_CLIENT_ID', 'AUTH_OIDC_CLIENT_SECRET', 'AUTH_OIDC_NAME'] as const;
  afterEach(() => {
    for (const name of SETTINGS) delete process.env[name];
  });

  it('refuses its users a right password (after checking it), with or without two-step sign-in; not when no provider is configured any more', async () => {
    const partner = await createTestPartner();
    await testDb().partner.update({ where: { id: partner.partnerId }, data: { passwordSignInDisabled: true } });
    const plain = await createTestUser({ role: 'PARTNER_AGENT', partnerId: partner.partnerId, password: PASSWORD });
    const { viewer: withCode } = await enrolledUser({ partnerId: partner.partnerId });
    Object.assign(process.env, {
      AUTH_OIDC_ISSUER: 'http://localhost:3999',
      AUTH_OIDC_CLIENT_ID: 'c',
      AUTH_OIDC_CLIENT_SECRET: 's',
      AUTH_OIDC_NAME: 'Test ID',
    });
    for (const user of [plain, withCode]) {
      expect(await verifySignIn(user.email, PASSWORD, address())).toEqual({ ok: false, code: 'PASSWORD_SIGN_IN_DISABLED' });
      expect(await verifySignIn(user.email, 'wrong', address())).toEqual({ ok: false, code: 'INVALID_CREDENTIALS' });
    }
    expect(await testDb().auditEvent.count({ where: { targetId: plain.userId, action: 'user.sign_in_refused' } })).toBe(1);
    expect(await testDb().signInChallenge.count({ where: { userId: withCode.userId } })).toBe(0);
    for (const name of SETTINGS) delete process.env[name];
    expect(await verifySignIn(plain.email, PASSWORD, address())).toMatchObject({ ok: true });
  });
});
