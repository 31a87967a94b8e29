import 'server-only';
import { Prisma } from '../../generated/prisma/client';
import { queryRows } from '../db';
import { RATE_WINDOW_MS, rateWindow } from '../../domain/api-access';

// Who calls the REST API, and how often: one statement per request on the API's hot path (read
// through the pg pool like the pages' per-request reads, docs/decisions/0012-request-cost.md).
//
// It finds the token by the hash of its secret, counts the request in the current one-minute
// window of its subject — the token when it is one that may be used (not revoked, not expired),
// else the client's address, so that a flood of bad tokens is limited too — with one atomic
// upsert, and notes the token's last use at most once a minute. Because the count lives in the
// database (ApiRateWindow, an UNLOGGED table: see prisma/schema.prisma), the limit holds
// across any number of web instances. This single-statement write is not a change of the
// partner's data (nothing is audited, no permission applies): like the delivery worker's hot
// path it runs outside runWrite (docs/decisions/0025-rest-api-platform.md).

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
const LAST_USED_RESOLUTION = Prisma.raw(`interval '60 seconds'`);

/**
 * Finds the token of `secretHash` (null: no secret was sent), counts the request against the
 * token (a usable one) or else the address, and notes the token's use — one statement.
 */
export async function admitApiRequest(secretHash: string | null, address: string, now: Date): Promise<ApiAdmission> {
  const window = rateWindow(now);
  const [row] = await queryRows<
    Omit<ApiTokenRecord, 'id'> & { id: string | null; count: number; fresh: boolean; subject: string }
  >(Prisma.sql`
    WITH t AS (
      SELECT k."id"::text AS "id", k."name", k."scopes", k."partnerId"::text AS "partnerId", p."name" AS "partnerName",
             k."revokedAt", k."expiresAt", k."lastUsedAt"
      FROM "ApiToken" AS k JOIN "Partner" AS p ON p."id" = k."partnerId"
      WHERE k."secretHash" = ${secretHash}::text
    ),
    live AS (SELECT "id" FROM t WHERE "revokedAt" IS NULL AND ("expiresAt" IS NULL OR "expiresAt" > ${now}::timestamptz)),
    counted AS (
      INSERT INTO "ApiRateWindow" ("subject", "windowStart", "count")
      SELECT coalesce((SELECT 'token:' || "id" FROM live), ${`address:${address}`}::text), ${window.start}::timestamptz, 1
      ON CONFLICT ("subject", "windowStart") DO UPDATE SET "count" = "ApiRateWindow"."count" + 1
      RETURNING "subject", "count", (xmax = 0) AS "fresh"
    ),
    used AS (
      UPDATE "ApiToken" SET "lastUsedAt" = ${now}::timestamptz
      WHERE "id" = (SELECT "id"::uuid FROM live)
        AND ("lastUsedAt" IS NULL OR "lastUsedAt" < ${now}::timestamptz - ${LAST_USED_RESOLUTION})
      RETURNING 1
    )
    SELECT t."id", t."name", t."scopes", t."partnerId", t."partnerName", t."revokedAt", t."expiresAt",
           counted."count", counted."fresh", counted."subject"
    FROM counted LEFT JOIN t ON true`);
  if (!row) throw new Error('The rate-limit upsert returned no row.');
  // A subject's first request of a minute clears the windows that are over (of every subject):
  // once a minute per caller, on a table of one row per recent caller.
  if (row.fresh) {
    await queryRows(
      Prisma.sql`DELETE FROM "ApiRateWindow" WHERE "windowStart" < ${new Date(window.start.getTime() - RATE_WINDOW_MS)}::timestamptz`,
    );
  }
  const token: ApiTokenRecord | null =
    row.id === null
      ? null
      : {
          id: row.id,
          name: row.name,
          scopes: row.scopes,
          partnerId: row.partnerId,
          partnerName: row.partnerName,
          revokedAt: row.revokedAt,
          expiresAt: row.expiresAt,
        };
  return { token, count: row.count, resetSeconds: window.resetSeconds };
}
