import 'server-only';
import { getDb } from '../db';
import type { Viewer } from '../viewer';
import { hashPassword, verifyPassword } from '../../runtime/password';
import { localeFromDb, localeToDb, type Locale } from '../../i18n/locales';

export type Profile = { email: string; displayName: string; language: Locale; timeZone: string; updatedAt: Date };

export async function getProfile(viewer: Viewer): Promise<Profile> {
  const user = await getDb().user.findUniqueOrThrow({
    where: { id: viewer.userId },
    select: { email: true, displayName: true, language: true, timeZone: true, updatedAt: true },
  });
  return { ...user, language: localeFromDb(user.language) };
}

/** Saves the profile only if nobody changed it since `expectedUpdatedAt`; false when stale. */
export async function updateProfile(
  viewer: Viewer,
  input: { displayName: string; language: Locale; timeZone: string; expectedUpdatedAt: Date },
  address: string,
): Promise<boolean> {
  const db = getDb();
  return db.$transaction(async (tx) => {
    const before = await tx.user.findUniqueOrThrow({
      where: { id: viewer.userId },
      select: { displayName: true, language: true, timeZone: true },
    });
    const result = await tx.user.updateMany({
      where: { id: viewer.userId, updatedAt: input.expectedUpdatedAt },
      data: { displayName: input.displayName, language: localeToDb(input.language), timeZone: input.timeZone },
    });
    if (result.count === 0) return false;
    await tx.auditEvent.create({
      data: {
        actorId: viewer.userId,
        actorLabel: viewer.email,
        partnerId: viewer.partnerId,
        action: 'user.profile_updated',
        targetType: 'User',
        targetId: viewer.userId,
        before,
        after: { displayName: input.displayName, language: localeToDb(input.language), timeZone: input.timeZone },
        address,
      },
    });
    return true;
  });
}

/** Changes the password after checking the current one; ends every existing session. */
export async function changePassword(viewer: Viewer, current: string, next: string, address: string): Promise<boolean> {
  const db = getDb();
  const user = await db.user.findUniqueOrThrow({ where: { id: viewer.userId }, select: { passwordHash: true } });
  if (!(await verifyPassword(current, user.passwordHash))) return false;
  const passwordHash = await hashPassword(next);
  await db.$transaction([
    db.user.update({ where: { id: viewer.userId }, data: { passwordHash, sessionVersion: { increment: 1 } } }),
    db.auditEvent.create({
      data: {
        actorId: viewer.userId,
        actorLabel: viewer.email,
        partnerId: viewer.partnerId,
        action: 'user.password_changed',
        targetType: 'User',
        targetId: viewer.userId,
        address,
      },
    }),
  ]);
  return true;
}
