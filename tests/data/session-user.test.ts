import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSessionUser } from '../../lib/server/data/session-user';
import { createTestPartner, testDb, type TestPartner } from '../support/factories';

// The guard's per-request user check, read through the pool under Prisma (queryRows): the same
// values Prisma returns, with the partner's name.
describe('findSessionUser', () => {
  let partner: TestPartner;
  let adminId: string;
  beforeAll(async () => {
    partner = await createTestPartner();
    const admin = await testDb().user.create({
      data: { email: `portal-${randomUUID().slice(0, 8)}@test.example`, displayName: 'Portal Admin', role: 'PORTAL_ADMIN', language: 'zh_TW', timeZone: 'Asia/Taipei' },
      select: { id: true },
    });
    adminId = admin.id;
  });
  afterAll(async () => {
    await testDb().user.delete({ where: { id: adminId } });
    await partner.cleanup();
  });

  it('reads a partner user with its partner name, as Prisma stores it', async () => {
    const stored = await testDb().user.findUniqueOrThrow({ where: { id: partner.agent.userId }, include: { partner: true } });
    const user = await findSessionUser(partner.agent.userId);
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
    });
  });

  it('reads a portal admin without a partner, with its language and time zone', async () => {
    const user = await findSessionUser(adminId);
    expect(user).toMatchObject({ role: 'PORTAL_ADMIN', partnerId: null, partnerName: null, language: 'zh-TW', timeZone: 'Asia/Taipei' });
  });

  it('sees a deactivation and a new session version at once', async () => {
    await testDb().user.update({ where: { id: partner.admin.userId }, data: { active: false, sessionVersion: { increment: 1 } } });
    const user = await findSessionUser(partner.admin.userId);
    expect(user).toMatchObject({ active: false, sessionVersion: 1 });
  });

  it('is null for an unknown id and for anything that is not a uuid', async () => {
    expect(await findSessionUser(randomUUID())).toBeNull();
    expect(await findSessionUser('not-a-uuid')).toBeNull();
    expect(await findSessionUser("' OR 1=1 --")).toBeNull();
  });
});
