// Why a delivery did not go out, as a stable code. Users see the code (worded in messages/, in
// the ledger, its CSV, the API and the audit trail); the mail server's own reply, which can
// repeat the recipient's address, internal host names or a server's file paths, goes to the
// log only. The codes are what the mail transports (lib/server/mail) can produce, read through
// classifySmtpFailure, plus the worker's own (RENDER_FAILED) and the outbox's (RECIPIENT_REMOVED).
import { classifySmtpFailure, type SmtpFailureInput } from './notice-lifecycle';

export const DELIVERY_ERROR_CODES = [
  /** The receiving system refused the address: unknown mailbox, bad address, no mail domain. */
  'RECIPIENT_REJECTED',
  /** The mailbox exists but cannot take mail now: full, disabled, busy. */
  'MAILBOX_UNAVAILABLE',
  /** The message itself was refused: content, size, policy or spam filtering. */
  'MESSAGE_REJECTED',
  /** The relay refused the portal's sending address (MAIL_FROM). */
  'SENDER_REJECTED',
  /** Any other temporary refusal (4xx reply): retried with backoff. */
  'TEMPORARY_FAILURE',
  /** No connection to the relay (refused, reset, DNS, TLS, unexpected answer). */
  'RELAY_UNREACHABLE',
  /** The relay refused the portal's credentials (SMTP_URL). */
  'RELAY_AUTH_FAILED',
  /** The relay did not answer in time. */
  'TIMEOUT',
  /** The message could not be built (its notice or customer is gone). */
  'RENDER_FAILED',
  /** The `.eml` file could not be written (the file transport, no SMTP_URL). */
  'FILE_WRITE_FAILED',
  /** The contact was removed or changed while the notice was sending (notice-outbox.ts). */
  'RECIPIENT_REMOVED',
  /** Anything else, and any stored text from before these codes. */
  'UNKNOWN',
] as const;
export type DeliveryErrorCode = (typeof DELIVERY_ERROR_CODES)[number];

export function isDeliveryErrorCode(value: unknown): value is DeliveryErrorCode {
  return typeof value === 'string' && (DELIVERY_ERROR_CODES as readonly string[]).includes(value);
}

/** A stored `lastError` as a code: null stays null, anything that is not a code is UNKNOWN. */
export function deliveryErrorCodeOf(stored: string | null): DeliveryErrorCode | null {
  if (stored === null) return null;
  return isDeliveryErrorCode(stored) ? stored : 'UNKNOWN';
}

/**
 * A failed attempt as users may see it: the code, and the SMTP reply code and enhanced status
 * (RFC 3463, e.g. `5.1.1`) when the relay gave them. Neither number says anything about the
 * recipient or the servers, unlike the reply's text.
 */
export type DeliveryError = { code: DeliveryErrorCode; replyCode?: number; enhancedStatus?: string };

/** File-system errors: only the `.eml` file transport produces them. */
const FILE_CODES = new Set([
  'EACCES',
  'EPERM',
  'ENOENT',
  'ENOTDIR',
  'EISDIR',
  'ENOSPC',
  'EDQUOT',
  'EROFS',
  'EIO',
  'EMFILE',
  'ENFILE',
  'EEXIST',
  'EBUSY',
  'ENAMETOOLONG',
]);
/** Replies about authentication: required (530), too weak (534), refused (535), encryption needed (538). */
const AUTH_REPLIES = new Set([530, 534, 535, 538]);

/** What a failed send says about itself: nodemailer's error (or the first of its causes that says anything). */
type Details = { response?: string; command?: string };

function detailsOf(input: SmtpFailureInput, depth = 0): Details {
  if (typeof input === 'string') return { response: input };
  if (typeof input !== 'object' || input === null) return {};
  const e = input as { response?: unknown; command?: unknown; cause?: unknown };
  const own: Details = {
    ...(typeof e.response === 'string' ? { response: e.response } : {}),
    ...(typeof e.command === 'string' ? { command: e.command.toUpperCase() } : {}),
  };
  if (own.response !== undefined || own.command !== undefined || depth >= 3 || e.cause === undefined || e.cause === input) return own;
  return detailsOf(e.cause as SmtpFailureInput, depth + 1);
}

function enhancedStatusOf(response: string | undefined): string | undefined {
  return response === undefined ? undefined : /^\s*[245]\d\d[\s-]+([245]\.\d{1,3}\.\d{1,3})\b/.exec(response)?.[1];
}

/**
 * Reads a failed send (the same inputs as classifySmtpFailure, plus nodemailer's `command`: the
 * SMTP step that failed, e.g. `RCPT TO`) into a code. The retry decision stays classifySmtpFailure's.
 * In order: authentication (EAUTH, an AUTH step, 530/534/535/538); for a reply, the enhanced
 * status's subject (X.2 mailbox, X.7.8 credentials; then any other 4xx is temporary; X.1 the
 * address — X.1.7/X.1.8 the sender's —, X.4 routing, X.3/X.5/X.6/X.7 the message), else the step
 * (MAIL FROM sender, DATA message, RCPT TO recipient) and the reply code; without a reply, the
 * error codes of connections, timeouts, envelopes and files.
 */
export function deliveryErrorOf(input: SmtpFailureInput): DeliveryError {
  const failure = classifySmtpFailure(input);
  const { response, command } = detailsOf(input);
  const replyCode = failure.responseCode;
  const enhancedStatus = replyCode === undefined ? undefined : enhancedStatusOf(response);
  const details = { ...(replyCode !== undefined ? { replyCode } : {}), ...(enhancedStatus ? { enhancedStatus } : {}) };
  const code = ((): DeliveryErrorCode => {
    if (failure.errorCode === 'EAUTH' || command?.startsWith('AUTH') || (replyCode !== undefined && AUTH_REPLIES.has(replyCode))) {
      return 'RELAY_AUTH_FAILED';
    }
    if (replyCode !== undefined) return fromReply(replyCode, enhancedStatus, command);
    switch (failure.reason) {
      case 'CONNECTION':
        return 'RELAY_UNREACHABLE';
      case 'TIMEOUT':
        return 'TIMEOUT';
      case 'INVALID_MESSAGE':
        return 'MESSAGE_REJECTED';
      default:
        return failure.errorCode !== undefined && FILE_CODES.has(failure.errorCode) ? 'FILE_WRITE_FAILED' : 'UNKNOWN';
    }
  })();
  return { code, ...details };
}

function fromReply(replyCode: number, enhancedStatus: string | undefined, command: string | undefined): DeliveryErrorCode {
  const permanent = replyCode >= 500;
  const [, subject, detail] = (enhancedStatus ?? '').split('.').map(Number);
  if (subject === 2 || (subject === undefined && replyCode === 450)) return 'MAILBOX_UNAVAILABLE';
  if (subject === 7 && detail === 8) return 'RELAY_AUTH_FAILED';
  if (!permanent) return 'TEMPORARY_FAILURE';
  if (subject === 1) return detail === 7 || detail === 8 ? 'SENDER_REJECTED' : 'RECIPIENT_REJECTED';
  if (subject === 4) return 'RECIPIENT_REJECTED';
  if (subject !== undefined && subject >= 3 && subject <= 7) return 'MESSAGE_REJECTED';
  // No enhanced status (or X.0, "other"): the step that failed, then the reply code.
  if (command === 'MAIL FROM') return 'SENDER_REJECTED';
  if (command === 'DATA') return 'MESSAGE_REJECTED';
  if (replyCode === 552) return 'MAILBOX_UNAVAILABLE';
  if (command === 'RCPT TO' || replyCode === 550 || replyCode === 551 || replyCode === 553) return 'RECIPIENT_REJECTED';
  return 'MESSAGE_REJECTED';
}
