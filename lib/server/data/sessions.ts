import 'server-only';
import { getDb } from '../db';
import type { UserViewer } from '../viewer';
import { readConfig } from '../../runtime/config';
import { can } from '../../domain/permissions';
import { auditBy, writeAudit } from './audit';
import { runWrite, type Tx } from './transaction';

// Signed-in sessions (UserSession rows; the id travels in the session cookie). Opened by a
// successful sign-in, checked by the guard on every request (session-user.ts), ended by signing
// out, by "sign out everywhere", by the idle and absolute limits (SESSION_IDLE_HOURS,
// SESSION_MAX_DAYS), and — all of a user's at once — by what changes who the user is: a password
// change or reset, a deactivation, a role change, a change to two-step sign-in (endAllSessions).

export type SessionMethod = 'PASSWORD' | 'PASSWORD_AND_CODE' | 'MICROSOFT' | 'OIDC';

export type SessionEndReason =
  'SIGNED_OUT' | 'SIGNED_OUT_EVERYWHERE' | 'PASSWORD_CHANGED' | 'PASSWORD_RESET' | 'DEACTIVATED' | 'ROLE_CHANGED' | 'TWO_STEP_CHANGED';

/** A new session for a user who has just proved who they are; returns its id (for the cookie). */
export async function openSession(input: { userId: string; method: SessionMethod; address: string; now?: Date }): Promise<string> {
  const now = input.now ?? new Date();
  const row = await getDb().userSession.create({
    data: {
      userId: input.userId,
      method: input.method,
      address: input.address,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + readConfig().sessionMaxMs),
    },
    select: { id: true },
  });
  return row.id;
}

/** The session of a sign-out (next-auth's signOut event), audited as its user's. */
export async function endSession(sessionId: string, reason: SessionEndReason, now = new Date()): Promise<void> {
  await runWrite(async (tx) => {
    const ended = await tx.userSession.updateMany({ where: { id: sessionId, endedAt: null }, data: { endedAt: now, endedReason: reason } });
    if (ended.count === 0) return { ok: true as const };
    const { user } = await tx.userSession.findUniqueOrThrow({
      where: { id: sessionId },
      select: { user: { select: { id: true, email: true, partnerId: true } } },
    });
    await writeAudit(tx, [
      {
        actor: { userId: user.id, label: user.email },
        partnerId: user.partnerId,
        action: 'user.signed_out',
        targetType: 'User',
        targetId: user.id,
        after: { reason },
        at: now,
      },
    ]);
    return { ok: true as const };
  });
}

/**
 * Every open session of the user ends (in the caller's transaction): the guard refuses them from the
 * next request on. `except` keeps one (the user's own session, when they changed something of
 * their own and stay signed in here).
 */
export async function endAllSessions(
  tx: Tx,
  userId: string,
  reason: SessionEndReason,
  options: { except?: string; now?: Date } = {},
): Promise<number> {
  const ended = await tx.userSession.updateMany({
    where: { userId, endedAt: null, ...(options.except ? { id: { not: options.except } } : {}) },
    data: { endedAt: options.now ?? new Date(), endedReason: reason },
  });
  return ended.count;
}

/** The viewer signs out of every browser, this one included. */
export async function signOutEverywhere(
  viewer: UserViewer,
  address: string,
): Promise<{ ok: true; ended: number } | { ok: false; code: 'FORBIDDEN' }> {
  if (!can(viewer.role, 'profile:write')) return { ok: false, code: 'FORBIDDEN' };
  return runWrite(async (tx) => {
    const ended = await endAllSessions(tx, viewer.userId, 'SIGNED_OUT_EVERYWHERE');
    await writeAudit(tx, [
      auditBy(viewer, viewer.partnerId, address, {
        action: 'user.signed_out_everywhere',
        targetType: 'User',
        targetId: viewer.userId,
        after: { sessions: ended },
      }),
    ]);
    return { ok: true as const, ended };
  });
}
