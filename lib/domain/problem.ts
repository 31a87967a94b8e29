// RFC 9457 problem details, the REST API's errors (`application/problem+json`): type, title,
// status, detail, plus fields of their own. Built here for the API's handlers
// (lib/server/api/http.ts) and for the portal's HTTP server, which answers a path it cannot read
// before Next.js sees it (lib/runtime/front-door.ts).
//
// Each kind of error has a stable `type`: a URI reference to its section of the API's reference
// page (`/api/v1/docs#problem-<kind>`, resolved against the request's own URL), which lists them
// all from PROBLEM_KINDS. Integrations branch on `type` (and, where given, `code`), never on the
// title or the detail, which are English for people.

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

type KindInfo = { status: number; title: string; description: string };

export const PROBLEM_KINDS = {
  'invalid-input': {
    status: 400,
    title: 'Invalid input',
    description: 'A parameter, header or body field has a value the API does not accept; `errors` names each field with a code.',
  },
  'invalid-json': { status: 400, title: 'Invalid JSON', description: 'The body is not a JSON object (or not JSON at all).' },
  'invalid-path': { status: 400, title: 'Bad request', description: 'The path is not valid percent-encoded UTF-8.' },
  'refused-input': {
    status: 400,
    title: 'The request cannot be carried out as it is',
    description:
      'The input is well-formed but the data refuses it: `code` says why (NOTICE_INVALID with `errors`, CUSTOMER_NOT_FOUND or SUBSCRIPTION_NOT_FOUND with `ids`, TEMPLATE_NOT_FOUND, SCHEDULE_NOT_IN_FUTURE, SCHEDULE_INVALID_TIME, …).',
  },
  unauthorized: {
    status: 401,
    title: 'Unauthorized',
    description: 'No API token was sent, or it is not one the portal knows. Send `Authorization: Bearer <token>`.',
  },
  'token-revoked': { status: 401, title: 'Token revoked', description: 'The API token was revoked by a partner admin.' },
  'token-expired': {
    status: 401,
    title: 'Token expired',
    description: 'The API token reached its expiry time (`expiredAt`); a partner admin can create a new one.',
  },
  'missing-scope': {
    status: 403,
    title: 'Missing scope',
    description: 'The API token does not have the scope this operation needs (`requiredScope`).',
  },
  forbidden: { status: 403, title: 'Forbidden', description: "The token's scopes do not allow this change." },
  'not-found': {
    status: 404,
    title: 'Not found',
    description: "There is no such resource for the token's partner (another partner's id answers exactly like an unknown one).",
  },
  'method-not-allowed': { status: 405, title: 'Method not allowed', description: 'The path exists, but not with this method (`Allow`).' },
  'transition-not-allowed': {
    status: 409,
    title: 'Refused transition',
    description: 'The notice life cycle does not allow this change from the current status (`from`, `to`).',
  },
  'not-editable': {
    status: 409,
    title: 'The notice can no longer be edited',
    description: 'Only DRAFT and SCHEDULED notices can be changed.',
  },
  conflict: { status: 409, title: 'Conflict', description: 'The change conflicts with the current state of the data (`code`).' },
  'idempotency-key-in-use': {
    status: 409,
    title: 'Request in progress',
    description: 'A request with the same Idempotency-Key is still being processed; retry after it has answered (`Retry-After`).',
  },
  'stale-version': {
    status: 412,
    title: 'Stale version',
    description: 'If-Match names an older version; nothing was changed. Read the resource again (`currentVersion`, `ETag`).',
  },
  'body-too-large': { status: 413, title: 'Body too large', description: 'The body is larger than the API accepts.' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type', description: 'Send the body as application/json.' },
  'idempotency-key-reused': {
    status: 422,
    title: 'Idempotency-Key reused',
    description: 'The Idempotency-Key was used in the last 24 hours for a request with another method, path or body.',
  },
  'if-match-required': {
    status: 428,
    title: 'If-Match required',
    description: 'This change needs the ETag of the version it starts from as If-Match.',
  },
  'rate-limited': {
    status: 429,
    title: 'Too many requests',
    description: 'More requests this minute than the rate limit allows (`RateLimit-Limit`); retry after `Retry-After` seconds.',
  },
  'internal-error': {
    status: 500,
    title: 'Internal error',
    description: 'The request failed on the server; `requestId` names its log line. Read the resource again before retrying a change.',
  },
} as const satisfies Record<string, KindInfo>;

export type ProblemKind = keyof typeof PROBLEM_KINDS;

export type Problem = { type: string; status: number; title: string; detail?: string } & Record<string, unknown>;

/** The stable `type` of a kind of error: its section of the API's reference page. */
export function problemType(kind: ProblemKind): string {
  return `/api/v1/docs#problem-${kind}`;
}

/** A problem of `kind`, with its type, title and status, and the fields given. */
export function problemOf(kind: ProblemKind, fields: { detail?: string } & Record<string, unknown> = {}): Problem {
  const info: KindInfo = PROBLEM_KINDS[kind];
  return { type: problemType(kind), title: info.title, status: info.status, ...fields };
}

/** The body of a problem response. */
export function problemJson(body: Problem): string {
  return JSON.stringify(body);
}
