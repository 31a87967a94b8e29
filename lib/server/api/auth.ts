import 'server-only';
import { apiViewerRole, rateDecision, tokenState } from '../../domain/api-access';
import type { ApiScope } from '../../domain/permissions';
import { apiRateLimitOf } from '../../runtime/config';
import { hashToken } from '../../runtime/tokens';
import { admitApiRequest, rereadApiToken, type ApiTokenRecord } from '../data/api-access';
import { TokenCheck } from '../data/token-check';
import { clientAddressOf } from '../request';
import type { ApiViewer } from '../viewer';
import { problem } from './http';

// Who calls the REST API, and whether it may now: an integration with a partner's API token,
// sent as `Authorization: Bearer <secret>`. Tokens are stored only as SHA-256 hashes
// (lib/runtime/tokens.ts); a revoked or expired token is refused (401, each with its own problem
// type). The caller becomes a Viewer of the token's partner (never another partner's: every data
// function scopes by it), carrying the token's scopes; each operation demands the scope it needs
// (403 without it). Every request counts against the rate limit of its token — or of its client
// address when it has no usable token — (429 past API_RATE_LIMIT_PER_MINUTE a minute), counted by
// lib/server/data/api-access.ts after the one read that finds the token (for a GET, possibly a
// read of the last minute, confirmed before the answer: lib/server/data/token-check.ts).

const SECRET_MAX_LENGTH = 200;

export type ApiCaller = { viewer: ApiViewer; address: string };

/** The RateLimit-* values of an answer (IETF draft "RateLimit header fields for HTTP"). */
export type RateState = { limit: number; remaining: number; resetSeconds: number };

export type Admission = { ok: true; caller: ApiCaller | null; rate: RateState } | { ok: false; response: Response; rate: RateState };

export function rateHeaders(rate: RateState): Record<string, string> {
  return {
    'RateLimit-Limit': String(rate.limit),
    'RateLimit-Remaining': String(rate.remaining),
    'RateLimit-Reset': String(rate.resetSeconds),
  };
}

// RFC 6750 §3.1: no error code when the request had no credentials at all.
const challenge = (sent: boolean) => ({
  'WWW-Authenticate': sent ? 'Bearer realm="api", error="invalid_token"' : 'Bearer realm="api"',
});

type Credentials = { header: string | null; secret: string | null };

function credentialsOf(request: Request): Credentials {
  const header = request.headers.get('authorization');
  const match = header === null ? null : /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  const secret = match && match[1]!.length <= SECRET_MAX_LENGTH ? match[1]! : null;
  return { header, secret };
}

/** Why a request with these credentials, whose secret names `token` (or none), may not run an operation of `scope`; null: it may. */
function refusalOf(credentials: Credentials, token: ApiTokenRecord | null, scope: ApiScope, now: Date): Response | null {
  if (credentials.header === null || credentials.secret === null) {
    return problem(
      'unauthorized',
      { detail: 'Send an API token as "Authorization: Bearer <token>".' },
      challenge(credentials.header !== null),
    );
  }
  if (!token) return problem('unauthorized', { detail: 'The API token is unknown.' }, challenge(true));
  const state = tokenState(token, now);
  if (state === 'REVOKED') return problem('token-revoked', { detail: 'The API token was revoked.' }, challenge(true));
  if (state === 'EXPIRED') {
    return problem(
      'token-expired',
      { detail: 'The API token has expired.', expiredAt: token.expiresAt?.toISOString() ?? null },
      challenge(true),
    );
  }
  if (!token.scopes.includes(scope)) {
    return problem('missing-scope', { detail: `This API token does not have the "${scope}" scope.`, requiredScope: scope });
  }
  return null;
}

/**
 * Admits an API request: with `scope`, only with a usable token that has it (the caller);
 * with null (the description, the reference page), anyone (caller null, counted by address).
 *
 * With `reuseCachedToken` (GETs: lib/server/api/operation.ts), a token this process read within
 * the last minute is not read again when it was usable and had the scope then; its viewer carries
 * a TokenCheck, and the operation calls `confirmAdmission` before answering unless the
 * request's read confirmed the token.
 */
export async function admit(
  request: Request,
  scope: ApiScope | null,
  now = new Date(),
  options: { reuseCachedToken?: boolean } = {},
): Promise<Admission> {
  const credentials = credentialsOf(request);
  const address = clientAddressOf((name) => request.headers.get(name));
  const limit = apiRateLimitOf();
  const reuse =
    options.reuseCachedToken && scope !== null
      ? (token: ApiTokenRecord) => tokenState(token, now) === 'ACTIVE' && token.scopes.includes(scope)
      : undefined;
  const admission = await admitApiRequest(credentials.secret === null ? null : hashToken(credentials.secret), address, now, limit, reuse);
  const decision = rateDecision(admission.count, limit, admission.resetSeconds);
  const rate: RateState = { limit: decision.limit, remaining: decision.remaining, resetSeconds: decision.resetSeconds };
  if (!decision.allowed) {
    return {
      ok: false,
      rate,
      response: problem(
        'rate-limited',
        { detail: `At most ${decision.limit} requests a minute; retry in ${decision.resetSeconds} s.` },
        { 'Retry-After': String(decision.resetSeconds) },
      ),
    };
  }
  if (scope === null) return { ok: true, caller: null, rate };
  const token = admission.token;
  const refusal = refusalOf(credentials, token, scope, now);
  if (refusal || !token) return { ok: false, rate, response: refusal! };
  const viewer: ApiViewer = {
    userId: null,
    email: '',
    name: token.name,
    role: apiViewerRole(token.scopes),
    partnerId: token.partnerId,
    partnerName: token.partnerName,
    locale: 'en',
    // API dates (list filters `from`/`to`) are UTC calendar days.
    timeZone: 'UTC',
    apiToken: { id: token.id, name: token.name, scopes: token.scopes, ...(admission.cached ? { check: new TokenCheck(token.id) } : {}) },
  };
  return { ok: true, caller: { viewer, address }, rate };
}

/**
 * For a request admitted on a cached token that no read confirmed: the token read again, and the
 * refusal to answer instead if it is no longer usable (revoked or deleted since); null: answer.
 */
export async function confirmAdmission(request: Request, scope: ApiScope, now = new Date()): Promise<Response | null> {
  const credentials = credentialsOf(request);
  const token = credentials.secret === null ? null : await rereadApiToken(hashToken(credentials.secret), now);
  return refusalOf(credentials, token, scope, now);
}
