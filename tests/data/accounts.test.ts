// Accounts against the real database: invitations, users and roles, partners, password resets.
// Test data is left in place (random names): audit events are append-only, and a partner with
// events cannot be deleted.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  acceptInvitation,
  findOpenInvitation,
  invitePartnerAdmin,
  inviteUser,
  resendInvitation,
  revokeInvitation,
} from '../../lib/server/data/invitations';
import { changeUserRole, listPartnerUsers, setUserActive } from '../../lib/server/data/users';
import { createPartner, listPartners, renamePartner } from '../../lib/server/data/partners';
import { findPasswordReset, requestPasswordReset, resetPassword } from '../../lib/server/data/password-resets';
import { changePassword } from '../../lib/server/data/profile';
import { openSession } from '../../lib/server/data/sessions';
import { verifySignIn } from '../../lib/server/data/sign-in';
import { MAX_FAILURES_PER_EMAIL_AND_ADDRESS } from '../../lib/domain/throttle';
import { hashPassword, verifyPassword } from '../../lib/runtime/password';
import { hashToken } from '../../lib/runtime/tokens';
import type { UserViewer } from '../../lib/server/viewer';
import { createTestPartner, testDb } from '../support/factories';

const DAY = 86_400_000;
const PASSWORD = 'violet staple thunder';
const address = () => `acct-${randomUUID().slice(0, 8)}`;
const email = (name = 'person') => `${name}-${randomUUID().slice(0, 8)}@accounts.example`;

function viewerOf(
  user: { id: string; email: string; displayName: string; role: UserViewer['role'] },
  partner: { id: string; name: string } | null,
): UserViewer {
  return {
    userId: user.id,
    email: user.email,
    name: user.displayName,
    role: user.role,
    partnerId: partner?.id ?? null,
    partnerName: partner?.name ?? null,
    locale: 'en',
    timeZone: 'UTC',
  };
}

async function addUser(partnerId: string | null, role: UserViewer['role'], options: { password?: string; active?: boolean } = {}) {
  const partner = partnerId
    ? await testDb().partner.findUniqueOrThrow({ where: { id: partnerId }, select: { id: true, name: true } })
    : null;
  const user = await testDb().user.create({
    data: {
      email: email(role.toLowerCase()),
      displayName: `${role} ${randomUUID().slice(0, 4)}`,
      role,
      partnerId,
      active: options.active ?? true,
      passwordHash: options.password ? await hashPassword(options.password) : null,
    },
    select: { id: true, email: true, displayName: true, role: true, updatedAt: true },
  });
  return { ...user, viewer: viewerOf(user, partner) };
}

const portalAdmin = () => addUser(null, 'PORTAL_ADMIN');

async function partnerWithViewer() {
  const partner = await createTestPartner();
  const viewer = await addUser(partner.partnerId, 'PARTNER_VIEWER');
  return { ...partner, viewer: viewer.viewer };
}

const auditOf = (targetId: string) =>
  testDb().auditEvent.findMany({
    where: { targetId },
    orderBy: { id: 'asc' },
    select: { action: true, actorId: true, actorLabel: true, partnerId: true, before: true, after: true, address: true },
  });

async function invitedToken(viewer: UserViewer, input: { email: string; role?: 'PARTNER_ADMIN' | 'PARTNER_AGENT' | 'PARTNER_VIEWER' }) {
  const result = await inviteUser(viewer, { email: input.email, role: input.role ?? 'PARTNER_AGENT', language: 'zh-TW' }, address());
  if (!result.ok) throw new Error(result.code);
  return result.mail;
}

describe('invitations', () => {
  it('a partner admin invites: the link token is kept only as its hash, valid for seven days, audited', async () => {
    const { admin, partnerId } = await createTestPartner();
    const to = email('new');
    const at = address();
    const before = Date.now();
    const result = await inviteUser(admin, { email: to, role: 'PARTNER_VIEWER', language: 'zh-TW' }, at);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.mail).toMatchObject({ email: to, role: 'PARTNER_VIEWER', language: 'zh-TW', inviterName: admin.name });
    expect(result.mail.token).toMatch(/^cpi_[A-Za-z0-9_-]{32}$/);
    const row = await testDb().invitation.findUniqueOrThrow({ where: { id: result.mail.invitationId } });
    expect(row).toMatchObject({ partnerId, email: to, role: 'PARTNER_VIEWER', language: 'zh_TW', invitedById: admin.userId });
    expect(row.tokenHash).toBe(hashToken(result.mail.token));
    expect(row.tokenHash).not.toContain(result.mail.token);
    expect(row.expiresAt.getTime() - before).toBeGreaterThanOrEqual(7 * DAY - 1000);
    expect(row.expiresAt.getTime() - before).toBeLessThanOrEqual(7 * DAY + 5000);
    // The secret is nowhere in the database: not as a hash key, not in the audit trail.
    const [found] = await testDb().$queryRaw<{ n: number }[]>`
      SELECT (SELECT count(*) FROM "Invitation" WHERE "tokenHash" = ${result.mail.token})::int
           + (SELECT count(*) FROM "AuditEvent" WHERE "after"::text LIKE ${'%' + result.mail.token + '%'})::int AS n`;
    expect(found?.n).toBe(0);
    const events = await auditOf(row.id);
    expect(events).toEqual([
      expect.objectContaining({
        action: 'invitation.created',
        actorId: admin.userId,
        partnerId,
        address: at,
        after: expect.objectContaining({ email: to, role: 'PARTNER_VIEWER', language: 'zh-TW' }),
      }),
    ]);
    expect(await findOpenInvitation(result.mail.token)).toEqual({
      email: to,
      role: 'PARTNER_VIEWER',
      partnerName: admin.partnerName,
      language: 'zh-TW',
    });
  });

  it('agents, viewers and portal admins cannot invite into a partner; nothing is written', async () => {
    const { agent, viewer } = await partnerWithViewer();
    const admin = await portalAdmin();
    const to = email('refused');
    for (const who of [agent, viewer]) {
      expect(await inviteUser(who, { email: to, role: 'PARTNER_AGENT', language: 'en' }, address())).toEqual({
        ok: false,
        code: 'FORBIDDEN',
      });
    }
    expect(await inviteUser(admin.viewer, { email: to, role: 'PARTNER_AGENT', language: 'en' }, address())).toEqual({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await testDb().invitation.count({ where: { email: to } })).toBe(0);
  });

  it('refuses an address in use anywhere: a user of any partner, or another partner’s waiting invitation', async () => {
    const mine = await createTestPartner();
    const theirs = await createTestPartner();
    expect(await inviteUser(mine.admin, { email: theirs.agent.email, role: 'PARTNER_AGENT', language: 'en' }, address())).toEqual({
      ok: false,
      code: 'EMAIL_TAKEN',
    });
    const to = email('wanted');
    await invitedToken(theirs.admin, { email: to });
    expect(await inviteUser(mine.admin, { email: to, role: 'PARTNER_AGENT', language: 'en' }, address())).toEqual({
      ok: false,
      code: 'EMAIL_TAKEN',
    });
    expect(await inviteUser(theirs.admin, { email: to, role: 'PARTNER_VIEWER', language: 'en' }, address())).toEqual({
      ok: false,
      code: 'EMAIL_TAKEN',
    });
    // Once that invitation has expired the address is free; the partner's expired one is replaced.
    const later = new Date(Date.now() + 8 * DAY);
    const again = await inviteUser(theirs.admin, { email: to, role: 'PARTNER_VIEWER', language: 'en' }, address(), later);
    expect(again.ok).toBe(true);
    const rows = await testDb().invitation.findMany({ where: { email: to }, orderBy: { createdAt: 'asc' }, select: { revokedAt: true } });
    expect(rows.map((r) => r.revokedAt !== null)).toEqual([true, false]);
  });

  it('two partners inviting the same address at once: exactly one invitation', async () => {
    const partners = await Promise.all([createTestPartner(), createTestPartner(), createTestPartner()]);
    const to = email('race');
    const results = await Promise.all(
      partners.map((p) => inviteUser(p.admin, { email: to, role: 'PARTNER_AGENT', language: 'en' }, address())),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.code)).toEqual(['EMAIL_TAKEN', 'EMAIL_TAKEN']);
    expect(await testDb().invitation.count({ where: { email: to } })).toBe(1);
  });

  it('sending again makes a new link and kills the old one; withdrawing kills it too; both only within the partner', async () => {
    const { admin, agent } = await createTestPartner();
    const other = await createTestPartner();
    const mail = await invitedToken(admin, { email: email('resend') });
    const resent = await resendInvitation(admin, mail.invitationId, address());
    expect(resent.ok).toBe(true);
    if (!resent.ok || !resent.mail) throw new Error('no mail');
    expect(resent.mail.token).not.toBe(mail.token);
    expect(await findOpenInvitation(mail.token)).toBeNull();
    expect(await findOpenInvitation(resent.mail.token)).not.toBeNull();
    // Another partner's admin, an agent, a random id, not an id: as if it did not exist / not allowed.
    expect(await resendInvitation(other.admin, mail.invitationId, address())).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect(await revokeInvitation(other.admin, mail.invitationId, address())).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect(await resendInvitation(admin, randomUUID(), address())).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect(await revokeInvitation(admin, 'not-an-id', address())).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect(await revokeInvitation(agent, mail.invitationId, address())).toEqual({ ok: false, code: 'FORBIDDEN' });
    expect(await findOpenInvitation(resent.mail.token)).not.toBeNull();

    expect(await revokeInvitation(admin, mail.invitationId, address())).toEqual({ ok: true, mail: null });
    expect(await findOpenInvitation(resent.mail.token)).toBeNull();
    expect(await acceptInvitation({ token: resent.mail.token, name: 'Too Late', password: PASSWORD }, address())).toEqual({
      ok: false,
      code: 'INVITATION_INVALID',
    });
    expect(await resendInvitation(admin, mail.invitationId, address())).toEqual({ ok: false, code: 'NOT_OPEN' });
    expect(await revokeInvitation(admin, mail.invitationId, address())).toEqual({ ok: false, code: 'NOT_OPEN' });
    expect((await auditOf(mail.invitationId)).map((e) => e.action)).toEqual([
      'invitation.created',
      'invitation.resent',
      'invitation.revoked',
    ]);
  });

  it('a portal admin invites a partner’s admin, and may send again or withdraw those invitations only', async () => {
    const { partnerId, admin: partnerAdmin } = await createTestPartner();
    const admin = await portalAdmin();
    const to = email('first-admin');
    const result = await invitePartnerAdmin(admin.viewer, partnerId, { email: to, language: 'en' }, address());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.mail.role).toBe('PARTNER_ADMIN');
    const row = await testDb().invitation.findUniqueOrThrow({
      where: { id: result.mail.invitationId },
      select: { partnerId: true, role: true },
    });
    expect(row).toEqual({ partnerId, role: 'PARTNER_ADMIN' });
    expect(await invitePartnerAdmin(admin.viewer, randomUUID(), { email: email(), language: 'en' }, address())).toEqual({
      ok: false,
      code: 'NOT_FOUND',
    });
    expect(await invitePartnerAdmin(partnerAdmin, partnerId, { email: email(), language: 'en' }, address())).toEqual({
      ok: false,
      code: 'FORBIDDEN',
    });
    const resent = await resendInvitation(admin.viewer, result.mail.invitationId, address());
    expect(resent.ok).toBe(true);
    // An agent's invitation is the partner's business, not the portal admin's.
    const agentInvite = await invitedToken(partnerAdmin, { email: email('agent') });
    expect(await revokeInvitation(admin.viewer, agentInvite.invitationId, address())).toEqual({ ok: false, code: 'NOT_FOUND' });
  });

  it('accepting creates the user once, with the invitation’s partner, role and language; the password is hashed', async () => {
    const { admin, partnerId } = await createTestPartner();
    const to = email('joiner');
    const mail = await invitedToken(admin, { email: to, role: 'PARTNER_VIEWER' });
    const at = address();
    const result = await acceptInvitation({ token: mail.token, name: 'Joan Joiner', password: PASSWORD }, at);
    expect(result).toMatchObject({ ok: true, email: to });
    const user = await testDb().user.findUniqueOrThrow({ where: { email: to } });
    expect(user).toMatchObject({ displayName: 'Joan Joiner', role: 'PARTNER_VIEWER', partnerId, language: 'zh_TW', active: true });
    expect(user.passwordHash).not.toContain(PASSWORD);
    expect(await verifyPassword(PASSWORD, user.passwordHash)).toBe(true);
    expect((await testDb().invitation.findUniqueOrThrow({ where: { id: mail.invitationId } })).acceptedAt).not.toBeNull();
    // Used once.
    expect(await acceptInvitation({ token: mail.token, name: 'Again', password: PASSWORD }, at)).toEqual({
      ok: false,
      code: 'INVITATION_INVALID',
    });
    expect(await findOpenInvitation(mail.token)).toBeNull();
    const events = [...(await auditOf(mail.invitationId)), ...(await auditOf(user.id))];
    expect(events.map((e) => [e.action, e.actorId, e.partnerId, e.address])).toEqual([
      ['invitation.created', admin.userId, partnerId, expect.any(String)],
      ['invitation.accepted', user.id, partnerId, at],
      ['user.created', user.id, partnerId, at],
    ]);
    // And the new user signs in with the password they chose.
    expect(await verifySignIn(to, PASSWORD, at)).toMatchObject({
      ok: true,
      user: { id: user.id, role: 'PARTNER_VIEWER', locale: 'zh-TW' },
    });
  });

  it('refuses an unknown, expired or weak acceptance field by field, creating nothing', async () => {
    const { admin } = await createTestPartner();
    const to = email('careful');
    const mail = await invitedToken(admin, { email: to });
    for (const [password, problem] of [
      ['short', 'passwordTooShort'],
      [`${to.split('@')[0]}-secret`, 'passwordIsEmail'],
      ['Password1234', 'passwordCommon'],
    ] as const) {
      expect(await acceptInvitation({ token: mail.token, name: 'N', password }, address())).toEqual({
        ok: false,
        code: 'PASSWORD_REJECTED',
        problem,
      });
    }
    expect(await acceptInvitation({ token: 'cpi_unknown', name: 'N', password: PASSWORD }, address())).toEqual({
      ok: false,
      code: 'INVITATION_INVALID',
    });
    expect(
      await acceptInvitation({ token: mail.token, name: 'N', password: PASSWORD }, address(), new Date(Date.now() + 7 * DAY + 1000)),
    ).toEqual({ ok: false, code: 'INVITATION_INVALID' });
    expect(await findOpenInvitation(mail.token, new Date(Date.now() + 7 * DAY + 1000))).toBeNull();
    expect(await testDb().user.count({ where: { email: to } })).toBe(0);
    // Still waiting: the refusals used nothing up.
    expect(await findOpenInvitation(mail.token)).not.toBeNull();
  });

  it('the same link submitted twice at once creates one user', async () => {
    const { admin } = await createTestPartner();
    const to = email('double');
    const mail = await invitedToken(admin, { email: to });
    const results = await Promise.all(
      [1, 2, 3].map((n) => acceptInvitation({ token: mail.token, name: `Double ${n}`, password: PASSWORD }, address())),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.code)).toEqual(['INVITATION_INVALID', 'INVITATION_INVALID']);
    expect(await testDb().user.count({ where: { email: to } })).toBe(1);
  });
});

describe('users and roles', () => {
  it('lists only the viewer’s partner, with its waiting invitations; refuses anyone without settings:users', async () => {
    const { admin, agent, partnerId } = await createTestPartner();
    const other = await createTestPartner();
    await invitedToken(admin, { email: email('listed') });
    await invitedToken(other.admin, { email: email('elsewhere') });
    const list = await listPartnerUsers(admin);
    expect(list.users.map((u) => u.id).sort()).toEqual([admin.userId, agent.userId].sort());
    expect(list.invitations).toHaveLength(1);
    expect(list.invitations[0]).toMatchObject({ role: 'PARTNER_AGENT', state: 'PENDING', invitedBy: admin.name });
    expect((await listPartnerUsers(admin, new Date(Date.now() + 8 * DAY))).invitations[0]?.state).toBe('EXPIRED');
    await expect(listPartnerUsers(agent)).rejects.toThrow(/settings:users/);
    expect(partnerId).toBeTruthy();
  });

  it('a role change ends every session of that user and bumps the session version; audited before and after', async () => {
    const { admin, agent, partnerId } = await createTestPartner();
    const sessions = [
      await openSession({ userId: agent.userId, method: 'PASSWORD', address: 'a' }),
      await openSession({ userId: agent.userId, method: 'PASSWORD', address: 'b' }),
    ];
    const before = await testDb().user.findUniqueOrThrow({
      where: { id: agent.userId },
      select: { updatedAt: true, sessionVersion: true },
    });
    const at = address();
    expect(await changeUserRole(admin, agent.userId, 'PARTNER_VIEWER', before.updatedAt, at)).toEqual({ ok: true });
    const after = await testDb().user.findUniqueOrThrow({ where: { id: agent.userId }, select: { role: true, sessionVersion: true } });
    expect(after).toEqual({ role: 'PARTNER_VIEWER', sessionVersion: before.sessionVersion + 1 });
    const ended = await testDb().userSession.findMany({ where: { id: { in: sessions } }, select: { endedAt: true, endedReason: true } });
    expect(ended.map((s) => s.endedReason)).toEqual(['ROLE_CHANGED', 'ROLE_CHANGED']);
    expect(await auditOf(agent.userId)).toEqual([
      expect.objectContaining({
        action: 'user.role_changed',
        actorId: admin.userId,
        partnerId,
        address: at,
        before: { role: 'PARTNER_AGENT' },
        after: { role: 'PARTNER_VIEWER' },
      }),
    ]);
    // The form's version is now old: refused, nothing changed.
    expect(await changeUserRole(admin, agent.userId, 'PARTNER_ADMIN', before.updatedAt, at)).toEqual({ ok: false, code: 'STALE' });
    expect((await testDb().user.findUniqueOrThrow({ where: { id: agent.userId } })).role).toBe('PARTNER_VIEWER');
  });

  it('another partner’s user, a random id and a non-id are not found; agents and viewers may not', async () => {
    const { admin, agent, viewer } = await partnerWithViewer();
    const other = await createTestPartner();
    const theirs = await testDb().user.findUniqueOrThrow({ where: { id: other.agent.userId }, select: { updatedAt: true, role: true } });
    expect(await changeUserRole(admin, other.agent.userId, 'PARTNER_VIEWER', theirs.updatedAt, address())).toEqual({
      ok: false,
      code: 'NOT_FOUND',
    });
    expect(await setUserActive(admin, other.agent.userId, false, theirs.updatedAt, address())).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect(await setUserActive(admin, randomUUID(), false, theirs.updatedAt, address())).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect(await setUserActive(admin, 'x', false, theirs.updatedAt, address())).toEqual({ ok: false, code: 'NOT_FOUND' });
    const mine = await testDb().user.findUniqueOrThrow({ where: { id: admin.userId }, select: { updatedAt: true } });
    for (const who of [agent, viewer]) {
      expect(await changeUserRole(who, admin.userId, 'PARTNER_VIEWER', mine.updatedAt, address())).toEqual({
        ok: false,
        code: 'FORBIDDEN',
      });
      expect(await setUserActive(who, admin.userId, false, mine.updatedAt, address())).toEqual({ ok: false, code: 'FORBIDDEN' });
    }
    expect((await testDb().user.findUniqueOrThrow({ where: { id: other.agent.userId } })).role).toBe(theirs.role);
  });

  it('deactivating ends the sessions and refuses sign-in; reactivating lets the user in again', async () => {
    const { admin, partnerId } = await createTestPartner();
    const user = await addUser(partnerId, 'PARTNER_AGENT', { password: PASSWORD });
    const session = await openSession({ userId: user.id, method: 'PASSWORD', address: 'x' });
    expect(await setUserActive(admin, user.id, false, user.updatedAt, address())).toEqual({ ok: true });
    expect(await testDb().userSession.findUniqueOrThrow({ where: { id: session }, select: { endedReason: true } })).toEqual({
      endedReason: 'DEACTIVATED',
    });
    expect(await verifySignIn(user.email, PASSWORD, address())).toEqual({ ok: false, code: 'INVALID_CREDENTIALS' });
    const now = await testDb().user.findUniqueOrThrow({ where: { id: user.id }, select: { updatedAt: true } });
    expect(await setUserActive(admin, user.id, true, now.updatedAt, address())).toEqual({ ok: true });
    expect(await verifySignIn(user.email, PASSWORD, address())).toMatchObject({ ok: true });
    expect((await auditOf(user.id)).map((e) => e.action)).toEqual(expect.arrayContaining(['user.deactivated', 'user.reactivated']));
  });

  it('the last active admin can neither be demoted nor deactivated', async () => {
    const { admin, partnerId } = await createTestPartner();
    const me = await testDb().user.findUniqueOrThrow({ where: { id: admin.userId }, select: { updatedAt: true } });
    expect(await changeUserRole(admin, admin.userId, 'PARTNER_AGENT', me.updatedAt, address())).toEqual({ ok: false, code: 'LAST_ADMIN' });
    expect(await setUserActive(admin, admin.userId, false, me.updatedAt, address())).toEqual({ ok: false, code: 'LAST_ADMIN' });
    // An inactive admin does not count.
    await addUser(partnerId, 'PARTNER_ADMIN', { active: false });
    expect(await changeUserRole(admin, admin.userId, 'PARTNER_AGENT', me.updatedAt, address())).toEqual({ ok: false, code: 'LAST_ADMIN' });
    expect((await testDb().user.findUniqueOrThrow({ where: { id: admin.userId } })).role).toBe('PARTNER_ADMIN');
  });

  it('two admins demoting (or deactivating) each other at once: one succeeds, one admin is always left', async () => {
    for (let round = 0; round < 6; round += 1) {
      const { admin, partnerId } = await createTestPartner();
      const second = await addUser(partnerId, 'PARTNER_ADMIN');
      const first = await testDb().user.findUniqueOrThrow({ where: { id: admin.userId }, select: { updatedAt: true } });
      const deactivate = round % 2 === 1;
      const results = await Promise.all([
        deactivate
          ? setUserActive(admin, second.id, false, second.updatedAt, address())
          : changeUserRole(admin, second.id, 'PARTNER_AGENT', second.updatedAt, address()),
        deactivate
          ? setUserActive(second.viewer, admin.userId, false, first.updatedAt, address())
          : changeUserRole(second.viewer, admin.userId, 'PARTNER_VIEWER', first.updatedAt, address()),
      ]);
      expect(results.map((r) => (r.ok ? 'OK' : r.code)).sort()).toEqual(['LAST_ADMIN', 'OK']);
      expect(await testDb().user.count({ where: { partnerId, role: 'PARTNER_ADMIN', active: true } })).toBe(1);
    }
  });
});

describe('partners', () => {
  it('a portal admin creates a partner with a unique Partner ID, never in the retired cloud; audited', async () => {
    const admin = await portalAdmin();
    const number = String(Date.now()).slice(-9) + String(Math.floor(Math.random() * 100));
    const at = address();
    const created = await createPartner(admin.viewer, { name: 'Northwind Cloud', partnerNumber: number, cloud: 'US_GOVERNMENT' }, at);
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(
      await testDb().partner.findUniqueOrThrow({ where: { id: created.id }, select: { name: true, partnerNumber: true, cloud: true } }),
    ).toEqual({
      name: 'Northwind Cloud',
      partnerNumber: number,
      cloud: 'US_GOVERNMENT',
    });
    expect(await auditOf(created.id)).toEqual([
      expect.objectContaining({ action: 'partner.created', actorId: admin.id, partnerId: created.id, address: at }),
    ]);
    expect(await createPartner(admin.viewer, { name: 'Copy', partnerNumber: number, cloud: 'PUBLIC' }, at)).toEqual({
      ok: false,
      code: 'PARTNER_NUMBER_TAKEN',
    });
    expect(await createPartner(admin.viewer, { name: 'Old', partnerNumber: `${number}1`.slice(-12), cloud: 'GERMANY' }, at)).toEqual({
      ok: false,
      code: 'CLOUD_RETIRED',
    });
    const { admin: partnerAdmin } = await createTestPartner();
    expect(await createPartner(partnerAdmin, { name: 'Mine', partnerNumber: '9', cloud: 'PUBLIC' }, at)).toEqual({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await testDb().partner.count({ where: { name: { in: ['Copy', 'Old', 'Mine'] } } })).toBe(0);
  });

  it('renames with the version the form was loaded with; refuses a stale one and unknown partners', async () => {
    const admin = await portalAdmin();
    const { partnerId, admin: partnerAdmin } = await createTestPartner();
    const loaded = await testDb().partner.findUniqueOrThrow({ where: { id: partnerId }, select: { name: true, updatedAt: true } });
    expect(await renamePartner(admin.viewer, partnerId, 'Renamed Partner', loaded.updatedAt, address())).toEqual({ ok: true });
    expect(await renamePartner(admin.viewer, partnerId, 'Second Rename', loaded.updatedAt, address())).toEqual({
      ok: false,
      code: 'STALE',
    });
    expect(await renamePartner(admin.viewer, randomUUID(), 'X', loaded.updatedAt, address())).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect(await renamePartner(partnerAdmin, partnerId, 'Mine now', loaded.updatedAt, address())).toEqual({ ok: false, code: 'FORBIDDEN' });
    expect((await testDb().partner.findUniqueOrThrow({ where: { id: partnerId } })).name).toBe('Renamed Partner');
    expect((await auditOf(partnerId)).find((e) => e.action === 'partner.renamed')).toMatchObject({
      before: { name: loaded.name },
      after: { name: 'Renamed Partner' },
    });
  });

  it('lists each partner’s active admins, invited admins, active users, customers and last activity', async () => {
    const admin = await portalAdmin();
    const { partnerId, admin: partnerAdmin } = await createTestPartner();
    // Two customers as the demo's are (a billing contact, a subscription): other tests check every customer has them.
    for (const n of [1, 2]) {
      const customer = await testDb().customer.create({
        data: { partnerId, companyName: `Listed ${n}`, domain: `listed-${n}-${randomUUID().slice(0, 6)}.example`, tenantId: randomUUID() },
        select: { id: true },
      });
      await testDb().contact.create({
        data: { partnerId, customerId: customer.id, name: 'Bill', email: `bill-${n}@listed.example`, role: 'BILLING' },
      });
      await testDb().subscription.create({
        data: {
          partnerId,
          customerId: customer.id,
          offerName: 'Microsoft 365 E3',
          quantity: 1,
          term: 'P1Y',
          billingCycle: 'ANNUAL',
          startDate: new Date(),
          commitmentEndDate: new Date(Date.now() + 300 * DAY),
        },
      });
    }
    await addUser(partnerId, 'PARTNER_VIEWER', { active: false });
    const to = email('invited-admin');
    await invitePartnerAdmin(admin.viewer, partnerId, { email: to, language: 'en' }, address());
    const row = (await listPartners(admin.viewer)).find((p) => p.id === partnerId);
    expect(row).toMatchObject({ customers: 2, users: 2, admins: [partnerAdmin.email], invitedAdmins: [{ email: to, expired: false }] });
    const newest = await testDb().auditEvent.findFirstOrThrow({
      where: { partnerId },
      orderBy: { createdAt: 'desc' },
      select: { createdAt: true },
    });
    expect(row?.lastActivityAt).toEqual(newest.createdAt);
    await expect(listPartners(partnerAdmin)).rejects.toThrow();
  });
});

describe('password resets', () => {
  it('answers the same for unknown, inactive and real addresses; only a real one gets a hashed, one-hour link', async () => {
    const { partnerId } = await createTestPartner();
    const user = await addUser(partnerId, 'PARTNER_AGENT', { password: PASSWORD });
    const inactive = await addUser(partnerId, 'PARTNER_AGENT', { password: PASSWORD, active: false });
    expect(await requestPasswordReset(email('nobody'), address())).toEqual({ ok: true, mail: null });
    expect(await requestPasswordReset(inactive.email, address())).toEqual({ ok: true, mail: null });
    const before = Date.now();
    const result = await requestPasswordReset(user.email.toUpperCase(), address());
    expect(result).toMatchObject({ ok: true, mail: { email: user.email, name: user.displayName, language: 'en' } });
    if (!result.ok || !result.mail) return;
    expect(result.mail.token).toMatch(/^cpr_/);
    const rows = await testDb().passwordReset.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(hashToken(result.mail.token));
    expect(rows[0]!.expiresAt.getTime() - before).toBeGreaterThan(59 * 60_000);
    expect(rows[0]!.expiresAt.getTime() - before).toBeLessThan(61 * 60_000);
    expect(await testDb().passwordReset.count({ where: { userId: inactive.id } })).toBe(0);
    expect(await findPasswordReset(result.mail.token)).toEqual({ email: user.email });
    expect(await findPasswordReset(result.mail.token, new Date(before + 61 * 60_000))).toBeNull();
  });

  it('sets the password once, ends every session, audits; a newer link replaces an older one', async () => {
    const { partnerId } = await createTestPartner();
    const user = await addUser(partnerId, 'PARTNER_AGENT', { password: PASSWORD });
    const session = await openSession({ userId: user.id, method: 'PASSWORD', address: 'x' });
    const first = await requestPasswordReset(user.email, address());
    const second = await requestPasswordReset(user.email, address());
    if (!first.ok || !first.mail || !second.ok || !second.mail) throw new Error('no link');
    expect(await resetPassword(first.mail.token, 'a brand new secret', address())).toEqual({ ok: false, code: 'RESET_INVALID' });
    expect(await resetPassword(second.mail.token, 'Password1234', address())).toEqual({
      ok: false,
      code: 'PASSWORD_REJECTED',
      problem: 'passwordCommon',
    });
    const at = address();
    expect(await resetPassword(second.mail.token, 'a brand new secret', at)).toEqual({ ok: true, email: user.email });
    expect(await resetPassword(second.mail.token, 'another new secret', at)).toEqual({ ok: false, code: 'RESET_INVALID' });
    const after = await testDb().user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true, sessionVersion: true } });
    expect(await verifyPassword('a brand new secret', after.passwordHash)).toBe(true);
    expect(after.sessionVersion).toBe(1);
    expect(await testDb().userSession.findUniqueOrThrow({ where: { id: session }, select: { endedReason: true } })).toEqual({
      endedReason: 'PASSWORD_RESET',
    });
    expect((await auditOf(user.id)).map((e) => [e.action, e.actorId])).toEqual([
      ['user.password_reset_requested', null],
      ['user.password_reset_requested', null],
      ['user.password_reset', user.id],
    ]);
  });

  it('an expired link and the same link twice at once: refused, and one success', async () => {
    const { partnerId } = await createTestPartner();
    const user = await addUser(partnerId, 'PARTNER_AGENT', { password: PASSWORD });
    const link = await requestPasswordReset(user.email, address());
    if (!link.ok || !link.mail) throw new Error('no link');
    expect(await resetPassword(link.mail.token, 'a brand new secret', address(), new Date(Date.now() + 61 * 60_000))).toEqual({
      ok: false,
      code: 'RESET_INVALID',
    });
    const results = await Promise.all(['first new secret', 'second new secret'].map((p) => resetPassword(link.mail!.token, p, address())));
    expect(results.map((r) => (r.ok ? 'OK' : r.code)).sort()).toEqual(['OK', 'RESET_INVALID']);
    expect((await testDb().user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion).toBe(1);
  });

  it('requests are throttled on a budget of their own: many requests do not lock the account’s sign-in', async () => {
    const { partnerId } = await createTestPartner();
    const user = await addUser(partnerId, 'PARTNER_AGENT', { password: PASSWORD });
    const from = address();
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL_AND_ADDRESS; i += 1) expect((await requestPasswordReset(user.email, from)).ok).toBe(true);
    expect(await requestPasswordReset(user.email, from)).toEqual({ ok: false, code: 'THROTTLED' });
    expect(await requestPasswordReset(email('nobody'), from)).toMatchObject({ ok: true });
    expect(await verifySignIn(user.email, PASSWORD, from)).toMatchObject({ ok: true });
    expect((await auditOf(user.id)).at(-2)?.action).toBe('user.password_reset_throttled');
  });
});

describe('the profile’s password change follows the policy', () => {
  it('refuses a common password or one with the e-mail before checking the current one (no attempt used)', async () => {
    const { partnerId } = await createTestPartner();
    const user = await addUser(partnerId, 'PARTNER_AGENT', { password: PASSWORD });
    expect(await changePassword(user.viewer, PASSWORD, 'qwertyuiop123', address())).toEqual({
      ok: false,
      code: 'PASSWORD_REJECTED',
      problem: 'passwordCommon',
    });
    expect(await changePassword(user.viewer, 'wrong', user.email, address())).toEqual({
      ok: false,
      code: 'PASSWORD_REJECTED',
      problem: 'passwordIsEmail',
    });
    expect(await testDb().signInAttempt.count({ where: { email: user.email } })).toBe(0);
    expect(await changePassword(user.viewer, PASSWORD, 'a brand new secret', address())).toEqual({ ok: true });
  });
});
