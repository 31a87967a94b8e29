import 'server-only';
import { NOTICE_ERROR_HTTP_STATUS, type NoticeFailure } from '../data/notice-results';
import { readBodyUpTo } from '../request-body';
import { PROBLEM_CONTENT_TYPE, problemJson, type Problem } from '../../domain/problem';
import { isStorableJson } from '../../domain/text';
import { logRequestError, requestFields } from '../../runtime/logger';

// The REST API's answers: JSON, and errors as RFC 9457 problem details
// (`application/problem+json`: type, title, status, detail, plus fields of their own: `errors`
// for invalid input, `currentVersion` for a stale one, `from`/`to` for a refused transition,
// `requestId` for an unexpected failure).

export function problem(body: Problem, headers: HeadersInit = {}): Response {
  return new Response(problemJson(body), {
    status: body.status,
    headers: { 'Content-Type': PROBLEM_CONTENT_TYPE, 'Cache-Control': 'no-store', ...headers },
  });
}

export function json(data: unknown, init: { status?: number; headers?: HeadersInit } = {}): Response {
  return new Response(JSON.stringify(data), {
    status: init.status ?? 200,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...init.headers },
  });
}

export const notFound = () =>
  problem({ status: 404, title: 'Not found', detail: "There is no such resource for this API token's partner." });

/** 400 with the fields that failed and why (codes, e.g. `{ "content.en.subject": "tooLong" }`). */
export const invalidInput = (errors: Record<string, string>, detail = 'The request has invalid values; see `errors`.') =>
  problem({ status: 400, title: 'Invalid input', detail, errors });

/** Request bodies above this are refused (413) before they are read in full. */
export const BODY_MAX_BYTES = 1024 * 1024;

const tooLarge = () =>
  problem({ status: 413, title: 'Body too large', detail: `Send at most ${BODY_MAX_BYTES} bytes of JSON.`, errors: { body: 'tooLarge' } });
const invalidJson = (detail: string) => problem({ status: 400, title: 'Invalid JSON', detail, errors: { body: 'jsonInvalid' } });

/** The body's text, read up to `max` bytes (null when it is longer). */
async function readText(request: Request, max: number): Promise<string | null> {
  const bytes = await readBodyUpTo(request, max);
  return bytes === null ? null : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** A request body: a JSON object, else the 400, 413 or 415 response to answer with. */
export async function readJsonObject(
  request: Request,
): Promise<{ ok: true; body: Record<string, unknown> } | { ok: false; response: Response }> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    return { ok: false, response: problem({ status: 415, title: 'Unsupported media type', detail: 'Send the body as application/json.' }) };
  }
  const text = await readText(request, BODY_MAX_BYTES);
  if (text === null) return { ok: false, response: tooLarge() };
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

const TITLES: Partial<Record<NoticeFailure['code'], string>> = {
  FORBIDDEN: 'Forbidden',
  NOT_FOUND: 'Not found',
  INVALID: 'Invalid input',
  NOTICE_INVALID: 'The notice cannot be saved or sent as it is',
  CUSTOMER_NOT_FOUND: 'Unknown customers',
  SUBSCRIPTION_NOT_FOUND: 'Unknown subscriptions',
  TEMPLATE_NOT_FOUND: 'Unknown template',
  SCHEDULE_NOT_IN_FUTURE: 'The time is not in the future',
  SCHEDULE_INVALID_TIME: 'Invalid time',
  TRANSITION_NOT_ALLOWED: 'Refused transition',
  NOT_EDITABLE: 'The notice can no longer be edited',
  STALE: 'Stale version',
};

/** A data-layer refusal as a problem response (status from NOTICE_ERROR_HTTP_STATUS). */
export function noticeFailure(failure: NoticeFailure): Response {
  const status = NOTICE_ERROR_HTTP_STATUS[failure.code];
  const title = TITLES[failure.code] ?? failure.code;
  switch (failure.code) {
    case 'NOT_FOUND':
      return notFound();
    case 'INVALID':
      return invalidInput(failure.fieldErrors);
    case 'NOTICE_INVALID':
      return problem({ status, title, code: failure.code, detail: 'See `errors` for what must change first.', errors: failure.errors });
    case 'CUSTOMER_NOT_FOUND':
    case 'SUBSCRIPTION_NOT_FOUND':
      return problem({ status, title, code: failure.code, detail: "These ids are not the partner's.", ids: failure.ids });
    case 'SCHEDULE_NOT_IN_FUTURE':
      return problem({
        status,
        title,
        code: failure.code,
        detail: `Choose a time after ${failure.now.toISOString()}.`,
        scheduledAt: failure.scheduledAt.toISOString(),
      });
    case 'TRANSITION_NOT_ALLOWED':
      return problem({
        status,
        title,
        code: failure.code,
        detail: `A ${failure.from} notice cannot become ${failure.to}.`,
        from: failure.from,
        to: failure.to,
      });
    case 'NOT_EDITABLE':
      return problem({
        status,
        title,
        code: failure.code,
        detail: `A ${failure.status} notice cannot be changed; only DRAFT and SCHEDULED ones can.`,
        currentStatus: failure.status,
      });
    case 'STALE':
      return problem(
        {
          status,
          title,
          code: failure.code,
          detail: 'The notice changed since that version; nothing was saved. Read it again and retry.',
          currentVersion: failure.currentVersion,
        },
        typeof failure.currentVersion === 'number' ? { ETag: etagOf(failure.currentVersion) } : {},
      );
    default:
      return problem({ status, title, code: failure.code, ...('deliveryId' in failure ? { deliveryId: failure.deliveryId } : {}) });
  }
}

/**
 * A handler whose unexpected errors answer as a 500 problem, never as an HTML page: logged with
 * the request's id, which the problem gives too (`requestId`), so that a report leads to the log.
 */
export function apiHandler<A extends unknown[]>(handler: (request: Request, ...rest: A) => Promise<Response>) {
  return async (request: Request, ...rest: A): Promise<Response> => {
    try {
      return await handler(request, ...rest);
    } catch (error) {
      const fields = requestFields(request);
      logRequestError(error, fields, 'API request failed');
      return problem({
        status: 500,
        title: 'Internal error',
        detail: 'The request failed on the server. Read the resource again before retrying a change.',
        ...(fields.requestId ? { requestId: fields.requestId } : {}),
      });
    }
  };
}
