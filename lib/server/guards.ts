import 'server-only';
import { cache } from 'react';
import { notFound, redirect } from 'next/navigation';
import { findSessionUser, touchSession } from './data/session-user';
import { profiled } from './profile';
import { requestPath } from './request';
import { readSession } from './session';
import type { UserViewer } from './viewer';
import { can, homePath, type Permission } from '../domain/permissions';
import { needsTouch, sessionState } from '../domain/sessions';
import { readConfig } from '../runtime/config';

const sessionIdleMs = () => readConfig().sessionIdleMs;

const getSession = cache(readSession);

/**
 * The signed-in user, re-read from the database on every request: a deactivated user, or a
 * session older than a password change, gets null. Cached per request.
 */
export const getViewer = cache((): Promise<UserViewer | null> => profiled('guard', loadViewer));

async function loadViewer(): Promise<UserViewer | null> {
  const session = await getSession();
  if (!session?.uid) return null;
  const user = await findSessionUser(session.uid, session.sid);
  if (!user || !user.active || user.sessionVersion !== session.sv) return null;
  if (user.role !== 'PORTAL_ADMIN' && !user.partnerId) return null;
  // Signed out (here or everywhere), idle too long, past its absolute limit: the session is over.
  const now = new Date();
  if (sessionState(user.session, now, sessionIdleMs()) !== 'OPEN') return null;
  if (needsTouch(user.session.lastSeenAt, now)) await touchSession(session.sid, now);
  return {
    userId: user.id,
    sessionId: session.sid,
    email: user.email,
    name: user.displayName,
    role: user.role,
    partnerId: user.role === 'PORTAL_ADMIN' ? null : user.partnerId,
    partnerName: user.partnerName,
    locale: user.language,
    timeZone: user.timeZone,
  };
}

/** Pages: the viewer, or a redirect to the sign-in page that comes back here afterwards. */
export async function requireViewer(): Promise<UserViewer> {
  const viewer = await getViewer();
  if (!viewer) {
    const back = await requestPath();
    // A session that no longer holds (user deactivated, password changed) is told so.
    const ended = Boolean((await getSession())?.uid);
    redirect(`/signin?callbackUrl=${encodeURIComponent(back)}${ended ? '&error=SESSION_ENDED' : ''}`);
  }
  return viewer;
}

/**
 * Pages: a viewer who may use `permission` (or any one of several); a portal admin asking for
 * partner pages, or a partner user for admin pages, goes to their home; anyone else gets 404.
 */
export async function requirePermission(...permissions: [Permission, ...Permission[]]): Promise<UserViewer> {
  const viewer = await requireViewer();
  if (!permissions.some((permission) => can(viewer.role, permission))) {
    if (viewer.role === 'PORTAL_ADMIN' || permissions.every((permission) => permission.startsWith('admin:')))
      redirect(homePath(viewer.role));
    notFound();
  }
  return viewer;
}
