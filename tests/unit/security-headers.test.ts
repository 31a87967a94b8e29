import { describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  dataResponseHeaders,
  isHttpsUrl,
  securityHeaders,
  type SecurityHeaderInput,
} from '@/lib/domain/security-headers';

const base: SecurityHeaderInput = { nonce: 'bm9uY2UtMTIz', dev: false, https: true, frameAncestors: [] };

function directives(csp: string): Map<string, string> {
  return new Map(
    csp.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values.join(' ')] as const;
    }),
  );
}

describe('contentSecurityPolicy', () => {
  it('puts the nonce into script-src with strict-dynamic', () => {
    const csp = directives(contentSecurityPolicy(base));
    expect(csp.get('script-src')).toBe(`'self' 'nonce-bm9uY2UtMTIz' 'strict-dynamic'`);
  });

  it('uses the nonce it is given (different requests, different nonces)', () => {
    expect(contentSecurityPolicy({ ...base, nonce: 'abc' })).toContain(`'nonce-abc'`);
    expect(contentSecurityPolicy({ ...base, nonce: 'abc' })).not.toContain('bm9uY2UtMTIz');
  });

  it('is the complete production policy', () => {
    expect(contentSecurityPolicy(base)).toBe(
      [
        `default-src 'self'`,
        `script-src 'self' 'nonce-bm9uY2UtMTIz' 'strict-dynamic'`,
        `style-src 'self' 'unsafe-inline'`,
        `img-src 'self' data: blob:`,
        `font-src 'self'`,
        `connect-src 'self'`,
        `object-src 'none'`,
        `base-uri 'self'`,
        `form-action 'self'`,
        `frame-ancestors 'none'`,
      ].join('; '),
    );
  });

  it(`forbids plugins (object-src 'none') in dev and production`, () => {
    expect(directives(contentSecurityPolicy(base)).get('object-src')).toBe(`'none'`);
    expect(directives(contentSecurityPolicy({ ...base, dev: true })).get('object-src')).toBe(`'none'`);
  });

  it(`allows 'unsafe-eval' and websockets only in dev`, () => {
    expect(contentSecurityPolicy(base)).not.toContain('unsafe-eval');
    expect(directives(contentSecurityPolicy(base)).get('connect-src')).toBe(`'self'`);
    const dev = directives(contentSecurityPolicy({ ...base, dev: true }));
    expect(dev.get('script-src')).toBe(`'self' 'nonce-bm9uY2UtMTIz' 'strict-dynamic' 'unsafe-eval'`);
    expect(dev.get('connect-src')).toBe(`'self' ws:`);
  });

  it(`has frame-ancestors 'none' when no origin may frame the page`, () => {
    expect(directives(contentSecurityPolicy(base)).get('frame-ancestors')).toBe(`'none'`);
  });

  it("lets forms send the browser on only to the identity providers' sign-in origins", () => {
    expect(directives(contentSecurityPolicy(base)).get('form-action')).toBe(`'self'`);
    const csp = directives(contentSecurityPolicy({ ...base, formTargets: ['https://login.microsoftonline.com', 'http://localhost:3271'] }));
    expect(csp.get('form-action')).toBe(`'self' https://login.microsoftonline.com http://localhost:3271`);
  });

  it('lists exactly the allowed origins in frame-ancestors', () => {
    const csp = directives(contentSecurityPolicy({ ...base, frameAncestors: ['https://host.example', 'https://other.example:8443'] }));
    expect(csp.get('frame-ancestors')).toBe('https://host.example https://other.example:8443');
  });
});

describe('securityHeaders', () => {
  it('sends X-Frame-Options DENY when there are no frame ancestors', () => {
    const headers = securityHeaders(base);
    expect(headers['X-Frame-Options']).toBe('DENY');
    expect(headers['Content-Security-Policy']).toContain(`frame-ancestors 'none'`);
  });

  it('sends no X-Frame-Options when origins may frame the page (it would override frame-ancestors)', () => {
    const headers = securityHeaders({ ...base, frameAncestors: ['https://host.example'] });
    expect(headers).not.toHaveProperty('X-Frame-Options');
    expect(headers['Content-Security-Policy']).toContain('frame-ancestors https://host.example');
    expect(headers['Content-Security-Policy']).not.toContain(`frame-ancestors 'none'`);
  });

  it('sends HSTS only over https', () => {
    expect(securityHeaders(base)['Strict-Transport-Security']).toBe('max-age=63072000; includeSubDomains');
    expect(securityHeaders({ ...base, https: false })).not.toHaveProperty('Strict-Transport-Security');
  });

  it('always sends nosniff, the referrer policy and the same CSP as contentSecurityPolicy', () => {
    for (const input of [base, { ...base, https: false, dev: true }, { ...base, frameAncestors: ['https://a.example'] }]) {
      const headers = securityHeaders(input);
      expect(headers['X-Content-Type-Options']).toBe('nosniff');
      expect(headers['Referrer-Policy']).toBe('strict-origin-when-cross-origin');
      expect(headers['Content-Security-Policy']).toBe(contentSecurityPolicy(input));
    }
  });

  it('has exactly the expected header names for a production https page without framing', () => {
    expect(Object.keys(securityHeaders(base)).sort()).toEqual(
      ['Content-Security-Policy', 'Referrer-Policy', 'Strict-Transport-Security', 'X-Content-Type-Options', 'X-Frame-Options'].sort(),
    );
  });
});

describe('dataResponseHeaders', () => {
  it('lets nothing of a data response run, load or be framed, and keeps HTTPS when served over it', () => {
    expect(dataResponseHeaders({ https: false })).toEqual({
      'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      'X-Frame-Options': 'DENY',
    });
    expect(dataResponseHeaders({ https: true })['Strict-Transport-Security']).toBe('max-age=63072000; includeSubDomains');
  });
});

describe('isHttpsUrl (whether HSTS is sent)', () => {
  it('is true only for an https public URL', () => {
    expect(isHttpsUrl('https://portal.example.com')).toBe(true);
    expect(isHttpsUrl('https://portal.example.com:8443/base')).toBe(true);
    expect(isHttpsUrl('HTTPS://PORTAL.EXAMPLE.COM')).toBe(true);
    expect(isHttpsUrl('http://localhost:3000')).toBe(false);
    expect(isHttpsUrl('http://https.example.com')).toBe(false);
    expect(isHttpsUrl('https')).toBe(false);
    expect(isHttpsUrl('')).toBe(false);
    expect(isHttpsUrl(undefined)).toBe(false);
  });
});
