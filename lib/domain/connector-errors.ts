// Why the connector could not read a customer's tenant, as a code that the settings page words in
// both languages with what to do about it. Pure: read from the answers of the Microsoft identity
// platform (the token endpoint) and of Microsoft Graph.
//
// Token endpoint errors (OAuth 2.0 error response): `{ "error": "invalid_client", "error_description":
// "AADSTS7000222: The provided client secret keys for app '…' are expired. …", "error_codes": [7000222],
// "trace_id": "…", "correlation_id": "…" }` — read from `error_codes` (else the AADSTS number in the
// description), then the `error` string. Codes from Microsoft's reference of Entra error codes
// (learn.microsoft.com/entra/identity-platform/reference-error-codes):
//   7000215 invalid client secret; 70002 secret does not match        → SECRET_INVALID
//   7000222 client secret keys expired                                 → SECRET_EXPIRED
//   700027 client assertion failed signature validation; 50012 signing
//     certificate not valid/authorised; 700024 assertion out of its time range → CERTIFICATE_INVALID
//   700016 application not found in the directory (not installed or consented in that tenant);
//   65001 no consent; 650052 the tenant lacks a service the app needs; 650056 misconfigured or not
//   consented; 90094 admin consent required; 90099 not authorised in the tenant for partner
//   delegated administrators; 500011 resource principal not found in the tenant → CONSENT_MISSING
//   7000112 / 70001 application disabled                               → APP_DISABLED
//   90002 tenant not found                                             → TENANT_NOT_FOUND
//   90038 the tenant belongs to another national cloud                 → WRONG_CLOUD
//   90055 too many requests (tenant throttled); HTTP 429               → THROTTLED
//   90033, 90006, 90024, 90090 temporarily unavailable; HTTP 5xx; `temporarily_unavailable` → MICROSOFT_UNAVAILABLE
// Graph errors (`{ "error": { "code": "Authorization_RequestDenied", "message": "Insufficient privileges…" } }`,
// learn.microsoft.com/graph/errors): 403 from issues → SERVICE_HEALTH_PERMISSION_MISSING, from
// messages → SERVICE_MESSAGE_PERMISSION_MISSING (whatever its code: Authorization_RequestDenied,
// Forbidden, accessDenied, UnknownError); 401 → TOKEN_REJECTED; 429 → THROTTLED; 500/502/503/504 →
// MICROSOFT_UNAVAILABLE (429/503/504 are retried first, honouring Retry-After).
// Microsoft's own code (AADSTS7000222, Authorization_RequestDenied, HTTP 503) is kept beside ours
// for the page and the log; Microsoft's message text (which names the app and the tenant) goes to
// the log only.

export const CONNECTOR_ERROR_CODES = [
  'CONSENT_MISSING',
  'SERVICE_HEALTH_PERMISSION_MISSING',
  'SERVICE_MESSAGE_PERMISSION_MISSING',
  'SECRET_INVALID',
  'SECRET_EXPIRED',
  'CERTIFICATE_INVALID',
  'APP_DISABLED',
  'TENANT_NOT_FOUND',
  'WRONG_CLOUD',
  'THROTTLED',
  'MICROSOFT_UNAVAILABLE',
  'TOKEN_REJECTED',
  'TIMEOUT',
  'NETWORK',
  'UNEXPECTED_RESPONSE',
  'SECRET_UNREADABLE',
  'CLOUD_RETIRED',
  'NOT_CONFIGURED',
  'PORTAL_ERROR',
  'UNKNOWN',
] as const;
export type ConnectorErrorCode = (typeof CONNECTOR_ERROR_CODES)[number];

export type ConnectorFailure = {
  code: ConnectorErrorCode;
  /** Microsoft's own code, for people who look it up: "AADSTS7000222", "Authorization_RequestDenied", "HTTP 503". */
  microsoftCode: string | null;
  /** Microsoft asked to wait this long before trying again (Retry-After), in milliseconds. */
  retryAfterMs?: number;
};

export function isConnectorErrorCode(value: unknown): value is ConnectorErrorCode {
  return typeof value === 'string' && (CONNECTOR_ERROR_CODES as readonly string[]).includes(value);
}

const AADSTS: Record<number, ConnectorErrorCode> = {
  7000215: 'SECRET_INVALID',
  70002: 'SECRET_INVALID',
  7000222: 'SECRET_EXPIRED',
  700027: 'CERTIFICATE_INVALID',
  50012: 'CERTIFICATE_INVALID',
  700024: 'CERTIFICATE_INVALID',
  700016: 'CONSENT_MISSING',
  65001: 'CONSENT_MISSING',
  650052: 'CONSENT_MISSING',
  650056: 'CONSENT_MISSING',
  90094: 'CONSENT_MISSING',
  90099: 'CONSENT_MISSING',
  500011: 'CONSENT_MISSING',
  7000112: 'APP_DISABLED',
  70001: 'APP_DISABLED',
  90002: 'TENANT_NOT_FOUND',
  90038: 'WRONG_CLOUD',
  90055: 'THROTTLED',
  90033: 'MICROSOFT_UNAVAILABLE',
  90006: 'MICROSOFT_UNAVAILABLE',
  90024: 'MICROSOFT_UNAVAILABLE',
  90090: 'MICROSOFT_UNAVAILABLE',
};

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** Retry-After: seconds, or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now: Date): number | null {
  if (!header) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

/** The STS error number of a token endpoint answer: `error_codes[0]`, else the AADSTS number of the description. */
function stsNumber(body: Record<string, unknown> | null): number | null {
  if (!body) return null;
  const codes = body.error_codes;
  if (Array.isArray(codes) && typeof codes[0] === 'number') return codes[0];
  const description = body.error_description;
  const match = typeof description === 'string' ? /AADSTS(\d+)/.exec(description) : null;
  return match ? Number(match[1]) : null;
}

/** A failed answer of the token endpoint. */
export function tokenFailure(status: number, body: unknown, retryAfter: number | null): ConnectorFailure {
  const parsed = record(body);
  const sts = stsNumber(parsed);
  const error = typeof parsed?.error === 'string' ? parsed.error : null;
  const microsoftCode = sts !== null ? `AADSTS${sts}` : (error ?? `HTTP ${status}`);
  const known = sts !== null ? AADSTS[sts] : undefined;
  const withRetry = (code: ConnectorErrorCode): ConnectorFailure =>
    retryAfter !== null ? { code, microsoftCode, retryAfterMs: retryAfter } : { code, microsoftCode };
  if (known) return withRetry(known);
  if (status === 429) return withRetry('THROTTLED');
  if (status >= 500 || error === 'temporarily_unavailable') return withRetry('MICROSOFT_UNAVAILABLE');
  if (error === 'invalid_client') return { code: 'SECRET_INVALID', microsoftCode };
  if (error === 'unauthorized_client') return { code: 'CONSENT_MISSING', microsoftCode };
  if (error === 'invalid_resource') return { code: 'CONSENT_MISSING', microsoftCode };
  if (status === 400 && error === 'invalid_request' && parsed === null) return { code: 'UNEXPECTED_RESPONSE', microsoftCode };
  return { code: 'UNKNOWN', microsoftCode };
}

/** A failed answer of Graph for one of the two collections. */
export function graphFailure(
  status: number,
  body: unknown,
  collection: 'issues' | 'messages',
  retryAfter: number | null,
): ConnectorFailure {
  const error = record(record(body)?.error);
  const code = typeof error?.code === 'string' && error.code ? error.code : null;
  const microsoftCode = code ? `${code} (HTTP ${status})` : `HTTP ${status}`;
  const withRetry = (ours: ConnectorErrorCode): ConnectorFailure =>
    retryAfter !== null ? { code: ours, microsoftCode, retryAfterMs: retryAfter } : { code: ours, microsoftCode };
  if (status === 403) {
    return { code: collection === 'issues' ? 'SERVICE_HEALTH_PERMISSION_MISSING' : 'SERVICE_MESSAGE_PERMISSION_MISSING', microsoftCode };
  }
  if (status === 401) return { code: 'TOKEN_REJECTED', microsoftCode };
  if (status === 429) return withRetry('THROTTLED');
  if (status >= 500) return withRetry('MICROSOFT_UNAVAILABLE');
  return { code: 'UNKNOWN', microsoftCode };
}

/** Answers worth sending again after a pause (Graph's throttling and "unavailable"). */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 503 || status === 504;
}

/** Failures that call for a person (a secret, a consent, a permission), as opposed to a passing condition. */
export function needsAction(code: ConnectorErrorCode): boolean {
  return !['THROTTLED', 'MICROSOFT_UNAVAILABLE', 'TIMEOUT', 'NETWORK', 'PORTAL_ERROR'].includes(code);
}
