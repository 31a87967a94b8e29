import 'server-only';
import type { Prisma } from '../../generated/prisma/client';
import { partnerScope, type ApiViewer } from '../viewer';
import { IDEMPOTENCY_LOCK_MS, IDEMPOTENCY_TTL_MS } from '../../domain/api-access';
import { runWrite } from './transaction';

// Idempotency-Key on the REST API's POSTs (docs/decisions/0026-idempotency-keys.md): per API
// token and key, the first successful answer is kept for 24 hours and given back to the same
// request again, which does nothing a second time. Only the token's own keys are ever read.

export type StoredAnswer = { status: number; headers: Record<string, string>; body: string };

export type IdempotencyClaim =
  /** This request holds the key now: run it, then `completeIdempotencyKey` or `releaseIdempotencyKey`. */
  | { kind: 'claimed'; id: string }
  /** The key's first answer, to be given again. */
  | { kind: 'replay'; answer: StoredAnswer }
  /** Another request with the key is running. */
  | { kind: 'in-progress'; retryAfterSeconds: number }
  /** The key was used for another method, path or body. */
  | { kind: 'mismatch' };

type Row = {
  id: string;
  fingerprint: string;
  responseStatus: number | null;
  responseHeaders: Prisma.JsonValue;
  responseBody: string | null;
  lockedUntil: Date;
};

/** Takes the key for this request, or says what to answer instead. */
export async function claimIdempotencyKey(
  viewer: ApiViewer,
  key: string,
  fingerprint: string,
  now = new Date(),
): Promise<IdempotencyClaim> {
  const partnerId = partnerScope(viewer);
  const tokenId = viewer.apiToken.id;
  const lockedUntil = new Date(now.getTime() + IDEMPOTENCY_LOCK_MS);
  const expiresAt = new Date(now.getTime() + IDEMPOTENCY_TTL_MS);
  const done = await runWrite(async (tx) => {
    // The token's keys past their 24 hours are free again.
    await tx.apiIdempotencyKey.deleteMany({ where: { partnerId, tokenId, expiresAt: { lte: now } } });
    const [inserted] = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO "ApiIdempotencyKey" ("id", "partnerId", "tokenId", "key", "fingerprint", "lockedUntil", "expiresAt")
      VALUES (gen_random_uuid(), ${partnerId}::uuid, ${tokenId}::uuid, ${key}, ${fingerprint}, ${lockedUntil}, ${expiresAt})
      ON CONFLICT ("tokenId", "key") DO NOTHING
      RETURNING "id"::text AS "id"`;
    if (inserted) return { ok: true as const, claim: { kind: 'claimed', id: inserted.id } satisfies IdempotencyClaim };
    const [row] = await tx.$queryRaw<Row[]>`
      SELECT "id"::text AS "id", "fingerprint", "responseStatus", "responseHeaders", "responseBody", "lockedUntil"
      FROM "ApiIdempotencyKey" WHERE "partnerId" = ${partnerId}::uuid AND "tokenId" = ${tokenId}::uuid AND "key" = ${key}
      FOR UPDATE`;
    if (!row) throw new Error('An idempotency key vanished while it was locked.');
    if (row.fingerprint !== fingerprint) return { ok: true as const, claim: { kind: 'mismatch' } satisfies IdempotencyClaim };
    if (row.responseStatus !== null) {
      const answer: StoredAnswer = {
        status: row.responseStatus,
        headers: (row.responseHeaders ?? {}) as Record<string, string>,
        body: row.responseBody ?? '',
      };
      return { ok: true as const, claim: { kind: 'replay', answer } satisfies IdempotencyClaim };
    }
    if (row.lockedUntil.getTime() > now.getTime()) {
      const retryAfterSeconds = Math.max(1, Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000));
      return { ok: true as const, claim: { kind: 'in-progress', retryAfterSeconds } satisfies IdempotencyClaim };
    }
    // The request that held it never answered (its process stopped): this one takes it over.
    await tx.apiIdempotencyKey.updateMany({ where: { id: row.id, partnerId, tokenId }, data: { lockedUntil } });
    return { ok: true as const, claim: { kind: 'claimed', id: row.id } satisfies IdempotencyClaim };
  });
  return done.claim;
}

/** Keeps the first answer of a claimed key (a success), for 24 hours from the request. */
export async function completeIdempotencyKey(viewer: ApiViewer, id: string, answer: StoredAnswer): Promise<void> {
  const partnerId = partnerScope(viewer);
  await runWrite(async (tx) => {
    await tx.apiIdempotencyKey.updateMany({
      where: { id, partnerId, tokenId: viewer.apiToken.id },
      data: { responseStatus: answer.status, responseHeaders: answer.headers, responseBody: answer.body },
    });
    return { ok: true as const };
  });
}

/** Frees a claimed key whose request did not succeed: nothing was done, so it may be sent again. */
export async function releaseIdempotencyKey(viewer: ApiViewer, id: string): Promise<void> {
  const partnerId = partnerScope(viewer);
  await runWrite(async (tx) => {
    await tx.apiIdempotencyKey.deleteMany({ where: { id, partnerId, tokenId: viewer.apiToken.id, responseStatus: null } });
    return { ok: true as const };
  });
}
