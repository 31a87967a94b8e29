import 'server-only';
import { NOTICE_ERROR_HTTP_STATUS, type NoticeFailure } from '../data/notice-results';
import { readBodyUpTo } from '../request-body';
import { PROBLEM_CONTENT_TYPE, problemJson, problemOf, type ProblemKind } from '../../domain/problem';
import { isStorableJson } from '../../domain/text';
import type { z } from '../../zod';
import { textAnswer } from './text-answer';

// The REST API's answers: JSON, and errors as RFC 9457 problem details
// (`application/problem+json`: a stable `type` per kind of error — lib/domain/problem.ts —,
// title, status, detail, plus fields of their own: `errors` for invalid input, `currentVersion`
// for a stale one, `from`/`to` for a refused transition, `requestId` for an unexpected failure).

// Both answer with a TextAnswer (lib/server/api/text-answer.ts): a Response that the HTTP side
// writes from its text.

export function problem(
  kind: ProblemKind,
  fields: { detail?: string } & Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  const body = problemOf(kind, fields);
  return textAnswer(problemJson(body), body.status, {
    'Content-Type': PROBLEM_CONTENT_TYPE,
    'Cache-Control': 'no-store',
    ...headers,
  });
}

export function json(data: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return textAnswer(JSON.stringify(data), init.status ?? 200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    ...init.headers,
  });
}

export const notFound = () => problem('not-found', { detail: "There is no such resource for this API token's partner." });

/** 400 with the fields that failed and why (codes, e.g. `{ "content.en.subject": "tooLong" }`). */
export const invalidInput = (errors: Record<string, string>, detail = 'The request has invalid values; see `errors`.') =>
  problem('invalid-input', { detail, errors });

/** A zod error's issues as `errors`: the first code per field path (`_` for the whole value). */
export function fieldErrorsOf(issues: readonly { path: PropertyKey[]; message: string }[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '_';
    errors[key] ??= issue.message;
  }
  return errors;
}

/**
 * The query string through `schema` (an empty value counts as absent; a parameter given twice
 * keeps its first value). Unlike the pages, which ignore a bad filter, the API answers 400.
 */
export function parseQuery<T extends z.ZodType>(
  request: Request,
  schema: T,
): { ok: true; data: z.output<T> } | { ok: false; response: Response } {
  const params = new URL(request.url).searchParams;
  const raw: Record<string, string> = {};
  for (const [name, value] of params) if (value !== '' && !(name in raw)) raw[name] = value;
  // A schema without codes of its own (the pages' filters) says `invalid`.
  const parsed = schema.safeParse(raw, { error: () => 'invalid' });
  if (!parsed.success) return { ok: false, response: invalidInput(fieldErrorsOf(parsed.error.issues)) };
  return { ok: true, data: parsed.data };
}

export const invalidCursor = () => invalidInput({ cursor: 'cursorInvalid' }, 'The cursor is not one this list gave out.');

/** Request bodies above this are refused (413) before they are read in full. */
export const BODY_MAX_BYTES = 1024 * 1024;

const tooLarge = (max: number) => problem('body-too-large', { detail: `Send at most ${max} bytes of JSON.`, errors: { body: 'tooLarge' } });
const invalidJson = (detail: string) => problem('invalid-json', { detail, errors: { body: 'jsonInvalid' } });

/** The body's text, read up to `max` bytes (null when it is longer). */
async function readText(request: Request, max: number): Promise<string | null> {
  const bytes = await readBodyUpTo(request, max);
  return bytes === null ? null : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

export type JsonBody = { ok: true; body: Record<string, unknown> } | { ok: false; response: Response };

/** A request body: a JSON object, else the 400, 413 or 415 response to answer with. */
export async function readJsonObject(request: Request, max = BODY_MAX_BYTES): Promise<JsonBody> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    return { ok: false, response: problem('unsupported-media-type', { detail: 'Send the body as application/json.' }) };
  }
  const text = await readText(request, max);
  if (text === null) return { ok: false, response: tooLarge(max) };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, response: invalidJson('The request body is not valid JSON.') };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, response: invalidJson('The request body must be a JSON object.') };
  }
  if (!isStorableJson(body)) {
    return { ok: false, response: invalidInput({ body: 'nulCharacter' }, 'Text in the body cannot hold the NUL character (\\u0000).') };
  }
  return { ok: true, body: body as Record<string, unknown> };
}

/**
 * What an `If-Match` header asks for: `absent`; `any` (`*`); the `version` of a strong ETag
 * `"3"` as GET gave it; or `invalid` (anything else, a weak `W/"3"` included: If-Match compares
 * strongly, RFC 9110 §13.1.1).
 */
export type IfMatch = { kind: 'absent' } | { kind: 'any' } | { kind: 'version'; version: number } | { kind: 'invalid' };

export function ifMatchOf(request: Request): IfMatch {
  const header = request.headers.get('if-match');
  if (header === null) return { kind: 'absent' };
  const value = header.trim();
  if (value === '*') return { kind: 'any' };
  const match = /^"(\d{1,9})"$/.exec(value);
  return match ? { kind: 'version', version: Number(match[1]) } : { kind: 'invalid' };
}

export const etagOf = (version: number) => `"${version}"`;

/** A data-layer refusal as a problem response (status from NOTICE_ERROR_HTTP_STATUS). */
export function noticeFailure(failure: NoticeFailure): Response {
  const code = failure.code;
  switch (failure.code) {
    case 'NOT_FOUND':
      return notFound();
    case 'FORBIDDEN':
      return problem('forbidden', { detail: "This API token's scopes do not allow this change.", code });
    case 'INVALID':
      return invalidInput(failure.fieldErrors);
    case 'NOTICE_INVALID':
      return problem('refused-input', { code, detail: 'See `errors` for what must change first.', errors: failure.errors });
    case 'CUSTOMER_NOT_FOUND':
    case 'SUBSCRIPTION_NOT_FOUND':
      return problem('refused-input', { code, detail: "These ids are not the partner's.", ids: failure.ids });
    case 'SCHEDULE_NOT_IN_FUTURE':
      return problem('refused-input', {
        code,
        detail: `Choose a time after ${failure.now.toISOString()}.`,
        scheduledAt: failure.scheduledAt.toISOString(),
      });
    case 'TRANSITION_NOT_ALLOWED':
      return problem('transition-not-allowed', {
        code,
        detail: `A ${failure.from} notice cannot become ${failure.to}.`,
        from: failure.from,
        to: failure.to,
      });
    case 'NOT_EDITABLE':
      return problem('not-editable', {
        code,
        detail: `A ${failure.status} notice cannot be changed; only DRAFT and SCHEDULED ones can.`,
        currentStatus: failure.status,
      });
    case 'STALE':
      return problem(
        'stale-version',
        {
          code,
          detail: 'The notice changed since that version; nothing was saved. Read it again and retry.',
          currentVersion: failure.currentVersion,
        },
        typeof failure.currentVersion === 'number' ? { ETag: etagOf(failure.currentVersion) } : {},
      );
    default:
      return problem(NOTICE_ERROR_HTTP_STATUS[failure.code] === 409 ? 'conflict' : 'refused-input', {
        code,
        ...('deliveryId' in failure ? { deliveryId: failure.deliveryId } : {}),
      });
  }
}
