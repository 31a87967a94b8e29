// The request id: made by the portal's HTTP server for every request (lib/runtime/front-door.ts),
// never taken from the client. Next.js gets it in a request header, the client in the
// X-Request-Id response header, the log with every unexpected error, and the error pages from a
// cookie set on page loads, in-app navigations and server actions: an error page cannot read its
// response's headers, and may be showing the failure of a navigation made after the page loaded.

export const REQUEST_ID_HEADER = 'x-request-id';
export const REQUEST_ID_COOKIE = 'portal-request-id';

/**
 * Whether a request's answer may end on an error page, so that the page needs its id: a page
 * load (a document or a frame), a navigation inside the app (Next.js's `RSC` header) or a
 * server action (`Next-Action`); not a prefetch, a file or an API call, whose ids would replace
 * the id of the page the user is looking at.
 */
export function isPageRequest(path: string, header: (name: string) => string | undefined): boolean {
  if (path.startsWith('/api/') || path.startsWith('/_next/')) return false;
  if (header('next-router-prefetch') !== undefined) return false;
  if (header('rsc') === '1' || header('next-action') !== undefined) return true;
  const destination = header('sec-fetch-dest');
  if (destination !== undefined) return destination === 'document' || destination === 'iframe';
  return (header('accept') ?? '').includes('text/html');
}

/** The request id a `Cookie` header (or `document.cookie`) carries, if it has a well-formed one. */
export function requestIdFromCookies(cookies: string): string | null {
  for (const part of cookies.split(';')) {
    const [name, value] = part.trim().split('=', 2);
    if (name === REQUEST_ID_COOKIE && value && /^[A-Za-z0-9-]{8,64}$/.test(value)) return value;
  }
  return null;
}
