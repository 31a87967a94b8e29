import 'server-only';
import { Prisma } from '../../generated/prisma/client';

// An API token's "still usable?" question asked inside a read instead of as a statement of its own
// (docs/decisions/0025-rest-api-platform.md, "Speed", third round).
//
// A token's partner, scopes and expiry never change once it is made; only its revocation does
// (and a deleted token is gone). A GET whose token was found in this process's cache of tokens
// (lib/server/data/api-access.ts) carries a TokenCheck on its viewer. A read that supports it adds
// `condition()` to its WHERE — an uncorrelated EXISTS on the token's primary key, which
// PostgreSQL evaluates once per statement as a one-time filter — and passes what it read to
// `saw()`: a row read under that condition proves the token was not revoked when the statement
// ran, in the same snapshot as the data. When no such row was read (the read does not support it,
// or found nothing, or the token was revoked), the API reads the token again before answering
// (lib/server/api/operation.ts), so a revoked token is refused on its very next request either way.

export class TokenCheck {
  /** Whether a read under `condition()` returned a row. */
  confirmed = false;

  constructor(readonly tokenId: string) {}

  /** True only while the token exists and is not revoked (a condition for a WHERE clause). */
  condition(): Prisma.Sql {
    return Prisma.sql`EXISTS (SELECT 1 FROM "ApiToken" WHERE "id" = ${this.tokenId}::uuid AND "revokedAt" IS NULL)`;
  }

  /** Notes the rows of a read that had `condition()` in its WHERE; answers them. */
  saw<T>(rows: T[]): T[] {
    if (rows.length > 0) this.confirmed = true;
    return rows;
  }
}

/** The check a viewer's read should include, if any (an API request admitted on a cached token). */
export function pendingTokenCheck(viewer: { apiToken?: { check?: TokenCheck } | undefined }): TokenCheck | undefined {
  const check = viewer.apiToken?.check;
  return check && !check.confirmed ? check : undefined;
}
