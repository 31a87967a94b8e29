// The portal's environment, validated once. Bad values stop start-up with a message that names
// the variable; nothing is guessed. Used by the launcher and scripts (no `server-only`).
import path from 'node:path';
import { z } from 'zod';
import { ENTRA_CLOUDS, isEntraTenant, isGuid, isIssuerUrl, type EntraCloud } from '../domain/sso';
import { isHttpsUrl } from '../domain/security-headers';

const flag = z
  .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'], {
    error: 'must be one of true/false, 1/0, on/off, yes/no',
  })
  .transform((value) => ['1', 'true', 'on', 'yes'].includes(value));

const postgresUrl = z.string().refine((value) => /^postgres(ql)?:\/\/[^\s]+$/.test(value), 'must be a postgres:// or postgresql:// URL');

/** A plain address (no display name): local part and a domain name such as localhost or example.com. */
const MAIL_ADDRESS = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
export const DEFAULT_MAIL_FROM = 'notices@localhost';

/** pino's levels, most to least severe; `silent` logs nothing. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
const logLevel = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }))
  .default('info');

/** A base URL that replaces a Microsoft host (tests, private endpoints): http(s), no query or fragment. */
const endpointUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (
        (url.protocol === 'https:' || url.protocol === 'http:') && url.search === '' && url.hash === '' && !url.username && !url.password
      );
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL without a query, fragment or credentials, such as https://login.example.com')
  .transform((value) => value.replace(/\/+$/, ''));

const apiRateLimit = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number of requests')
  .min(1, 'must be at least 1')
  .max(1_000_000, 'must be at most 1000000')
  .default(600);

const schema = z.object({
  PORT: z.coerce.number({ error: 'must be a number' }).int().min(1).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: postgresUrl.optional(),
  SEED_DEMO: flag.optional(),
  NEXTAUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  NEXTAUTH_URL: z.url({ error: 'must be an absolute URL such as https://portal.example.com' }).optional(),
  TRUSTED_PROXY_HOPS: z.coerce.number({ error: 'must be a number' }).int().min(0).max(10).default(0),
  DATABASE_POOL_SIZE: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1).max(500).default(10),
  SMTP_URL: z
    .string()
    .refine((value) => /^smtps?:\/\/[^\s]+$/.test(value), 'must be an smtp:// or smtps:// URL')
    .optional(),
  // The envelope sender and From address of every notice (the display name is the partner's).
  MAIL_FROM: z
    .string()
    .trim()
    .refine((value) => MAIL_ADDRESS.test(value), 'must be a plain e-mail address such as notices@portal.example.com')
    .default(DEFAULT_MAIL_FROM),
  // The delivery worker inside `npm start`; off when separate `npm run worker` processes send.
  WORKER: flag.optional(),
  LOG_LEVEL: logLevel,
  // A signed-in session ends after this long without a request, and at the latest this long after it opened.
  SESSION_IDLE_HOURS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number of hours').min(1).max(720).default(8),
  SESSION_MAX_DAYS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number of days').min(1).max(90).default(7),
  // REST API requests per API token (or per client address without a valid token) and minute.
  API_RATE_LIMIT_PER_MINUTE: apiRateLimit,
  // The key that encrypts secrets kept in the database (two-step sign-in keys, webhook and
  // connector secrets): 32 random bytes, base64.
  DATA_ENCRYPTION_KEY: z
    .string()
    .trim()
    .refine((value) => isEncryptionKey(value), 'must be 32 random bytes in base64 (for example: openssl rand -base64 32)')
    .optional(),
  // Replace the Microsoft identity platform's and Microsoft Graph's hosts for every cloud (the
  // connector: lib/domain/microsoft-cloud.ts), for tests and private endpoints.
  MICROSOFT_LOGIN_URL: endpointUrl.optional(),
  MICROSOFT_GRAPH_URL: endpointUrl.optional(),
  // How long the connector's sync waits for one answer of Microsoft (a token or a page of Graph)
  // before it cuts the request off (tried again, then the tenant's error is "No answer in time").
  MICROSOFT_REQUEST_TIMEOUT_MS: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number of milliseconds')
    .min(1000, 'must be at least 1000 (one second)')
    .max(600_000, 'must be at most 600000 (ten minutes)')
    .default(30_000),
  // Sign in with Microsoft (Entra ID) and with any other OpenID Connect provider: each set is
  // complete or absent (checked below).
  AUTH_ENTRA_TENANT_ID: z.string().trim().refine(isEntraTenant, 'must be a tenant id (a GUID) or organizations').optional(),
  AUTH_ENTRA_CLIENT_ID: z.string().trim().refine(isGuid, 'must be the application (client) id, a GUID').optional(),
  AUTH_ENTRA_CLIENT_SECRET: z.string().min(1).max(1024).optional(),
  AUTH_ENTRA_CLOUD: z
    .string()
    .trim()
    .pipe(z.enum(ENTRA_CLOUDS, { error: `must be one of ${ENTRA_CLOUDS.join(', ')}` }))
    .optional(),
  AUTH_OIDC_ISSUER: z
    .string()
    .trim()
    .refine(isIssuerUrl, "must be the provider's issuer URL, https (http only on localhost), without query or fragment")
    .optional(),
  AUTH_OIDC_CLIENT_ID: z.string().trim().min(1).max(1024).optional(),
  AUTH_OIDC_CLIENT_SECRET: z.string().min(1).max(1024).optional(),
  AUTH_OIDC_NAME: z.string().trim().min(1).max(40, "must be at most 40 characters (the sign-in button's label)").optional(),
  // Tests only: lets webhooks reach private, loopback and link-local addresses (docs/decisions/0028-webhooks.md).
  WEBHOOKS_ALLOW_PRIVATE: flag.optional(),
});

/** The variables of each sign-in provider: all of them, or none (AUTH_ENTRA_CLOUD is optional). */
const PROVIDER_SETS = {
  entra: { required: ['AUTH_ENTRA_TENANT_ID', 'AUTH_ENTRA_CLIENT_ID', 'AUTH_ENTRA_CLIENT_SECRET'], optional: ['AUTH_ENTRA_CLOUD'] },
  oidc: { required: ['AUTH_OIDC_ISSUER', 'AUTH_OIDC_CLIENT_ID', 'AUTH_OIDC_CLIENT_SECRET', 'AUTH_OIDC_NAME'], optional: [] },
} as const satisfies Record<
  string,
  { required: readonly (keyof z.infer<typeof schema>)[]; optional: readonly (keyof z.infer<typeof schema>)[] }
>;

/** 32 bytes, base64 or base64url: an AES-256 key. */
export function isEncryptionKey(value: string): boolean {
  return /^[A-Za-z0-9+/_-]{42,44}={0,2}$/.test(value) && Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64').length === 32;
}

export type PortalConfig = {
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  embedded: boolean;
  seedDemo: boolean;
  nextAuthSecret: string | undefined;
  nextAuthUrl: string;
  smtpUrl: string | undefined;
  /** From address and envelope sender of notices; its domain also names the Message-IDs. */
  mailFrom: string;
  /** Run the delivery worker inside `npm start` (WORKER=off when separate workers run). */
  worker: boolean;
  /** Proxies (load balancers) in front of the portal whose X-Forwarded-For entries are trusted. */
  trustedProxyHops: number;
  /** Database connections per web process. */
  databasePoolSize: number;
  dataEncryptionKey: string | undefined;
  /** Session limits, in milliseconds. */
  sessionIdleMs: number;
  sessionMaxMs: number;
  /** The least severe level that is logged (lib/runtime/logger.ts). */
  logLevel: LogLevel;
  /** Base URLs replacing the Microsoft identity platform's and Graph's hosts (unset: the cloud's own). */
  microsoftLoginUrl: string | undefined;
  microsoftGraphUrl: string | undefined;
  /** The connector sync's timeout per request to Microsoft, in milliseconds. */
  microsoftRequestTimeoutMs: number;
  /** Sign in with Microsoft Entra ID and with another OpenID Connect provider, when configured. */
  signIn: { microsoft: MicrosoftSignIn | null; oidc: OidcSignIn | null };
  /** REST API requests allowed per token (or client address) and minute. */
  apiRateLimitPerMinute: number;
  /** Webhooks may go to private networks (tests); never otherwise. */
  webhooksAllowPrivate: boolean;
};

export type MicrosoftSignIn = { tenantId: string; clientId: string; clientSecret: string; cloud: EntraCloud };
export type OidcSignIn = { issuer: string; clientId: string; clientSecret: string; name: string };

export class ConfigError extends Error {}

export function readConfig(env: Record<string, string | undefined> = process.env): PortalConfig {
  const cleaned = Object.fromEntries(Object.keys(schema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const value = parsed.data;
  const incomplete = Object.values(PROVIDER_SETS).flatMap(({ required, optional }) => {
    const given = [...required, ...optional].some((name) => value[name] !== undefined);
    return given ? required.filter((name) => value[name] === undefined) : [];
  });
  if (incomplete.length > 0) {
    throw new ConfigError(
      `Invalid configuration:\n${incomplete.map((name) => `  ${name}: is required with the other settings of its sign-in provider`).join('\n')}`,
    );
  }
  const embedded = value.DATABASE_URL === undefined;
  return {
    port: value.PORT,
    dataDir: path.resolve(value.DATA_DIR),
    databaseUrl: value.DATABASE_URL,
    embedded,
    seedDemo: value.SEED_DEMO ?? embedded,
    nextAuthSecret: value.NEXTAUTH_SECRET,
    nextAuthUrl: value.NEXTAUTH_URL ?? `http://localhost:${value.PORT}`,
    smtpUrl: value.SMTP_URL,
    mailFrom: value.MAIL_FROM,
    worker: value.WORKER ?? true,
    trustedProxyHops: value.TRUSTED_PROXY_HOPS,
    databasePoolSize: value.DATABASE_POOL_SIZE,
    dataEncryptionKey: value.DATA_ENCRYPTION_KEY,
    sessionIdleMs: value.SESSION_IDLE_HOURS * 3_600_000,
    sessionMaxMs: value.SESSION_MAX_DAYS * 86_400_000,
    logLevel: value.LOG_LEVEL,
    microsoftLoginUrl: value.MICROSOFT_LOGIN_URL,
    microsoftGraphUrl: value.MICROSOFT_GRAPH_URL,
    microsoftRequestTimeoutMs: value.MICROSOFT_REQUEST_TIMEOUT_MS,
    signIn: {
      microsoft:
        value.AUTH_ENTRA_TENANT_ID && value.AUTH_ENTRA_CLIENT_ID && value.AUTH_ENTRA_CLIENT_SECRET
          ? {
              tenantId: value.AUTH_ENTRA_TENANT_ID,
              clientId: value.AUTH_ENTRA_CLIENT_ID,
              clientSecret: value.AUTH_ENTRA_CLIENT_SECRET,
              cloud: value.AUTH_ENTRA_CLOUD ?? 'global',
            }
          : null,
      oidc:
        value.AUTH_OIDC_ISSUER && value.AUTH_OIDC_CLIENT_ID && value.AUTH_OIDC_CLIENT_SECRET && value.AUTH_OIDC_NAME
          ? {
              issuer: value.AUTH_OIDC_ISSUER,
              clientId: value.AUTH_OIDC_CLIENT_ID,
              clientSecret: value.AUTH_OIDC_CLIENT_SECRET,
              name: value.AUTH_OIDC_NAME,
            }
          : null,
    },
    apiRateLimitPerMinute: value.API_RATE_LIMIT_PER_MINUTE,
    webhooksAllowPrivate: value.WEBHOOKS_ALLOW_PRIVATE ?? false,
  };
}

/**
 * LOG_LEVEL alone, for the logger, which exists before the configuration is read (and in the
 * Next.js server, which reads no configuration): a bad value is readConfig's to report, at start-up.
 */
export function logLevelOf(env: Record<string, string | undefined> = process.env): LogLevel {
  const parsed = logLevel.safeParse(env.LOG_LEVEL === '' ? undefined : env.LOG_LEVEL);
  return parsed.success ? parsed.data : 'info';
}

let rateLimitMemo: { raw: string | undefined; value: number } | undefined;

/**
 * API_RATE_LIMIT_PER_MINUTE alone, for every API request (readConfig parses the whole
 * environment): a bad value is readConfig's to report at start-up; here it falls back to the
 * default. Re-read when the variable changes (tests set it).
 */
export function apiRateLimitOf(env: Record<string, string | undefined> = process.env): number {
  const raw = env.API_RATE_LIMIT_PER_MINUTE === '' ? undefined : env.API_RATE_LIMIT_PER_MINUTE;
  const memo = rateLimitMemo;
  if (memo && memo.raw === raw) return memo.value;
  const parsed = apiRateLimit.safeParse(raw);
  const value = parsed.success ? parsed.data : 600;
  rateLimitMemo = { raw, value };
  return value;
}

/**
 * Whether the portal runs outside production: it is not served over https (NEXTAUTH_URL). `npm
 * start` always runs Next.js in production mode, so NODE_ENV cannot tell a developer's machine
 * from a server. Only then may webhooks and embed tokens name http://localhost addresses.
 */
export function isOutsideProduction(config: Pick<PortalConfig, 'nextAuthUrl'> = readConfig()): boolean {
  return !isHttpsUrl(config.nextAuthUrl);
}
