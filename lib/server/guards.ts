import 'server-only';
import { cache } from 'react';
import { notFound, redirect } from 'next/navigation';
import { findSessionUser, touchSession } from './data/session-user';
import { profiled } from './profile';
import { requestPath } from './request';
import { readSession } from './session';
import type { UserViewer } from './viewer';
import { can, homePath, safeCallbackPath, type Permission } from '../domain/permissions';
import { needsTouch, sessionState } from '../domain/sessions';
import { isEnrolmentPending } from '../domain/two-step';
import { readConfig } from '../runtime/config';

const sessionIdleMs = () => readConfig().sessionIdleMs;

const getSession = cache(readSession);

/** Where a user who must set up two-step sign-in is sent, and the one page they may open until then. */
export const TWO_STEP_ENROLMENT_PATH = '/settings/security';

/**
 * The signed-in user, re-read from the database on every request: a deactivated user, or a
 * session older than a password change, gets null. Cached per request. A user who must set up
 * two-step sign-in first is signed in too (`twoStep.enrolmentPending`): only what serves the
 * enrolment may take this viewer (getViewerDuringEnrolment).
 */
const getSignedInViewer = cache((): Promise<UserViewer | null> => profiled('guard', loadViewer));

/**
 * The viewer for server actions, route handlers and everything else: null, as if signed out, while
 * the user must still set up two-step sign-in — so that nothing but the enrolment works until then.
 */
export const getViewer = cache(async (): Promise<UserViewer | null> => {
  const viewer = await getSignedInViewer();
  return viewer?.twoStep?.enrolmentPending ? null : viewer;
});

/** The viewer even while two-step enrolment is pending: the enrolment's own page and actions, and where to land. */
export const getViewerDuringEnrolment = getSignedInViewer;

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
  const enrolmentPending = isEnrolmentPending({
    role: user.role,
    exempt: user.twoStepExempt,
    partnerRequiresTwoStep: user.partnerRequiresTwoStep,
    enabled: user.twoStepEnabled,
    sessionMethod: user.session.method,
  });
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
    twoStep: { exempt: user.twoStepExempt, enrolmentPending },
  };
}

/**
 * Pages: the viewer, or a redirect to the sign-in page that comes back here afterwards. A user who
 * must set up two-step sign-in first is taken to its page from every other one.
 */
export async function requireViewer(): Promise<UserViewer> {
  const viewer = await getSignedInViewer();
  const path = await requestPath();
  if (!viewer) {
    // A session that no longer holds (user deactivated, password changed) is told so.
    const ended = Boolean((await getSession())?.uid);
    redirect(`/signin?callbackUrl=${encodeURIComponent(path)}${ended ? '&error=SESSION_ENDED' : ''}`);
  }
  if (viewer.twoStep?.enrolmentPending && path.split('?')[0] !== TWO_STEP_ENROLMENT_PATH) redirect(TWO_STEP_ENROLMENT_PATH);
  return viewer;
}

/** Where a signed-in user lands (after signing in, or on "/"): the enrolment first when it is pending, else the page asked for or home. */
export function landingPath(viewer: UserViewer, callback: string | null | undefined): string {
  return viewer.twoStep?.enrolmentPending ? TWO_STEP_ENROLMENT_PATH : safeCallbackPath(viewer.role, callback);
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
