import 'server-only';
import { getDb } from '../db';
import { writeAudit } from './audit';
import { findLiveChallenge, useChallenge } from './sign-in-challenges';
import { eventsOf, markAttemptSucceeded, recordSignIn, reserveAttempt, signedInUser, type SignedInUser } from './sign-in';
import { runWrite } from './transaction';
import { checkCode, recoveryCodesLeft, useCode } from './two-step-codes';
import { parseSecondStepInput } from '../../domain/two-step';

// The second step of a password sign-in: the challenge the password opened (its secret from the
// browser's cookie) and a six-digit code or a recovery code. Wrong codes are recorded and
// throttled with the account's password attempts (kind TWO_STEP), a code of a time step already
// used is refused, a recovery code works once; every outcome is audited.

export type SecondStepResult =
  { ok: true; user: SignedInUser } | { ok: false; code: 'CHALLENGE_EXPIRED' | 'CODE_INVALID' | 'CODE_USED' | 'THROTTLED' };

export async function verifySecondStep(token: string, typed: string, address: string, now = new Date()): Promise<SecondStepResult> {
  const challenge = await findLiveChallenge(token, now);
  if (!challenge) return { ok: false, code: 'CHALLENGE_EXPIRED' };
  const user = await getDb().user.findUnique({
    where: { id: challenge.userId },
    select: { id: true, email: true, displayName: true, role: true, active: true, sessionVersion: true, language: true, partnerId: true },
  });
  if (!user?.active) return { ok: false, code: 'CHALLENGE_EXPIRED' };
  const event = eventsOf(user, address);
  const reservation = await reserveAttempt({ email: user.email, address, kind: 'TWO_STEP', now }, (limit) =>
    event('user.two_step_throttled', { purpose: 'SIGN_IN', limit }),
  );
  if (!reservation.ok) return { ok: false, code: 'THROTTLED' };
  const failed = async (reason: 'CODE_INVALID' | 'CODE_USED' | 'CHALLENGE_EXPIRED') => {
    await writeAudit(getDb(), [event('user.two_step_failed', { purpose: 'SIGN_IN', reason })]);
    return { ok: false as const, code: reason };
  };
  const match = await checkCode(user.id, parseSecondStepInput(typed), now, { recovery: true });
  if (typeof match === 'string') return failed(match);
  const result = await runWrite<{ ok: true } | { ok: false; code: 'CHALLENGE_EXPIRED' | 'CODE_USED' }>(async (tx) => {
    // Single use: of two requests with the same challenge or code, the first one in wins.
    if (!(await useChallenge(tx, challenge.id, now))) return { ok: false, code: 'CHALLENGE_EXPIRED' };
    if (!(await useCode(tx, user.id, match, now))) return { ok: false, code: 'CODE_USED' };
    await markAttemptSucceeded(tx, reservation.attemptId);
    const method = { method: 'PASSWORD_AND_CODE' };
    const recovery =
      match.kind === 'recovery' ? [event('user.recovery_code_used', { remaining: await recoveryCodesLeft(tx, user.id) })] : [];
    await recordSignIn(tx, user.id, now, [
      event('user.two_step_passed', { with: match.kind }),
      ...recovery,
      event('user.signed_in', method),
    ]);
    return { ok: true };
  });
  if (!result.ok) return failed(result.code);
  return { ok: true, user: signedInUser(user) };
}
