// A fake Microsoft identity platform and Microsoft Graph on this machine (node:http), for the
// connector's tests: nothing in the tests reaches the internet. It answers as the real services do
// (the shapes of learn.microsoft.com's "Microsoft Entra authentication and authorization error
// codes" and "Microsoft Graph error responses", and Graph's service announcement collections):
//
//   POST {url}/login/{tenantId}/oauth2/v2.0/token   client credentials: a client secret, or a
//        certificate's client assertion (its RS256 signature checked with the registered certificate)
//   GET  {url}/graph/v1.0/admin/serviceAnnouncement/issues | messages
//        Bearer token of one tenant; `$filter=lastModifiedDateTime ge …`; `$top`; pages of
//        `Prefer: odata.maxpagesize` (or the tenant's page size, else 100) with `@odata.nextLink`
//
// Each tenant is scripted (FakeTenant): its items, a token error (expired secret, missing consent…),
// collections that answer 403, throttling (429/503 with Retry-After, n times), a page that never
// answers (a worker killed while waiting, a request cut off by its timeout), a token endpoint that
// never answers. Every request is logged (`requests`).
//
// In another process (Playwright's globalSetup), tests script it over HTTP: POST /__control/reset,
// PUT /__control/app (the application), PUT /__control/tenants/{tenantId} (a FakeTenant),
// GET /__control/requests.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { X509Certificate, createVerify, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export type FakeApp = {
  clientId: string;
  /** Client secrets the application accepts. */
  secrets: string[];
  /** Client secrets that existed but expired (AADSTS7000222). */
  expiredSecrets?: string[];
  /** Certificates (PEM) registered on the application, for client assertions. */
  certificates?: string[];
};

export type FakeTokenError = { status: number; body: unknown };

export type FakeTenant = {
  issues?: Record<string, unknown>[];
  messages?: Record<string, unknown>[];
  /** The scope the tenant's cloud expects (default: the global Graph's). */
  scope?: string;
  /** The token endpoint answers this instead of a token. */
  tokenError?: FakeTokenError;
  /** Collections that answer 403 (the application permission is missing). */
  forbidden?: ('issues' | 'messages')[];
  /** The next `times` Graph requests (or token requests) answer `status` with Retry-After. */
  throttle?: { times: number; retryAfter: string | null; status?: 429 | 503; on?: 'token' | 'graph' };
  /** Items per page unless the request prefers fewer. */
  pageSize?: number;
  /** A page that never answers (until the server stops): collection and its `$skip`. */
  hang?: { collection: 'issues' | 'messages'; skip: number };
  /** The token endpoint never answers (until the server stops or releaseHeld). */
  hangToken?: boolean;
  /** Tokens expire after this many seconds (default 3599). */
  expiresIn?: number;
};

export type FakeRequest = {
  kind: 'token' | 'issues' | 'messages';
  tenantId: string;
  scope?: string;
  filter?: string | null;
  skip?: number;
  status: number;
  credential?: 'secret' | 'assertion';
};

const TOKEN_PATH = /^\/login\/([^/]+)\/oauth2\/v2\.0\/token$/;
const GRAPH_PATH = /^\/graph\/v1\.0\/admin\/serviceAnnouncement\/(issues|messages)$/;
const GLOBAL_SCOPE = 'https://graph.microsoft.com/.default';

/** An identity-platform error body, as the token endpoint sends it. */
export function stsError(
  error: string,
  code: number,
  description: string,
): {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
} {
  const trace = randomUUID();
  const correlation = randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').slice(0, 19) + 'Z';
  return {
    error,
    error_description: `AADSTS${code}: ${description}\r\nTrace ID: ${trace}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: trace,
    correlation_id: correlation,
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  };
}

/** Token errors of the kinds the connector words for people. */
export const TOKEN_ERRORS = {
  expiredSecret: { status: 401, body: stsError('invalid_client', 7000222, "The provided client secret keys for app 'fake' are expired.") },
  consentMissing: {
    status: 400,
    body: stsError(
      'unauthorized_client',
      700016,
      "Application with identifier 'fake' was not found in the directory 'customer'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.",
    ),
  },
} satisfies Record<string, FakeTokenError>;

function graphError(code: string, message: string) {
  return {
    error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': randomUUID(), 'client-request-id': randomUUID() } },
  };
}

function base64urlJson(part: string): Record<string, unknown> | null {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

export class FakeMicrosoft {
  private server: Server | undefined;
  private app: FakeApp = { clientId: '', secrets: [] };
  private tenants = new Map<string, FakeTenant>();
  private tokens = new Map<string, string>();
  private held: ServerResponse[] = [];
  readonly requests: FakeRequest[] = [];
  url = '';

  get loginUrl(): string {
    return `${this.url}/login`;
  }
  get graphUrl(): string {
    return `${this.url}/graph`;
  }

  async start(port = 0): Promise<this> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const response of this.held) response.destroy();
    this.held = [];
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  setApp(app: FakeApp): void {
    this.app = app;
  }

  setTenant(tenantId: string, tenant: FakeTenant): void {
    this.tenants.set(tenantId.toLowerCase(), tenant);
  }

  tenant(tenantId: string): FakeTenant | undefined {
    return this.tenants.get(tenantId.toLowerCase());
  }

  reset(): void {
    this.tenants.clear();
    this.tokens.clear();
    this.requests.length = 0;
    for (const response of this.held) response.destroy();
    this.held = [];
  }

  /** Answers held by `hang` are released (their sockets closed). */
  releaseHeld(): void {
    for (const response of this.held) response.destroy();
    this.held = [];
  }

  private send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
  }

  private async body(request: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    if (url.pathname.startsWith('/__control/')) return this.control(request, response, url);
    const token = TOKEN_PATH.exec(url.pathname);
    if (token && request.method === 'POST')
      return this.token(decodeURIComponent(token[1]!).toLowerCase(), new URLSearchParams(await this.body(request)), response, url);
    const graph = GRAPH_PATH.exec(url.pathname);
    if (graph && request.method === 'GET') return this.graph(graph[1] as 'issues' | 'messages', request, response, url);
    this.send(response, 404, graphError('ResourceNotFound', 'Resource not found.'));
  }

  private async control(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    if (url.pathname === '/__control/reset' && request.method === 'POST') {
      this.reset();
      return this.send(response, 200, { ok: true });
    }
    if (url.pathname === '/__control/app' && request.method === 'PUT') {
      this.setApp(JSON.parse(await this.body(request)) as FakeApp);
      return this.send(response, 200, { ok: true });
    }
    const tenant = /^\/__control\/tenants\/([^/]+)$/.exec(url.pathname);
    if (tenant && request.method === 'PUT') {
      this.setTenant(decodeURIComponent(tenant[1]!), JSON.parse(await this.body(request)) as FakeTenant);
      return this.send(response, 200, { ok: true });
    }
    if (url.pathname === '/__control/requests' && request.method === 'GET') return this.send(response, 200, this.requests);
    this.send(response, 404, { error: 'no such control' });
  }

  private checkAssertion(assertion: string, audience: string): boolean {
    const [header, claims, signature] = assertion.split('.');
    if (!header || !claims || !signature) return false;
    const head = base64urlJson(header);
    const body = base64urlJson(claims);
    if (!head || !body || head.alg !== 'RS256' || typeof head.x5t !== 'string') return false;
    const now = Math.floor(Date.now() / 1000);
    if (body.aud !== audience || body.iss !== this.app.clientId || body.sub !== this.app.clientId) return false;
    if (typeof body.exp !== 'number' || body.exp < now || typeof body.nbf !== 'number' || body.nbf > now + 60) return false;
    for (const pem of this.app.certificates ?? []) {
      const certificate = new X509Certificate(pem);
      const x5t = Buffer.from(certificate.fingerprint.replace(/:/g, ''), 'hex').toString('base64url');
      if (x5t !== head.x5t) continue;
      const verify = createVerify('RSA-SHA256');
      verify.update(`${header}.${claims}`);
      return verify.verify(certificate.publicKey, Buffer.from(signature, 'base64url'));
    }
    return false;
  }

  private token(tenantId: string, form: URLSearchParams, response: ServerResponse, url: URL): void {
    const scope = form.get('scope') ?? '';
    const log = (status: number, credential?: 'secret' | 'assertion') =>
      this.requests.push({ kind: 'token', tenantId, scope, status, ...(credential ? { credential } : {}) });
    const tenant = this.tenants.get(tenantId);
    if (!tenant) {
      log(400);
      return this.send(
        response,
        400,
        stsError('invalid_request', 90002, `Tenant '${tenantId}' not found. Check to make sure you have the correct tenant ID.`),
      );
    }
    if (tenant.throttle && tenant.throttle.times > 0 && tenant.throttle.on === 'token') {
      tenant.throttle.times -= 1;
      log(tenant.throttle.status ?? 429);
      return this.send(
        response,
        tenant.throttle.status ?? 429,
        stsError('temporarily_unavailable', 90055, 'There are too many incoming requests.'),
        tenant.throttle.retryAfter === null ? {} : { 'retry-after': tenant.throttle.retryAfter },
      );
    }
    if (tenant.hangToken) {
      log(0);
      this.held.push(response);
      return;
    }
    if (tenant.tokenError) {
      log(tenant.tokenError.status);
      return this.send(response, tenant.tokenError.status, tenant.tokenError.body);
    }
    if (form.get('grant_type') !== 'client_credentials' || form.get('client_id') !== this.app.clientId) {
      log(400);
      return this.send(
        response,
        400,
        stsError(
          'unauthorized_client',
          700016,
          `Application with identifier '${form.get('client_id') ?? ''}' was not found in the directory '${tenantId}'.`,
        ),
      );
    }
    const secret = form.get('client_secret');
    const assertion = form.get('client_assertion');
    const credential = secret !== null ? ('secret' as const) : ('assertion' as const);
    if (secret !== null) {
      if ((this.app.expiredSecrets ?? []).includes(secret)) {
        log(401, credential);
        return this.send(response, 401, TOKEN_ERRORS.expiredSecret.body);
      }
      if (!this.app.secrets.includes(secret)) {
        log(401, credential);
        return this.send(
          response,
          401,
          stsError(
            'invalid_client',
            7000215,
            'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
          ),
        );
      }
    } else if (
      form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' ||
      !assertion ||
      !this.checkAssertion(assertion, `${url.origin}${url.pathname}`)
    ) {
      log(401, credential);
      return this.send(response, 401, stsError('invalid_client', 700027, 'Client assertion failed signature validation.'));
    }
    if (scope !== (tenant.scope ?? GLOBAL_SCOPE)) {
      log(400, credential);
      return this.send(
        response,
        400,
        stsError(
          'invalid_scope',
          70011,
          `The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`,
        ),
      );
    }
    const accessToken = `fake-${randomUUID()}`;
    this.tokens.set(accessToken, tenantId);
    log(200, credential);
    this.send(response, 200, {
      token_type: 'Bearer',
      expires_in: tenant.expiresIn ?? 3599,
      ext_expires_in: tenant.expiresIn ?? 3599,
      access_token: accessToken,
    });
  }

  private graph(collection: 'issues' | 'messages', request: IncomingMessage, response: ServerResponse, url: URL): void {
    const auth = request.headers.authorization ?? '';
    const tenantId = auth.startsWith('Bearer ') ? this.tokens.get(auth.slice(7)) : undefined;
    const filter = url.searchParams.get('$filter');
    const skip = Number(url.searchParams.get('$skip') ?? 0);
    const log = (status: number) => this.requests.push({ kind: collection, tenantId: tenantId ?? '', filter, skip, status });
    if (!tenantId) {
      log(401);
      return this.send(response, 401, graphError('InvalidAuthenticationToken', 'Access token is empty or invalid.'));
    }
    const tenant = this.tenants.get(tenantId)!;
    if (tenant.throttle && tenant.throttle.times > 0 && tenant.throttle.on !== 'token') {
      tenant.throttle.times -= 1;
      const status = tenant.throttle.status ?? 429;
      log(status);
      return this.send(
        response,
        status,
        graphError(status === 429 ? 'TooManyRequests' : 'ServiceUnavailable', 'Too many requests.'),
        tenant.throttle.retryAfter === null ? {} : { 'retry-after': tenant.throttle.retryAfter },
      );
    }
    if (tenant.forbidden?.includes(collection)) {
      log(403);
      return this.send(response, 403, graphError('Forbidden', 'Caller does not have access to the requested resource.'));
    }
    if (tenant.hang && tenant.hang.collection === collection && tenant.hang.skip === skip) {
      log(0);
      this.held.push(response);
      return;
    }
    let items = [...((collection === 'issues' ? tenant.issues : tenant.messages) ?? [])];
    if (filter) {
      const match = /^lastModifiedDateTime ge (\S+)$/.exec(filter);
      if (!match || Number.isNaN(Date.parse(match[1]!))) {
        log(400);
        return this.send(response, 400, graphError('BadRequest', 'Invalid filter clause.'));
      }
      const since = Date.parse(match[1]!);
      items = items.filter((item) => Date.parse(String(item.lastModifiedDateTime)) >= since);
    }
    const top = url.searchParams.get('$top');
    const preferred = /odata\.maxpagesize=(\d+)/.exec(String(request.headers.prefer ?? ''));
    const pageSize = Math.min(top ? Number(top) : Infinity, preferred ? Number(preferred[1]) : Infinity, tenant.pageSize ?? 100);
    const page = items.slice(skip, skip + pageSize);
    const next = new URL(url.href);
    next.searchParams.set('$skip', String(skip + pageSize));
    const hasMore = !top && skip + pageSize < items.length;
    log(200);
    this.send(response, 200, {
      '@odata.context': `${this.graphUrl}/v1.0/$metadata#admin/serviceAnnouncement/${collection}`,
      ...(hasMore ? { '@odata.nextLink': next.href } : {}),
      value: page,
    });
  }
}

/** A running fake: `await startFakeMicrosoft()` in a test's beforeAll, `stop()` in afterAll. */
export async function startFakeMicrosoft(port = 0): Promise<FakeMicrosoft> {
  return new FakeMicrosoft().start(port);
}
