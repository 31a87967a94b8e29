import 'server-only';
import { getDb } from '../db';
import type { UserViewer } from '../viewer';
import { auditBy, writeAudit } from './audit';
import { markAttemptSucceeded, reserveAttempt } from './sign-in';
import { endAllSessions } from './sessions';
import { runWrite } from './transaction';
import { can } from '../../domain/permissions';
import { hashPassword, verifyPassword } from '../../runtime/password';
import { newPasswordProblem } from '../../runtime/password-policy';
import type { PasswordProblem } from '../../domain/accounts';
import { localeFromDb, localeToDb, type Locale } from '../../i18n/locales';

// A user's own profile: name, language, time zone and password. Only signed-in users have one (an
// API token is no user). Every write needs `profile:write` (FORBIDDEN) and is audited.

export type Profile = { email: string; displayName: string; language: Locale; timeZone: string; updatedAt: Date };

export type ProfileResult =
  | { ok: true }
  | { ok: false; code: 'FORBIDDEN' | 'STALE' | 'CURRENT_PASSWORD_WRONG' | 'THROTTLED' }
  | { ok: false; code: 'PASSWORD_REJECTED'; problem: PasswordProblem };

const FORBIDDEN = { ok: false, code: 'FORBIDDEN' } as const;

export async function getProfile(viewer: UserViewer): Promise<Profile> {
  const user = await getDb().user.findUniqueOrThrow({
    where: { id: viewer.userId },
    select: { email: true, displayName: true, language: true, timeZone: true, updatedAt: true },
  });
  return { ...user, language: localeFromDb(user.language) };
}

/** Saves the profile only if nobody changed it since `expectedUpdatedAt` (else STALE, nothing saved). */
export async function updateProfile(
  viewer: UserViewer,
  input: { displayName: string; language: Locale; timeZone: string; expectedUpdatedAt: Date },
  address: string,
): Promise<ProfileResult> {
  if (!can(viewer.role, 'profile:write')) return FORBIDDEN;
  return runWrite<ProfileResult>(async (tx) => {
    const before = await tx.user.findUniqueOrThrow({
      where: { id: viewer.userId },
      select: { displayName: true, language: true, timeZone: true },
    });
    const after = { displayName: input.displayName, language: localeToDb(input.language), timeZone: input.timeZone };
    const result = await tx.user.updateMany({ where: { id: viewer.userId, updatedAt: input.expectedUpdatedAt }, data: after });
    if (result.count === 0) return { ok: false, code: 'STALE' };
    await writeAudit(tx, [
      auditBy(viewer, viewer.partnerId, address, {
        action: 'user.profile_updated',
        targetType: 'User',
        targetId: viewer.userId,
        before,
        after,
      }),
    ]);
    return { ok: true };
  });
}

/** The language the user chose with the language switch (remembered for the next sign-in). */
export async function setLanguage(viewer: UserViewer, locale: Locale, address: string): Promise<ProfileResult> {
  if (!can(viewer.role, 'profile:write')) return FORBIDDEN;
  if (viewer.locale === locale) return { ok: true };
  return runWrite<ProfileResult>(async (tx) => {
    await tx.user.update({ where: { id: viewer.userId }, data: { language: localeToDb(locale) } });
    await writeAudit(tx, [
      auditBy(viewer, viewer.partnerId, address, {
        action: 'user.language_changed',
        targetType: 'User',
        targetId: viewer.userId,
        before: { language: viewer.locale },
        after: { language: locale },
      }),
    ]);
    return { ok: true };
  });
}

/**
 * Changes the password after checking the current one (the new one must pass the password
 * policy, lib/domain/accounts.ts); ends every existing session. The check is
 * throttled and recorded like a sign-in of the same account (lib/server/data/sign-in.ts): a session
 * in the wrong hands cannot guess the current password without limit.
 */
export async function changePassword(
  viewer: UserViewer,
  current: string,
  next: string,
  address: string,
  now = new Date(),
): Promise<ProfileResult> {
  if (!can(viewer.role, 'profile:write')) return FORBIDDEN;
  // The policy first: a new password it refuses costs no attempt.
  const problem = newPasswordProblem(next, viewer.email);
  if (problem) return { ok: false, code: 'PASSWORD_REJECTED', problem };
  const db = getDb();
  const event = (action: string, after?: Record<string, string>) =>
    auditBy(viewer, viewer.partnerId, address, { action, targetType: 'User', targetId: viewer.userId, after });
  const reservation = await reserveAttempt({ email: viewer.email, address, kind: 'PASSWORD_CHANGE', now }, (limit) =>
    event('user.password_change_throttled', { limit }),
  );
  if (!reservation.ok) return { ok: false, code: 'THROTTLED' };
  const user = await db.user.findUniqueOrThrow({ where: { id: viewer.userId }, select: { passwordHash: true } });
  if (!(await verifyPassword(current, user.passwordHash))) {
    await writeAudit(db, [event('user.password_change_failed')]);
    return { ok: false, code: 'CURRENT_PASSWORD_WRONG' };
  }
  const passwordHash = await hashPassword(next);
  return runWrite<ProfileResult>(async (tx) => {
    await markAttemptSucceeded(tx, reservation.attemptId);
    await tx.user.update({ where: { id: viewer.userId }, data: { passwordHash, sessionVersion: { increment: 1 } } });
    await endAllSessions(tx, viewer.userId, 'PASSWORD_CHANGED');
    await writeAudit(tx, [event('user.password_changed')]);
    return { ok: true };
  });
}
