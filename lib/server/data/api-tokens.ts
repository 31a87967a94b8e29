import 'server-only';
import { getDb } from '../db';
import { actorOf, partnerScope, type Viewer } from '../viewer';
import { can, type ApiScope } from '../../domain/permissions';
import { tokenState, type TokenState } from '../../domain/api-access';
import { isUuid } from '../../domain/ids';
import { nextIsoDay } from '../../domain/zoned-day';
import { hashToken, newTokenSecret } from '../../runtime/tokens';
import { apiTokenFieldErrorsOf, apiTokenInputSchema, TOKEN_EXPIRY_MAX_DAYS, type ApiTokenFieldError } from '../../schemas/api-tokens';
import { auditBy, writeAudit } from './audit';
import { runWrite } from './transaction';

// A partner's API tokens (/settings/api-tokens, partner admins): list, create (the secret is
// returned once and stored only as its SHA-256), revoke. Every change is audited in its own
// transaction; the secret never reaches the audit trail.

export type ApiTokenListItem = {
  id: string;
  name: string;
  scopes: string[];
  state: TokenState;
  createdAt: Date;
  createdBy: string | null;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
};

export type ApiTokenFailure =
  | { ok: false; code: 'FORBIDDEN' }
  | { ok: false; code: 'NOT_FOUND' }
  | { ok: false; code: 'ALREADY_REVOKED' }
  | { ok: false; code: 'NAME_TAKEN' }
  | { ok: false; code: 'INVALID'; fieldErrors: Record<string, ApiTokenFieldError> };

export type CreatedApiToken = { ok: true; token: { id: string; name: string; scopes: ApiScope[]; expiresAt: Date | null }; secret: string };

const FORBIDDEN = { ok: false, code: 'FORBIDDEN' } as const;
const NOT_FOUND = { ok: false, code: 'NOT_FOUND' } as const;
const NAME_TAKEN = { ok: false, code: 'NAME_TAKEN' } as const;

/** Tokens shown: every active one, and the latest revoked or expired ones (kept for the record). */
export const API_TOKEN_LIST_LIMIT = 200;

/** The partner's tokens, newest first (partner admins). */
export async function listApiTokens(viewer: Viewer, now = new Date()): Promise<{ ok: true; tokens: ApiTokenListItem[] } | ApiTokenFailure> {
  if (!can(viewer.role, 'settings:tokens')) return FORBIDDEN;
  const partnerId = partnerScope(viewer);
  const rows = await getDb().apiToken.findMany({
    where: { partnerId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: API_TOKEN_LIST_LIMIT,
    select: {
      id: true,
      name: true,
      scopes: true,
      createdAt: true,
      createdByLabel: true,
      createdBy: { select: { displayName: true } },
      lastUsedAt: true,
      expiresAt: true,
      revokedAt: true,
    },
  });
  return {
    ok: true,
    tokens: rows.map((row) => ({
      id: row.id,
      name: row.name,
      scopes: row.scopes,
      state: tokenState(row, now),
      createdAt: row.createdAt,
      createdBy: row.createdBy?.displayName ?? row.createdByLabel,
      lastUsedAt: row.lastUsedAt,
      expiresAt: row.expiresAt,
      revokedAt: row.revokedAt,
    })),
  };
}

/** The end of an expiry day (UTC): the token works through that whole day. */
function endOfDay(day: string): Date {
  return new Date(`${nextIsoDay(day)}T00:00:00.000Z`);
}

/**
 * A new token (partner admins): the secret is in the result, once; only its hash is stored.
 * Names are unique among the partner's tokens not revoked (NAME_TAKEN).
 */
export async function createApiToken(
  viewer: Viewer,
  input: unknown,
  context: { address?: string | null; now?: Date } = {},
): Promise<CreatedApiToken | ApiTokenFailure> {
  if (!can(viewer.role, 'settings:tokens')) return FORBIDDEN;
  const partnerId = partnerScope(viewer);
  const parsed = apiTokenInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, code: 'INVALID', fieldErrors: apiTokenFieldErrorsOf(parsed.error.issues) };
  const now = context.now ?? new Date();
  const expiresAt = parsed.data.expiresOn ? endOfDay(parsed.data.expiresOn) : null;
  if (
    expiresAt &&
    (expiresAt.getTime() <= now.getTime() || expiresAt.getTime() > now.getTime() + (TOKEN_EXPIRY_MAX_DAYS + 1) * 86_400_000)
  ) {
    return { ok: false, code: 'INVALID', fieldErrors: { expiresOn: 'expiryRange' } };
  }
  const secret = newTokenSecret('cpt');
  const actor = actorOf(viewer);
  return runWrite<CreatedApiToken | ApiTokenFailure>(
    async (tx) => {
      const token = await tx.apiToken.create({
        data: {
          partnerId,
          name: parsed.data.name,
          scopes: parsed.data.scopes,
          secretHash: hashToken(secret),
          expiresAt,
          createdById: actor.userId,
          createdByLabel: viewer.name || actor.label,
        },
        select: { id: true, name: true, expiresAt: true },
      });
      await writeAudit(tx, [
        auditBy(viewer, partnerId, context.address, {
          action: 'apiToken.created',
          targetType: 'ApiToken',
          targetId: token.id,
          after: { name: token.name, scopes: parsed.data.scopes, expiresAt: token.expiresAt?.toISOString() ?? null },
        }),
      ]);
      return { ok: true as const, token: { ...token, scopes: parsed.data.scopes }, secret };
    },
    { unique: { ApiToken_partnerId_name_active_key: NAME_TAKEN } },
  );
}

/** Revokes a token (partner admins): refused from the next request on. */
export async function revokeApiToken(
  viewer: Viewer,
  tokenId: string,
  context: { address?: string | null; now?: Date } = {},
): Promise<{ ok: true } | ApiTokenFailure> {
  if (!can(viewer.role, 'settings:tokens')) return FORBIDDEN;
  const partnerId = partnerScope(viewer);
  if (!isUuid(tokenId)) return NOT_FOUND;
  const now = context.now ?? new Date();
  return runWrite<{ ok: true } | ApiTokenFailure>(async (tx) => {
    const [token] = await tx.$queryRaw<{ id: string; name: string; revokedAt: Date | null }[]>`
      SELECT "id"::text AS "id", "name", "revokedAt" FROM "ApiToken"
      WHERE "id" = ${tokenId}::uuid AND "partnerId" = ${partnerId}::uuid FOR UPDATE`;
    if (!token) return NOT_FOUND;
    if (token.revokedAt) return { ok: false as const, code: 'ALREADY_REVOKED' as const };
    await tx.apiToken.updateMany({ where: { id: token.id, partnerId }, data: { revokedAt: now } });
    await writeAudit(tx, [
      auditBy(viewer, partnerId, context.address, {
        action: 'apiToken.revoked',
        targetType: 'ApiToken',
        targetId: token.id,
        before: { name: token.name, revokedAt: null },
        after: { name: token.name, revokedAt: now.toISOString() },
      }),
    ]);
    return { ok: true as const };
  });
}
