import 'server-only';
import { createHash } from 'node:crypto';
import { canonicalJson, isIdempotencyKey } from '../../domain/api-access';
import type { ApiScope } from '../../domain/permissions';
import type { ProblemKind } from '../../domain/problem';
import { dataResponseHeaders, isHttpsUrl } from '../../domain/security-headers';
import { logRequestError, requestFields } from '../../runtime/logger';
import type { z } from '../../zod';
import { claimIdempotencyKey, completeIdempotencyKey, releaseIdempotencyKey } from '../data/api-idempotency';
import { pendingTokenCheck } from '../data/token-check';
import { admit, confirmAdmission, rateHeaders, type ApiCaller } from './auth';
import { invalidInput, parseQuery, problem, readJsonObject, type JsonBody } from './http';
import { TextAnswer } from './text-answer';

// One REST API operation, described once: its method and path, the scope it needs, the zod
// schemas of its path parameters, query, body and answers, and its handler. The same object
// serves the request (lib/server/api/app.ts routes to `handle`), is what the data tests call,
// and is what the OpenAPI description is generated from (lib/server/api/openapi.ts): what is
// documented is what runs.
//
// `handle` does for every operation, in order: admit the caller (token, scope, rate limit:
// lib/server/api/auth.ts; a GET on a token read within the last minute, confirmed before it
// answers: lib/server/data/token-check.ts), read the path parameters (an id that is not one is
// 404, like an unknown one) and the query (400 with `errors`), honour Idempotency-Key where the
// operation takes one, run the handler, and answer with the RateLimit-* headers and the security
// headers of data; an unexpected error answers a 500 problem with the request id of its log line.

export type Method = 'get' | 'post' | 'patch' | 'delete';

export type HeaderParam = { name: string; description: string; required?: boolean; schema: z.ZodType };

export type AnswerSpec = {
  description: string;
  /** The body's schema (JSON); none for an answer without a body. */
  schema?: z.ZodType;
  /** Content type when it is not JSON (the reference page is HTML). */
  contentType?: string;
  headers?: Record<string, string>;
};

export type HandlerContext<P, Q> = {
  request: Request;
  /** The token's caller; null only for operations without a scope (the description, the reference). */
  caller: ApiCaller;
  params: P;
  query: Q;
  /** The body as a JSON object, read once (415/413/400 answers when it is not one). */
  body: () => Promise<JsonBody>;
};

export type Operation<P = Record<string, string>, Q = Record<string, unknown>> = {
  id: string;
  method: Method;
  /** The path below /api/v1 as OpenAPI writes it: `/customers/{customerId}`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  /** The scope a token needs; null: anyone (counted against the client address). */
  scope: ApiScope | null;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: { schema: z.ZodType; description: string; maxBytes?: number };
  headers?: HeaderParam[];
  /** Accepts Idempotency-Key (POSTs that create or send). */
  idempotent?: boolean;
  answers: Record<number, AnswerSpec>;
  /** The errors it may answer besides the ones every operation may (401, 403, 429, 500; 400 with a query). */
  problems: ProblemKind[];
  run(context: HandlerContext<P, Q>): Promise<Response>;
};

/** An operation as the router and the description see it (method syntax above: any P and Q). */
export type ApiOperation = Operation<unknown, unknown> & { handle: OperationHandler };

/** Every operation's handler as the data tests and the router call it: a Request, and the path's parameters. */
export type OperationHandler = (
  request: Request,
  context?: { params: Promise<Record<string, string>> | Record<string, string> },
) => Promise<Response>;

export function defineOperation<P, Q>(operation: Operation<P, Q>): Operation<P, Q> & { handle: OperationHandler } {
  return { ...operation, handle: (request, context) => handleOperation(operation, request, context) };
}

const securityHeaders = () => dataResponseHeaders({ https: isHttpsUrl(process.env.NEXTAUTH_URL) });

/** The response with these headers added (those it has already are kept). */
export function withHeaders(response: Response, headers: Record<string, string>): Response {
  if (response instanceof TextAnswer) {
    response.addMissingHeaders(headers);
    return response;
  }
  try {
    for (const [name, value] of Object.entries(headers)) if (!response.headers.has(name)) response.headers.set(name, value);
    return response;
  } catch {
    // Immutable headers (a Response that was not built here): a copy with them.
    const merged = new Headers(response.headers);
    for (const [name, value] of Object.entries(headers)) if (!merged.has(name)) merged.set(name, value);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers: merged });
  }
}

async function handleOperation<P, Q>(
  operation: Operation<P, Q>,
  request: Request,
  context?: { params: Promise<Record<string, string>> | Record<string, string> },
): Promise<Response> {
  let extra: Record<string, string> = {};
  try {
    // A GET changes nothing, so it may run on a token this process read a moment ago, provided
    // its token is confirmed still usable before the answer leaves (lib/server/data/token-check.ts).
    const admission = await admit(request, operation.scope, undefined, { reuseCachedToken: operation.method === 'get' });
    extra = rateHeaders(admission.rate);
    if (!admission.ok) return withHeaders(admission.response, { ...extra, ...securityHeaders() });
    let response = await runAdmitted(operation, request, admission.caller, (await context?.params) ?? {});
    if (admission.caller && operation.scope && pendingTokenCheck(admission.caller.viewer)) {
      const refusal = await confirmAdmission(request, operation.scope);
      if (refusal) response = refusal;
    }
    return withHeaders(response, { ...extra, ...securityHeaders() });
  } catch (error) {
    const fields = requestFields(request);
    logRequestError(error, fields, 'API request failed');
    const failed = problem('internal-error', {
      detail: 'The request failed on the server. Read the resource again before retrying a change.',
      ...(fields.requestId ? { requestId: fields.requestId } : {}),
    });
    return withHeaders(failed, { ...extra, ...securityHeaders() });
  }
}

async function runAdmitted<P, Q>(
  operation: Operation<P, Q>,
  request: Request,
  caller: ApiCaller | null,
  rawParams: Record<string, string>,
): Promise<Response> {
  let params = rawParams as P;
  if (operation.params) {
    const parsed = operation.params.safeParse(rawParams);
    if (!parsed.success) return problem('not-found', { detail: "There is no such resource for this API token's partner." });
    params = parsed.data;
  }
  let query = {} as Q;
  if (operation.query) {
    const parsed = parseQuery(request, operation.query);
    if (!parsed.ok) return parsed.response;
    query = parsed.data;
  }
  let read: Promise<JsonBody> | undefined;
  const body = () => (read ??= readJsonObject(request, operation.body?.maxBytes));
  // Operations without a scope (the description) have no caller; their handlers do not read it.
  const context: HandlerContext<P, Q> = { request, caller: caller as ApiCaller, params, query, body };
  const key = request.headers.get('idempotency-key');
  if (operation.idempotent && key !== null && caller) return runIdempotent(operation, context, key, caller);
  return operation.run(context);
}

/** Answer headers kept with an idempotent answer (the others are the request's own). */
const KEPT_HEADERS = ['content-type', 'location', 'etag'];

/**
 * Idempotency-Key (docs/decisions/0026-idempotency-keys.md): the first 2xx answer for the key is
 * kept 24 hours and given again to the same request (`Idempotent-Replayed: true`), which does
 * nothing a second time; another method, path or body with the key is 422; the same key while
 * the first request runs is 409. An answer that is not a success frees the key (nothing was done).
 */
async function runIdempotent<P, Q>(
  operation: Operation<P, Q>,
  context: HandlerContext<P, Q>,
  key: string,
  caller: ApiCaller,
): Promise<Response> {
  if (!isIdempotencyKey(key)) {
    return invalidInput({ 'Idempotency-Key': 'idempotencyKeyInvalid' }, 'Idempotency-Key must be 1–255 visible ASCII characters.');
  }
  let payload = '';
  if (operation.body) {
    const read = await context.body();
    if (!read.ok) return read.response;
    payload = canonicalJson(read.body);
  }
  const url = new URL(context.request.url);
  const fingerprint = createHash('sha256')
    .update(`${context.request.method} ${url.pathname}\n${context.request.headers.get('if-match') ?? ''}\n${payload}`)
    .digest('hex');
  const claim = await claimIdempotencyKey(caller.viewer, key, fingerprint);
  switch (claim.kind) {
    case 'mismatch':
      return problem('idempotency-key-reused', {
        detail: 'This Idempotency-Key was used in the last 24 hours for another request (method, path or body); nothing was done.',
      });
    case 'in-progress':
      return problem(
        'idempotency-key-in-use',
        { detail: 'A request with this Idempotency-Key is still running; retry once it has answered.' },
        { 'Retry-After': String(claim.retryAfterSeconds) },
      );
    case 'replay':
      return new Response(claim.answer.body, {
        status: claim.answer.status,
        headers: { ...claim.answer.headers, 'Cache-Control': 'no-store', 'Idempotent-Replayed': 'true' },
      });
    case 'claimed':
      break;
  }
  let response: Response;
  try {
    response = await operation.run(context);
  } catch (error) {
    await releaseIdempotencyKey(caller.viewer, claim.id).catch(() => undefined);
    throw error;
  }
  if (response.status < 200 || response.status > 299) {
    await releaseIdempotencyKey(caller.viewer, claim.id);
    return response;
  }
  const text = await response.text();
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = response.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  await completeIdempotencyKey(caller.viewer, claim.id, { status: response.status, headers, body: text });
  return new Response(text, { status: response.status, headers: response.headers });
}
