import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  cancelTwoStepEnrolment,
  confirmTwoStepEnrolment,
  getEnrolmentKey,
  getTwoStepStatus,
  renewRecoveryCodes,
  startTwoStepEnrolment,
  turnOffTwoStep,
} from '../../lib/server/data/two-step';
import { decryptSecret } from '../../lib/server/crypto';
import { MAX_FAILURES_PER_EMAIL_AND_ADDRESS } from '../../lib/domain/throttle';
import { normalizeRecoveryCode, totpStep } from '../../lib/domain/two-step';
import { sha256Hex } from '../../lib/runtime/tokens';
import { totpCodeAt } from '../../lib/runtime/totp';
import { createTestPartner, createTestUser, testDb } from '../support/factories';

// A user's own two-step sign-in (/settings/security), against the real database.

const PASSWORD = 'correct horse battery staple';
const later = (now: Date, steps: number) => new Date(now.getTime() + steps * 30_000);
const address = () => `two-step-${randomUUID().slice(0, 8)}`;

/** A user with a confirmed authenticator: the key, the recovery codes and when it was confirmed. */
async function enrolled(role: 'PARTNER_AGENT' | 'PORTAL_ADMIN' = 'PORTAL_ADMIN', partnerId: string | null = null) {
  const viewer = await createTestUser({ role, partnerId, password: PASSWORD });
  expect(await startTwoStepEnrolment(viewer, '192.0.2.1')).toEqual({ ok: true });
  const { key } = (await getEnrolmentKey(viewer))!;
  const now = new Date();
  const confirmed = await confirmTwoStepEnrolment(viewer, totpCodeAt(key, now), '192.0.2.1', now);
  if (!confirmed.ok) throw new Error(`enrolment failed: ${confirmed.code}`);
  return { viewer, key, now, recoveryCodes: confirmed.recoveryCodes };
}

async function openSessions(userId: string) {
  return testDb().userSession.count({ where: { userId, endedAt: null } });
}

describe('setting up two-step sign-in', () => {
  it('shows a new key, stored encrypted; a wrong first code changes nothing; the right one turns it on', async () => {
    const viewer = await createTestUser({ role: 'PARTNER_AGENT', partnerId: (await createTestPartner()).partnerId, password: PASSWORD });
    expect(await getTwoStepStatus(viewer)).toEqual({
      exempt: false,
      required: false,
      enabled: false,
      enabledAt: null,
      enrolling: false,
      recoveryCodesLeft: 0,
    });
    expect(await getEnrolmentKey(viewer)).toBeNull();
    expect(await startTwoStepEnrolment(viewer, '192.0.2.1')).toEqual({ ok: true });
    const shown = await getEnrolmentKey(viewer);
    expect(shown?.key).toMatch(/^[A-Z2-7]{32}$/);
    expect(shown?.uri).toContain(`secret=${shown?.key}`);
    // The database holds the key only encrypted (AES-GCM with DATA_ENCRYPTION_KEY, bound to its purpose).
    const row = await testDb().userTwoStep.findUniqueOrThrow({ where: { userId: viewer.userId } });
    expect(row.secret).not.toContain(shown!.key);
    expect(row.secret).toMatch(/^v1\./);
    expect(decryptSecret(row.secret, 'two-step')).toBe(shown!.key);
    expect(() => decryptSecret(row.secret, 'webhook')).toThrow();
    expect(await getTwoStepStatus(viewer)).toMatchObject({ enrolling: true, enabled: false });

    // Another session of the user's, which the change will end.
    const other = await testDb().userSession.create({
      data: { userId: viewer.userId, method: 'PASSWORD', address: '192.0.2.2', expiresAt: new Date(Date.now() + 3_600_000) },
    });
    const now = new Date();
    const wrong = String((Number(totpCodeAt(shown!.key, now)) + 1) % 1_000_000).padStart(6, '0');
    expect(await confirmTwoStepEnrolment(viewer, wrong, '192.0.2.1', now)).toEqual({ ok: false, code: 'CODE_INVALID' });
    expect(await confirmTwoStepEnrolment(viewer, 'abc', '192.0.2.1', now)).toEqual({ ok: false, code: 'CODE_INVALID' });
    expect(await getTwoStepStatus(viewer)).toMatchObject({ enabled: false, enrolling: true });
    expect(await openSessions(viewer.userId)).toBe(2);

    const confirmed = await confirmTwoStepEnrolment(viewer, totpCodeAt(shown!.key, now), '192.0.2.1', now);
    if (!confirmed.ok) throw new Error(confirmed.code);
    expect(confirmed.recoveryCodes).toHaveLength(10);
    expect(new Set(confirmed.recoveryCodes).size).toBe(10);
    for (const code of confirmed.recoveryCodes) expect(code).toMatch(/^[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}$/);
    expect(await getTwoStepStatus(viewer)).toMatchObject({ enabled: true, enrolling: false, recoveryCodesLeft: 10 });
    const stored = await testDb().userTwoStep.findUniqueOrThrow({ where: { userId: viewer.userId } });
    expect(stored.lastUsedStep).toBe(BigInt(totpStep(now)));
    // Recovery codes are kept only as hashes of their normal form.
    const hashes = await testDb().twoStepRecoveryCode.findMany({ where: { userId: viewer.userId }, select: { codeHash: true } });
    expect(hashes.map((h) => h.codeHash).sort()).toEqual(confirmed.recoveryCodes.map((c) => sha256Hex(normalizeRecoveryCode(c)!)).sort());
    const dump = JSON.stringify(await testDb().twoStepRecoveryCode.findMany({ where: { userId: viewer.userId } }));
    for (const code of confirmed.recoveryCodes) expect(dump).not.toContain(normalizeRecoveryCode(code)!);
    // The other session ended, this one goes on; audited.
    expect((await testDb().userSession.findUniqueOrThrow({ where: { id: other.id } })).endedReason).toBe('TWO_STEP_CHANGED');
    expect((await testDb().userSession.findUniqueOrThrow({ where: { id: viewer.sessionId } })).endedAt).toBeNull();
    const events = await testDb().auditEvent.findMany({
      where: { targetId: viewer.userId },
      orderBy: { id: 'asc' },
      select: { action: true, after: true },
    });
    expect(events.map((e) => e.action)).toEqual(['user.two_step_enrolment_started', 'user.two_step_enabled']);
    expect(events[1]!.after).toEqual({ recoveryCodes: 10, otherSessionsEnded: 1 });
  });

  it('confirms only the key that was shown: a key shown again in another tab needs its own code', async () => {
    const viewer = await createTestUser({ role: 'PORTAL_ADMIN', password: PASSWORD });
    await startTwoStepEnrolment(viewer, '192.0.2.1');
    const first = (await getEnrolmentKey(viewer))!.key;
    await startTwoStepEnrolment(viewer, '192.0.2.1');
    const second = (await getEnrolmentKey(viewer))!.key;
    expect(second).not.toBe(first);
    const now = new Date();
    expect(await confirmTwoStepEnrolment(viewer, totpCodeAt(first, now), '192.0.2.1', now)).toEqual({ ok: false, code: 'CODE_INVALID' });
    expect((await confirmTwoStepEnrolment(viewer, totpCodeAt(second, now), '192.0.2.1', now)).ok).toBe(true);
  });

  it('refuses a demo account, a second setup while on, and a confirmation with nothing to confirm', async () => {
    const demo = await createTestUser({ role: 'PARTNER_AGENT', partnerId: (await createTestPartner()).partnerId, twoStepExempt: true });
    expect(await startTwoStepEnrolment(demo, '192.0.2.1')).toEqual({ ok: false, code: 'EXEMPT' });
    expect(await testDb().userTwoStep.count({ where: { userId: demo.userId } })).toBe(0);
    expect(await getTwoStepStatus(demo)).toMatchObject({ exempt: true, required: false });

    const { viewer, key } = await enrolled();
    expect(await startTwoStepEnrolment(viewer, '192.0.2.1')).toEqual({ ok: false, code: 'ALREADY_ENABLED' });
    expect(decryptSecret((await testDb().userTwoStep.findUniqueOrThrow({ where: { userId: viewer.userId } })).secret, 'two-step')).toBe(
      key,
    );
    expect(await confirmTwoStepEnrolment(viewer, totpCodeAt(key, later(new Date(), 1)), '192.0.2.1')).toEqual({
      ok: false,
      code: 'NOT_ENROLLING',
    });
    const fresh = await createTestUser({ role: 'PORTAL_ADMIN' });
    expect(await confirmTwoStepEnrolment(fresh, '123456', '192.0.2.1')).toEqual({ ok: false, code: 'NOT_ENROLLING' });
  });

  it('drops a key never confirmed on cancel, and leaves a confirmed one alone', async () => {
    const viewer = await createTestUser({ role: 'PORTAL_ADMIN' });
    await startTwoStepEnrolment(viewer, '192.0.2.1');
    expect(await cancelTwoStepEnrolment(viewer, '192.0.2.1')).toEqual({ ok: true });
    expect(await testDb().userTwoStep.count({ where: { userId: viewer.userId } })).toBe(0);
    const { viewer: on } = await enrolled();
    expect(await cancelTwoStepEnrolment(on, '192.0.2.1')).toEqual({ ok: true });
    expect(await getTwoStepStatus(on)).toMatchObject({ enabled: true });
  });

  it('is required of admins by role and of everyone when the partner says so', async () => {
    const partner = await createTestPartner();
    const agent = await createTestUser({ role: 'PARTNER_AGENT', partnerId: partner.partnerId });
    const admin = await createTestUser({ role: 'PARTNER_ADMIN', partnerId: partner.partnerId });
    expect((await getTwoStepStatus(agent)).required).toBe(false);
    expect((await getTwoStepStatus(admin)).required).toBe(true);
    expect((await getTwoStepStatus(await createTestUser({ role: 'PORTAL_ADMIN' }))).required).toBe(true);
    await testDb().partner.update({ where: { id: partner.partnerId }, data: { twoStepRequired: true } });
    expect((await getTwoStepStatus(agent)).required).toBe(true);
  });
});

describe('new recovery codes', () => {
  it('need a current code; replace every old code; the code used cannot be used again', async () => {
    const { viewer, key, now, recoveryCodes } = await enrolled();
    const next = later(now, 1);
    const renewed = await renewRecoveryCodes(viewer, totpCodeAt(key, next), address(), next);
    if (!renewed.ok) throw new Error(renewed.code);
    expect(renewed.recoveryCodes).toHaveLength(10);
    expect(renewed.recoveryCodes.some((code) => recoveryCodes.includes(code))).toBe(false);
    const hashes = new Set((await testDb().twoStepRecoveryCode.findMany({ where: { userId: viewer.userId } })).map((r) => r.codeHash));
    expect(hashes.size).toBe(10);
    for (const old of recoveryCodes) expect(hashes.has(sha256Hex(normalizeRecoveryCode(old)!))).toBe(false);
    // The same code again (same time step), or the one the enrolment used: refused as used.
    expect(await renewRecoveryCodes(viewer, totpCodeAt(key, next), address(), next)).toEqual({ ok: false, code: 'CODE_USED' });
    expect(await renewRecoveryCodes(viewer, totpCodeAt(key, now), address(), next)).toEqual({ ok: false, code: 'CODE_USED' });
    // A recovery code does not count here.
    expect(await renewRecoveryCodes(viewer, renewed.recoveryCodes[0]!, address(), later(now, 2))).toEqual({
      ok: false,
      code: 'CODE_INVALID',
    });
    const actions = await testDb().auditEvent.findMany({
      orderBy: { id: 'asc' },
      where: { targetId: viewer.userId, action: { startsWith: 'user.' } },
      select: { action: true, after: true },
    });
    expect(actions.filter((e) => e.action === 'user.recovery_codes_renewed')).toHaveLength(1);
    expect(actions.filter((e) => e.action === 'user.two_step_failed').map((e) => e.after)).toEqual([
      { purpose: 'RECOVERY_CODES', reason: 'CODE_USED' },
      { purpose: 'RECOVERY_CODES', reason: 'CODE_USED' },
      { purpose: 'RECOVERY_CODES', reason: 'CODE_INVALID' },
    ]);
  });

  it('refuse without two-step sign-in on', async () => {
    const viewer = await createTestUser({ role: 'PORTAL_ADMIN' });
    expect(await renewRecoveryCodes(viewer, '123456', address())).toEqual({ ok: false, code: 'NOT_ENABLED' });
  });

  it('are throttled like passwords: wrong codes count, then even a right one is refused', async () => {
    const { viewer, key, now } = await enrolled();
    const from = address();
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL_AND_ADDRESS; i += 1) {
      expect((await renewRecoveryCodes(viewer, '000000', from, now)).ok).toBe(false);
    }
    expect(await renewRecoveryCodes(viewer, totpCodeAt(key, later(now, 1)), from, now)).toEqual({ ok: false, code: 'THROTTLED' });
    const attempts = await testDb().signInAttempt.findMany({
      where: { email: viewer.email, address: from },
      select: { kind: true, success: true },
    });
    expect(attempts).toHaveLength(MAX_FAILURES_PER_EMAIL_AND_ADDRESS + 1);
    expect(attempts.every((a) => a.kind === 'TWO_STEP' && !a.success)).toBe(true);
    expect(await testDb().auditEvent.count({ where: { targetId: viewer.userId, action: 'user.two_step_throttled' } })).toBe(1);
  });
});

describe('turning two-step sign-in off', () => {
  it('needs the password and a current code; removes the key and codes; ends the other sessions', async () => {
    const { viewer, key, now } = await enrolled('PARTNER_AGENT', (await createTestPartner()).partnerId);
    await testDb().userSession.create({
      data: { userId: viewer.userId, method: 'PASSWORD_AND_CODE', address: '192.0.2.2', expiresAt: new Date(Date.now() + 3_600_000) },
    });
    const next = later(now, 1);
    expect(await turnOffTwoStep(viewer, 'wrong password', totpCodeAt(key, next), address(), next)).toEqual({
      ok: false,
      code: 'PASSWORD_WRONG',
    });
    expect(await turnOffTwoStep(viewer, PASSWORD, '000000', address(), next)).toMatchObject({ ok: false, code: 'CODE_INVALID' });
    expect(await turnOffTwoStep(viewer, PASSWORD, totpCodeAt(key, now), address(), next)).toEqual({ ok: false, code: 'CODE_USED' });
    expect(await getTwoStepStatus(viewer)).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
    expect(await openSessions(viewer.userId)).toBe(2);

    expect(await turnOffTwoStep(viewer, PASSWORD, totpCodeAt(key, next), address(), next)).toEqual({ ok: true });
    expect(await testDb().userTwoStep.count({ where: { userId: viewer.userId } })).toBe(0);
    expect(await testDb().twoStepRecoveryCode.count({ where: { userId: viewer.userId } })).toBe(0);
    expect(await openSessions(viewer.userId)).toBe(1);
    const events = await testDb().auditEvent.findMany({
      orderBy: { id: 'asc' },
      where: { targetId: viewer.userId },
      select: { action: true, after: true },
    });
    expect(events.find((e) => e.action === 'user.two_step_disabled')?.after).toEqual({ otherSessionsEnded: 1 });
    expect(events.filter((e) => e.action === 'user.two_step_failed').map((e) => (e.after as { reason: string }).reason)).toEqual([
      'PASSWORD_WRONG',
      'CODE_INVALID',
      'CODE_USED',
    ]);
    expect(await turnOffTwoStep(viewer, PASSWORD, totpCodeAt(key, later(now, 2)), address())).toEqual({ ok: false, code: 'NOT_ENABLED' });
  });
});
