import 'server-only';
import { getRequestListener } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { Hono } from 'hono';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { notFound, problem } from './http';
import { TextAnswer } from './text-answer';
import { defineOperation, type ApiOperation } from './operation';
import { API_OPERATIONS } from './routes';

// The REST API's HTTP side: a Hono router on node:http (@hono/node-server), which the launcher's
// front door (lib/runtime/front-door.ts, in scripts/start.ts) hands every /api/v1 request to
// instead of Next.js — docs/decisions/0025-rest-api-platform.md says why. Each route calls its
// operation's `handle` (lib/server/api/operation.ts), which does the rest; a path the API does not
// have is 404, a method it does not take on a path it has is 405 with `Allow`, both as problems
// with the RateLimit-* headers like any answer.

const BASE = '/api/v1';

/** `/customers/{customerId}` → `/api/v1/customers/:customerId`. */
export const routePath = (path: string) => `${BASE}${path.replace(/\{(\w+)\}/g, ':$1')}`;

const unknownPath = defineOperation({
  id: 'unknownPath',
  method: 'get',
  path: '/*',
  tag: 'Other',
  summary: 'A path the API does not have',
  scope: null,
  answers: {},
  problems: ['not-found'],
  run: async () => notFound(),
});

function methodNotAllowed(allow: string[]) {
  return defineOperation({
    id: 'methodNotAllowed',
    method: 'get',
    path: '/*',
    tag: 'Other',
    summary: 'A method the path does not take',
    scope: null,
    answers: {},
    problems: ['method-not-allowed'],
    run: async () => problem('method-not-allowed', { detail: `This path takes ${allow.join(', ')}.` }, { Allow: allow.join(', ') }),
  });
}

export function createApiApp(operations: readonly ApiOperation[] = API_OPERATIONS): Hono {
  const app = new Hono();
  const methodsByPath = new Map<string, string[]>();
  for (const operation of operations) {
    const path = routePath(operation.path);
    methodsByPath.set(path, [...(methodsByPath.get(path) ?? []), operation.method.toUpperCase()]);
    app.on(operation.method.toUpperCase(), path, (c) => operation.handle(c.req.raw, { params: c.req.param() as Record<string, string> }));
  }
  for (const [path, methods] of methodsByPath) {
    const refuse = methodNotAllowed(methods);
    app.all(path, (c) => refuse.handle(c.req.raw));
  }
  app.all('*', (c) => unknownPath.handle(c.req.raw));
  return app;
}

/** The API as a node:http handler, for the launcher's front door. */
export function createApiListener(): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const app = createApiApp();
  // overrideGlobalObjects: false — Next.js runs in the same process and keeps Node's own Request and Response.
  return getRequestListener(
    async (request, env) => {
      const response = await app.fetch(request, env);
      // An answer made by json() or problem() (every answer but the reference page's and a
      // replayed one) is written as the text it was made from, with the same status and headers
      // and the Content-Length @hono/node-server gives a body read whole, without ever building
      // its Response (lib/server/api/text-answer.ts).
      const written = response instanceof TextAnswer && request.method !== 'HEAD' ? response.written() : undefined;
      if (!written) return response instanceof TextAnswer ? response.response() : response;
      written.fields['content-length'] = String(Buffer.byteLength(written.text));
      // The front door serves HTTP/1.1 (node:http), never HTTP/2.
      const outgoing = env.outgoing as ServerResponse;
      outgoing.writeHead(written.status, written.fields);
      outgoing.end(written.text);
      return RESPONSE_ALREADY_SENT;
    },
    { overrideGlobalObjects: false },
  );
}
