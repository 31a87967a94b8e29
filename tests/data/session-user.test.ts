import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSessionUser } from '../../lib/server/data/session-user';
import { endAllSessions, endSession, openSession, signOutEverywhere } from '../../lib/server/data/sessions';
import { createTestPartner, testDb, type TestPartner } from '../support/factories';

// The guard's per-request user check, read through the pool under Prisma (queryRows): the same
// values Prisma returns, with the partner's name and the session of the cookie.
describe('findSessionUser', () => {
  let partner: TestPartner;
  let adminId: string;
  const sessions: Record<string, string> = {};
  beforeAll(async () => {
    partner = await createTestPartner();
    const admin = await testDb().user.create({
      data: {
        email: `portal-${randomUUID().slice(0, 8)}@test.example`,
        displayName: 'Portal Admin',
        role: 'PORTAL_ADMIN',
        language: 'zh_TW',
        timeZone: 'Asia/Taipei',
      },
      select: { id: true },
    });
    adminId = admin.id;
    for (const id of [adminId, partner.admin.userId, partner.agent.userId])
      sessions[id] = await openSession({ userId: id, method: 'PASSWORD', address: '192.0.2.1' });
  });
  afterAll(async () => {
    await testDb().user.delete({ where: { id: adminId } });
    await partner.cleanup();
  });

  it('reads a partner user with its partner name, as Prisma stores it', async () => {
    const stored = await testDb().user.findUniqueOrThrow({ where: { id: partner.agent.userId }, include: { partner: true } });
    const user = await findSessionUser(partner.agent.userId, sessions[partner.agent.userId]!);
    const session = await testDb().userSession.findUniqueOrThrow({ where: { id: sessions[partner.agent.userId]! } });
    expect(user).toEqual({
      id: stored.id,
      email: stored.email,
      displayName: stored.displayName,
      role: 'PARTNER_AGENT',
      active: true,
      sessionVersion: stored.sessionVersion,
      partnerId: partner.partnerId,
      language: 'en',
      timeZone: 'UTC',
      partnerName: stored.partner!.name,
      twoStepExempt: false,
      twoStepEnabled: false,
      partnerRequiresTwoStep: false,
      session: { endedAt: null, expiresAt: session.expiresAt, lastSeenAt: session.lastSeenAt, method: 'PASSWORD' },
    });
    // Seven days by default (SESSION_MAX_DAYS).
    expect(session.expiresAt.getTime() - session.createdAt.getTime()).toBe(7 * 86_400_000);
  });

  it('reads a portal admin without a partner, with its language and time zone', async () => {
    const user = await findSessionUser(adminId, sessions[adminId]!);
    expect(user).toMatchObject({ role: 'PORTAL_ADMIN', partnerId: null, partnerName: null, language: 'zh-TW', timeZone: 'Asia/Taipei' });
  });

  it('sees a deactivation and a new session version at once', async () => {
    await testDb().user.update({ where: { id: partner.admin.userId }, data: { active: false, sessionVersion: { increment: 1 } } });
    const user = await findSessionUser(partner.admin.userId, sessions[partner.admin.userId]!);
    expect(user).toMatchObject({ active: false, sessionVersion: 1 });
  });

  it("reads what two-step sign-in needs of the session: the user's exemption and key, the partner's rule, the method", async () => {
    const db = testDb();
    const sid = await openSession({ userId: partner.agent.userId, method: 'OIDC', address: '192.0.2.3' });
    expect(await findSessionUser(partner.agent.userId, sid)).toMatchObject({
      twoStepExempt: false,
      twoStepEnabled: false,
      partnerRequiresTwoStep: false,
      session: { method: 'OIDC' },
    });
    // A key still being set up is not two-step sign-in yet; a confirmed one is.
    await db.userTwoStep.create({ data: { userId: partner.agent.userId, secret: 'v1.x.y.z' } });
    expect((await findSessionUser(partner.agent.userId, sid))?.twoStepEnabled).toBe(false);
    await db.userTwoStep.update({ where: { userId: partner.agent.userId }, data: { enabledAt: new Date() } });
    await db.partner.update({ where: { id: partner.partnerId }, data: { twoStepRequired: true } });
    await db.user.update({ where: { id: partner.agent.userId }, data: { twoStepExempt: true } });
    expect(await findSessionUser(partner.agent.userId, sid)).toMatchObject({
      twoStepExempt: true,
      twoStepEnabled: true,
      partnerRequiresTwoStep: true,
    });
    // A portal admin has no partner: no partner rule.
    expect((await findSessionUser(adminId, sessions[adminId]!))?.partnerRequiresTwoStep).toBe(false);
    await db.userTwoStep.delete({ where: { userId: partner.agent.userId } });
    await db.user.update({ where: { id: partner.agent.userId }, data: { twoStepExempt: false } });
    await db.partner.update({ where: { id: partner.partnerId }, data: { twoStepRequired: false } });
    await db.userSession.update({ where: { id: sid }, data: { endedAt: new Date(), endedReason: 'SIGNED_OUT' } });
  });

  it('is null for an unknown id and for anything that is not a uuid', async () => {
    const sid = sessions[partner.agent.userId]!;
    expect(await findSessionUser(randomUUID(), sid)).toBeNull();
    expect(await findSessionUser('not-a-uuid', sid)).toBeNull();
    expect(await findSessionUser("' OR 1=1 --", sid)).toBeNull();
    expect(await findSessionUser(partner.agent.userId, randomUUID())).toBeNull();
    // Another user's session is not this user's.
    expect(await findSessionUser(partner.agent.userId, sessions[adminId]!)).toBeNull();
  });

  it('sees a session ended by signing out everywhere, and only that user’s', async () => {
    const second = await openSession({ userId: partner.agent.userId, method: 'PASSWORD', address: '192.0.2.2' });
    expect(await signOutEverywhere(partner.agent, '192.0.2.2')).toEqual({ ok: true, ended: 2 });
    for (const sid of [sessions[partner.agent.userId]!, second]) {
      expect((await findSessionUser(partner.agent.userId, sid))?.session.endedAt).toBeInstanceOf(Date);
    }
    expect((await findSessionUser(adminId, sessions[adminId]!))?.session.endedAt).toBeNull();
    expect(await testDb().auditEvent.count({ where: { action: 'user.signed_out_everywhere', targetId: partner.agent.userId } })).toBe(1);
    expect(await testDb().$transaction((tx) => endAllSessions(tx, partner.agent.userId, 'DEACTIVATED'))).toBe(0);
  });

  it('ends one session at sign-out, audited once as its user', async () => {
    const sid = await openSession({ userId: partner.agent.userId, method: 'PASSWORD', address: '192.0.2.3' });
    await endSession(sid, 'SIGNED_OUT');
    await endSession(sid, 'SIGNED_OUT');
    expect((await findSessionUser(partner.agent.userId, sid))?.session.endedAt).toBeInstanceOf(Date);
    expect(
      await testDb().auditEvent.findMany({
        where: { action: 'user.signed_out', targetId: partner.agent.userId },
        select: { actorId: true, actorLabel: true, partnerId: true, after: true },
      }),
    ).toEqual([
      { actorId: partner.agent.userId, actorLabel: partner.agent.email, partnerId: partner.partnerId, after: { reason: 'SIGNED_OUT' } },
    ]);
  });
});
