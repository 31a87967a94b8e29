// The portal's HTTP front door: scripts/start.ts serves Next.js behind it, in the same process.
// Before Next.js sees a request, it
// - gives the request its id (lib/domain/request-id.ts), replacing any the client sent: in a
//   request header for Next.js, in X-Request-Id for the client, and in a cookie for the error
//   pages of page requests;
// - works out the client's address (lib/runtime/client-address.ts), replacing any the client sent;
// - answers a path that is not valid percent-encoded UTF-8 itself: Next.js answers one with a
//   bare 500 that it does not log (it renders its 400 with a Pages Router error page this App
//   Router build does not have). An API path gets a problem+json 400; a page path goes on with
//   its percent signs taken literally, a segment no route accepts: the not-found page answers.
// - refuses a form post or server action from another origin (403), or with an Origin that is
//   not a URL (400): Next.js's own check answers those with a 500.
// After Next.js has answered, a 5xx that no error handler logged is logged here, so that no
// server error goes unrecorded.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PROBLEM_CONTENT_TYPE, problemJson, problemOf } from '../domain/problem';
import { REQUEST_ID_COOKIE, REQUEST_ID_HEADER, isPageRequest } from '../domain/request-id';
import { logRequestError, logger as processLogger, pathOf, takeLoggedRequest, type Logger } from './logger';

export type Handler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

export type FrontDoorOptions = {
  /** Writes the client's address (and this process's key) onto the request: clientAddressStamp. */
  stampClientAddress: (request: IncomingMessage) => void;
  /**
   * The REST API (lib/server/api/app.ts), which answers `/api/v1` and everything under it
   * instead of Next.js, after the steps above (ids, address, undecodable paths).
   */
  api?: Handler;
  logger?: Logger;
  newId?: () => string;
  /**
   * How long after a 5xx answer the front door waits for the error handlers' log line before
   * writing its own: Next.js calls instrumentation.ts's onRequestError without waiting for it.
   */
  reportDelayMs?: number;
};

/** Whether a path (without its query) decodes as percent-encoded UTF-8, as Next.js decodes route segments. */
export function isDecodablePath(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(',') : value);

/**
 * What Next.js's check of a server action's origin would fail with a 500, answered as what it
 * is: 400 when Origin is not a URL, 403 when it names another host than the request's
 * (X-Forwarded-Host's first value, else Host; Next.js compares the same way, and no other origin
 * is allowed in next.config.js). Server actions are POSTs with a Next-Action header, or
 * multipart forms posted to a page; the API is not concerned. Null when there is nothing to refuse.
 */
export function refusedAction(method: string, path: string, header: (name: string) => string | undefined): 400 | 403 | null {
  if (method !== 'POST' || path.startsWith('/api/')) return null;
  if (header('next-action') === undefined && !(header('content-type') ?? '').startsWith('multipart/form-data')) return null;
  const origin = header('origin');
  if (origin === undefined) return null;
  if (origin === 'null') return 403;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return 400;
  }
  const host = header('x-forwarded-host')?.split(',')[0]?.trim() || header('host');
  return originHost === host ? null : 403;
}

/** Whether the REST API (not Next.js) answers this path. */
export function isApiPath(path: string): boolean {
  return path === '/api/v1' || path.startsWith('/api/v1/');
}

export function createFrontDoor(handle: Handler, options: FrontDoorOptions): (request: IncomingMessage, response: ServerResponse) => void {
  const log = options.logger ?? processLogger;
  const newId = options.newId ?? randomUUID;
  const reportDelayMs = options.reportDelayMs ?? 2_000;
  return (request, response) => {
    const requestId = newId();
    const url = request.url ?? '/';
    const path = pathOf(url);
    const method = request.method ?? 'GET';
    request.headers[REQUEST_ID_HEADER] = requestId;
    options.stampClientAddress(request);
    response.setHeader('X-Request-Id', requestId);

    if (!isDecodablePath(path)) {
      if (path.startsWith('/api/')) {
        const body = problemJson(problemOf('invalid-path', { detail: 'The path is not valid percent-encoded UTF-8.', requestId }));
        response.writeHead(400, { 'Content-Type': PROBLEM_CONTENT_TYPE, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
        response.end(method === 'HEAD' ? undefined : body);
        return;
      }
      request.url = path.replaceAll('%', '%25') + url.slice(path.length);
    }
    const refused = refusedAction(method, path, (name) => single(request.headers[name]));
    if (refused) {
      response.writeHead(refused, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      response.end(refused === 400 ? 'Bad request: the Origin header is not a URL.' : 'Forbidden: a form posted from another site.');
      return;
    }
    if (isPageRequest(path, (name) => single(request.headers[name]))) {
      response.appendHeader('Set-Cookie', `${REQUEST_ID_COOKIE}=${requestId}; Path=/; SameSite=Lax`);
    }
    response.once('finish', () => {
      if (response.statusCode < 500) return;
      setTimeout(() => {
        if (!takeLoggedRequest(requestId)) {
          log.error({ requestId, method, path, status: response.statusCode }, 'answered with a server error that no handler logged');
        }
      }, reportDelayMs).unref();
    });
    const api = options.api && isApiPath(path) ? options.api : null;
    (api ?? handle)(request, response).catch((error: unknown) => {
      logRequestError(error, { requestId, method, path }, 'request failed before an answer', log);
      if (response.headersSent) response.destroy();
      else response.writeHead(500).end();
    });
  };
}
