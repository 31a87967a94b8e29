// The portal's one logger, for every process: the launcher (scripts/start.ts), the Next.js server
// code (route handlers, the REST API, instrumentation.ts) and the delivery worker write JSON
// lines through pino, from the level LOG_LEVEL names. What operators need and users must not
// see (stacks, a mail server's replies, file paths) goes here and nowhere else.
//
// The launcher gives every request an id (lib/runtime/front-door.ts); an unexpected error of a
// request is logged with that id, which the user also sees (the error pages, the API's 500), so
// that a report leads to its line.
import pino, { type DestinationStream, type Logger } from 'pino';
import { REQUEST_ID_HEADER } from '../domain/request-id';
import { logLevelOf, type LogLevel } from './config';

export type { Logger };

/**
 * A logger at `level`: one JSON object per line, `level` as a word, ISO times. Written to
 * process.stdout by default, the stream console.log also writes to (synchronous for files and
 * pipes): the launcher's plain lines and these stay in order, and nothing is lost on exit.
 */
export function createLogger(level: LogLevel, destination: DestinationStream = process.stdout): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/** The process's logger, at LOG_LEVEL (start-up refuses a bad value: config.ts). */
export const logger: Logger = createLogger(logLevelOf(process.env));

/** A request's path without its query, which may carry a secret (an embed token). */
export function pathOf(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

// Next.js bundles a copy of this module of its own; what was logged per request is kept where the
// launcher's copy finds it, in this process's globalThis: request id → the digests of its errors.
const LOGGED = Symbol.for('csp-portal.logged-request-errors');
/** Requests kept at most: an error may be logged after its request's answer was checked. */
const LOGGED_MAX = 1000;

function loggedErrors(): Map<string, Set<string>> {
  const store = globalThis as unknown as Record<symbol, Map<string, Set<string>> | undefined>;
  return (store[LOGGED] ??= new Map());
}

export type RequestErrorFields = { requestId: string | null; method?: string; path?: string; digest?: string } & Record<string, unknown>;

/** What names a request of a route handler in its error's line: its id (the front door's header), method and path. */
export function requestFields(request: Request): RequestErrorFields {
  return { requestId: request.headers.get(REQUEST_ID_HEADER), method: request.method, path: new URL(request.url).pathname };
}

/**
 * Logs an unexpected error of a request, with its id (the launcher then logs nothing more for
 * it). An error Next.js reports again for the same request (same digest: two components of a
 * page awaited the same failed read) is not logged twice.
 */
export function logRequestError(error: unknown, fields: RequestErrorFields, message = 'request failed', log: Logger = logger): void {
  if (fields.requestId) {
    const requests = loggedErrors();
    const digests = requests.get(fields.requestId) ?? new Set<string>();
    if (fields.digest !== undefined && digests.has(fields.digest)) return;
    if (fields.digest !== undefined) digests.add(fields.digest);
    requests.set(fields.requestId, digests);
    if (requests.size > LOGGED_MAX) requests.delete(requests.keys().next().value as string);
  }
  log.error({ ...fields, err: error }, message);
}

/** Whether an error of this request was logged (asked once: the request is forgotten). */
export function takeLoggedRequest(requestId: string): boolean {
  return loggedErrors().delete(requestId);
}
