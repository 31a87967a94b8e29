import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createPublicKey, createVerify, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkCertificate, clientAssertion, thumbprintOf } from '@/lib/server/microsoft/certificate';
import {
  GRAPH_CLIENT_DEFAULTS,
  TokenCache,
  acquireToken,
  readCollection,
  type GraphClientOptions,
} from '@/lib/server/microsoft/graph-client';
import type { TenantEndpoints } from '@/lib/domain/microsoft-cloud';

const FIXTURES = path.resolve(import.meta.dirname, '../support/fixtures');
const CERT = readFileSync(path.join(FIXTURES, 'connector-test.cert.pem'), 'utf8');
const KEY = readFileSync(path.join(FIXTURES, 'connector-test.key.pem'), 'utf8');
const OTHER_KEY = readFileSync(path.join(FIXTURES, 'other-test.key.pem'), 'utf8');

const ENDPOINTS: TenantEndpoints = {
  tokenUrl: 'https://login.example/t/oauth2/v2.0/token',
  graphBase: 'https://graph.example',
  scope: 'https://graph.microsoft.com/.default',
  audience: 'https://login.example/t/oauth2/v2.0/token',
};
const CREDENTIALS = { clientId: 'app', kind: 'CLIENT_SECRET' as const, secret: 's3cret' };

/** A client whose requests are answered by `answer` and whose waits are recorded. */
function client(answer: (url: string, init: RequestInit) => Response | Promise<Response>, now = new Date('2026-11-20T08:00:00Z')) {
  const waits: number[] = [];
  const calls: string[] = [];
  const options: GraphClientOptions = {
    ...GRAPH_CLIENT_DEFAULTS,
    now: () => now,
    sleep: async (ms) => {
      waits.push(ms);
    },
    fetch: async (input, init) => {
      calls.push(String(input));
      return answer(String(input), init ?? {});
    },
  };
  return { options, waits, calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('tokens', () => {
  it('are kept until five minutes before they expire, and half their life when it is shorter', () => {
    const cache = new TokenCache();
    const at = new Date('2026-11-20T08:00:00Z');
    cache.set('k', 'long', 3600, at);
    expect(cache.get('k', new Date(at.getTime() + 54 * 60_000))).toBe('long');
    expect(cache.get('k', new Date(at.getTime() + 55 * 60_000))).toBeNull();
    cache.set('k', 'short', 120, at);
    expect(cache.get('k', new Date(at.getTime() + 59_000))).toBe('short');
    expect(cache.get('k', new Date(at.getTime() + 60_000))).toBeNull();
  });

  it('are keyed by a hash of the secret, never the secret', () => {
    const key = TokenCache.keyOf(ENDPOINTS, CREDENTIALS);
    expect(key).not.toContain('s3cret');
    expect(key).not.toBe(TokenCache.keyOf(ENDPOINTS, { ...CREDENTIALS, secret: 'other' }));
  });

  it('a token request sends the client credentials to the tenant’s token endpoint, once', async () => {
    const cache = new TokenCache();
    const { options, calls } = client((url, init) => {
      const form = new URLSearchParams(String(init.body));
      expect(url).toBe(ENDPOINTS.tokenUrl);
      expect(Object.fromEntries(form)).toEqual({
        grant_type: 'client_credentials',
        client_id: 'app',
        scope: ENDPOINTS.scope,
        client_secret: 's3cret',
      });
      return json(200, { access_token: 'tok', expires_in: 3599 });
    });
    expect(await acquireToken(ENDPOINTS, CREDENTIALS, cache, options)).toBe('tok');
    expect(await acquireToken(ENDPOINTS, CREDENTIALS, cache, options)).toBe('tok');
    expect(calls).toHaveLength(1);
  });

  it('a connection that times out is tried again, then said to have timed out', async () => {
    const { options, waits, calls } = client(() => {
      throw Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });
    });
    await expect(acquireToken(ENDPOINTS, CREDENTIALS, new TokenCache(), options)).rejects.toMatchObject({ failure: { code: 'TIMEOUT' } });
    expect(calls).toHaveLength(4);
    expect(waits).toEqual([1000, 2000, 4000]);
  });
});

describe('pages', () => {
  it('follows next links on the same Graph only; a link elsewhere is refused, the token never sent there', async () => {
    const cache = new TokenCache();
    cache.set(TokenCache.keyOf(ENDPOINTS, CREDENTIALS), 'tok', 3600, new Date('2026-11-20T08:00:00Z'));
    const { options, calls } = client((url, init) => {
      expect(new Headers(init.headers).get('authorization')).toBe('Bearer tok');
      if (url.includes('$skip'))
        return json(200, { value: [{ id: 2 }], '@odata.nextLink': 'https://evil.example/v1.0/admin/serviceAnnouncement/issues?$skip=2' });
      return json(200, { value: [{ id: 1 }], '@odata.nextLink': 'https://graph.example/v1.0/admin/serviceAnnouncement/issues?$skip=1' });
    });
    const seen: unknown[] = [];
    await expect(
      readCollection(
        { endpoints: ENDPOINTS, credentials: CREDENTIALS, cache },
        'issues',
        null,
        async (values) => void seen.push(...values),
        options,
      ),
    ).rejects.toMatchObject({ failure: { code: 'UNEXPECTED_RESPONSE', microsoftCode: 'nextLink' } });
    // The page that names another host is refused whole: nothing of it is handed on.
    expect(seen).toEqual([{ id: 1 }]);
    expect(calls.every((url) => url.startsWith('https://graph.example/'))).toBe(true);
  });

  it('an answer that is not a collection is unexpected', async () => {
    const cache = new TokenCache();
    cache.set(TokenCache.keyOf(ENDPOINTS, CREDENTIALS), 'tok', 3600, new Date('2026-11-20T08:00:00Z'));
    const { options } = client(() => new Response('<html>maintenance</html>', { status: 200 }));
    await expect(
      readCollection({ endpoints: ENDPOINTS, credentials: CREDENTIALS, cache }, 'messages', null, async () => undefined, options),
    ).rejects.toMatchObject({
      failure: { code: 'UNEXPECTED_RESPONSE' },
    });
  });
});

describe('certificates', () => {
  it('checks that the certificate and its RSA key belong together', () => {
    const checked = checkCertificate(CERT, KEY, new Date());
    expect(checked).toMatchObject({ ok: true, thumbprint: thumbprintOf(new X509Certificate(CERT).raw) });
    expect(checkCertificate(CERT, OTHER_KEY, new Date())).toEqual({ ok: false, code: 'KEY_MISMATCH' });
    expect(checkCertificate('nope', KEY, new Date())).toEqual({ ok: false, code: 'CERTIFICATE_UNREADABLE' });
    expect(checkCertificate(CERT, 'nope', new Date())).toEqual({ ok: false, code: 'KEY_UNREADABLE' });
    expect(checkCertificate(CERT, KEY, new Date('2100-01-01T00:00:00Z'))).toEqual({ ok: false, code: 'CERTIFICATE_EXPIRED' });
  });

  it('signs a client assertion (RS256) for the token endpoint, naming the certificate by its SHA-1 thumbprint', () => {
    const thumbprint = thumbprintOf(new X509Certificate(CERT).raw);
    const now = new Date('2026-11-20T08:00:00Z');
    const jwt = clientAssertion({ clientId: 'app', audience: ENDPOINTS.audience, privateKeyPem: KEY, thumbprint, now });
    const [header, claims, signature] = jwt.split('.') as [string, string, string];
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({
      alg: 'RS256',
      typ: 'JWT',
      x5t: Buffer.from(thumbprint, 'hex').toString('base64url'),
    });
    expect(JSON.parse(Buffer.from(claims, 'base64url').toString())).toMatchObject({
      aud: ENDPOINTS.audience,
      iss: 'app',
      sub: 'app',
      iat: now.getTime() / 1000,
      exp: now.getTime() / 1000 + 600,
    });
    const verify = createVerify('RSA-SHA256');
    verify.update(`${header}.${claims}`);
    expect(verify.verify(createPublicKey(CERT), Buffer.from(signature, 'base64url'))).toBe(true);
  });
});
