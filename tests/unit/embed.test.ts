import { describe, expect, it } from 'vitest';
import {
  checkEmbedTokenForm,
  embedFrameAncestors,
  embedTokenState,
  isCanonicalEmbedOrigin,
  isEmbedSecretShape,
  isLastUseDue,
  parseEmbedOrigin,
  type EmbedOriginError,
} from '@/lib/domain/embed';
import { contentSecurityPolicy } from '@/lib/domain/security-headers';
import { newTokenSecret } from '@/lib/runtime/tokens';

const DEV = { allowHttpLocalhost: true };
const PROD = { allowHttpLocalhost: false };

describe('parseEmbedOrigin: what a host origin may be', () => {
  it.each([
    ['https://intranet.example.com', 'https://intranet.example.com'],
    ['https://example.com', 'https://example.com'],
    ['https://a.b.c.example.co.uk', 'https://a.b.c.example.co.uk'],
    ['https://my-host.example', 'https://my-host.example'],
    ['https://intranet', 'https://intranet'],
    ['https://203.0.113.9', 'https://203.0.113.9'],
    ['https://example.com:8443', 'https://example.com:8443'],
    ['https://example.com:1', 'https://example.com:1'],
    ['https://example.com:65535', 'https://example.com:65535'],
  ])('accepts %s as it is', (input, origin) => {
    expect(parseEmbedOrigin(input, PROD)).toEqual({ ok: true, origin });
  });

  it.each([
    // letter case of the scheme and host
    ['HTTPS://Intranet.EXAMPLE.com', 'https://intranet.example.com'],
    // the scheme's default port
    ['https://example.com:443', 'https://example.com'],
    ['http://localhost:80', 'http://localhost'],
    // one trailing slash (an empty path), and spaces around
    ['https://example.com/', 'https://example.com'],
    ['https://example.com:8443/', 'https://example.com:8443'],
    ['  https://example.com  ', 'https://example.com'],
    // an internationalised name, in the form a header can carry
    ['https://bücher.example', 'https://xn--bcher-kva.example'],
    // IPv4 written another way
    ['https://127.1', 'https://127.0.0.1'],
  ])('normalises %s to %s', (input, origin) => {
    expect(parseEmbedOrigin(input, DEV)).toEqual({ ok: true, origin });
  });

  it.each<[string, EmbedOriginError]>([
    // nothing, or too long
    ['', 'originRequired'],
    ['   ', 'originRequired'],
    [`https://${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.example.com`, 'originTooLong'],
    // scheme
    ['example.com', 'originScheme'],
    ['localhost:8080', 'originScheme'],
    ['//example.com', 'originScheme'],
    ['ftp://example.com', 'originScheme'],
    ['ws://example.com', 'originScheme'],
    ['file:///etc/passwd', 'originScheme'],
    ['javascript:alert(1)', 'originScheme'],
    ['data:text/html,hi', 'originScheme'],
    ['https:example.com', 'originScheme'],
    // path, query, fragment, two slashes
    ['https://example.com/dashboard', 'originPath'],
    ['https://example.com//', 'originPath'],
    ['https://example.com/?', 'originPath'],
    ['https://example.com?x=1', 'originPath'],
    ['https://example.com#top', 'originPath'],
    ['https://example.com:8443/a/b', 'originPath'],
    // user name and password
    ['https://user:secret@example.com', 'originCredentials'],
    ['https://user@example.com', 'originCredentials'],
    ['https://@example.com', 'originCredentials'],
    // hosts a Content-Security-Policy would read otherwise: wildcards, other directives, lists
    ['https://*.example.com', 'originInvalid'],
    ['https://*', 'originInvalid'],
    ['https://example.com;script-src', 'originInvalid'],
    ["https://example.com'unsafe-inline'", 'originInvalid'],
    ['https://a.com,b.com', 'originInvalid'],
    ['https://example.com https://evil.example', 'originInvalid'],
    // characters no host name has, empty labels, IPv6 (the CSP host grammar has none)
    ['https://exa_mple.com', 'originInvalid'],
    ['https://-example.com', 'originInvalid'],
    ['https://example-.com', 'originInvalid'],
    ['https://example..com', 'originInvalid'],
    ['https://example.com.', 'originInvalid'],
    ['https://', 'originInvalid'],
    ['https://[::1]', 'originInvalid'],
    ['https://[2001:db8::1]:8443', 'originInvalid'],
    ['https://999.1.1.1', 'originInvalid'],
    ['https://example.com\\path', 'originInvalid'],
    // whitespace inside, which the URL parser would silently drop
    ['https://exa\tmple.com', 'originInvalid'],
    ['https://exa\nmple.com', 'originInvalid'],
    // ports
    ['https://example.com:0', 'originInvalid'],
    ['https://example.com:65536', 'originInvalid'],
    ['https://example.com:http', 'originInvalid'],
    ['https://example.com:-1', 'originInvalid'],
  ])('refuses %j (%s)', (input, code) => {
    expect(parseEmbedOrigin(input, DEV)).toEqual({ ok: false, code });
  });

  describe('http only for localhost, and only outside production', () => {
    it.each(['http://localhost', 'http://localhost:8080', 'http://LOCALHOST:3291/', 'http://127.0.0.1:8080'])(
      'accepts %s outside production, refuses it in production',
      (input) => {
        expect(parseEmbedOrigin(input, DEV).ok).toBe(true);
        expect(parseEmbedOrigin(input, PROD)).toEqual({ ok: false, code: 'originNotHttps' });
      },
    );

    it.each([
      'http://example.com',
      'http://intranet',
      'http://sub.localhost',
      'http://localhost.example.com',
      'http://127.0.0.2',
      'http://10.0.0.1',
    ])('refuses %s everywhere', (input) => {
      expect(parseEmbedOrigin(input, DEV)).toEqual({ ok: false, code: 'originNotHttps' });
      expect(parseEmbedOrigin(input, PROD)).toEqual({ ok: false, code: 'originNotHttps' });
    });

    it('accepts https://localhost in production too', () => {
      expect(parseEmbedOrigin('https://localhost:8443', PROD)).toEqual({ ok: true, origin: 'https://localhost:8443' });
    });
  });

  it('what it accepts is one source expression of a frame-ancestors directive, and nothing more', () => {
    for (const input of ['https://Example.com:443/', 'https://bücher.example', 'http://localhost:3291', 'https://203.0.113.9:8443']) {
      const check = parseEmbedOrigin(input, DEV);
      if (!check.ok) throw new Error(input);
      expect(check.origin).toMatch(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/);
      const csp = contentSecurityPolicy({ nonce: 'n', dev: false, https: true, frameAncestors: [check.origin] });
      expect(csp.split('; ').at(-1)).toBe(`frame-ancestors ${check.origin}`);
    }
  });
});

describe('isCanonicalEmbedOrigin: a stored origin may go into the header as it is', () => {
  it('is true only for what parseEmbedOrigin makes', () => {
    expect(isCanonicalEmbedOrigin('https://example.com')).toBe(true);
    expect(isCanonicalEmbedOrigin('http://localhost:8080')).toBe(true);
    expect(isCanonicalEmbedOrigin('https://example.com/')).toBe(false);
    expect(isCanonicalEmbedOrigin('https://Example.com')).toBe(false);
    expect(isCanonicalEmbedOrigin('https://example.com:443')).toBe(false);
    expect(isCanonicalEmbedOrigin("https://example.com; script-src 'unsafe-inline'")).toBe(false);
    expect(isCanonicalEmbedOrigin('*')).toBe(false);
    expect(isCanonicalEmbedOrigin('')).toBe(false);
  });
});

describe('checkEmbedTokenForm', () => {
  const now = new Date('2026-12-07T10:00:00Z');
  const ok = { name: 'Intranet home', allowedOrigin: 'https://intranet.example.com/', language: 'zh-TW', expiresOn: '' };
  const context = { now, timeZone: 'Asia/Taipei', allowHttpLocalhost: false };

  it('gives the token its settings: a tidy name, the canonical origin, no expiry when none is given', () => {
    expect(checkEmbedTokenForm({ ...ok, name: '  Intranet   home ' }, context)).toEqual({
      ok: true,
      value: { name: 'Intranet home', allowedOrigin: 'https://intranet.example.com', language: 'zh-TW', expiresAt: null },
    });
  });

  it('an expiry day ends at midnight of the next day in the admin’s time zone', () => {
    const check = checkEmbedTokenForm({ ...ok, expiresOn: '2026-12-31' }, context);
    expect(check).toMatchObject({ ok: true, value: { expiresAt: new Date('2026-12-31T16:00:00Z') } });
    const utc = checkEmbedTokenForm({ ...ok, expiresOn: '2026-12-31' }, { ...context, timeZone: 'UTC' });
    expect(utc).toMatchObject({ ok: true, value: { expiresAt: new Date('2027-01-01T00:00:00Z') } });
  });

  it('today is a valid expiry (the token works until the day ends); yesterday is not', () => {
    expect(checkEmbedTokenForm({ ...ok, expiresOn: '2026-12-07' }, context).ok).toBe(true);
    expect(checkEmbedTokenForm({ ...ok, expiresOn: '2026-12-06' }, context)).toEqual({
      ok: false,
      fieldErrors: { expiresOn: 'expiryPast' },
    });
    // 23:30 in Taipei on 7 December: the 7th is nearly over, still valid.
    const late = { ...context, now: new Date('2026-12-07T15:30:00Z') };
    expect(checkEmbedTokenForm({ ...ok, expiresOn: '2026-12-07' }, late).ok).toBe(true);
    // 00:30 on the 8th in Taipei: the 7th is over there.
    const after = { ...context, now: new Date('2026-12-07T16:30:00Z') };
    expect(checkEmbedTokenForm({ ...ok, expiresOn: '2026-12-07' }, after)).toEqual({ ok: false, fieldErrors: { expiresOn: 'expiryPast' } });
  });

  it('refuses a day that is no day, or more than five years ahead', () => {
    for (const expiresOn of ['2026-02-30', '31/12/2026', 'tomorrow', '2026-12-7']) {
      expect(checkEmbedTokenForm({ ...ok, expiresOn }, context)).toEqual({ ok: false, fieldErrors: { expiresOn: 'expiryInvalid' } });
    }
    expect(checkEmbedTokenForm({ ...ok, expiresOn: '2031-12-01' }, context).ok).toBe(true);
    expect(checkEmbedTokenForm({ ...ok, expiresOn: '2032-12-07' }, context)).toEqual({
      ok: false,
      fieldErrors: { expiresOn: 'expiryTooFar' },
    });
  });

  it('names every field in error at once', () => {
    expect(checkEmbedTokenForm({ name: ' ', allowedOrigin: 'http://localhost:8080', language: 'fr', expiresOn: 'x' }, context)).toEqual({
      ok: false,
      fieldErrors: { name: 'nameRequired', allowedOrigin: 'originNotHttps', language: 'languageInvalid', expiresOn: 'expiryInvalid' },
    });
    expect(checkEmbedTokenForm({ ...ok, name: 'x'.repeat(101) }, context)).toEqual({ ok: false, fieldErrors: { name: 'nameTooLong' } });
    expect(checkEmbedTokenForm({ ...ok, name: 'x'.repeat(100) }, context).ok).toBe(true);
  });

  it('takes http://localhost outside production only', () => {
    expect(checkEmbedTokenForm({ ...ok, allowedOrigin: 'http://localhost:3291' }, { ...context, allowHttpLocalhost: true })).toMatchObject({
      ok: true,
      value: { allowedOrigin: 'http://localhost:3291' },
    });
  });
});

describe('using a token', () => {
  const now = new Date('2026-12-07T10:00:00Z');

  it('is active until it expires or is revoked; revoked wins', () => {
    expect(embedTokenState({ revokedAt: null, expiresAt: null }, now)).toBe('ACTIVE');
    expect(embedTokenState({ revokedAt: null, expiresAt: new Date(now.getTime() + 1) }, now)).toBe('ACTIVE');
    expect(embedTokenState({ revokedAt: null, expiresAt: now }, now)).toBe('EXPIRED');
    expect(embedTokenState({ revokedAt: new Date(0), expiresAt: null }, now)).toBe('REVOKED');
    expect(embedTokenState({ revokedAt: new Date(0), expiresAt: new Date(1) }, now)).toBe('REVOKED');
  });

  it('looks up only what can be a secret', () => {
    expect(isEmbedSecretShape('cpe_demo_contoso_embed_0001')).toBe(true);
    expect(isEmbedSecretShape(newTokenSecret('cpe'))).toBe(true);
    for (const value of [
      null,
      undefined,
      '',
      'cpe_',
      'cpe_short',
      'cpt_demo_contoso_token_0001',
      'cpe_demo contoso',
      'cpe_demo%00x1234',
      `cpe_${'a'.repeat(101)}`,
      ['cpe_demo_contoso_embed_0001'],
    ]) {
      expect(isEmbedSecretShape(value)).toBe(false);
    }
  });

  it('lets the token’s origin frame the page (its error page too), nobody for no token or a stored origin that is not canonical', () => {
    expect(embedFrameAncestors({ allowedOrigin: 'https://intranet.example.com' })).toEqual(['https://intranet.example.com']);
    expect(embedFrameAncestors(null)).toEqual([]);
    expect(embedFrameAncestors({ allowedOrigin: "https://a.example; script-src 'unsafe-inline'" })).toEqual([]);
    expect(embedFrameAncestors({ allowedOrigin: '*' })).toEqual([]);
  });

  it('records a last use at most once a minute', () => {
    expect(isLastUseDue(null, now)).toBe(true);
    expect(isLastUseDue(new Date(now.getTime() - 59_999), now)).toBe(false);
    expect(isLastUseDue(new Date(now.getTime() - 60_000), now)).toBe(true);
  });
});
