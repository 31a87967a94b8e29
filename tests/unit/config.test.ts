import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, apiRateLimitOf, isOutsideProduction, logLevelOf, readConfig } from '@/lib/runtime/config';

// Next declares NODE_ENV as required on ProcessEnv; the config does not read it.
const env = (vars: Record<string, string | undefined> = {}) => vars as unknown as NodeJS.ProcessEnv;
const EXTERNAL = 'postgresql://portal:secret@db.internal:5432/portal?sslmode=require';
const SECRET = 's'.repeat(32);

function configError(vars: Record<string, string | undefined>): ConfigError {
  try {
    readConfig(env(vars));
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`readConfig accepted ${JSON.stringify(vars)}`);
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('readConfig defaults', () => {
  it('runs the embedded database on port 3000 with demo data under ./data', () => {
    expect(readConfig(env())).toEqual({
      port: 3000,
      dataDir: path.resolve(process.cwd(), 'data'),
      databaseUrl: undefined,
      embedded: true,
      seedDemo: true,
      nextAuthSecret: undefined,
      nextAuthUrl: 'http://localhost:3000',
      smtpUrl: undefined,
      mailFrom: 'notices@localhost',
      worker: true,
      trustedProxyHops: 0,
      databasePoolSize: 10,
      logLevel: 'info',
      dataEncryptionKey: undefined,
      sessionIdleMs: 8 * 3_600_000,
      sessionMaxMs: 7 * 86_400_000,
      signIn: { microsoft: null, oidc: null },
      apiRateLimitPerMinute: 600,
      webhooksAllowPrivate: false,
      microsoftLoginUrl: undefined,
      microsoftGraphUrl: undefined,
      microsoftRequestTimeoutMs: 30_000,
    });
  });

  it('reads API_RATE_LIMIT_PER_MINUTE and refuses a bad one, naming it', () => {
    expect(readConfig(env({ API_RATE_LIMIT_PER_MINUTE: '1200' })).apiRateLimitPerMinute).toBe(1200);
    for (const bad of ['0', '-5', '1.5', 'many', '1000001']) {
      expect(configError({ API_RATE_LIMIT_PER_MINUTE: bad }).message).toContain('API_RATE_LIMIT_PER_MINUTE:');
    }
    // Read alone on every request: a bad value falls back to the default (readConfig refuses it at start-up).
    expect(apiRateLimitOf(env({ API_RATE_LIMIT_PER_MINUTE: '30' }))).toBe(30);
    expect(apiRateLimitOf(env({ API_RATE_LIMIT_PER_MINUTE: 'many' }))).toBe(600);
    expect(apiRateLimitOf(env({}))).toBe(600);
  });

  it('reads MICROSOFT_LOGIN_URL and MICROSOFT_GRAPH_URL (trailing slashes dropped) and refuses anything but a plain http(s) URL', () => {
    const config = readConfig(
      env({ MICROSOFT_LOGIN_URL: 'http://127.0.0.1:3311/login/', MICROSOFT_GRAPH_URL: ' https://graph.internal.example ' }),
    );
    expect([config.microsoftLoginUrl, config.microsoftGraphUrl]).toEqual(['http://127.0.0.1:3311/login', 'https://graph.internal.example']);
    for (const bad of [
      'login.example.com',
      'ftp://login.example.com',
      'https://login.example.com/?x=1',
      'https://login.example.com/#a',
      'https://user:pass@login.example.com',
    ]) {
      expect(configError({ MICROSOFT_LOGIN_URL: bad }).message).toContain('MICROSOFT_LOGIN_URL: must be an http:// or https:// URL');
      expect(configError({ MICROSOFT_GRAPH_URL: bad }).message).toContain('MICROSOFT_GRAPH_URL: must be an http:// or https:// URL');
    }
  });

  it('reads MICROSOFT_REQUEST_TIMEOUT_MS (30 s by default) and refuses one out of range, naming it', () => {
    expect(readConfig(env({ MICROSOFT_REQUEST_TIMEOUT_MS: '5000' })).microsoftRequestTimeoutMs).toBe(5000);
    for (const bad of ['0', '999', '600001', '1.5', 'soon'])
      expect(configError({ MICROSOFT_REQUEST_TIMEOUT_MS: bad }).message).toContain('MICROSOFT_REQUEST_TIMEOUT_MS:');
  });

  it('reads the session limits and refuses ones out of range', () => {
    expect(readConfig(env({ SESSION_IDLE_HOURS: '1', SESSION_MAX_DAYS: '90' }))).toMatchObject({
      sessionIdleMs: 3_600_000,
      sessionMaxMs: 90 * 86_400_000,
    });
    for (const [name, value] of [
      ['SESSION_IDLE_HOURS', '0'],
      ['SESSION_IDLE_HOURS', '721'],
      ['SESSION_IDLE_HOURS', '1.5'],
      ['SESSION_MAX_DAYS', '0'],
      ['SESSION_MAX_DAYS', '91'],
      ['SESSION_MAX_DAYS', 'week'],
    ] as const) {
      expect(() => readConfig(env({ [name]: value })), `${name}=${value}`).toThrow(new RegExp(name));
    }
  });

  it('takes a DATA_ENCRYPTION_KEY of 32 bytes in base64 and refuses anything else, naming it', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(readConfig(env({ DATA_ENCRYPTION_KEY: key })).dataEncryptionKey).toBe(key);
    expect(() => readConfig(env({ DATA_ENCRYPTION_KEY: 'short' }))).toThrow(/DATA_ENCRYPTION_KEY: must be 32 random bytes in base64/);
  });

  it('reads WEBHOOKS_ALLOW_PRIVATE as a flag (off unless set) and refuses anything else', () => {
    expect(readConfig(env({ WEBHOOKS_ALLOW_PRIVATE: 'true' })).webhooksAllowPrivate).toBe(true);
    expect(readConfig(env({ WEBHOOKS_ALLOW_PRIVATE: 'off' })).webhooksAllowPrivate).toBe(false);
    expect(configError({ WEBHOOKS_ALLOW_PRIVATE: 'sometimes' }).message).toContain('WEBHOOKS_ALLOW_PRIVATE: must be one of');
  });

  it('reads LOG_LEVEL (any case) and refuses a bad one, naming the levels', () => {
    expect(readConfig(env({ LOG_LEVEL: 'debug' })).logLevel).toBe('debug');
    expect(readConfig(env({ LOG_LEVEL: ' WARN ' })).logLevel).toBe('warn');
    expect(readConfig(env({ LOG_LEVEL: '' })).logLevel).toBe('info');
    expect(configError({ LOG_LEVEL: 'verbose' }).message).toContain(
      'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent',
    );
    // The logger reads the level alone, before the configuration is checked: a bad value is readConfig's to report.
    expect(logLevelOf(env({ LOG_LEVEL: 'Error' }))).toBe('error');
    expect(logLevelOf(env({ LOG_LEVEL: 'verbose' }))).toBe('info');
    expect(logLevelOf(env({}))).toBe('info');
  });

  it('reads DATABASE_POOL_SIZE and refuses a bad one', () => {
    expect(readConfig(env({})).databasePoolSize).toBe(10);
    expect(readConfig(env({ DATABASE_POOL_SIZE: '25' })).databasePoolSize).toBe(25);
    expect(() => readConfig(env({ DATABASE_POOL_SIZE: '0' }))).toThrow(/DATABASE_POOL_SIZE/);
    expect(() => readConfig(env({ DATABASE_POOL_SIZE: '2.5' }))).toThrow(/DATABASE_POOL_SIZE: must be a whole number/);
    expect(() => readConfig(env({ DATABASE_POOL_SIZE: 'many' }))).toThrow(/DATABASE_POOL_SIZE: must be a number/);
  });

  it('reads TRUSTED_PROXY_HOPS and refuses a bad one', () => {
    expect(readConfig(env({ TRUSTED_PROXY_HOPS: '2' })).trustedProxyHops).toBe(2);
    expect(() => readConfig(env({ TRUSTED_PROXY_HOPS: '-1' }))).toThrow(/TRUSTED_PROXY_HOPS/);
    expect(() => readConfig(env({ TRUSTED_PROXY_HOPS: 'two' }))).toThrow(/TRUSTED_PROXY_HOPS: must be a number/);
  });

  it('resolves DATA_DIR to an absolute path', () => {
    const config = readConfig(env({ DATA_DIR: 'var/portal' }));
    expect(path.isAbsolute(config.dataDir)).toBe(true);
    expect(config.dataDir).toBe(path.join(process.cwd(), 'var', 'portal'));
    expect(readConfig(env({ DATA_DIR: '/srv/portal-data' })).dataDir).toBe('/srv/portal-data');
  });

  it('reads the env it is given, not process.env', () => {
    vi.stubEnv('PORT', '4567');
    vi.stubEnv('DATABASE_URL', EXTERNAL);
    const config = readConfig(env());
    expect(config.port).toBe(3000);
    expect(config.embedded).toBe(true);
  });

  it('treats empty strings as unset', () => {
    expect(
      readConfig(
        env({
          PORT: '',
          DATA_DIR: '',
          DATABASE_URL: '',
          SEED_DEMO: '',
          NEXTAUTH_SECRET: '',
          NEXTAUTH_URL: '',
          SMTP_URL: '',
          MAIL_FROM: '',
          WORKER: '',
        }),
      ),
    ).toEqual(readConfig(env()));
  });
});

describe('readConfig values', () => {
  it('uses an external DATABASE_URL: not embedded, and no demo data unless asked', () => {
    const config = readConfig(env({ DATABASE_URL: EXTERNAL }));
    expect(config.databaseUrl).toBe(EXTERNAL);
    expect(config.embedded).toBe(false);
    expect(config.seedDemo).toBe(false);
    expect(readConfig(env({ DATABASE_URL: 'postgres://u@localhost/db' })).embedded).toBe(false);
  });

  it.each([
    ['true', true],
    ['1', true],
    ['on', true],
    ['yes', true],
    ['false', false],
    ['0', false],
    ['off', false],
    ['no', false],
  ] as const)('SEED_DEMO=%s → %s, embedded or external', (value, expected) => {
    expect(readConfig(env({ SEED_DEMO: value })).seedDemo).toBe(expected);
    expect(readConfig(env({ SEED_DEMO: value, DATABASE_URL: EXTERNAL })).seedDemo).toBe(expected);
  });

  it('reads PORT, and derives NEXTAUTH_URL from it when unset', () => {
    const config = readConfig(env({ PORT: '8080' }));
    expect(config.port).toBe(8080);
    expect(config.nextAuthUrl).toBe('http://localhost:8080');
    expect(readConfig(env({ PORT: '1' })).port).toBe(1);
    expect(readConfig(env({ PORT: '65535' })).port).toBe(65535);
  });

  it('keeps an explicit NEXTAUTH_URL, NEXTAUTH_SECRET and SMTP_URL', () => {
    const config = readConfig(
      env({
        PORT: '8080',
        NEXTAUTH_URL: 'https://portal.example.com',
        NEXTAUTH_SECRET: SECRET,
        SMTP_URL: 'smtps://mailer:pw@smtp.example.com:465',
      }),
    );
    expect(config.nextAuthUrl).toBe('https://portal.example.com');
    expect(config.nextAuthSecret).toBe(SECRET);
    expect(config.smtpUrl).toBe('smtps://mailer:pw@smtp.example.com:465');
  });
});

describe('readConfig mail and worker', () => {
  it('reads MAIL_FROM as a plain address, trimmed', () => {
    expect(readConfig(env({ MAIL_FROM: ' Notices@Portal.Example.com ' })).mailFrom).toBe('Notices@Portal.Example.com');
    expect(readConfig(env({ MAIL_FROM: 'no-reply+notices@mail.contoso-partners.example' })).mailFrom).toBe(
      'no-reply+notices@mail.contoso-partners.example',
    );
  });

  it.each([
    'notices',
    'Portal <notices@example.com>',
    'notices@',
    '@example.com',
    'a b@example.com',
    'notices@exa mple.com',
    'notices@-bad.example',
  ])('rejects MAIL_FROM=%s naming MAIL_FROM', (value) => {
    const error = configError({ MAIL_FROM: value });
    expect(error.message).toMatch(/^ {2}MAIL_FROM: must be a plain e-mail address/m);
    expect(error.message).not.toMatch(/PORT|DATABASE_URL|WORKER/);
  });

  it.each([
    ['off', false],
    ['false', false],
    ['0', false],
    ['on', true],
    ['1', true],
  ] as const)('WORKER=%s → %s (on by default)', (value, expected) => {
    expect(readConfig(env({ WORKER: value })).worker).toBe(expected);
    expect(readConfig(env({ WORKER: value, DATABASE_URL: EXTERNAL })).worker).toBe(expected);
  });

  it('rejects an unknown WORKER value naming WORKER', () => {
    expect(configError({ WORKER: 'sometimes' }).message).toMatch(/^ {2}WORKER: must be one of true\/false, 1\/0, on\/off, yes\/no$/m);
  });
});

describe('readConfig errors', () => {
  it.each(['abc', '0', '70000', '-1', '3000.5', '65536'])('rejects PORT=%s naming PORT', (port) => {
    const error = configError({ PORT: port });
    expect(error.message).toMatch(/^Invalid configuration:\n/);
    expect(error.message).toMatch(/^ {2}PORT: .+$/m);
    expect(error.message).not.toMatch(/DATABASE_URL|NEXTAUTH|SEED_DEMO|SMTP_URL|DATA_DIR/);
  });

  it.each(['mysql://x', 'postgres://', 'postgresql://host/db with space', 'localhost:5432/portal'])(
    'rejects DATABASE_URL=%s naming DATABASE_URL',
    (url) => {
      const error = configError({ DATABASE_URL: url });
      expect(error.message).toMatch(/^ {2}DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL$/m);
    },
  );

  it('rejects a NEXTAUTH_SECRET shorter than 32 characters', () => {
    const error = configError({ NEXTAUTH_SECRET: 's'.repeat(31) });
    expect(error.message).toMatch(/^ {2}NEXTAUTH_SECRET: must be at least 32 characters$/m);
    expect(readConfig(env({ NEXTAUTH_SECRET: SECRET })).nextAuthSecret).toBe(SECRET);
  });

  it('rejects an unknown SEED_DEMO value naming SEED_DEMO', () => {
    expect(configError({ SEED_DEMO: 'maybe' }).message).toMatch(/^ {2}SEED_DEMO: must be one of true\/false, 1\/0, on\/off, yes\/no$/m);
  });

  it('rejects a relative NEXTAUTH_URL and a non-SMTP SMTP_URL', () => {
    expect(configError({ NEXTAUTH_URL: 'portal.example.com' }).message).toMatch(/^ {2}NEXTAUTH_URL: /m);
    expect(configError({ SMTP_URL: 'http://mail.example.com' }).message).toMatch(/^ {2}SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL$/m);
  });

  it('reports several bad variables together, one line each', () => {
    const error = configError({ PORT: 'abc', DATABASE_URL: 'mysql://x', NEXTAUTH_SECRET: 'short', SEED_DEMO: 'maybe' });
    const lines = error.message.split('\n');
    expect(lines[0]).toBe('Invalid configuration:');
    const named = lines.slice(1).map((line) => line.trim().split(':')[0]);
    expect(named.sort()).toEqual(['DATABASE_URL', 'NEXTAUTH_SECRET', 'PORT', 'SEED_DEMO']);
  });
});

describe('sign-in providers', () => {
  const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
  const CLIENT = '00000000-1111-2222-3333-444444444444';
  const entra = { AUTH_ENTRA_TENANT_ID: TENANT, AUTH_ENTRA_CLIENT_ID: CLIENT, AUTH_ENTRA_CLIENT_SECRET: 'entra-secret' };
  const oidc = {
    AUTH_OIDC_ISSUER: 'https://id.example.com/realms/portal',
    AUTH_OIDC_CLIENT_ID: 'portal',
    AUTH_OIDC_CLIENT_SECRET: 'oidc-secret',
    AUTH_OIDC_NAME: 'Example ID',
  };

  it('reads Microsoft Entra ID, in the global cloud unless told otherwise', () => {
    expect(readConfig(env(entra)).signIn).toEqual({
      microsoft: { tenantId: TENANT, clientId: CLIENT, clientSecret: 'entra-secret', cloud: 'global' },
      oidc: null,
    });
    expect(
      readConfig(env({ ...entra, AUTH_ENTRA_TENANT_ID: 'organizations', AUTH_ENTRA_CLOUD: 'us-government' })).signIn.microsoft,
    ).toMatchObject({
      tenantId: 'organizations',
      cloud: 'us-government',
    });
  });

  it('reads another OpenID Connect provider, and both at once', () => {
    expect(readConfig(env(oidc)).signIn.oidc).toEqual({
      issuer: 'https://id.example.com/realms/portal',
      clientId: 'portal',
      clientSecret: 'oidc-secret',
      name: 'Example ID',
    });
    const both = readConfig(env({ ...entra, ...oidc })).signIn;
    expect(both.microsoft).not.toBeNull();
    expect(both.oidc).not.toBeNull();
  });

  it('stops on a bad value, naming the variable', () => {
    for (const [name, value, message] of [
      ['AUTH_ENTRA_TENANT_ID', 'common', 'must be a tenant id (a GUID) or organizations'],
      ['AUTH_ENTRA_CLIENT_ID', 'portal', 'must be the application (client) id, a GUID'],
      ['AUTH_ENTRA_CLOUD', 'germany', 'must be one of global, us-government'],
    ] as const) {
      expect(configError({ ...entra, [name]: value }).message, name).toContain(`${name}: ${message}`);
    }
    expect(configError({ ...oidc, AUTH_OIDC_ISSUER: 'http://id.example.com' }).message).toContain('AUTH_OIDC_ISSUER: must be');
    expect(configError({ ...oidc, AUTH_OIDC_NAME: 'x'.repeat(41) }).message).toContain('AUTH_OIDC_NAME: must be at most 40 characters');
  });

  it('stops on an incomplete set, naming each variable missing', () => {
    const missing = configError({ AUTH_ENTRA_TENANT_ID: TENANT }).message;
    expect(missing).toContain('AUTH_ENTRA_CLIENT_ID: is required with the other settings of its sign-in provider');
    expect(missing).toContain('AUTH_ENTRA_CLIENT_SECRET: is required');
    expect(missing).not.toContain('AUTH_ENTRA_TENANT_ID');
    expect(configError({ AUTH_ENTRA_CLOUD: 'us-government' }).message).toContain('AUTH_ENTRA_TENANT_ID: is required');
    const oidcMissing = configError({ ...oidc, AUTH_OIDC_NAME: undefined }).message;
    expect(oidcMissing).toContain('AUTH_OIDC_NAME: is required');
    // An empty value counts as unset.
    expect(configError({ ...oidc, AUTH_OIDC_CLIENT_SECRET: '' }).message).toContain('AUTH_OIDC_CLIENT_SECRET: is required');
  });
});

describe('isOutsideProduction (who may name http://localhost for webhooks and embeds)', () => {
  it('is true only while the portal is not served over https', () => {
    expect(isOutsideProduction({ nextAuthUrl: 'http://localhost:3000' })).toBe(true);
    expect(isOutsideProduction({ nextAuthUrl: 'http://portal.example.com' })).toBe(true);
    expect(isOutsideProduction({ nextAuthUrl: 'https://portal.example.com' })).toBe(false);
    expect(isOutsideProduction({ nextAuthUrl: 'HTTPS://PORTAL.EXAMPLE.COM:8443/base' })).toBe(false);
    expect(isOutsideProduction(readConfig(env({ DATA_DIR: '/tmp/x', PORT: '3999' })))).toBe(true);
    expect(isOutsideProduction(readConfig(env({ NEXTAUTH_URL: 'https://portal.example.com' })))).toBe(false);
  });
});
