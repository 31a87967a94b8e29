import 'server-only';
import { getDb } from '../db';
import { partnerScope, type ReadScope, type Viewer } from '../viewer';
import { can } from '../../domain/permissions';
import { isUuid } from '../../domain/ids';
import {
  checkEmbedTokenForm,
  EMBED_LAST_USE_RESOLUTION_MS,
  embedFrameAncestors,
  embedTokenState,
  isEmbedSecretShape,
  isLastUseDue,
  type EmbedTokenField,
  type EmbedTokenFieldError,
  type EmbedTokenForm,
  type EmbedTokenState,
} from '../../domain/embed';
import { localeFromDb, localeToDb, type Locale } from '../../i18n/locales';
import { isOutsideProduction } from '../../runtime/config';
import { hashToken, newTokenSecret } from '../../runtime/tokens';
import { auditBy, writeAudit } from './audit';
import { runWrite } from './transaction';

// A partner's embed tokens (/settings/embed: partner admins create, list and revoke them) and what
// the embedded dashboard asks of one (/embed/dashboard?token=…, and proxy.ts for its
// frame-ancestors). docs/decisions/0027-embedded-dashboard.md.

export type EmbedTokenView = {
  id: string;
  name: string;
  allowedOrigin: string;
  locale: Locale;
  state: EmbedTokenState;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
  /** The user who created it (null once that user is gone, or for a seeded token). */
  createdBy: string | null;
};

export type EmbedWriteContext = {
  address?: string | null;
  now?: Date;
  /** http://localhost host origins; by default allowed unless the portal's public URL is https (production). */
  allowHttpLocalhost?: boolean;
};

/** Whether this portal accepts http://localhost host origins: only when it is not served over https. */
export function allowsHttpLocalhostOrigins(): boolean {
  return isOutsideProduction();
}

/** The partner's tokens, newest first, with their state now. */
export async function listEmbedTokens(viewer: Viewer, now = new Date()): Promise<EmbedTokenView[]> {
  const partnerId = partnerScope(viewer);
  const rows = await getDb().embedToken.findMany({
    where: { partnerId },
    select: {
      id: true,
      name: true,
      allowedOrigin: true,
      language: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
      createdAt: true,
      createdBy: { select: { displayName: true } },
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
  });
  return rows.map(({ language, createdBy, ...row }) => ({
    ...row,
    locale: localeFromDb(language),
    state: embedTokenState(row, now),
    createdBy: createdBy?.displayName ?? null,
  }));
}

export type CreateEmbedTokenResult =
  | { ok: true; id: string; secret: string; locale: Locale }
  | { ok: false; code: 'FORBIDDEN' }
  | { ok: false; code: 'INVALID'; fieldErrors: Partial<Record<EmbedTokenField, EmbedTokenFieldError>> };

/**
 * A new token (partner admins). The secret is returned this once and stored only as its hash;
 * the audit event has the token's settings, never its secret.
 */
export async function createEmbedToken(viewer: Viewer, form: EmbedTokenForm, ctx: EmbedWriteContext = {}): Promise<CreateEmbedTokenResult> {
  if (!can(viewer.role, 'settings:tokens') || viewer.userId === null) return { ok: false, code: 'FORBIDDEN' };
  const partnerId = partnerScope(viewer);
  const now = ctx.now ?? new Date();
  const checked = checkEmbedTokenForm(form, {
    now,
    timeZone: viewer.timeZone,
    allowHttpLocalhost: ctx.allowHttpLocalhost ?? allowsHttpLocalhostOrigins(),
  });
  if (!checked.ok) return { ok: false, code: 'INVALID', fieldErrors: checked.fieldErrors };
  const { name, allowedOrigin, language, expiresAt } = checked.value;
  const secret = newTokenSecret('cpe');
  const userId = viewer.userId;
  return runWrite<CreateEmbedTokenResult>(async (tx) => {
    const created = await tx.embedToken.create({
      data: {
        partnerId,
        name,
        allowedOrigin,
        language: localeToDb(language),
        expiresAt,
        secretHash: hashToken(secret),
        createdById: userId,
      },
      select: { id: true },
    });
    await writeAudit(tx, [
      auditBy(viewer, partnerId, ctx.address, {
        action: 'embedToken.created',
        targetType: 'EmbedToken',
        targetId: created.id,
        after: { name, allowedOrigin, language, expiresAt: expiresAt?.toISOString() ?? null },
      }),
    ]);
    return { ok: true, id: created.id, secret, locale: language };
  });
}

export type RevokeEmbedTokenResult = { ok: true } | { ok: false; code: 'FORBIDDEN' | 'NOT_FOUND' | 'ALREADY_REVOKED' };

/** Revokes a token of the viewer's partner (partner admins): its dashboard stops at the next request. */
export async function revokeEmbedToken(viewer: Viewer, id: string, ctx: EmbedWriteContext = {}): Promise<RevokeEmbedTokenResult> {
  if (!can(viewer.role, 'settings:tokens')) return { ok: false, code: 'FORBIDDEN' };
  const partnerId = partnerScope(viewer);
  if (!isUuid(id)) return { ok: false, code: 'NOT_FOUND' };
  return runWrite<RevokeEmbedTokenResult>(async (tx) => {
    const token = await tx.embedToken.findFirst({ where: { id, partnerId }, select: { name: true, allowedOrigin: true, revokedAt: true } });
    if (!token) return { ok: false, code: 'NOT_FOUND' };
    if (token.revokedAt !== null) return { ok: false, code: 'ALREADY_REVOKED' };
    const revokedAt = ctx.now ?? new Date();
    // Conditional: of two admins revoking at once, one revokes and the other is told it was done.
    const updated = await tx.embedToken.updateMany({ where: { id, partnerId, revokedAt: null }, data: { revokedAt } });
    if (updated.count !== 1) return { ok: false, code: 'ALREADY_REVOKED' };
    await writeAudit(tx, [
      auditBy(viewer, partnerId, ctx.address, {
        action: 'embedToken.revoked',
        targetType: 'EmbedToken',
        targetId: id,
        before: { name: token.name, allowedOrigin: token.allowedOrigin, revokedAt: null },
        after: { revokedAt: revokedAt.toISOString() },
      }),
    ]);
    return { ok: true };
  });
}

// ---------------------------------------------------------------------------------------------
// The embedded dashboard: a token in the URL instead of a signed-in user

const TOKEN_SELECT = {
  id: true,
  allowedOrigin: true,
  language: true,
  expiresAt: true,
  revokedAt: true,
  lastUsedAt: true,
  partner: { select: { id: true, name: true } },
} as const;

async function findToken(secret: unknown) {
  if (!isEmbedSecretShape(secret)) return null;
  return getDb().embedToken.findUnique({ where: { secretHash: hashToken(secret) }, select: TOKEN_SELECT });
}

/**
 * For proxy.ts, before the page: the origins that may frame the dashboard a secret opens
 * (lib/domain/embed.ts, embedFrameAncestors) and the language to render it in (null: the
 * request's own). Nothing is recorded.
 */
export async function embedFraming(secret: unknown): Promise<{ frameAncestors: string[]; locale: Locale | null }> {
  const token = await findToken(secret);
  return { frameAncestors: embedFrameAncestors(token), locale: token ? localeFromDb(token.language) : null };
}

/** The partner scope the dashboard reads with: the read-only role, the token's partner. */
export type EmbedScope = ReadScope;

export type EmbedOpening =
  | { state: 'ACTIVE'; scope: EmbedScope; partnerName: string; locale: Locale; allowedOrigin: string }
  | { state: 'REVOKED' | 'EXPIRED'; locale: Locale; allowedOrigin: string }
  | { state: 'INVALID' };

/**
 * What the embedded dashboard may show for a secret: the partner's scope while the token works
 * (its last use recorded, at most once a minute), or why not. A missing, malformed or unknown
 * secret is INVALID, indistinguishable from one another.
 */
export async function openEmbedDashboard(secret: unknown, now = new Date()): Promise<EmbedOpening> {
  const token = await findToken(secret);
  if (!token) return { state: 'INVALID' };
  const locale = localeFromDb(token.language);
  const state = embedTokenState(token, now);
  if (state !== 'ACTIVE') return { state, locale, allowedOrigin: token.allowedOrigin };
  if (isLastUseDue(token.lastUsedAt, now)) {
    // Bookkeeping, not a change anyone made: one conditional statement, not audited (as a
    // session's last request). Of several views at once, one writes.
    await getDb().embedToken.updateMany({
      where: {
        id: token.id,
        OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: new Date(now.getTime() - EMBED_LAST_USE_RESOLUTION_MS) } }],
      },
      data: { lastUsedAt: now },
    });
  }
  return {
    state,
    scope: { role: 'PARTNER_VIEWER', partnerId: token.partner.id },
    partnerName: token.partner.name,
    locale,
    allowedOrigin: token.allowedOrigin,
  };
}
