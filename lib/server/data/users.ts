import 'server-only';
import { getDb } from '../db';
import { partnerScope, type UserViewer } from '../viewer';
import { auditBy, writeAudit } from './audit';
import { endAllSessions } from './sessions';
import { runWrite, type Tx } from './transaction';
import { can } from '../../domain/permissions';
import { invitationState, leavesNoAdmin, type AdminChange, type InvitationState, type PartnerRole } from '../../domain/accounts';
import { isUuid } from '../../domain/ids';
import { localeFromDb, type Locale } from '../../i18n/locales';

// The users of a partner and its invitations, for its partner admins (`settings:users`): change a
// role, deactivate, reactivate. A change of role and a deactivation end every session of that user
// (the guard refuses them at their next request). A partner always keeps an active admin: the
// count is read under a lock on the partner's admins, so two admins demoting each other at once
// cannot both succeed.

export type PartnerUser = {
  id: string;
  email: string;
  displayName: string;
  role: PartnerRole;
  active: boolean;
  language: Locale;
  lastSignInAt: Date | null;
  updatedAt: Date;
};

export type PendingInvitation = {
  id: string;
  email: string;
  role: PartnerRole;
  state: Extract<InvitationState, 'PENDING' | 'EXPIRED'>;
  expiresAt: Date;
  invitedBy: string | null;
};

export type UserChangeResult = { ok: true } | { ok: false; code: 'FORBIDDEN' | 'NOT_FOUND' | 'STALE' | 'LAST_ADMIN' };

export async function listPartnerUsers(
  viewer: UserViewer,
  now = new Date(),
): Promise<{ users: PartnerUser[]; invitations: PendingInvitation[] }> {
  // Reached only through the page that demands the permission first: anyone else is a programming error.
  if (!can(viewer.role, 'settings:users')) throw new Error(`${viewer.role} may not use settings:users`);
  const partnerId = partnerScope(viewer);
  const db = getDb();
  const [users, invitations] = await Promise.all([
    db.user.findMany({
      where: { partnerId },
      orderBy: [{ active: 'desc' }, { displayName: 'asc' }],
      select: { id: true, email: true, displayName: true, role: true, active: true, language: true, lastSignInAt: true, updatedAt: true },
    }),
    db.invitation.findMany({
      where: { partnerId, acceptedAt: null, revokedAt: null },
      orderBy: { createdAt: 'desc' },
      select: {
        id: true,
        email: true,
        role: true,
        expiresAt: true,
        acceptedAt: true,
        revokedAt: true,
        invitedBy: { select: { displayName: true } },
      },
    }),
  ]);
  return {
    users: users.map((u) => ({ ...u, role: u.role as PartnerRole, language: localeFromDb(u.language) })),
    invitations: invitations.map((i) => ({
      id: i.id,
      email: i.email,
      role: i.role as PartnerRole,
      state: invitationState(i, now) === 'PENDING' ? 'PENDING' : 'EXPIRED',
      expiresAt: i.expiresAt,
      invitedBy: i.invitedBy?.displayName ?? null,
    })),
  };
}

/** Serialises every change that could take away a partner's admin, for the rest of the transaction. */
async function lockPartnerAdmins(tx: Tx, partnerId: string): Promise<number> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('partner:admins'), hashtext(${partnerId}))`;
  return tx.user.count({ where: { partnerId, role: 'PARTNER_ADMIN', active: true } });
}

async function changeUser(
  viewer: UserViewer,
  userId: string,
  expectedUpdatedAt: Date,
  change: AdminChange,
  address: string,
): Promise<UserChangeResult> {
  if (!can(viewer.role, 'settings:users')) return { ok: false, code: 'FORBIDDEN' };
  const partnerId = partnerScope(viewer);
  if (!isUuid(userId)) return { ok: false, code: 'NOT_FOUND' };
  return runWrite<UserChangeResult>(async (tx) => {
    const activeAdmins = await lockPartnerAdmins(tx, partnerId);
    const user = await tx.user.findFirst({ where: { id: userId, partnerId }, select: { role: true, active: true, updatedAt: true } });
    if (!user) return { ok: false, code: 'NOT_FOUND' };
    if (user.updatedAt.getTime() !== expectedUpdatedAt.getTime()) return { ok: false, code: 'STALE' };
    const unchanged = change.kind === 'ROLE' ? user.role === change.role : user.active === change.active;
    if (unchanged) return { ok: true };
    if (leavesNoAdmin(user, change, activeAdmins)) return { ok: false, code: 'LAST_ADMIN' };
    // A new role or a deactivation: sessions opened before it stop working (a reactivation has none).
    const endsSessions = change.kind === 'ROLE' || !change.active;
    const updated = await tx.user.updateMany({
      where: { id: userId, partnerId, updatedAt: expectedUpdatedAt },
      data: {
        ...(change.kind === 'ROLE' ? { role: change.role } : { active: change.active }),
        ...(endsSessions ? { sessionVersion: { increment: 1 } } : {}),
      },
    });
    if (updated.count === 0) return { ok: false, code: 'STALE' };
    if (endsSessions) await endAllSessions(tx, userId, change.kind === 'ROLE' ? 'ROLE_CHANGED' : 'DEACTIVATED');
    const event =
      change.kind === 'ROLE'
        ? { action: 'user.role_changed', before: { role: user.role }, after: { role: change.role } }
        : {
            action: change.active ? 'user.reactivated' : 'user.deactivated',
            before: { active: user.active },
            after: { active: change.active },
          };
    await writeAudit(tx, [auditBy(viewer, partnerId, address, { ...event, targetType: 'User', targetId: userId })]);
    return { ok: true };
  });
}

/** Gives a user of the viewer's partner another role; refused for the partner's last active admin. */
export function changeUserRole(viewer: UserViewer, userId: string, role: PartnerRole, expectedUpdatedAt: Date, address: string) {
  return changeUser(viewer, userId, expectedUpdatedAt, { kind: 'ROLE', role }, address);
}

/** Deactivates (every session ends, signing in is refused) or reactivates a user of the viewer's partner. */
export function setUserActive(viewer: UserViewer, userId: string, active: boolean, expectedUpdatedAt: Date, address: string) {
  return changeUser(viewer, userId, expectedUpdatedAt, { kind: 'ACTIVE', active }, address);
}
