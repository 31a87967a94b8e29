import 'server-only';
import { createHash } from 'node:crypto';
import {
  graphFailure,
  isRetryableStatus,
  retryAfterMs,
  tokenFailure,
  type ConnectorErrorCode,
  type ConnectorFailure,
} from '../../domain/connector-errors';
import { collectionUrl, isSameGraph, type ServiceAnnouncementCollection, type TenantEndpoints } from '../../domain/microsoft-cloud';
import { clientAssertion } from './certificate';

// The connector's HTTP side: a token by client credentials from a customer tenant's authority,
// then Graph's service announcements of that tenant, page by page. Used by the worker's sync
// (lib/worker/graph-sync.ts) and by "Test connection" (lib/server/data/microsoft-connector.ts).
//
// - Every request has a timeout (requestTimeoutMs) and is sent again after a 429, 503 or 504 —
//   after Retry-After when Microsoft gives one (else 1 s, 2 s, 4 s…), up to maxRetries times; a
//   wait longer than maxRetryWaitMs is not waited for: the sync stops with THROTTLED and when to
//   come back. A connection that fails or times out is tried again the same way.
// - Tokens are kept (TokenCache) until five minutes before they expire (half their life when
//   shorter), per tenant authority, application, scope and credential. A token Graph refuses (401)
//   is dropped and asked for once more.
// - `@odata.nextLink` is followed to the last page, only on the Graph the first request went to
//   (the token is never sent elsewhere), at most maxPages pages.
// Failures are ConnectorError with a code of lib/domain/connector-errors.ts and Microsoft's own code.

export type ConnectorCredentials =
  | { clientId: string; kind: 'CLIENT_SECRET'; secret: string }
  | { clientId: string; kind: 'CERTIFICATE'; privateKeyPem: string; thumbprint: string };

export type GraphClientOptions = {
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  now: () => Date;
  requestTimeoutMs: number;
  maxRetries: number;
  maxRetryWaitMs: number;
  /** Items per page asked of Graph (Prefer: odata.maxpagesize); Graph's own default is 100. */
  pageSize: number | null;
  maxPages: number;
};

export const GRAPH_CLIENT_DEFAULTS: GraphClientOptions = {
  fetch: (...args) => fetch(...args),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => new Date(),
  requestTimeoutMs: 30_000,
  maxRetries: 3,
  maxRetryWaitMs: 60_000,
  pageSize: null,
  maxPages: 1000,
};

export class ConnectorError extends Error {
  constructor(readonly failure: ConnectorFailure) {
    super(`${failure.code}${failure.microsoftCode ? ` (${failure.microsoftCode})` : ''}`);
  }
}

const fail = (code: ConnectorErrorCode, microsoftCode: string | null = null, retryAfter?: number): never => {
  throw new ConnectorError(retryAfter === undefined ? { code, microsoftCode } : { code, microsoftCode, retryAfterMs: retryAfter });
};

/** Bodies larger than this are refused (Graph's pages are far smaller). */
const MAX_BODY_CHARS = 32 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Tokens

type CachedToken = { token: string; refreshAt: number };

/** Access tokens, per authority, application, scope and credential; at most `limit` kept. */
export class TokenCache {
  private readonly tokens = new Map<string, CachedToken>();
  constructor(private readonly limit = 20_000) {}

  static keyOf(endpoints: TenantEndpoints, credentials: ConnectorCredentials): string {
    const secret = credentials.kind === 'CLIENT_SECRET' ? credentials.secret : credentials.thumbprint;
    // The secret itself is never a key: only a hash of it (a new secret must not reuse the old one's tokens).
    const fingerprint = createHash('sha256').update(secret).digest('base64url');
    return `${endpoints.tokenUrl}|${credentials.clientId}|${endpoints.scope}|${fingerprint}`;
  }

  get(key: string, now: Date): string | null {
    const cached = this.tokens.get(key);
    if (!cached) return null;
    if (cached.refreshAt <= now.getTime()) {
      this.tokens.delete(key);
      return null;
    }
    return cached.token;
  }

  set(key: string, token: string, expiresInSeconds: number, now: Date): void {
    const lifetime = Math.max(0, expiresInSeconds) * 1000;
    const margin = Math.min(5 * 60_000, lifetime / 2);
    if (this.tokens.size >= this.limit) {
      const oldest = this.tokens.keys().next().value;
      if (oldest !== undefined) this.tokens.delete(oldest);
    }
    this.tokens.set(key, { token, refreshAt: now.getTime() + lifetime - margin });
  }

  drop(key: string): void {
    this.tokens.delete(key);
  }
}

type Answer = { status: number; body: unknown; retryAfter: number | null };

/** One request with its timeout and the retries described at the top; the answer's JSON (or null). */
async function send(url: string, init: RequestInit, options: GraphClientOptions): Promise<Answer> {
  for (let attempt = 0; ; attempt += 1) {
    let response: Response;
    try {
      response = await options.fetch(url, { ...init, signal: AbortSignal.timeout(options.requestTimeoutMs), redirect: 'error' });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      if (attempt >= options.maxRetries) return fail(timedOut ? 'TIMEOUT' : 'NETWORK');
      await options.sleep(1000 * 2 ** attempt);
      continue;
    }
    let text: string;
    try {
      text = await response.text();
    } catch {
      return fail('NETWORK', `HTTP ${response.status}`);
    }
    if (text.length > MAX_BODY_CHARS) return fail('UNEXPECTED_RESPONSE', `HTTP ${response.status}`);
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    const retryAfter = retryAfterMs(response.headers.get('retry-after'), options.now());
    if (isRetryableStatus(response.status) && attempt < options.maxRetries) {
      const wait = retryAfter ?? 1000 * 2 ** attempt;
      if (wait <= options.maxRetryWaitMs) {
        await options.sleep(wait);
        continue;
      }
    }
    return { status: response.status, body, retryAfter };
  }
}

/** A token for the tenant: from the cache, else by client credentials (a secret or a certificate's assertion). */
export async function acquireToken(
  endpoints: TenantEndpoints,
  credentials: ConnectorCredentials,
  cache: TokenCache,
  options: GraphClientOptions,
): Promise<string> {
  const key = TokenCache.keyOf(endpoints, credentials);
  const cached = cache.get(key, options.now());
  if (cached) return cached;
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: credentials.clientId, scope: endpoints.scope });
  if (credentials.kind === 'CLIENT_SECRET') form.set('client_secret', credentials.secret);
  else {
    form.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    form.set(
      'client_assertion',
      clientAssertion({
        clientId: credentials.clientId,
        audience: endpoints.audience,
        privateKeyPem: credentials.privateKeyPem,
        thumbprint: credentials.thumbprint,
        now: options.now(),
      }),
    );
  }
  const answer = await send(
    endpoints.tokenUrl,
    { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form },
    options,
  );
  const body = answer.body as { access_token?: unknown; expires_in?: unknown } | null;
  if (answer.status !== 200) throw new ConnectorError(tokenFailure(answer.status, answer.body, answer.retryAfter));
  if (typeof body?.access_token !== 'string' || body.access_token === '') return fail('UNEXPECTED_RESPONSE', 'HTTP 200');
  const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : Number(body.expires_in ?? 3599);
  cache.set(key, body.access_token, Number.isFinite(expiresIn) ? expiresIn : 3599, options.now());
  return body.access_token;
}

// ---------------------------------------------------------------------------------------------
// Graph

export type TenantSession = { endpoints: TenantEndpoints; credentials: ConnectorCredentials; cache: TokenCache };

async function getPage(
  session: TenantSession,
  url: string,
  collection: ServiceAnnouncementCollection,
  options: GraphClientOptions,
): Promise<{ value: unknown[]; nextLink: string | null }> {
  for (let renewed = false; ; renewed = true) {
    const token = await acquireToken(session.endpoints, session.credentials, session.cache, options);
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (options.pageSize) headers.prefer = `odata.maxpagesize=${options.pageSize}`;
    const answer = await send(url, { method: 'GET', headers }, options);
    if (answer.status === 401 && !renewed) {
      session.cache.drop(TokenCache.keyOf(session.endpoints, session.credentials));
      continue;
    }
    if (answer.status !== 200) throw new ConnectorError(graphFailure(answer.status, answer.body, collection, answer.retryAfter));
    const body = answer.body as { value?: unknown; '@odata.nextLink'?: unknown } | null;
    if (!body || !Array.isArray(body.value)) return fail('UNEXPECTED_RESPONSE', 'HTTP 200');
    const next = body['@odata.nextLink'];
    if (next !== undefined && next !== null && (typeof next !== 'string' || !isSameGraph(next, session.endpoints.graphBase))) {
      return fail('UNEXPECTED_RESPONSE', 'nextLink');
    }
    return { value: body.value, nextLink: typeof next === 'string' ? next : null };
  }
}

/**
 * Reads one collection of the tenant (issues or messages) changed since `since` (everything when
 * null), handing each page to `onPage` before the next is read. Returns the pages and items read.
 */
export async function readCollection(
  session: TenantSession,
  collection: ServiceAnnouncementCollection,
  since: Date | null,
  onPage: (values: unknown[]) => Promise<void>,
  options: GraphClientOptions,
): Promise<{ pages: number; items: number }> {
  let url: string | null = collectionUrl(session.endpoints.graphBase, collection, since);
  let pages = 0;
  let items = 0;
  while (url) {
    if (pages >= options.maxPages) return fail('UNEXPECTED_RESPONSE', `more than ${options.maxPages} pages`);
    const page = await getPage(session, url, collection, options);
    pages += 1;
    items += page.value.length;
    await onPage(page.value);
    url = page.nextLink;
  }
  return { pages, items };
}

export type ConnectionTest =
  { ok: true; issues: number; messages: number } | { ok: false; failure: ConnectorFailure; step: 'token' | 'issues' | 'messages' };

/**
 * "Test connection": a token, then one item of each collection (both permissions are checked).
 * Counts are of the first page only (at most one item each).
 */
export async function testConnection(session: TenantSession, options: GraphClientOptions): Promise<ConnectionTest> {
  try {
    await acquireToken(session.endpoints, session.credentials, session.cache, options);
  } catch (error) {
    if (error instanceof ConnectorError) return { ok: false, failure: error.failure, step: 'token' };
    throw error;
  }
  const counts = { issues: 0, messages: 0 };
  for (const collection of ['issues', 'messages'] as const) {
    try {
      const page = await getPage(session, collectionUrl(session.endpoints.graphBase, collection, null, 1), collection, options);
      counts[collection] = page.value.length;
    } catch (error) {
      if (error instanceof ConnectorError) return { ok: false, failure: error.failure, step: collection };
      throw error;
    }
  }
  return { ok: true, ...counts };
}
