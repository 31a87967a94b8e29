// The portal's HTTP front door in front of a stand-in for Next.js, on a real node:http server.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { clientAddressStamp } from '@/lib/runtime/client-address';
import { createFrontDoor, isDecodablePath, refusedAction, type Handler } from '@/lib/runtime/front-door';
import { createLogger, logRequestError } from '@/lib/runtime/logger';

type Seen = { url: string; headers: IncomingHttpHeaders };

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** The front door around `handle` (by default: 200, remembering what Next.js would have seen). */
async function serve(handle?: Handler, api?: Handler) {
  const seen: Seen[] = [];
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  let next = 0;
  const door = createFrontDoor(
    handle ??
      (async (request, response) => {
        seen.push({ url: request.url ?? '', headers: request.headers });
        response.end('ok');
      }),
    { stampClientAddress: clientAddressStamp(0, {}), logger, newId: () => `request-${++next}-0000`, reportDelayMs: 20, api },
  );
  server = createServer(door);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  return { base, seen, lines };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 80));

describe('isDecodablePath', () => {
  it.each(['/', '/customers/7b5c7a0e-1d0b-4f43-9d39-0e1f4f7c2a11', '/customers/%E5%8F%B0%E7%81%A3', '/a%20b', '/%25'])(
    '%s decodes',
    (path) => {
      expect(isDecodablePath(path)).toBe(true);
    },
  );
  it.each(['/customers/%ff%fe', '/notices/%E0%A4%A/edit', '/communications/%ff', '/%', '/%zz', '/%E5%8F'])('%s does not', (path) => {
    expect(isDecodablePath(path)).toBe(false);
  });
});

describe('refusedAction', () => {
  const headers = (values: Record<string, string>) => (name: string) => values[name];
  const action = { 'next-action': '7f3a9c', host: 'portal.example:3000' };
  it.each([
    ['a same-origin action', 'POST', '/notices/new', { ...action, origin: 'http://portal.example:3000' }, null],
    ['an action without Origin (Next.js lets it through)', 'POST', '/notices/new', action, null],
    [
      'an action behind a proxy',
      'POST',
      '/notices/new',
      { ...action, origin: 'https://portal.example', 'x-forwarded-host': 'portal.example, lb.internal' },
      null,
    ],
    ['an action from another site', 'POST', '/notices/new', { ...action, origin: 'https://evil.example' }, 403],
    ['an action from a sandboxed frame', 'POST', '/notices/new', { ...action, origin: 'null' }, 403],
    [
      'an action whose forwarded host is not its origin',
      'POST',
      '/notices/new',
      { ...action, origin: 'http://portal.example:3000', 'x-forwarded-host': 'other.example' },
      403,
    ],
    ['an action whose Origin is not a URL', 'POST', '/notices/new', { ...action, origin: '%ff' }, 400],
    [
      'a multipart form from another site',
      'POST',
      '/customers/new',
      { 'content-type': 'multipart/form-data; boundary=x', host: 'portal.example', origin: 'https://evil.example' },
      403,
    ],
    [
      'a JSON post from another site (not an action)',
      'POST',
      '/customers/new',
      { 'content-type': 'application/json', host: 'portal.example', origin: 'https://evil.example' },
      null,
    ],
    ['the API', 'POST', '/api/v1/notices', { ...action, origin: 'https://evil.example' }, null],
    ['a GET', 'GET', '/notices/new', { ...action, origin: '%ff' }, null],
  ] as const)('%s', (_, method, path, values, expected) => {
    expect(refusedAction(method, path, headers(values))).toBe(expected);
  });
});

describe('the front door', () => {
  it("gives each request a new id, in Next.js's request header and X-Request-Id, replacing the client's", async () => {
    const { base, seen } = await serve();
    const first = await fetch(`${base}/dashboard`, {
      headers: { 'x-request-id': 'chosen-by-the-client', 'x-portal-client': '203.0.113.9' },
    });
    const second = await fetch(`${base}/dashboard`);
    expect(first.headers.get('x-request-id')).toBe('request-1-0000');
    expect(second.headers.get('x-request-id')).toBe('request-2-0000');
    expect(seen.map((s) => s.headers['x-request-id'])).toEqual(['request-1-0000', 'request-2-0000']);
    expect(seen[0]!.headers['x-portal-client']).toBe('127.0.0.1');
  });

  it('sets the request id cookie for page loads, navigations and server actions only', async () => {
    const { base } = await serve();
    const cookie = async (path: string, headers: Record<string, string>) =>
      (await fetch(`${base}${path}`, { headers })).headers.get('set-cookie');
    expect(await cookie('/customers', { 'sec-fetch-dest': 'document' })).toBe('portal-request-id=request-1-0000; Path=/; SameSite=Lax');
    expect(await cookie('/customers', { accept: 'text/html,application/xhtml+xml' })).toContain('portal-request-id=request-2-0000');
    expect(await cookie('/customers', { rsc: '1', 'sec-fetch-dest': 'empty' })).toContain('portal-request-id=request-3-0000');
    expect(await cookie('/notices/new', { 'next-action': 'abc', 'sec-fetch-dest': 'empty' })).toContain('portal-request-id=');
    expect(await cookie('/customers', { rsc: '1', 'next-router-prefetch': '1' })).toBeNull();
    expect(await cookie('/icon.svg', { 'sec-fetch-dest': 'image' })).toBeNull();
    expect(await cookie('/_next/static/chunks/a.js', { 'sec-fetch-dest': 'script' })).toBeNull();
    expect(await cookie('/api/v1/notices', { accept: 'text/html' })).toBeNull();
  });

  it('hands /api/v1 and everything under it to the API (with its id and the client address), the rest to Next.js', async () => {
    const apiSeen: Seen[] = [];
    const { base, seen } = await serve(undefined, async (request, response) => {
      apiSeen.push({ url: request.url ?? '', headers: request.headers });
      response.end('api');
    });
    for (const path of ['/api/v1', '/api/v1/customers?limit=1', '/api/v1/docs'])
      expect(await (await fetch(`${base}${path}`)).text()).toBe('api');
    for (const path of ['/api/v10', '/api/health', '/api/auth/csrf', '/customers'])
      expect(await (await fetch(`${base}${path}`)).text()).toBe('ok');
    expect(apiSeen.map((s) => s.url)).toEqual(['/api/v1', '/api/v1/customers?limit=1', '/api/v1/docs']);
    expect(seen.map((s) => s.url)).toEqual(['/api/v10', '/api/health', '/api/auth/csrf', '/customers']);
    expect(apiSeen[1]!.headers['x-request-id']).toBe('request-2-0000');
    expect(apiSeen[1]!.headers['x-portal-client']).toBe('127.0.0.1');
    const broken = await fetch(`${base}/api/v1/customers/%ff`);
    expect(broken.status).toBe(400);
    expect(apiSeen).toHaveLength(3);
  });

  it('answers an undecodable API path with a problem+json 400 itself', async () => {
    const { base, seen } = await serve();
    const response = await fetch(`${base}/api/v1/notices/%ff%fe?limit=1`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toEqual({
      type: '/api/v1/docs#problem-invalid-path',
      status: 400,
      title: 'Bad request',
      detail: 'The path is not valid percent-encoded UTF-8.',
      requestId: 'request-1-0000',
    });
    expect(seen).toEqual([]);
  });

  it('passes an undecodable page path on with its percent signs taken literally (the not-found page answers)', async () => {
    const { base, seen } = await serve();
    await fetch(`${base}/notices/%E0%A4%A/edit?deliveryStatus=FAILED`);
    expect(seen[0]!.url).toBe('/notices/%25E0%25A4%25A/edit?deliveryStatus=FAILED');
    expect(decodeURIComponent(seen[0]!.url.split('?')[0]!)).toBe('/notices/%E0%A4%A/edit');
  });

  it('answers a server action from another site with 403 itself', async () => {
    const { base, seen } = await serve();
    const response = await fetch(`${base}/notices/new`, {
      method: 'POST',
      headers: { 'next-action': '7f3a9c', origin: 'https://evil.example' },
      body: '[]',
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-request-id')).toBe('request-1-0000');
    expect(seen).toEqual([]);
  });

  it('logs a 5xx that no handler logged, and not one that was', async () => {
    const { base, lines } = await serve(async (request, response) => {
      if (request.url === '/logged')
        logRequestError(new Error('boom'), { requestId: String(request.headers['x-request-id']) }, 'page failed', createLogger('silent'));
      response.statusCode = 500;
      response.end();
    });
    expect((await fetch(`${base}/silent?token=secret`)).status).toBe(500);
    expect((await fetch(`${base}/logged`)).status).toBe(500);
    await settle();
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'error',
        requestId: 'request-1-0000',
        method: 'GET',
        path: '/silent',
        status: 500,
        msg: 'answered with a server error that no handler logged',
      }),
    ]);
  });

  it('answers 500 and logs once when the handler itself fails', async () => {
    const { base, lines } = await serve(async () => {
      throw new Error('the handler broke');
    });
    const response = await fetch(`${base}/dashboard`);
    expect(response.status).toBe(500);
    expect(response.headers.get('x-request-id')).toBe('request-1-0000');
    await settle();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'error',
      requestId: 'request-1-0000',
      path: '/dashboard',
      err: { message: 'the handler broke' },
    });
  });
});
