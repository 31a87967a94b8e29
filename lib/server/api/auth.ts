import 'server-only';
import type { ApiScope } from '../../domain/permissions';
import { hashToken } from '../../runtime/tokens';
import { getDb } from '../db';
import { clientAddressOf } from '../request';
import type { ApiViewer } from '../viewer';
import { problem } from './http';

// Who calls the REST API: an integration with a partner's API token, sent as
// `Authorization: Bearer <secret>`. Tokens are stored only as SHA-256 hashes (lib/runtime/tokens.ts);
// a revoked token, or one of a partner that is gone, is no token. The caller becomes a Viewer of
// the token's partner (never another partner's: every data function scopes by it), carrying the
// token's scopes; each handler demands the scope it needs (403 without it).

/** A token's last use is written at most this often (a busy integration would write on every call). */
const LAST_USED_RESOLUTION_MS = 60_000;
const SECRET_MAX_LENGTH = 200;

export type ApiCaller = { viewer: ApiViewer; address: string };

// RFC 6750 §3.1: no error code when the request had no credentials at all.
const unauthorized = (detail: string, sent: boolean) =>
  problem(
    { status: 401, title: 'Unauthorized', detail },
    { 'WWW-Authenticate': sent ? 'Bearer realm="api", error="invalid_token"' : 'Bearer realm="api"' },
  );

/** The caller of an API request with `scope`, or the 401/403 response to give instead. */
export async function authenticate(
  request: Request,
  scope: ApiScope,
): Promise<{ ok: true; caller: ApiCaller } | { ok: false; response: Response }> {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  if (!match || match[1]!.length > SECRET_MAX_LENGTH) {
    return { ok: false, response: unauthorized('Send an API token as "Authorization: Bearer <token>".', header !== '') };
  }
  const db = getDb();
  const token = await db.apiToken.findUnique({
    where: { secretHash: hashToken(match[1]!) },
    select: { id: true, name: true, scopes: true, revokedAt: true, lastUsedAt: true, partner: { select: { id: true, name: true } } },
  });
  if (!token || token.revokedAt !== null) {
    return { ok: false, response: unauthorized('The API token is unknown or revoked.', true) };
  }
  if (!token.scopes.includes(scope)) {
    return {
      ok: false,
      response: problem({
        status: 403,
        title: 'Missing scope',
        detail: `This API token does not have the "${scope}" scope.`,
        requiredScope: scope,
      }),
    };
  }
  const now = new Date();
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await db.apiToken.updateMany({
      where: { id: token.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } }] },
      data: { lastUsedAt: now },
    });
  }
  const viewer: ApiViewer = {
    userId: null,
    email: '',
    name: token.name,
    // The data layer's own check: writes need notice:write (an agent has it, a viewer not).
    role: token.scopes.includes('notices:write') ? 'PARTNER_AGENT' : 'PARTNER_VIEWER',
    partnerId: token.partner.id,
    partnerName: token.partner.name,
    locale: 'en',
    // API dates (list filters `from`/`to`) are UTC calendar days.
    timeZone: 'UTC',
    apiToken: { id: token.id, name: token.name, scopes: token.scopes },
  };
  return { ok: true, caller: { viewer, address: clientAddressOf((name) => request.headers.get(name)) } };
}
