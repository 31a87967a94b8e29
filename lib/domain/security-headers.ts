// The Content-Security-Policy and transport headers, pure (proxy.ts applies them per request).

export type SecurityHeaderInput = {
  nonce: string;
  dev: boolean;
  https: boolean;
  /** Origins allowed to frame this response; empty means no framing at all. */
  frameAncestors: readonly string[];
};

export function contentSecurityPolicy({ nonce, dev, frameAncestors }: SecurityHeaderInput): string {
  const directives = [
    `default-src 'self'`,
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? ` 'unsafe-eval'` : ''}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self'`,
    `connect-src 'self'${dev ? ' ws:' : ''}`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
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

export function securityHeaders(input: SecurityHeaderInput): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Security-Policy': contentSecurityPolicy(input),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
  };
  if (input.frameAncestors.length === 0) headers['X-Frame-Options'] = 'DENY';
  if (input.https) headers['Strict-Transport-Security'] = 'max-age=63072000; includeSubDomains';
  return headers;
}
