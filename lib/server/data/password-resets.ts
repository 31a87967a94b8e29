import 'server-only';
import { getDb } from '../db';
import { writeAudit } from './audit';
import { attemptEvent, reserveAttempt } from './sign-in';
import { passwordSignInAllowed } from './sign-in-rules';
import { endAllSessions } from './sessions';
import { runWrite } from './transaction';
import { isUsableReset, passwordResetExpiry, type PasswordProblem } from '../../domain/accounts';
import { hashToken, newTokenSecret } from '../../runtime/tokens';
import { hashPassword } from '../../runtime/password';
import { newPasswordProblem } from '../../runtime/password-policy';
import { localeFromDb, type Locale } from '../../i18n/locales';

// "Forgot your password?": a request for an e-mail address answers the same whether or not a user
// has it; for an active user it makes a single-use link valid for an hour (the token kept only as
// its hash; a newer link replaces an older one). Requests are throttled like sign-ins, on a budget
// of their own (kind PASSWORD_RESET). Using the link sets the new password and ends every session
// of the user, audited.

export type ResetMail = { email: string; name: string; language: Locale; token: string };
export type ResetRequestResult = { ok: true; mail: ResetMail | null } | { ok: false; code: 'THROTTLED' };
export type ResetResult =
  { ok: true; email: string } | { ok: false; code: 'RESET_INVALID' } | { ok: false; code: 'PASSWORD_REJECTED'; problem: PasswordProblem };

const TOKEN_MAX = 200;

export async function requestPasswordReset(emailInput: string, address: string, now = new Date()): Promise<ResetRequestResult> {
  const email = emailInput.trim().toLowerCase().slice(0, 320);
  const db = getDb();
  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, displayName: true, language: true, active: true, partnerId: true },
  });
  // Nobody has proved who they are: recorded under the address asked for.
  const event = attemptEvent(email, user, address);
  const reservation = await reserveAttempt({ email, address, kind: 'PASSWORD_RESET', now }, (limit) =>
    event('user.password_reset_throttled', { limit }),
  );
  if (!reservation.ok) return { ok: false, code: 'THROTTLED' };
  if (!user || !user.active) return { ok: true, mail: null };
  if (!(await passwordSignInAllowed(user.id))) {
    // The user's partner turned password sign-in off (they sign in with Microsoft): no link to set one.
    await writeAudit(db, [event('user.password_reset_refused', { reason: 'PASSWORD_SIGN_IN_DISABLED' })]);
    return { ok: true, mail: null };
  }
  const token = newTokenSecret('cpr');
  await runWrite(async (tx) => {
    await tx.passwordReset.deleteMany({ where: { userId: user.id, usedAt: null } });
    await tx.passwordReset.create({
      data: { userId: user.id, tokenHash: hashToken(token), expiresAt: passwordResetExpiry(now), createdAt: now },
    });
    await writeAudit(tx, [event('user.password_reset_requested', { expiresAt: passwordResetExpiry(now).toISOString() })]);
    return { ok: true as const };
  });
  return { ok: true, mail: { email: user.email, name: user.displayName, language: localeFromDb(user.language), token } };
}

async function findUsable(token: string, now: Date) {
  if (typeof token !== 'string' || token.length === 0 || token.length > TOKEN_MAX) return null;
  const reset = await getDb().passwordReset.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, expiresAt: true, usedAt: true, user: { select: { id: true, email: true, active: true, partnerId: true } } },
  });
  return reset && reset.user.active && isUsableReset(reset, now) ? reset : null;
}

/** The e-mail a reset link is for, while the link works; null for any other token. */
export async function findPasswordReset(token: string, now = new Date()): Promise<{ email: string } | null> {
  const reset = await findUsable(token, now);
  return reset ? { email: reset.user.email } : null;
}

/** Sets the new password through a reset link (once); every session of the user ends. */
export async function resetPassword(token: string, password: string, address: string, now = new Date()): Promise<ResetResult> {
  const invalid = { ok: false, code: 'RESET_INVALID' } as const;
  const reset = await findUsable(token, now);
  if (!reset) return invalid;
  const problem = newPasswordProblem(password, reset.user.email);
  if (problem) return { ok: false, code: 'PASSWORD_REJECTED', problem };
  const passwordHash = await hashPassword(password);
  const { user } = reset;
  return runWrite<ResetResult>(async (tx) => {
    // Used once: of two submissions at once, one marks it used, the other finds it used.
    const used = await tx.passwordReset.updateMany({
      where: { id: reset.id, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (used.count === 0) return invalid;
    const changed = await tx.user.updateMany({
      where: { id: user.id, active: true },
      data: { passwordHash, sessionVersion: { increment: 1 } },
    });
    if (changed.count === 0) return invalid;
    await tx.passwordReset.deleteMany({ where: { userId: user.id, usedAt: null } });
    const ended = await endAllSessions(tx, user.id, 'PASSWORD_RESET', { now });
    await writeAudit(tx, [
      {
        actor: { userId: user.id, label: user.email },
        partnerId: user.partnerId,
        action: 'user.password_reset',
        targetType: 'User',
        targetId: user.id,
        after: { sessionsEnded: ended },
        address,
      },
    ]);
    return { ok: true, email: user.email };
  });
}
