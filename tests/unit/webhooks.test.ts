import { describe, expect, it } from 'vitest';
import {
  WEBHOOK_DISABLE_POLICY,
  WEBHOOK_RETRY_POLICY,
  afterWebhookAttempt,
  checkWebhookUrl,
  isLocalHost,
  noticeEventType,
  shouldDisableEndpoint,
  webhookErrorOf,
  webhookMessageId,
  webhookPayload,
  webhookSecretOf,
} from '@/lib/domain/webhooks';
import { WEBHOOK_PAYLOAD_SCHEMAS, webhookCreateSchema } from '@/lib/schemas/webhooks';

const NOW = new Date('2026-12-07T08:00:00.000Z');
const prod = { allowHttpLocalhost: false };
const dev = { allowHttpLocalhost: true };

describe('checkWebhookUrl', () => {
  it('takes an https URL and gives it normalised with its host', () => {
    expect(checkWebhookUrl(' https://Hooks.Example.com/csp?x=1 ', prod)).toEqual({
      ok: true,
      url: 'https://hooks.example.com/csp?x=1',
      host: 'hooks.example.com',
    });
    expect(checkWebhookUrl('https://[2001:db8::1]:8443/h', prod)).toMatchObject({ ok: true, host: '2001:db8::1' });
  });

  it('takes http only to this machine, and only outside production', () => {
    for (const url of ['http://localhost:3000/h', 'http://127.0.0.1:9/h', 'http://[::1]/h', 'http://api.localhost/h']) {
      expect(checkWebhookUrl(url, dev).ok, url).toBe(true);
      expect(checkWebhookUrl(url, prod), url).toEqual({ ok: false, code: 'URL_NOT_HTTPS' });
    }
    expect(checkWebhookUrl('http://hooks.example.com/h', dev)).toEqual({ ok: false, code: 'URL_NOT_HTTPS' });
    expect(checkWebhookUrl('http://10.0.0.1/h', dev)).toEqual({ ok: false, code: 'URL_NOT_HTTPS' });
  });

  it('refuses other schemes, credentials, fragments, overlong and malformed URLs', () => {
    expect(checkWebhookUrl('ftp://example.com/', prod)).toEqual({ ok: false, code: 'URL_NOT_HTTPS' });
    expect(checkWebhookUrl('file:///etc/passwd', prod)).toEqual({ ok: false, code: 'URL_NOT_HTTPS' });
    expect(checkWebhookUrl('https://user:pass@example.com/', prod)).toEqual({ ok: false, code: 'URL_CREDENTIALS' });
    expect(checkWebhookUrl('https://example.com/#x', prod)).toEqual({ ok: false, code: 'URL_FRAGMENT' });
    expect(checkWebhookUrl('https://example.com/#', prod)).toEqual({ ok: false, code: 'URL_FRAGMENT' });
    expect(checkWebhookUrl(`https://example.com/${'a'.repeat(2000)}`, prod)).toEqual({ ok: false, code: 'URL_TOO_LONG' });
    expect(checkWebhookUrl('not a url', prod)).toEqual({ ok: false, code: 'URL_INVALID' });
    expect(checkWebhookUrl('example.com/hook', prod)).toEqual({ ok: false, code: 'URL_INVALID' });
  });

  it('knows this machine by name', () => {
    expect(isLocalHost('LOCALHOST')).toBe(true);
    expect(isLocalHost('localhost.example.com')).toBe(false);
  });
});

describe('afterWebhookAttempt', () => {
  it('is SENT on any 2xx answer', () => {
    for (const status of [200, 201, 202, 204, 299])
      expect(afterWebhookAttempt(1, { kind: 'response', status }, NOW)).toEqual({ status: 'SENT', responseStatus: status });
  });

  it('tries again after the backoff on any other answer and on a failed connection, keeping the status and a code', () => {
    expect(afterWebhookAttempt(1, { kind: 'response', status: 500 }, NOW)).toEqual({
      status: 'QUEUED',
      nextAttemptAt: new Date(NOW.getTime() + 60_000),
      error: 'HTTP_STATUS',
      responseStatus: 500,
    });
    expect(afterWebhookAttempt(2, { kind: 'response', status: 410 }, NOW)).toMatchObject({
      status: 'QUEUED',
      nextAttemptAt: new Date(NOW.getTime() + 300_000),
    });
    expect(afterWebhookAttempt(1, { kind: 'response', status: 301 }, NOW)).toMatchObject({
      status: 'QUEUED',
      error: 'REDIRECT',
      responseStatus: 301,
    });
    expect(afterWebhookAttempt(1, { kind: 'error', code: 'TIMEOUT' }, NOW)).toMatchObject({
      status: 'QUEUED',
      error: 'TIMEOUT',
      responseStatus: null,
    });
  });

  it('backs off 1, 5, 25 minutes, 2 h 5 min, then 6-hourly, and fails after the 8th attempt (about 21 hours)', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((attempt) => {
      const outcome = afterWebhookAttempt(attempt, { kind: 'response', status: 503 }, NOW);
      return outcome.status === 'QUEUED' ? (outcome.nextAttemptAt.getTime() - NOW.getTime()) / 60_000 : null;
    });
    expect(delays).toEqual([1, 5, 25, 125, 360, 360, 360]);
    expect(delays.reduce((a, b) => a! + b!, 0)! / 60).toBeCloseTo(20.6, 1);
    expect(afterWebhookAttempt(WEBHOOK_RETRY_POLICY.maxAttempts, { kind: 'response', status: 503 }, NOW)).toEqual({
      status: 'FAILED',
      code: 'MAX_ATTEMPTS_REACHED',
      error: 'HTTP_STATUS',
      responseStatus: 503,
    });
  });

  it('fails at once what no retry changes: a refused address, an unreadable secret, a disabled endpoint', () => {
    for (const code of ['ADDRESS_REFUSED', 'SECRET_UNREADABLE', 'ENDPOINT_DISABLED'] as const) {
      expect(afterWebhookAttempt(1, { kind: 'error', code }, NOW)).toEqual({
        status: 'FAILED',
        code: 'PERMANENT_FAILURE',
        error: code,
        responseStatus: null,
      });
    }
  });

  it('takes up to 20% off a delay at random', () => {
    const outcome = afterWebhookAttempt(1, { kind: 'response', status: 500 }, NOW, WEBHOOK_RETRY_POLICY, 0.5);
    expect(outcome).toMatchObject({ nextAttemptAt: new Date(NOW.getTime() + 54_000) });
  });
});

describe('webhookErrorOf', () => {
  it('reads Node and TLS error codes as the log codes', () => {
    expect(webhookErrorOf('ECONNREFUSED')).toBe('CONNECTION_FAILED');
    expect(webhookErrorOf('ECONNRESET')).toBe('CONNECTION_FAILED');
    expect(webhookErrorOf('EHOSTUNREACH')).toBe('CONNECTION_FAILED');
    expect(webhookErrorOf('ETIMEDOUT')).toBe('TIMEOUT');
    expect(webhookErrorOf('ENOTFOUND')).toBe('HOST_UNRESOLVED');
    expect(webhookErrorOf('EAI_AGAIN')).toBe('HOST_UNRESOLVED');
    expect(webhookErrorOf('CERT_HAS_EXPIRED')).toBe('TLS_FAILED');
    expect(webhookErrorOf('DEPTH_ZERO_SELF_SIGNED_CERT')).toBe('TLS_FAILED');
    expect(webhookErrorOf('ERR_TLS_CERT_ALTNAME_INVALID')).toBe('TLS_FAILED');
    expect(webhookErrorOf('ADDRESS_REFUSED')).toBe('ADDRESS_REFUSED');
    expect(webhookErrorOf('EWHATEVER')).toBe('UNKNOWN');
    expect(webhookErrorOf(undefined)).toBe('UNKNOWN');
  });
});

describe('disabling an endpoint', () => {
  const DAY = 86_400_000;
  it('needs 10 failures in a row over at least a day', () => {
    const since = new Date(NOW.getTime() - DAY);
    expect(shouldDisableEndpoint({ consecutiveFailures: 10, failingSince: since }, NOW)).toBe(true);
    expect(shouldDisableEndpoint({ consecutiveFailures: 9, failingSince: since }, NOW)).toBe(false);
    expect(shouldDisableEndpoint({ consecutiveFailures: 50, failingSince: new Date(NOW.getTime() - DAY + 1) }, NOW)).toBe(false);
    expect(shouldDisableEndpoint({ consecutiveFailures: 50, failingSince: null }, NOW)).toBe(false);
    expect(WEBHOOK_DISABLE_POLICY).toEqual({ failures: 10, periodMs: DAY });
    expect(shouldDisableEndpoint({ consecutiveFailures: 3, failingSince: NOW }, NOW, { failures: 3, periodMs: 0 })).toBe(true);
  });
});

describe('payloads', () => {
  it('carry type, version, time and data; the message id is the event id', () => {
    expect(webhookPayload('notice.sent', { a: 1 }, NOW)).toEqual({
      type: 'notice.sent',
      v: 1,
      timestamp: '2026-12-07T08:00:00.000Z',
      data: { a: 1 },
    });
    expect(webhookMessageId('0F8FAD5B-D9CB-469F-A165-70867728950E')).toBe('msg_0f8fad5bd9cb469fa16570867728950e');
  });

  it('tell a notice that went out (even partly) from one that reached nobody', () => {
    expect(noticeEventType('SENT')).toBe('notice.sent');
    expect(noticeEventType('PARTIALLY_FAILED')).toBe('notice.sent');
    expect(noticeEventType('FAILED')).toBe('notice.failed');
  });

  it('have a schema per type that refuses another version', () => {
    const body = webhookPayload('webhook.test', { endpointId: '0f8fad5b-d9cb-469f-a165-70867728950e', message: 'hi' }, NOW);
    expect(WEBHOOK_PAYLOAD_SCHEMAS['webhook.test'].safeParse(body).success).toBe(true);
    expect(WEBHOOK_PAYLOAD_SCHEMAS['webhook.test'].safeParse({ ...body, v: 2 }).success).toBe(false);
  });

  it('make Standard Webhooks secrets', () => {
    expect(webhookSecretOf(new Uint8Array([0, 1, 2, 255]))).toBe('whsec_AAEC/w==');
  });
});

describe('webhookCreateSchema', () => {
  it('needs a URL and at least one known event, and keeps the events in their order without repeats', () => {
    expect(
      webhookCreateSchema.parse({ url: 'https://x.example', events: ['notice.sent', 'communication.created', 'notice.sent'] }),
    ).toEqual({
      url: 'https://x.example',
      events: ['communication.created', 'notice.sent'],
      description: '',
    });
    const refused = webhookCreateSchema.safeParse({ url: '', events: [] });
    expect(refused.success ? [] : refused.error.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['url', 'required'],
      ['events', 'eventsRequired'],
    ]);
    expect(webhookCreateSchema.safeParse({ url: 'https://x.example', events: ['notice.archived'] }).success).toBe(false);
  });
});
