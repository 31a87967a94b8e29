// The Content-Security-Policy and transport headers, pure (proxy.ts applies them per request).

export type SecurityHeaderInput = {
  nonce: string;
  dev: boolean;
  https: boolean;
  /** Origins allowed to frame this response; empty means no framing at all. */
  frameAncestors: readonly string[];
  /** Origins a form may send the browser on to besides the portal (an identity provider's sign-in page). */
  formTargets?: readonly string[];
};

export function contentSecurityPolicy({ nonce, dev, frameAncestors, formTargets = [] }: SecurityHeaderInput): string {
  const directives = [
    `default-src 'self'`,
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? ` 'unsafe-eval'` : ''}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self'`,
    `connect-src 'self'${dev ? ' ws:' : ''}`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action ${["'self'", ...formTargets].join(' ')}`,
    `frame-ancestors ${frameAncestors.length > 0 ? frameAncestors.join(' ') : `'none'`}`,
  ];
  return directives.join('; ');
}

/**
 * Whether the portal is served over HTTPS, from its configured public URL (NEXTAUTH_URL): never
 * from a header such as X-Forwarded-Proto, which a client can send.
 */
export function isHttpsUrl(publicUrl: string | undefined): boolean {
  try {
    return new URL(publicUrl ?? '').protocol === 'https:';
  } catch {
    return false;
  }
}

/** What every response carries: no type sniffing, a short referrer, no framing unless allowed, HTTPS kept. */
function transportHeaders(input: { https: boolean; framed: boolean }): Record<string, string> {
  return {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    ...(input.framed ? {} : { 'X-Frame-Options': 'DENY' }),
    ...(input.https ? { 'Strict-Transport-Security': 'max-age=63072000; includeSubDomains' } : {}),
  };
}

/**
 * For a response that is data, not a page (JSON of a route the proxy does not see): nothing in it
 * may run, load or be framed.
 */
export function dataResponseHeaders(input: { https: boolean }): Record<string, string> {
  return {
    'Content-Security-Policy': `default-src 'none'; frame-ancestors 'none'`,
    ...transportHeaders({ https: input.https, framed: false }),
  };
}

export function securityHeaders(input: SecurityHeaderInput): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(input),
    ...transportHeaders({ https: input.https, framed: input.frameAncestors.length > 0 }),
  };
}
