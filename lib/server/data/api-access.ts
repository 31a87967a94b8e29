import 'server-only';
import { Prisma } from '../../generated/prisma/client';
import { queryRows } from '../db';
import { RATE_WINDOW_MS, rateWindow, tokenState } from '../../domain/api-access';
import { RateCounter } from '../../domain/rate-counter';

// Who calls the REST API, and how often (read through the pg pool like the pages' per-request
// reads, docs/decisions/0012-request-cost.md).
//
// It finds the token by the hash of its secret — one read, the only statement of an admission in
// the usual case, so that a revoked or expired token is refused on the very next request; a GET
// may instead take a token this process read less than a minute ago, whose revocation the
// request's own read checks, or which is read again before the answer (TOKEN_CACHE_MS,
// lib/server/data/token-check.ts) — and counts the request in the current one-minute window of its subject: the token when it is one
// that may be used (not revoked, not expired), else the client's address, so that a flood of bad
// tokens is limited too. The count is kept by a RateCounter (lib/domain/rate-counter.ts): in
// memory up to 1% of the limit per process, written to ApiRateWindow (an UNLOGGED table: see
// prisma/schema.prisma) by an atomic upsert in batches and about once a second, so the limit
// holds across any number of web instances within the bound 0026 proves. The token's last use
// is written at most once a minute. These writes are not changes of the partner's data (nothing
// is audited, no permission applies): like the delivery worker's hot path they run outside
// runWrite (docs/decisions/0025-rest-api-platform.md).

/** A token as the API sees it: refused (revoked, expired) tokens too, so that the answer can say why. */
export type ApiTokenRecord = {
  id: string;
  name: string;
  scopes: string[];
  partnerId: string;
  partnerName: string;
  revokedAt: Date | null;
  expiresAt: Date | null;
};

export type ApiAdmission = {
  /** The token the secret names, whatever its state; null when the secret names none (or none was sent). */
  token: ApiTokenRecord | null;
  /** Requests of this subject (token or address) in the current window, this one included. */
  count: number;
  /** Seconds until the window ends. */
  resetSeconds: number;
};

/** Last use is written at most this often per token (a busy integration would write on every call). */
const LAST_USED_RESOLUTION_MS = 60_000;

/** How often a process writes the counts it holds (and forgets windows that are over). */
const RATE_FLUSH_INTERVAL_MS = 1_000;

/**
 * Adds `increment` to the count of `subject` in the window starting at `windowStart` (one atomic
 * upsert) and answers the new total. A subject's first write of a minute clears the windows that
 * are over (of every subject): once a minute per caller, on a table of one row per recent caller.
 */
export async function addRateCount(subject: string, windowStart: Date, increment: number): Promise<number> {
  const [row] = await queryRows<{ count: number; fresh: boolean }>(
    Prisma.sql`
    INSERT INTO "ApiRateWindow" ("subject", "windowStart", "count")
    VALUES (${subject}::text, ${windowStart}::timestamptz, ${increment}::int)
    ON CONFLICT ("subject", "windowStart") DO UPDATE SET "count" = "ApiRateWindow"."count" + excluded."count"
    RETURNING "count", (xmax = 0) AS "fresh"`,
    { prepare: true },
  );
  if (!row) throw new Error('The rate-limit upsert returned no row.');
  if (row.fresh) {
    await queryRows(
      Prisma.sql`DELETE FROM "ApiRateWindow" WHERE "windowStart" < ${new Date(windowStart.getTime() - RATE_WINDOW_MS)}::timestamptz`,
    );
  }
  return row.count;
}

// One counter per process (on globalThis: a bundler may load this module more than once).
const registry = globalThis as unknown as { __portalRateCounter?: RateCounter };

function rateCounter(): RateCounter {
  if (!registry.__portalRateCounter) {
    const counter = new RateCounter(addRateCount);
    registry.__portalRateCounter = counter;
    setInterval(() => {
      counter.flush(new Date(), RATE_WINDOW_MS).catch(() => undefined);
    }, RATE_FLUSH_INTERVAL_MS).unref();
  }
  return registry.__portalRateCounter;
}

/** Writes the counts this process holds (before it stops; tests). */
export async function flushRateCounts(now = new Date()): Promise<void> {
  await registry.__portalRateCounter?.flush(now, RATE_WINDOW_MS);
}

// Tokens whose last use this process has just written (so that concurrent requests do not all write it).
const lastUsedWritten = new Map<string, number>();

async function noteLastUse(tokenId: string, now: Date): Promise<void> {
  const previous = lastUsedWritten.get(tokenId);
  if (previous !== undefined && now.getTime() - previous < LAST_USED_RESOLUTION_MS) return;
  lastUsedWritten.set(tokenId, now.getTime());
  if (lastUsedWritten.size > 10_000) lastUsedWritten.clear();
  await queryRows(Prisma.sql`
    UPDATE "ApiToken" SET "lastUsedAt" = ${now}::timestamptz
    WHERE "id" = ${tokenId}::uuid
      AND ("lastUsedAt" IS NULL OR "lastUsedAt" < ${new Date(now.getTime() - LAST_USED_RESOLUTION_MS)}::timestamptz)`);
}

type TokenRow = ApiTokenRecord & { useStale: boolean };

/**
 * How long this process answers a GET from a token it read before (its partner, scopes and expiry
 * never change; its partner's name may, and is at most this old), while each such request's read
 * checks in the same statement that the token is not revoked (lib/server/data/token-check.ts).
 */
export const TOKEN_CACHE_MS = 60_000;
const TOKEN_CACHE_MAX = 10_000;

type CachedToken = { token: ApiTokenRecord; readAt: number };

// Tokens found usable by a read of this process, by the hash of their secret (on globalThis like the counter).
const tokenRegistry = globalThis as unknown as { __portalApiTokens?: Map<string, CachedToken> };
const tokenCache = (tokenRegistry.__portalApiTokens ??= new Map());

function cachedToken(secretHash: string, now: Date): ApiTokenRecord | undefined {
  const entry = tokenCache.get(secretHash);
  if (!entry) return undefined;
  if (now.getTime() - entry.readAt >= TOKEN_CACHE_MS || now.getTime() < entry.readAt) {
    tokenCache.delete(secretHash);
    return undefined;
  }
  return entry.token;
}

/**
 * Reads the token of `secretHash`, and keeps it for GETs while it is usable (forgets it
 * otherwise); `useStale`: its last use is older than LAST_USED_RESOLUTION_MS.
 */
async function readToken(secretHash: string, now: Date): Promise<{ token: ApiTokenRecord; useStale: boolean } | undefined> {
  const [row] = await queryRows<TokenRow>(
    Prisma.sql`
    SELECT k."id"::text AS "id", k."name", k."scopes", k."partnerId"::text AS "partnerId", p."name" AS "partnerName",
           k."revokedAt", k."expiresAt",
           (k."lastUsedAt" IS NULL OR k."lastUsedAt" < ${new Date(now.getTime() - LAST_USED_RESOLUTION_MS)}::timestamptz) AS "useStale"
    FROM "ApiToken" AS k JOIN "Partner" AS p ON p."id" = k."partnerId"
    WHERE k."secretHash" = ${secretHash}::text`,
    { prepare: true },
  );
  if (!row) {
    tokenCache.delete(secretHash);
    return undefined;
  }
  const { useStale, ...token } = row;
  if (tokenState(token, now) === 'ACTIVE') {
    if (tokenCache.size >= TOKEN_CACHE_MAX) tokenCache.clear();
    tokenCache.set(secretHash, { token, readAt: now.getTime() });
  } else {
    tokenCache.delete(secretHash);
  }
  return { token, useStale };
}

/** The token of `secretHash` as the database has it now (after a cached admission that no read confirmed). */
export async function rereadApiToken(secretHash: string, now: Date): Promise<ApiTokenRecord | null> {
  return (await readToken(secretHash, now))?.token ?? null;
}

/**
 * Finds the token of `secretHash` (null: no secret was sent), counts the request against the
 * token (a usable one) or else the address under `limit`, and notes the token's use.
 *
 * With `reuse`, a token this process read less than TOKEN_CACHE_MS ago and that `reuse` accepts is
 * taken as it was (`cached: true`, no statement): the caller must then have its revocation checked
 * by the request's own read or read it again (TokenCheck) before answering.
 */
export async function admitApiRequest(
  secretHash: string | null,
  address: string,
  now: Date,
  limit: number,
  reuse?: (token: ApiTokenRecord) => boolean,
): Promise<ApiAdmission & { cached: boolean }> {
  const window = rateWindow(now);
  const cached = secretHash !== null && reuse ? cachedToken(secretHash, now) : undefined;
  if (cached && reuse!(cached)) {
    const [count] = await Promise.all([rateCounter().count(`token:${cached.id}`, window.start, limit), noteLastUse(cached.id, now)]);
    return { token: cached, count, resetSeconds: window.resetSeconds, cached: true };
  }
  const read = secretHash === null ? undefined : await readToken(secretHash, now);
  const live = read !== undefined && tokenState(read.token, now) === 'ACTIVE';
  const subject = live ? `token:${read.token.id}` : `address:${address}`;
  const [count] = await Promise.all([
    rateCounter().count(subject, window.start, limit),
    live && read.useStale ? noteLastUse(read.token.id, now) : undefined,
  ]);
  return { token: read?.token ?? null, count, resetSeconds: window.resetSeconds, cached: false };
}
