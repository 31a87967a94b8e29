import 'server-only';
import { getDb } from '../db';
import { writeAudit } from './audit';
import { SIGN_IN_WINDOW_MS, isSignInThrottled } from '../../domain/throttle';
import { UNKNOWN_USER_HASH, verifyPassword } from '../../runtime/password';
import { localeFromDb, type Locale } from '../../i18n/locales';
import type { Role } from '../../domain/permissions';

export type SignInResult =
  | { ok: true; user: { id: string; email: string; name: string; role: Role; sessionVersion: number; locale: Locale } }
  | { ok: false; code: 'INVALID_CREDENTIALS' | 'THROTTLED' };

/** Checks an email and password; every attempt is recorded, failures are throttled. */
export async function verifySignIn(emailInput: string, password: string, address: string, now = new Date()): Promise<SignInResult> {
  const db = getDb();
  const email = emailInput.trim().toLowerCase().slice(0, 320);
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MS);
  const [emailAndAddress, byAddress] = await Promise.all([
    db.signInAttempt.count({ where: { email, address, success: false, createdAt: { gte: since } } }),
    db.signInAttempt.count({ where: { address, success: false, createdAt: { gte: since } } }),
  ]);
  if (isSignInThrottled({ emailAndAddress, address: byAddress })) {
    await db.signInAttempt.create({ data: { email, address, success: false } });
    return { ok: false, code: 'THROTTLED' };
  }
  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, displayName: true, role: true, active: true, passwordHash: true, sessionVersion: true, language: true, partnerId: true },
  });
  // Same work whether the email exists or not: the answer never tells which.
  const passwordOk = await verifyPassword(password, user?.passwordHash ?? UNKNOWN_USER_HASH);
  const success = Boolean(user && user.active && user.passwordHash && passwordOk);
  await db.signInAttempt.create({ data: { email, address, success } });
  if (!success || !user) return { ok: false, code: 'INVALID_CREDENTIALS' };
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: now } });
    await writeAudit(tx, [
      { actor: { userId: user.id, label: user.email }, partnerId: user.partnerId, action: 'user.signed_in', targetType: 'User', targetId: user.id, address },
    ]);
  });
  return {
    ok: true,
    user: {
      id: user.id,
      email: user.email,
      name: user.displayName,
      role: user.role,
      sessionVersion: user.sessionVersion,
      locale: localeFromDb(user.language),
    },
  };
}
