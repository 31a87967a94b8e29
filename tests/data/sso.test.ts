import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signInWithIdentity } from '../../lib/server/data/sso';
import type { ProvenIdentity } from '../../lib/domain/sso';
import { createTestPartner, createTestUser, testDb } from '../support/factories';

// Signing in with an identity provider, against the real database: only an existing, active user;
// the first sign-in links the identity by the verified e-mail, later ones find it by its subject.

const ISSUER = 'http://localhost:3271';
const identity = (email: string | null, subject = `acct-${randomUUID().slice(0, 8)}`): ProvenIdentity => ({
  provider: 'OIDC',
  issuer: ISSUER,
  subject,
  email,
});

async function refusals(label: string) {
  return testDb().auditEvent.findMany({
    orderBy: { id: 'asc' },
    where: { action: 'user.sso_refused', actorLabel: label },
    select: { after: true, targetId: true, partnerId: true },
  });
}

describe('signing in with an identity provider', () => {
  it('links the user with that e-mail at the first sign-in, then finds them by subject whatever the e-mail says', async () => {
    const partner = await createTestPartner();
    const user = await createTestUser({ role: 'PARTNER_AGENT', partnerId: partner.partnerId });
    const first = identity(user.email);
    const linked = await signInWithIdentity(first, '192.0.2.5');
    expect(linked).toMatchObject({ ok: true, linked: true, user: { id: user.userId, email: user.email, role: 'PARTNER_AGENT' } });
    expect(
      await testDb().externalIdentity.findMany({
        where: { userId: user.userId },
        select: { provider: true, issuer: true, subject: true, email: true },
      }),
    ).toEqual([{ provider: 'OIDC', issuer: ISSUER, subject: first.subject, email: user.email }]);
    const events = await testDb().auditEvent.findMany({
      where: { targetId: user.userId },
      orderBy: { id: 'asc' },
      select: { action: true, after: true, partnerId: true, address: true },
    });
    expect(events.map((e) => e.action)).toEqual(['user.sso_linked', 'user.signed_in']);
    expect(events[1]).toMatchObject({ after: { method: 'OIDC' }, partnerId: partner.partnerId, address: '192.0.2.5' });

    // The provider's e-mail changed — to nobody's, or to another portal user's: still the same user, by subject.
    const other = await createTestUser({ role: 'PARTNER_ADMIN', partnerId: partner.partnerId });
    for (const email of ['renamed@elsewhere.example', other.email, null]) {
      expect(await signInWithIdentity({ ...first, email }, '192.0.2.5')).toMatchObject({
        ok: true,
        linked: false,
        user: { id: user.userId },
      });
    }
    expect(await testDb().externalIdentity.count({ where: { userId: other.userId } })).toBe(0);
    expect((await testDb().externalIdentity.findFirstOrThrow({ where: { userId: user.userId } })).lastSignInAt).toBeInstanceOf(Date);
    // Another issuer's identity with the same subject is not this one.
    expect(await signInWithIdentity({ ...first, issuer: 'https://other.example', email: null }, '192.0.2.5')).toEqual({
      ok: false,
      code: 'EMAIL_NOT_VERIFIED',
    });
  });

  it('refuses an e-mail no portal user has, audited with the reason', async () => {
    const email = `nobody-${randomUUID().slice(0, 8)}@test.example`;
    expect(await signInWithIdentity(identity(email), '192.0.2.6')).toEqual({ ok: false, code: 'NO_ACCOUNT' });
    const [event] = await refusals(email);
    expect(event).toMatchObject({
      targetId: null,
      partnerId: null,
      after: { provider: 'OIDC', issuer: ISSUER, email, reason: 'NO_ACCOUNT' },
    });
    expect(await testDb().externalIdentity.count({ where: { email } })).toBe(0);
  });

  it('refuses a token without a verified e-mail when nothing is linked yet', async () => {
    const subject = `acct-${randomUUID().slice(0, 8)}`;
    expect(await signInWithIdentity(identity(null, subject), '192.0.2.6')).toEqual({ ok: false, code: 'EMAIL_NOT_VERIFIED' });
    expect((await refusals(`oidc:${subject}`))[0]?.after).toMatchObject({ reason: 'EMAIL_NOT_VERIFIED', subject });
  });

  it('refuses a deactivated user, before and after linking', async () => {
    const partner = await createTestPartner();
    const inactive = await createTestUser({ role: 'PARTNER_VIEWER', partnerId: partner.partnerId, active: false });
    expect(await signInWithIdentity(identity(inactive.email), '192.0.2.7')).toEqual({ ok: false, code: 'DEACTIVATED' });
    expect(await testDb().externalIdentity.count({ where: { userId: inactive.userId } })).toBe(0);
    expect((await refusals(inactive.email))[0]).toMatchObject({
      targetId: inactive.userId,
      partnerId: partner.partnerId,
      after: { reason: 'DEACTIVATED' },
    });

    const user = await createTestUser({ role: 'PARTNER_VIEWER', partnerId: partner.partnerId });
    const linkedIdentity = identity(user.email);
    expect((await signInWithIdentity(linkedIdentity, '192.0.2.7')).ok).toBe(true);
    await testDb().user.update({ where: { id: user.userId }, data: { active: false } });
    expect(await signInWithIdentity(linkedIdentity, '192.0.2.7')).toEqual({ ok: false, code: 'DEACTIVATED' });
  });

  it('refuses a second identity of the same provider for a linked user (a recycled or spoofed e-mail)', async () => {
    const user = await createTestUser({ role: 'PORTAL_ADMIN' });
    expect((await signInWithIdentity(identity(user.email), '192.0.2.8')).ok).toBe(true);
    const impostor = identity(user.email);
    expect(await signInWithIdentity(impostor, '192.0.2.8')).toEqual({ ok: false, code: 'LINKED_TO_ANOTHER' });
    expect(await testDb().externalIdentity.count({ where: { userId: user.userId } })).toBe(1);
    expect(await testDb().externalIdentity.count({ where: { subject: impostor.subject } })).toBe(0);
    // Microsoft's identity is another provider: it links beside the first.
    expect(
      await signInWithIdentity(
        { ...identity(user.email), provider: 'MICROSOFT', issuer: 'https://login.microsoftonline.com/t/v2.0' },
        '192.0.2.8',
      ),
    ).toMatchObject({
      ok: true,
      linked: true,
    });
    const methods = await testDb().auditEvent.findMany({
      orderBy: { id: 'asc' },
      where: { targetId: user.userId, action: 'user.signed_in' },
      select: { after: true },
    });
    expect(methods.map((m) => m.after)).toEqual([{ method: 'OIDC' }, { method: 'MICROSOFT' }]);
  });

  it('links one of two first sign-ins of the same identity at once, and signs both in as that user', async () => {
    const user = await createTestUser({ role: 'PORTAL_ADMIN' });
    const same = identity(user.email);
    const results = await Promise.all([signInWithIdentity(same, '192.0.2.9'), signInWithIdentity(same, '192.0.2.9')]);
    expect(await testDb().externalIdentity.count({ where: { userId: user.userId } })).toBe(1);
    // The loser of the race is refused (the identity is linked a moment later); signing in again finds it.
    expect(results.filter((r) => r.ok).length).toBeGreaterThanOrEqual(1);
    expect(await signInWithIdentity(same, '192.0.2.9')).toMatchObject({ ok: true, linked: false, user: { id: user.userId } });
  });
});
