// Webhooks, pure: the event types a partner subscribes to, the versioned payload, the rule for an
// endpoint's URL, what becomes of an attempt (retry with backoff, give up), and when an endpoint
// that keeps failing is disabled. Time and randomness come in as arguments; results carry codes.
// docs/decisions/0028-webhooks.md tells why each number is what it is.
import { nextAttempt, type RetryPolicy } from './notice-lifecycle';

export const WEBHOOK_EVENT_TYPES = [
  'communication.created',
  'communication.updated',
  'notice.sent',
  'notice.failed',
  'delivery.failed',
  'relationship.decided',
  'microsoft.sync_completed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Sent only by "send test event", to the one endpoint; nobody subscribes to it. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';
export type WebhookPayloadType = WebhookEventType | typeof WEBHOOK_TEST_EVENT;

export function isWebhookEventType(value: unknown): value is WebhookEventType {
  return typeof value === 'string' && (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}

/** The version of every payload's shape; a change that is not only an added field makes it 2. */
export const WEBHOOK_PAYLOAD_VERSION = 1;

/** The body of every webhook (Standard Webhooks' `{ type, timestamp, data }` plus the version `v`). */
export type WebhookPayload<D = unknown> = { type: WebhookPayloadType; v: typeof WEBHOOK_PAYLOAD_VERSION; timestamp: string; data: D };

export function webhookPayload<D>(type: WebhookPayloadType, data: D, at: Date): WebhookPayload<D> {
  return { type, v: WEBHOOK_PAYLOAD_VERSION, timestamp: at.toISOString(), data };
}

/** The `webhook-id` of an event: the same for every attempt, endpoint and replay of it. */
export function webhookMessageId(eventId: string): string {
  return `msg_${eventId.replace(/-/g, '').toLowerCase()}`;
}

/**
 * A notice that settled, as an event: FAILED (no recipient got it) is `notice.failed`; SENT and
 * PARTIALLY_FAILED (it went out, some recipients may have failed: the data carries the status and
 * the counts) are `notice.sent`. A receiver that cares about partial failures reads
 * `data.deliveries.failed`, or subscribes to `delivery.failed` for each one.
 */
export function noticeEventType(status: 'SENT' | 'PARTIALLY_FAILED' | 'FAILED'): 'notice.sent' | 'notice.failed' {
  return status === 'FAILED' ? 'notice.failed' : 'notice.sent';
}

// ---------------------------------------------------------------------------------------------
// The endpoint's URL

export const WEBHOOK_URL_MAX = 2000;

export type WebhookUrlCode = 'URL_INVALID' | 'URL_NOT_HTTPS' | 'URL_CREDENTIALS' | 'URL_TOO_LONG' | 'URL_FRAGMENT';
export type WebhookUrlCheck = { ok: true; url: string; host: string } | { ok: false; code: WebhookUrlCode };

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether an http:// URL's host is this machine (allowed outside production only). */
export function isLocalHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return LOCAL_HOSTS.has(host) || host.endsWith('.localhost');
}

/**
 * An endpoint's URL: absolute, https (http only to this machine, and only outside production:
 * `allowHttpLocalhost`), no user name or password in it (they would be sent to whoever answers,
 * and shown in the log), no fragment. Returns it normalised (WHATWG URL) and its host name as
 * the resolver takes it. Where the host points is checked separately (checkAddresses).
 */
export function checkWebhookUrl(text: string, options: { allowHttpLocalhost: boolean }): WebhookUrlCheck {
  const value = text.trim();
  if (value.length > WEBHOOK_URL_MAX) return { ok: false, code: 'URL_TOO_LONG' };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, code: 'URL_INVALID' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, code: 'URL_NOT_HTTPS' };
  if (url.protocol === 'http:' && !(options.allowHttpLocalhost && isLocalHost(url.hostname))) return { ok: false, code: 'URL_NOT_HTTPS' };
  if (url.username !== '' || url.password !== '') return { ok: false, code: 'URL_CREDENTIALS' };
  if (url.hash !== '' || value.includes('#')) return { ok: false, code: 'URL_FRAGMENT' };
  if (url.hostname === '') return { ok: false, code: 'URL_INVALID' };
  return { ok: true, url: url.href, host: url.hostname.replace(/^\[(.*)\]$/, '$1') };
}

// ---------------------------------------------------------------------------------------------
// Attempts

/**
 * Why an attempt failed, as stored in the log (never the receiver's text, which goes to the
 * worker's log only): an HTTP answer that is not 2xx (HTTP_STATUS, with its code; a redirect is
 * REDIRECT: never followed), no answer in time, no connection, a host that does not resolve, an
 * address refused by the network rule (at send time: DNS can change after the subscription), a
 * TLS failure, a secret that can no longer be read, the endpoint disabled before it was sent.
 */
export const WEBHOOK_ERRORS = [
  'HTTP_STATUS',
  'REDIRECT',
  'TIMEOUT',
  'CONNECTION_FAILED',
  'HOST_UNRESOLVED',
  'ADDRESS_REFUSED',
  'TLS_FAILED',
  'SECRET_UNREADABLE',
  'ENDPOINT_DISABLED',
  'UNKNOWN',
] as const;
export type WebhookError = (typeof WEBHOOK_ERRORS)[number];

export function isWebhookError(value: unknown): value is WebhookError {
  return typeof value === 'string' && (WEBHOOK_ERRORS as readonly string[]).includes(value);
}

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNTIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ABORT_ERR']);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'ENODATA']);
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|HOSTNAME_MISMATCH$|EPROTO$)/;

/** The error code of a failed request (Node's `code`, or the portal's own ADDRESS_REFUSED) as the log's code. */
export function webhookErrorOf(code: unknown): Exclude<WebhookError, 'HTTP_STATUS' | 'REDIRECT'> {
  if (typeof code !== 'string') return 'UNKNOWN';
  if (code === 'ADDRESS_REFUSED') return 'ADDRESS_REFUSED';
  if (TIMEOUT_CODES.has(code)) return 'TIMEOUT';
  if (DNS_CODES.has(code)) return 'HOST_UNRESOLVED';
  if (TLS_CODE.test(code)) return 'TLS_FAILED';
  if (/^E(CONN|HOST|NET|PIPE|ADDR)/.test(code)) return 'CONNECTION_FAILED';
  return 'UNKNOWN';
}

/** What one attempt got: an HTTP answer, or no answer and why. */
export type WebhookAttemptResult =
  { kind: 'response'; status: number } | { kind: 'error'; code: Exclude<WebhookError, 'HTTP_STATUS' | 'REDIRECT'> };

/**
 * 1 min, 5 min, 25 min, 2 h 5 min, then every 6 hours: 8 attempts over about 21 hours, with up to
 * 20% taken off each delay at random (a receiver that was down gets its backlog spread out).
 */
export const WEBHOOK_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 60_000,
  factor: 5,
  maxDelayMs: 6 * 3_600_000,
  maxAttempts: 8,
  jitterRatio: 0.2,
};

export type WebhookAttemptOutcome =
  | { status: 'SENT'; responseStatus: number }
  | { status: 'QUEUED'; nextAttemptAt: Date; error: WebhookError; responseStatus: number | null }
  | { status: 'FAILED'; code: 'MAX_ATTEMPTS_REACHED' | 'PERMANENT_FAILURE'; error: WebhookError; responseStatus: number | null };

/**
 * What becomes of a delivery whose attempt number `attempts` (this one included) got `result`:
 * a 2xx answer is SENT; anything else is tried again after the backoff until the attempts run out
 * (Standard Webhooks: every non-2xx is a failure; a receiver that answers 4xx today may be fixed
 * tomorrow), except what no retry can change: an address the network rule refuses and a secret
 * that cannot be read fail at once.
 */
export function afterWebhookAttempt(
  attempts: number,
  result: WebhookAttemptResult,
  now: Date,
  policy: RetryPolicy = WEBHOOK_RETRY_POLICY,
  jitter = 0,
): WebhookAttemptOutcome {
  if (result.kind === 'response' && result.status >= 200 && result.status <= 299) return { status: 'SENT', responseStatus: result.status };
  const responseStatus = result.kind === 'response' ? result.status : null;
  const error: WebhookError =
    result.kind === 'error' ? result.code : result.status >= 300 && result.status <= 399 ? 'REDIRECT' : 'HTTP_STATUS';
  if (error === 'ADDRESS_REFUSED' || error === 'SECRET_UNREADABLE' || error === 'ENDPOINT_DISABLED') {
    return { status: 'FAILED', code: 'PERMANENT_FAILURE', error, responseStatus };
  }
  const next = nextAttempt(attempts, now, policy, jitter);
  if (!next.ok) return { status: 'FAILED', code: 'MAX_ATTEMPTS_REACHED', error, responseStatus };
  return { status: 'QUEUED', nextAttemptAt: next.at, error, responseStatus };
}

// ---------------------------------------------------------------------------------------------
// Disabling an endpoint that keeps failing

export type DisablePolicy = {
  /** Failed attempts in a row (any deliveries of the endpoint) … */
  failures: number;
  /** … spread over at least this long since the first of them. */
  periodMs: number;
};

/**
 * 10 failed attempts in a row over at least a day: a receiver down for a night is not disabled
 * (its deliveries wait in the backoff), one that has answered nothing but errors for a day and
 * ten tries is. One success resets the count.
 */
export const WEBHOOK_DISABLE_POLICY: DisablePolicy = { failures: 10, periodMs: 24 * 3_600_000 };

export function shouldDisableEndpoint(
  state: { consecutiveFailures: number; failingSince: Date | null },
  now: Date,
  policy: DisablePolicy = WEBHOOK_DISABLE_POLICY,
): boolean {
  if (state.consecutiveFailures < policy.failures || state.failingSince === null) return false;
  return now.getTime() - state.failingSince.getTime() >= policy.periodMs;
}

/** Why an endpoint is disabled: the worker after repeated failures. */
export const ENDPOINT_DISABLED_REASONS = ['FAILING'] as const;
export type EndpointDisabledReason = (typeof ENDPOINT_DISABLED_REASONS)[number];

// ---------------------------------------------------------------------------------------------
// Secrets

/** Bytes of a signing secret (Standard Webhooks: 24–64). */
export const WEBHOOK_SECRET_BYTES = 32;

/** A Standard Webhooks secret: `whsec_` and the base64 of random bytes the caller draws. */
export function webhookSecretOf(bytes: Uint8Array): string {
  return `whsec_${btoa(String.fromCharCode(...bytes))}`;
}
