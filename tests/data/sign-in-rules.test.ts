import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { getSignInRules, passwordSignInAllowed, setPasswordSignIn, setTwoStepRequired } from '../../lib/server/data/sign-in-rules';
import { signInWithIdentity } from '../../lib/server/data/sso';
import { requestPasswordReset } from '../../lib/server/data/password-resets';
import { createTestPartner, createTestUser, testDb } from '../support/factories';

// A partner's sign-in rules (/settings/security, partner admins), against the real database.

const OIDC = {
  AUTH_OIDC_ISSUER: 'http://localhost:3999',
  AUTH_OIDC_CLIENT_ID: 'c',
  AUTH_OIDC_CLIENT_SECRET: 's',
  AUTH_OIDC_NAME: 'Test ID',
};
afterEach(() => {
  for (const name of Object.keys(OIDC)) delete process.env[name];
});

async function partnerWithAdmin() {
  const partner = await createTestPartner();
  const admin = await createTestUser({ role: 'PARTNER_ADMIN', partnerId: partner.partnerId });
  return { partnerId: partner.partnerId, admin };
}

describe("a partner's sign-in rules", () => {
  it('are read and set by its admins only', async () => {
    const { partnerId, admin } = await partnerWithAdmin();
    for (const role of ['PARTNER_AGENT', 'PARTNER_VIEWER'] as const) {
      const user = await createTestUser({ role, partnerId });
      expect(await getSignInRules(user)).toEqual({ ok: false, code: 'FORBIDDEN' });
      expect(await setTwoStepRequired(user, true, '192.0.2.1')).toEqual({ ok: false, code: 'FORBIDDEN' });
      expect(await setPasswordSignIn(user, false, '192.0.2.1')).toEqual({ ok: false, code: 'FORBIDDEN' });
    }
    const portalAdmin = await createTestUser({ role: 'PORTAL_ADMIN' });
    expect(await setTwoStepRequired(portalAdmin, true, '192.0.2.1')).toEqual({ ok: false, code: 'FORBIDDEN' });
    expect(await testDb().partner.findUniqueOrThrow({ where: { id: partnerId }, select: { twoStepRequired: true } })).toEqual({
      twoStepRequired: false,
    });
    expect(await getSignInRules(admin)).toMatchObject({
      ok: true,
      rules: { twoStepRequired: false, passwordSignInDisabled: false, providers: [] },
    });
  });

  it("require two-step sign-in of every user of the admin's own partner only, audited", async () => {
    const { partnerId, admin } = await partnerWithAdmin();
    const other = await partnerWithAdmin();
    expect(await setTwoStepRequired(admin, true, '192.0.2.1')).toMatchObject({ ok: true, rules: { twoStepRequired: true } });
    expect((await testDb().partner.findUniqueOrThrow({ where: { id: other.partnerId } })).twoStepRequired).toBe(false);
    // Setting it again changes nothing and writes nothing.
    await setTwoStepRequired(admin, true, '192.0.2.1');
    expect(await setTwoStepRequired(admin, false, '192.0.2.1')).toMatchObject({ ok: true, rules: { twoStepRequired: false } });
    const events = await testDb().auditEvent.findMany({
      where: { partnerId, action: 'partner.sign_in_rules_updated' },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => [e.before, e.after])).toEqual([
      [{ twoStepRequired: false }, { twoStepRequired: true }],
      [{ twoStepRequired: true }, { twoStepRequired: false }],
    ]);
    expect(events[0]).toMatchObject({ actorId: admin.userId, targetType: 'Partner', targetId: partnerId, address: '192.0.2.1' });
  });

  it('turn password sign-in off only with a provider configured and an admin who signed in with it', async () => {
    const { partnerId, admin } = await partnerWithAdmin();
    const agent = await createTestUser({ role: 'PARTNER_AGENT', partnerId });
    expect(await setPasswordSignIn(admin, false, '192.0.2.1')).toEqual({ ok: false, code: 'NO_PROVIDER' });
    Object.assign(process.env, OIDC);
    expect(await setPasswordSignIn(admin, false, '192.0.2.1')).toEqual({ ok: false, code: 'NO_LINKED_ADMIN' });
    // An agent who signed in with the provider is not enough, nor a deactivated admin.
    await signInWithIdentity({ provider: 'OIDC', issuer: OIDC.AUTH_OIDC_ISSUER, subject: randomUUID(), email: agent.email }, '192.0.2.1');
    const gone = await createTestUser({ role: 'PARTNER_ADMIN', partnerId });
    await signInWithIdentity({ provider: 'OIDC', issuer: OIDC.AUTH_OIDC_ISSUER, subject: randomUUID(), email: gone.email }, '192.0.2.1');
    await testDb().user.update({ where: { id: gone.userId }, data: { active: false } });
    expect(await setPasswordSignIn(admin, false, '192.0.2.1')).toEqual({ ok: false, code: 'NO_LINKED_ADMIN' });
    expect(await passwordSignInAllowed(agent.userId)).toBe(true);

    await signInWithIdentity({ provider: 'OIDC', issuer: OIDC.AUTH_OIDC_ISSUER, subject: randomUUID(), email: admin.email }, '192.0.2.1');
    expect(await setPasswordSignIn(admin, false, '192.0.2.1')).toMatchObject({
      ok: true,
      rules: { passwordSignInDisabled: true, linkedAdmins: 1, providers: ['OIDC'] },
    });
    for (const user of [agent, admin]) expect(await passwordSignInAllowed(user.userId)).toBe(false);
    // "Forgot your password?" answers as always, and mails no link to set a password nobody may use.
    expect(await requestPasswordReset(agent.email, `reset-${randomUUID()}`)).toEqual({ ok: true, mail: null });
    expect(await testDb().passwordReset.count({ where: { userId: agent.userId } })).toBe(0);
    expect(await testDb().auditEvent.count({ where: { targetId: agent.userId, action: 'user.password_reset_refused' } })).toBe(1);
    // Another partner's users and the portal's admins are not affected.
    expect(await passwordSignInAllowed((await partnerWithAdmin()).admin.userId)).toBe(true);
    expect(await passwordSignInAllowed((await createTestUser({ role: 'PORTAL_ADMIN' })).userId)).toBe(true);
    // With the provider's settings removed, nobody is locked out.
    for (const name of Object.keys(OIDC)) delete process.env[name];
    expect(await passwordSignInAllowed(agent.userId)).toBe(true);
    Object.assign(process.env, OIDC);
    expect(await setPasswordSignIn(admin, true, '192.0.2.1')).toMatchObject({ ok: true, rules: { passwordSignInDisabled: false } });
    expect(await passwordSignInAllowed(agent.userId)).toBe(true);
    expect((await requestPasswordReset(agent.email, `reset-${randomUUID()}`)).ok).toBe(true);
    expect(await testDb().passwordReset.count({ where: { userId: agent.userId } })).toBe(1);
    const events = await testDb().auditEvent.findMany({
      where: { partnerId, action: 'partner.sign_in_rules_updated' },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => e.after)).toEqual([{ passwordSignInDisabled: true }, { passwordSignInDisabled: false }]);
  });

  it('answers true for an unknown user (nothing to refuse: the sign-in refuses it anyway)', async () => {
    expect(await passwordSignInAllowed(randomUUID())).toBe(true);
  });
});
