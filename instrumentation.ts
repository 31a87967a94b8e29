// Next.js calls onRequestError for every error a page, route handler, server action or the
// proxy did not handle (the not-found and redirect signals aside): each is logged once, as a JSON
// line with the id the portal's HTTP server gave the request (lib/runtime/front-door.ts), which
// the error pages show. The launcher runs Next.js quiet, so that this is the only line.
import type { Instrumentation } from 'next';

export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const [{ logRequestError, pathOf }, { REQUEST_ID_HEADER }] = await Promise.all([
    import('./lib/runtime/logger'),
    import('./lib/domain/request-id'),
  ]);
  const header = request.headers[REQUEST_ID_HEADER];
  const digest = typeof error === 'object' && error !== null && 'digest' in error ? String(error.digest) : undefined;
  logRequestError(error, {
    requestId: (Array.isArray(header) ? header[0] : header) ?? null,
    method: request.method,
    path: pathOf(request.path),
    route: context.routePath,
    routeType: context.routeType,
    ...(context.renderSource ? { renderSource: context.renderSource } : {}),
    ...(digest ? { digest } : {}),
  });
};
