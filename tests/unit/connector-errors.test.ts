import { describe, expect, it } from 'vitest';
import { graphFailure, needsAction, retryAfterMs, tokenFailure } from '@/lib/domain/connector-errors';

// Bodies as the Microsoft identity platform and Graph send them (learn.microsoft.com: "Microsoft Entra
// authentication and authorization error codes"; "Microsoft Graph error responses and resource types").
function stsError(error: string, code: number, description: string) {
  return {
    error,
    error_description: `AADSTS${code}: ${description}\r\nTrace ID: 0000aaaa-11bb-cccc-dd33-eeeeee333333\r\nCorrelation ID: aaaa0000-bb11-2222-33cc-444444dddddd\r\nTimestamp: 2026-11-20 08:00:00Z`,
    error_codes: [code],
    timestamp: '2026-11-20 08:00:00Z',
    trace_id: '0000aaaa-11bb-cccc-dd33-eeeeee333333',
    correlation_id: 'aaaa0000-bb11-2222-33cc-444444dddddd',
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  };
}

describe('token endpoint errors → what to do', () => {
  it.each([
    [401, 'invalid_client', 7000215, 'Invalid client secret provided.', 'SECRET_INVALID'],
    [401, 'invalid_client', 7000222, "The provided client secret keys for app '…' are expired.", 'SECRET_EXPIRED'],
    [400, 'unauthorized_client', 700016, "Application with identifier '…' was not found in the directory '…'.", 'CONSENT_MISSING'],
    [400, 'invalid_grant', 65001, 'The user or administrator has not consented to use the application.', 'CONSENT_MISSING'],
    [
      400,
      'invalid_request',
      650052,
      'The app needs access to a service that your organization has not subscribed to or enabled.',
      'CONSENT_MISSING',
    ],
    [400, 'invalid_request', 90099, "The application '…' has not been authorized in the tenant '…'.", 'CONSENT_MISSING'],
    [
      400,
      'invalid_resource',
      500011,
      'The resource principal named https://graph.microsoft.com was not found in the tenant.',
      'CONSENT_MISSING',
    ],
    [400, 'invalid_request', 90002, "Tenant '…' not found.", 'TENANT_NOT_FOUND'],
    [400, 'invalid_request', 90038, "The specified tenant belongs to the National Cloud 'USGov'.", 'WRONG_CLOUD'],
    [401, 'invalid_client', 700027, 'Client assertion failed signature validation.', 'CERTIFICATE_INVALID'],
    [401, 'invalid_client', 700024, 'Client assertion is not within its valid time range.', 'CERTIFICATE_INVALID'],
    [401, 'unauthorized_client', 7000112, "Application '…' is disabled.", 'APP_DISABLED'],
    [429, 'temporarily_unavailable', 90055, 'There are too many incoming requests.', 'THROTTLED'],
    [503, 'temporarily_unavailable', 90033, 'A transient error has occurred.', 'MICROSOFT_UNAVAILABLE'],
  ] as const)('HTTP %i %s AADSTS%i → %s', (status, error, code, description, expected) => {
    expect(tokenFailure(status, stsError(error, code, description), null)).toEqual({ code: expected, microsoftCode: `AADSTS${code}` });
  });

  it('reads the AADSTS number from the description when error_codes is missing', () => {
    expect(tokenFailure(401, { error: 'invalid_client', error_description: 'AADSTS7000222: expired' }, null)).toEqual({
      code: 'SECRET_EXPIRED',
      microsoftCode: 'AADSTS7000222',
    });
  });

  it('falls back on the OAuth error, then the HTTP status', () => {
    expect(tokenFailure(401, { error: 'invalid_client' }, null)).toEqual({ code: 'SECRET_INVALID', microsoftCode: 'invalid_client' });
    expect(tokenFailure(400, { error: 'unauthorized_client' }, null)).toEqual({
      code: 'CONSENT_MISSING',
      microsoftCode: 'unauthorized_client',
    });
    expect(tokenFailure(429, null, 30_000)).toEqual({ code: 'THROTTLED', microsoftCode: 'HTTP 429', retryAfterMs: 30_000 });
    expect(tokenFailure(502, '<html>Bad gateway</html>', null)).toEqual({ code: 'MICROSOFT_UNAVAILABLE', microsoftCode: 'HTTP 502' });
    expect(tokenFailure(400, stsError('invalid_request', 9999999, 'Something new.'), null)).toEqual({
      code: 'UNKNOWN',
      microsoftCode: 'AADSTS9999999',
    });
  });
});

describe('Graph errors → what to do', () => {
  const body = (code: string, message = '') => ({
    error: { code, message, innerError: { date: '2026-11-20T08:00:00', 'request-id': 'r' } },
  });

  it('403 is a missing application permission, named by the collection that refused', () => {
    expect(
      graphFailure(403, body('Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'), 'issues', null),
    ).toEqual({
      code: 'SERVICE_HEALTH_PERMISSION_MISSING',
      microsoftCode: 'Authorization_RequestDenied (HTTP 403)',
    });
    expect(graphFailure(403, body('Forbidden'), 'messages', null)).toEqual({
      code: 'SERVICE_MESSAGE_PERMISSION_MISSING',
      microsoftCode: 'Forbidden (HTTP 403)',
    });
    expect(graphFailure(403, null, 'messages', null).code).toBe('SERVICE_MESSAGE_PERMISSION_MISSING');
  });

  it('401, 429, 5xx and anything else', () => {
    expect(graphFailure(401, body('InvalidAuthenticationToken'), 'issues', null)).toEqual({
      code: 'TOKEN_REJECTED',
      microsoftCode: 'InvalidAuthenticationToken (HTTP 401)',
    });
    expect(graphFailure(429, body('TooManyRequests'), 'issues', 120_000)).toEqual({
      code: 'THROTTLED',
      microsoftCode: 'TooManyRequests (HTTP 429)',
      retryAfterMs: 120_000,
    });
    expect(graphFailure(503, null, 'messages', null)).toEqual({ code: 'MICROSOFT_UNAVAILABLE', microsoftCode: 'HTTP 503' });
    expect(graphFailure(400, body('BadRequest', 'Invalid filter clause'), 'issues', null)).toEqual({
      code: 'UNKNOWN',
      microsoftCode: 'BadRequest (HTTP 400)',
    });
  });
});

describe('Retry-After', () => {
  const now = new Date('2026-11-20T08:00:00Z');
  it('seconds, an HTTP date, or nothing usable', () => {
    expect(retryAfterMs('17', now)).toBe(17_000);
    expect(retryAfterMs(' 0 ', now)).toBe(0);
    expect(retryAfterMs('Fri, 20 Nov 2026 08:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Fri, 20 Nov 2026 07:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
  });
});

describe('which failures call for a person', () => {
  it('passing conditions do not', () => {
    expect(['THROTTLED', 'MICROSOFT_UNAVAILABLE', 'TIMEOUT', 'NETWORK', 'PORTAL_ERROR'].map((code) => needsAction(code as never))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(needsAction('CONSENT_MISSING')).toBe(true);
    expect(needsAction('SECRET_EXPIRED')).toBe(true);
  });
});
