import 'server-only';
import { getDb } from '../db';
import { decryptSecret, encryptSecret } from '../crypto';
import type { UserViewer } from '../viewer';
import { auditBy, writeAudit, type AuditEntry } from './audit';
import { endAllSessions } from './sessions';
import { markAttemptSucceeded, reserveAttempt } from './sign-in';
import { runWrite, type Tx } from './transaction';
import { checkCode, recoveryCodesLeft, replaceRecoveryCodes, useCode, type CodeMatch } from './two-step-codes';
import { can } from '../../domain/permissions';
import { isTwoStepRequired, parseSecondStepInput } from '../../domain/two-step';
import { verifyPassword } from '../../runtime/password';
import { newTotpKey, totpStepOf, totpUri } from '../../runtime/totp';

// A user's own two-step sign-in (/settings/security): set up an authenticator (the key shown, then
// confirmed by a first code), ten recovery codes shown once, renewed with a current code, and
// turning it off with the password and a current code. Rows are the viewer's own (scoped by the
// viewer's user id, as the profile is: a portal admin has no partner). Every change is audited and
// ends the user's other sessions; the session that made it stays signed in.

export type TwoStepStatus = {
  /** A demo account: never asked for a code, cannot set one up. */
  exempt: boolean;
  /** Required of this user: by role, or by the partner's rule. */
  required: boolean;
  enabled: boolean;
  enabledAt: Date | null;
  /** A key shown and not confirmed yet. */
  enrolling: boolean;
  recoveryCodesLeft: number;
};

type Forbidden = { ok: false; code: 'FORBIDDEN' };
const FORBIDDEN: Forbidden = { ok: false, code: 'FORBIDDEN' };

export type StartResult = { ok: true } | Forbidden | { ok: false; code: 'EXEMPT' | 'ALREADY_ENABLED' };
export type ConfirmResult = { ok: true; recoveryCodes: string[] } | Forbidden | { ok: false; code: 'NOT_ENROLLING' | 'CODE_INVALID' };
export type CodeCheckedResult<T> = T | Forbidden | { ok: false; code: 'NOT_ENABLED' | 'CODE_INVALID' | 'CODE_USED' | 'THROTTLED' };
export type RenewResult = CodeCheckedResult<{ ok: true; recoveryCodes: string[] }>;
export type TurnOffResult = CodeCheckedResult<{ ok: true }> | { ok: false; code: 'PASSWORD_WRONG' };

export async function getTwoStepStatus(viewer: UserViewer): Promise<TwoStepStatus> {
  const db = getDb();
  const user = await db.user.findUniqueOrThrow({
    where: { id: viewer.userId },
    select: { role: true, twoStepExempt: true, partner: { select: { twoStepRequired: true } }, twoStep: { select: { enabledAt: true } } },
  });
  const enabledAt = user.twoStep?.enabledAt ?? null;
  return {
    exempt: user.twoStepExempt,
    required: isTwoStepRequired({
      role: user.role,
      exempt: user.twoStepExempt,
      partnerRequiresTwoStep: user.partner?.twoStepRequired ?? false,
    }),
    enabled: enabledAt !== null,
    enabledAt,
    enrolling: user.twoStep !== null && enabledAt === null,
    recoveryCodesLeft: enabledAt ? await recoveryCodesLeft(db, viewer.userId) : 0,
  };
}

/** While enrolling: the key (for typing) and its otpauth:// address (for the QR code). Null otherwise. */
export async function getEnrolmentKey(viewer: UserViewer): Promise<{ key: string; uri: string } | null> {
  const row = await getDb().userTwoStep.findUnique({ where: { userId: viewer.userId }, select: { secret: true, enabledAt: true } });
  if (!row || row.enabledAt) return null;
  const key = decryptSecret(row.secret, 'two-step');
  return { key, uri: totpUri(key, viewer.email) };
}

/** The viewer's events about their own account: `event('user.two_step_enabled', after)`. */
const eventsBy =
  (viewer: UserViewer, address: string) =>
  (action: string, after?: Record<string, unknown>): AuditEntry =>
    auditBy(viewer, viewer.partnerId, address, { action, targetType: 'User', targetId: viewer.userId, after });

/** A new key to set up (replacing one shown before and never confirmed). Nothing changes for signing in until it is confirmed. */
export async function startTwoStepEnrolment(viewer: UserViewer, address: string): Promise<StartResult> {
  if (!can(viewer.role, 'profile:write')) return FORBIDDEN;
  return runWrite<StartResult>(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({
      where: { id: viewer.userId },
      select: { twoStepExempt: true, twoStep: { select: { enabledAt: true } } },
    });
    if (user.twoStepExempt) return { ok: false, code: 'EXEMPT' };
    if (user.twoStep?.enabledAt) return { ok: false, code: 'ALREADY_ENABLED' };
    const secret = encryptSecret(newTotpKey(), 'two-step');
    await tx.userTwoStep.upsert({
      where: { userId: viewer.userId },
      create: { userId: viewer.userId, secret },
      update: { secret, lastUsedStep: null },
    });
    const event = eventsBy(viewer, address);
    await writeAudit(tx, [event('user.two_step_enrolment_started')]);
    return { ok: true };
  });
}

/** Drops a key shown and never confirmed. */
export async function cancelTwoStepEnrolment(viewer: UserViewer, address: string): Promise<{ ok: true } | Forbidden> {
  if (!can(viewer.role, 'profile:write')) return FORBIDDEN;
  return runWrite(async (tx) => {
    const dropped = await tx.userTwoStep.deleteMany({ where: { userId: viewer.userId, enabledAt: null } });
    const event = eventsBy(viewer, address);
    if (dropped.count > 0) await writeAudit(tx, [event('user.two_step_enrolment_cancelled')]);
    return { ok: true as const };
  });
}

/** Everything that follows a change of the user's two-step sign-in: the other sessions end, the event (told how many) is written. */
async function changed(tx: Tx, viewer: UserViewer, entry: (otherSessionsEnded: number) => AuditEntry): Promise<void> {
  const ended = await endAllSessions(tx, viewer.userId, 'TWO_STEP_CHANGED', { except: viewer.sessionId });
  await writeAudit(tx, [entry(ended)]);
}

/**
 * The first code from the authenticator app confirms the key shown: two-step sign-in is on from
 * now, the code's time step counts as used, and ten recovery codes are made (returned once).
 */
export async function confirmTwoStepEnrolment(viewer: UserViewer, code: string, address: string, now = new Date()): Promise<ConfirmResult> {
  if (!can(viewer.role, 'profile:write')) return FORBIDDEN;
  const row = await getDb().userTwoStep.findUnique({ where: { userId: viewer.userId }, select: { secret: true, enabledAt: true } });
  if (!row || row.enabledAt) return { ok: false, code: 'NOT_ENROLLING' };
  const input = parseSecondStepInput(code);
  const step = input?.kind === 'totp' ? totpStepOf(decryptSecret(row.secret, 'two-step'), input.code, now) : null;
  if (step === null) return { ok: false, code: 'CODE_INVALID' };
  return runWrite<ConfirmResult>(async (tx) => {
    // Only the key the code was checked against (not one shown since, in another tab), while it is unconfirmed.
    const confirmed = await tx.userTwoStep.updateMany({
      where: { userId: viewer.userId, enabledAt: null, secret: row.secret },
      data: { enabledAt: now, lastUsedStep: BigInt(step) },
    });
    if (confirmed.count === 0) return { ok: false, code: 'NOT_ENROLLING' };
    const recoveryCodes = await replaceRecoveryCodes(tx, viewer.userId, now);
    const event = eventsBy(viewer, address);
    await changed(tx, viewer, (ended) =>
      event('user.two_step_enabled', { recoveryCodes: recoveryCodes.length, otherSessionsEnded: ended }),
    );
    return { ok: true, recoveryCodes };
  });
}

/**
 * What renewing the recovery codes and turning two-step sign-in off have in common: a current
 * authenticator code (not a recovery code), throttled and recorded like a sign-in of the account,
 * and audited when it fails. `work` runs, with the code used, in one transaction.
 */
async function withCurrentCode<T extends { ok: true }>(
  viewer: UserViewer,
  input: {
    code: string;
    address: string;
    now: Date;
    purpose: 'RECOVERY_CODES' | 'TURN_OFF';
    extraCheck?: () => Promise<'PASSWORD_WRONG' | null>;
  },
  work: (tx: Tx) => Promise<T>,
): Promise<CodeCheckedResult<T> | { ok: false; code: 'PASSWORD_WRONG' }> {
  const { code, address, now, purpose } = input;
  const event = eventsBy(viewer, address);
  const enabled = await getDb().userTwoStep.findFirst({
    where: { userId: viewer.userId, enabledAt: { not: null } },
    select: { userId: true },
  });
  if (!enabled) return { ok: false, code: 'NOT_ENABLED' };
  const reservation = await reserveAttempt({ email: viewer.email, address, kind: 'TWO_STEP', now }, (limit) =>
    event('user.two_step_throttled', { purpose, limit }),
  );
  if (!reservation.ok) return { ok: false, code: 'THROTTLED' };
  const failed = async (reason: 'PASSWORD_WRONG' | 'CODE_INVALID' | 'CODE_USED') => {
    await writeAudit(getDb(), [event('user.two_step_failed', { purpose, reason })]);
    return { ok: false as const, code: reason };
  };
  const refusal = (await input.extraCheck?.()) ?? null;
  if (refusal) return failed(refusal);
  const parsed = parseSecondStepInput(code);
  // An authenticator code only: a recovery code is for signing in without the phone.
  const match: CodeMatch | 'CODE_INVALID' | 'CODE_USED' = parsed
    ? await checkCode(viewer.userId, parsed, now, { recovery: false })
    : 'CODE_INVALID';
  if (typeof match === 'string') return failed(match);
  const result = await runWrite<T | { ok: false; code: 'CODE_USED' }>(async (tx) => {
    if (!(await useCode(tx, viewer.userId, match, now))) return { ok: false, code: 'CODE_USED' };
    await markAttemptSucceeded(tx, reservation.attemptId);
    return work(tx);
  });
  return result.ok ? result : failed(result.code);
}

/** Ten new recovery codes (shown once); the old ones stop working. Needs a current authenticator code. */
export async function renewRecoveryCodes(viewer: UserViewer, code: string, address: string, now = new Date()): Promise<RenewResult> {
  if (!can(viewer.role, 'profile:write')) return FORBIDDEN;
  const result = await withCurrentCode(viewer, { code, address, now, purpose: 'RECOVERY_CODES' }, async (tx) => {
    const recoveryCodes = await replaceRecoveryCodes(tx, viewer.userId, now);
    const event = eventsBy(viewer, address);
    await changed(tx, viewer, (ended) =>
      event('user.recovery_codes_renewed', { recoveryCodes: recoveryCodes.length, otherSessionsEnded: ended }),
    );
    return { ok: true as const, recoveryCodes };
  });
  // No password is asked here, so none can be wrong.
  return result.ok || result.code !== 'PASSWORD_WRONG' ? result : { ok: false, code: 'CODE_INVALID' };
}

/** Turns two-step sign-in off: the key and the recovery codes are deleted. Needs the password and a current authenticator code. */
export async function turnOffTwoStep(
  viewer: UserViewer,
  password: string,
  code: string,
  address: string,
  now = new Date(),
): Promise<TurnOffResult> {
  if (!can(viewer.role, 'profile:write')) return FORBIDDEN;
  const passwordCheck = async () => {
    const user = await getDb().user.findUniqueOrThrow({ where: { id: viewer.userId }, select: { passwordHash: true } });
    return (await verifyPassword(password, user.passwordHash)) ? null : ('PASSWORD_WRONG' as const);
  };
  return withCurrentCode(viewer, { code, address, now, purpose: 'TURN_OFF', extraCheck: passwordCheck }, async (tx) => {
    await tx.twoStepRecoveryCode.deleteMany({ where: { userId: viewer.userId } });
    await tx.userTwoStep.delete({ where: { userId: viewer.userId } });
    const event = eventsBy(viewer, address);
    await changed(tx, viewer, (ended) => event('user.two_step_disabled', { otherSessionsEnded: ended }));
    return { ok: true as const };
  });
}
