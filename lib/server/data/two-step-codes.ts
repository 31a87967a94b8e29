import 'server-only';
import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '../../runtime/prisma';
import { decryptSecret } from '../crypto';
import { getDb } from '../db';
import type { Tx } from './transaction';
import {
  RECOVERY_CODE_COUNT,
  isReplayedStep,
  normalizeRecoveryCode,
  recoveryCodeFromBytes,
  type SecondStepInput,
} from '../../domain/two-step';
import { sha256Hex } from '../../runtime/tokens';
import { totpStepOf } from '../../runtime/totp';

// Checking and using second-step codes, shared by the sign-in (second-step.ts) and the user's own
// settings (two-step.ts). A check only reads; using a code is a conditional write in the caller's
// transaction, so that of two requests with the same code exactly one gets through.

/** A code that checked out: an authenticator code of a time step, or one unused recovery code. */
export type CodeMatch = { kind: 'totp'; step: number } | { kind: 'recovery'; id: string };
export type CodeRefusal = 'CODE_INVALID' | 'CODE_USED';

/** The hash stored for a recovery code: SHA-256 of its normal form (any typing of it hashes alike). */
export function recoveryCodeHash(code: string): string {
  return sha256Hex(normalizeRecoveryCode(code) ?? code);
}

/** The user's confirmed authenticator key, decrypted, and the last step accepted; null without one. */
async function confirmedKey(db: PrismaClient | Tx, userId: string): Promise<{ key: string; lastUsedStep: number | null } | null> {
  const row = await db.userTwoStep.findUnique({ where: { userId }, select: { secret: true, enabledAt: true, lastUsedStep: true } });
  if (!row?.enabledAt) return null;
  return { key: decryptSecret(row.secret, 'two-step'), lastUsedStep: row.lastUsedStep === null ? null : Number(row.lastUsedStep) };
}

/** Whether the user has a confirmed authenticator. */
export async function hasConfirmedKey(userId: string): Promise<boolean> {
  const row = await getDb().userTwoStep.findUnique({ where: { userId }, select: { enabledAt: true } });
  return Boolean(row?.enabledAt);
}

/** Checks what was typed against the user's key (and, when allowed, recovery codes), reading only. */
export async function checkCode(
  userId: string,
  input: SecondStepInput | null,
  now: Date,
  options: { recovery: boolean },
): Promise<CodeMatch | CodeRefusal> {
  if (!input) return 'CODE_INVALID';
  const db = getDb();
  if (input.kind === 'recovery') {
    if (!options.recovery) return 'CODE_INVALID';
    const code = await db.twoStepRecoveryCode.findFirst({
      where: { userId, codeHash: recoveryCodeHash(input.code), usedAt: null },
      select: { id: true },
    });
    return code ? { kind: 'recovery', id: code.id } : 'CODE_INVALID';
  }
  const stored = await confirmedKey(db, userId);
  if (!stored) return 'CODE_INVALID';
  const step = totpStepOf(stored.key, input.code, now);
  if (step === null) return 'CODE_INVALID';
  return isReplayedStep(step, stored.lastUsedStep) ? 'CODE_USED' : { kind: 'totp', step };
}

/**
 * Uses a code that checked out: the time step becomes the last one accepted (only if it is newer
 * than the one stored now), or the recovery code is marked used (only if it still is not). False
 * when another request used it first.
 */
export async function useCode(tx: Tx, userId: string, match: CodeMatch, now: Date): Promise<boolean> {
  if (match.kind === 'recovery') {
    const used = await tx.twoStepRecoveryCode.updateMany({ where: { id: match.id, userId, usedAt: null }, data: { usedAt: now } });
    return used.count === 1;
  }
  const step = BigInt(match.step);
  const used = await tx.userTwoStep.updateMany({
    where: { userId, enabledAt: { not: null }, OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: step } }] },
    data: { lastUsedStep: step },
  });
  return used.count === 1;
}

/** Recovery codes the user has not used yet. */
export async function recoveryCodesLeft(db: PrismaClient | Tx, userId: string): Promise<number> {
  return db.twoStepRecoveryCode.count({ where: { userId, usedAt: null } });
}

/** A new set of recovery codes replaces the user's old one (in the caller's transaction); the codes are returned once, to be shown. */
export async function replaceRecoveryCodes(tx: Tx, userId: string, now: Date): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => recoveryCodeFromBytes(randomBytes(8)));
  await tx.twoStepRecoveryCode.deleteMany({ where: { userId } });
  await tx.twoStepRecoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: recoveryCodeHash(code), createdAt: now })) });
  return codes;
}
