import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DELIVERY_ERROR_CODES,
  deliveryErrorCodeOf,
  deliveryErrorOf,
  isDeliveryErrorCode,
  type DeliveryErrorCode,
} from '@/lib/domain/delivery-errors';
import { classifySmtpFailure } from '@/lib/domain/notice-lifecycle';
import { MESSAGES } from '@/lib/i18n/translate';

/** A nodemailer error as its SMTP client makes them (_formatError): message + reply, code, step. */
function smtpError(message: string, code: string, response: string | false, command: string) {
  return Object.assign(new Error(response ? `${message}: ${response}` : message), {
    code,
    command,
    ...(response ? { response, responseCode: Number(response.slice(0, 3)) } : {}),
  });
}

/** A Node.js file-system error, as the .eml transport's writeFile/rename reject. */
function fileError(code: string, syscall: string) {
  return Object.assign(new Error(`${code}: failed, ${syscall} '/srv/portal/data/mail/x@portal.example.eml'`), {
    code,
    syscall,
    path: '/srv/portal/data/mail/x@portal.example.eml',
  });
}

// What the transports produce, one or more examples per code (RENDER_FAILED and RECIPIENT_REMOVED
// are set by the worker and the outbox themselves, never read from an error).
const EXAMPLES: [string, unknown, DeliveryErrorCode][] = [
  [
    'all recipients refused at RCPT TO',
    smtpError(
      "Can't send mail - all recipients were rejected",
      'EENVELOPE',
      '550 5.1.1 <bo@tailspin.example>: Recipient address rejected: User unknown',
      'RCPT TO',
    ),
    'RECIPIENT_REJECTED',
  ],
  [
    'a 553 at RCPT TO without an enhanced status',
    smtpError(
      "Can't send mail - all recipients were rejected",
      'EENVELOPE',
      "553 sorry, that domain isn't in my list of allowed rcpthosts",
      'RCPT TO',
    ),
    'RECIPIENT_REJECTED',
  ],
  ['a routing failure (X.4)', '554 5.4.4 Unable to route: no mail hosts for domain', 'RECIPIENT_REJECTED'],
  ['a bare 550 reply', 550, 'RECIPIENT_REJECTED'],
  [
    'the smtp-server sink refusing a recipient',
    smtpError("Can't send mail - all recipients were rejected", 'EENVELOPE', '550 Recipient address rejected: User unknown', 'RCPT TO'),
    'RECIPIENT_REJECTED',
  ],
  ['a full mailbox, permanent', smtpError('Message failed', 'EMESSAGE', '552 5.2.2 Mailbox full', 'DATA'), 'MAILBOX_UNAVAILABLE'],
  ['a full mailbox, temporary', '452 4.2.2 Mailbox over quota', 'MAILBOX_UNAVAILABLE'],
  ['a busy mailbox (450)', '450 Requested mail action not taken: mailbox unavailable', 'MAILBOX_UNAVAILABLE'],
  [
    '552 at RCPT TO',
    smtpError('Recipient command failed', 'EENVELOPE', '552 Requested mail action aborted: exceeded storage allocation', 'RCPT TO'),
    'MAILBOX_UNAVAILABLE',
  ],
  [
    'a policy rejection after DATA',
    smtpError('Message failed', 'EMESSAGE', '554 5.7.1 Message rejected as spam', 'DATA'),
    'MESSAGE_REJECTED',
  ],
  ['a message too large', '552 5.3.4 Message size exceeds fixed limit', 'MESSAGE_REJECTED'],
  [
    '554 after DATA without an enhanced status',
    smtpError('Message failed', 'EMESSAGE', '554 Transaction failed', 'DATA'),
    'MESSAGE_REJECTED',
  ],
  ['an envelope nodemailer refuses itself', { code: 'EENVELOPE', command: 'API' }, 'MESSAGE_REJECTED'],
  ['REQUIRETLS unsupported', { code: 'EREQUIRETLS', command: 'MAIL FROM' }, 'MESSAGE_REJECTED'],
  [
    'the sender refused at MAIL FROM',
    smtpError('Mail command failed', 'EENVELOPE', '553 Sender address rejected: not owned by user', 'MAIL FROM'),
    'SENDER_REJECTED',
  ],
  ['a bad sender domain (X.1.8)', '550 5.1.8 Sender address rejected: Domain not found', 'SENDER_REJECTED'],
  [
    'greylisting',
    smtpError('Recipient command failed', 'EENVELOPE', '451 4.7.1 Greylisted, try again in 5 minutes', 'RCPT TO'),
    'TEMPORARY_FAILURE',
  ],
  [
    'the relay closing at the greeting',
    smtpError('Server terminates connection. response=421 Too many connections', 'ECONNECTION', '421 Too many connections', 'EHLO'),
    'TEMPORARY_FAILURE',
  ],
  ['a bare 451', 451, 'TEMPORARY_FAILURE'],
  [
    'a refused connection',
    Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:587'), { code: 'ESOCKET', command: 'CONN' }),
    'RELAY_UNREACHABLE',
  ],
  [
    'an unknown relay host',
    Object.assign(new Error('getaddrinfo ENOTFOUND smtp.internal'), { code: 'EDNS', command: 'CONN' }),
    'RELAY_UNREACHABLE',
  ],
  ['a TLS failure', { code: 'ETLS' }, 'RELAY_UNREACHABLE'],
  ['a connection reset, in the cause', new Error('send failed', { cause: { code: 'ECONNRESET' } }), 'RELAY_UNREACHABLE'],
  [
    'bad credentials',
    smtpError('Invalid login', 'EAUTH', '535 5.7.8 Authentication credentials invalid', 'AUTH PLAIN'),
    'RELAY_AUTH_FAILED',
  ],
  ['missing credentials', smtpError('Missing credentials for "PLAIN"', 'EAUTH', false, 'API'), 'RELAY_AUTH_FAILED'],
  [
    'authentication required at MAIL FROM',
    smtpError('Mail command failed', 'EENVELOPE', '530 5.7.0 Authentication required', 'MAIL FROM'),
    'RELAY_AUTH_FAILED',
  ],
  [
    'the worker giving up on a send',
    Object.assign(new Error('No answer from the mail transport within 120000 ms'), { code: 'ETIMEDOUT' }),
    'TIMEOUT',
  ],
  ['a greeting timeout', { code: 'ETIMEDOUT', command: 'CONN' }, 'TIMEOUT'],
  ['a full disk', fileError('ENOSPC', 'write'), 'FILE_WRITE_FAILED'],
  ['a folder without permission', fileError('EACCES', 'open'), 'FILE_WRITE_FAILED'],
  ['a read-only file system', fileError('EROFS', 'mkdir'), 'FILE_WRITE_FAILED'],
  ['a file that vanished before its rename', fileError('ENOENT', 'rename'), 'FILE_WRITE_FAILED'],
  ['an error that says nothing', new Error('boom'), 'UNKNOWN'],
  ['an unknown error code', { code: 'EWHATEVER' }, 'UNKNOWN'],
  ['nothing at all', undefined, 'UNKNOWN'],
];

describe('deliveryErrorOf', () => {
  it.each(EXAMPLES)('%s → its code', (_, input, code) => {
    expect(deliveryErrorOf(input as Parameters<typeof deliveryErrorOf>[0]).code).toBe(code);
  });

  it('reaches every code a transport can cause', () => {
    const reached = new Set(EXAMPLES.map(([, , code]) => code));
    const setElsewhere: DeliveryErrorCode[] = ['RENDER_FAILED', 'RECIPIENT_REMOVED'];
    expect([...reached, ...setElsewhere].sort()).toEqual([...DELIVERY_ERROR_CODES].sort());
  });

  it('keeps the reply code and the enhanced status, and nothing of the reply text', () => {
    const rejected = smtpError(
      "Can't send mail - all recipients were rejected",
      'EENVELOPE',
      '550 5.1.1 <bo@tailspin.example>: Recipient address rejected',
      'RCPT TO',
    );
    expect(deliveryErrorOf(rejected)).toEqual({ code: 'RECIPIENT_REJECTED', replyCode: 550, enhancedStatus: '5.1.1' });
    expect(deliveryErrorOf('452-4.2.2 Mailbox full\r\n452 4.2.2 try later')).toEqual({
      code: 'MAILBOX_UNAVAILABLE',
      replyCode: 452,
      enhancedStatus: '4.2.2',
    });
    expect(deliveryErrorOf(550)).toEqual({ code: 'RECIPIENT_REJECTED', replyCode: 550 });
    expect(deliveryErrorOf(fileError('EACCES', 'open'))).toEqual({ code: 'FILE_WRITE_FAILED' });
  });

  it('never decides the retry: a temporary code is a temporary failure and a permanent one permanent', () => {
    for (const [, input, code] of EXAMPLES) {
      const kind = classifySmtpFailure(input as Parameters<typeof classifySmtpFailure>[0]).kind;
      if (code === 'TEMPORARY_FAILURE' || code === 'RELAY_UNREACHABLE' || code === 'TIMEOUT') expect(kind).toBe('TEMPORARY');
      if (code === 'RECIPIENT_REJECTED' || code === 'SENDER_REJECTED' || code === 'MESSAGE_REJECTED') expect(kind).toBe('PERMANENT');
    }
  });

  it('answers a code for any reply, error code or text, and its details are numbers and a status only (property)', () => {
    const input = fc.oneof(
      fc.integer({ min: 0, max: 999 }),
      fc.string(),
      fc.record(
        {
          responseCode: fc.integer({ min: 100, max: 699 }),
          response: fc.string(),
          code: fc.constantFrom('EENVELOPE', 'EMESSAGE', 'EAUTH', 'ESOCKET', 'ETIMEDOUT', 'ENOSPC', 'EXYZ', ''),
          command: fc.constantFrom('CONN', 'EHLO', 'AUTH LOGIN', 'MAIL FROM', 'RCPT TO', 'DATA', 'API'),
          cause: fc.record({ code: fc.string() }),
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(input, (value) => {
        const result = deliveryErrorOf(value);
        expect(isDeliveryErrorCode(result.code)).toBe(true);
        expect(Object.keys(result).every((key) => ['code', 'replyCode', 'enhancedStatus'].includes(key))).toBe(true);
        if (result.replyCode !== undefined) expect(result.replyCode).toBeGreaterThanOrEqual(400);
        if (result.enhancedStatus !== undefined) expect(result.enhancedStatus).toMatch(/^[245]\.\d{1,3}\.\d{1,3}$/);
      }),
    );
  });
});

describe('deliveryErrorCodeOf (a stored lastError)', () => {
  it('keeps codes and null, and turns any other text into UNKNOWN', () => {
    for (const code of DELIVERY_ERROR_CODES) expect(deliveryErrorCodeOf(code)).toBe(code);
    expect(deliveryErrorCodeOf(null)).toBeNull();
    expect(deliveryErrorCodeOf('550 5.1.1 <bo@tailspin.example>: Recipient address rejected')).toBe('UNKNOWN');
    expect(deliveryErrorCodeOf("EACCES: permission denied, open '/srv/portal/data/mail/x.eml'")).toBe('UNKNOWN');
    expect(deliveryErrorCodeOf('recipient_rejected')).toBe('UNKNOWN');
    expect(deliveryErrorCodeOf('')).toBe('UNKNOWN');
  });
});

describe('the wording of the codes', () => {
  it('has every code in English and Traditional Chinese, and nothing else', () => {
    for (const messages of Object.values(MESSAGES)) {
      expect(Object.keys(messages.notices.deliveries.errors).sort()).toEqual([...DELIVERY_ERROR_CODES].sort());
    }
    expect(MESSAGES.en.notices.deliveries.errors.RECIPIENT_REMOVED).toBe('The contact was removed or changed before it was sent');
  });
});
