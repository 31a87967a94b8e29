import 'server-only';
import { getDb } from '../db';
import { runWrite, type Tx } from './transaction';
import { SECOND_STEP_TIME_LIMIT_MS } from '../../domain/two-step';
import { newOpaqueSecret, sha256Hex } from '../../runtime/tokens';

// The second step of a sign-in (docs/decisions/0023-two-step-sign-in.md): a correct password of a
// user with two-step sign-in opens a challenge instead of a session. Its secret goes to the browser
// (an httpOnly cookie) and only its hash is kept; it lasts SECOND_STEP_TIME_LIMIT_MS, is used once,
// and a user has one at most: a new sign-in replaces an unfinished one.

/** Opens the user's challenge (in the caller's transaction); returns its secret. */
export async function openSignInChallenge(tx: Tx, userId: string, address: string, now: Date): Promise<string> {
  const token = newOpaqueSecret();
  const fields = { tokenHash: sha256Hex(token), address, createdAt: now, expiresAt: new Date(now.getTime() + SECOND_STEP_TIME_LIMIT_MS) };
  await tx.signInChallenge.upsert({ where: { userId }, create: { userId, ...fields }, update: { ...fields, usedAt: null } });
  return token;
}

export type LiveChallenge = { id: string; userId: string };

/** The challenge of a secret, if it is still waiting for its code (not used, not expired). */
export async function findLiveChallenge(token: string, now = new Date()): Promise<LiveChallenge | null> {
  if (!token) return null;
  return getDb().signInChallenge.findFirst({
    where: { tokenHash: sha256Hex(token), usedAt: null, expiresAt: { gt: now } },
    select: { id: true, userId: true },
  });
}

/** Uses the challenge (in the caller's transaction): false when it was used or ran out meanwhile. */
export async function useChallenge(tx: Tx, id: string, now: Date): Promise<boolean> {
  const used = await tx.signInChallenge.updateMany({ where: { id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  return used.count === 1;
}

/** The user gave up the second step ("Start over"): the challenge goes. */
export async function dropSignInChallenge(token: string): Promise<void> {
  if (!token) return;
  await runWrite(async (tx) => {
    await tx.signInChallenge.deleteMany({ where: { tokenHash: sha256Hex(token) } });
    return { ok: true as const };
  });
}
