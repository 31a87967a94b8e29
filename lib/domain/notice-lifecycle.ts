// The life cycle of a subscription notice and of its deliveries, pure (no I/O): which status
// changes are allowed (DESIGN.md's table, everything else refused with a stable code), what
// each change does to the deliveries, the roll-up of a sending notice from its deliveries,
// user retries, the retry backoff of the delivery worker and the classification of SMTP
// failures. Time comes in as an argument; results carry codes, never text.

// ---------------------------------------------------------------------------------------------
// Notice statuses and transitions
// ---------------------------------------------------------------------------------------------

export const NOTICE_STATUSES = ['DRAFT', 'SCHEDULED', 'SENDING', 'SENT', 'PARTIALLY_FAILED', 'FAILED', 'CANCELLED', 'ARCHIVED'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

/**
 * A subscription is "covered" — its renewal is taken care of — when a RENEWAL notice targeting it
 * is in one of these statuses: anything but a draft or a cancelled notice. The one source of the
 * rule for the renewal coverage list and the dashboard.
 */
export const RENEWAL_COVERING_STATUSES: readonly NoticeStatus[] = NOTICE_STATUSES.filter(
  (status) => status !== 'DRAFT' && status !== 'CANCELLED',
);

/** DESIGN.md's transition table: every pair not listed here is refused. */
export const NOTICE_TRANSITIONS: Readonly<Record<NoticeStatus, readonly NoticeStatus[]>> = {
  DRAFT: ['SCHEDULED', 'SENDING', 'CANCELLED'],
  SCHEDULED: ['DRAFT', 'SENDING', 'CANCELLED'],
  SENDING: ['SENT', 'PARTIALLY_FAILED', 'FAILED'],
  SENT: ['ARCHIVED'],
  PARTIALLY_FAILED: ['SENDING', 'ARCHIVED'],
  FAILED: ['SENDING', 'ARCHIVED'],
  CANCELLED: [],
  ARCHIVED: [],
};

export function isNoticeStatus(value: unknown): value is NoticeStatus {
  return typeof value === 'string' && (NOTICE_STATUSES as readonly string[]).includes(value);
}

export function canTransition(from: NoticeStatus, to: NoticeStatus): boolean {
  return NOTICE_TRANSITIONS[from]?.includes(to) ?? false;
}

export type TransitionRefusal = { ok: false; code: 'TRANSITION_NOT_ALLOWED'; from: NoticeStatus; to: NoticeStatus };
export type TransitionResult = { ok: true; from: NoticeStatus; to: NoticeStatus } | TransitionRefusal;

/** Checks one status change against the table (the API answers a refusal with 409). */
export function checkTransition(from: NoticeStatus, to: NoticeStatus): TransitionResult {
  return canTransition(from, to) ? { ok: true, from, to } : { ok: false, code: 'TRANSITION_NOT_ALLOWED', from, to };
}

/** Only a draft or a scheduled notice may be edited (content, targets, recipients, time). */
export function isEditable(status: NoticeStatus): boolean {
  return status === 'DRAFT' || status === 'SCHEDULED';
}

/** Statuses in which the notice will not change again by itself (no delivery is pending). */
export function isSettled(status: NoticeStatus): boolean {
  return status === 'SENT' || status === 'PARTIALLY_FAILED' || status === 'FAILED' || status === 'CANCELLED' || status === 'ARCHIVED';
}

/** What a user may do with a notice in a given status; the UI shows the matching controls. */
export const NOTICE_ACTIONS = ['EDIT', 'SCHEDULE', 'UNSCHEDULE', 'SEND_NOW', 'CANCEL', 'RETRY_FAILED', 'ARCHIVE', 'DUPLICATE'] as const;
export type NoticeAction = (typeof NOTICE_ACTIONS)[number];

/**
 * The user actions available in `status`, in a stable order. SCHEDULE on a scheduled notice
 * means "change the time" (an edit, not a transition). DUPLICATE is always available: it
 * creates a new draft from any notice. SENDING → SENT/PARTIALLY_FAILED/FAILED is the worker's
 * roll-up, never a user action.
 */
export function noticeActions(status: NoticeStatus): NoticeAction[] {
  const actions: NoticeAction[] = [];
  if (isEditable(status)) actions.push('EDIT', 'SCHEDULE');
  if (canTransition(status, 'DRAFT')) actions.push('UNSCHEDULE');
  if (status === 'DRAFT' || status === 'SCHEDULED') actions.push('SEND_NOW');
  if (canTransition(status, 'CANCELLED')) actions.push('CANCEL');
  if (status === 'PARTIALLY_FAILED' || status === 'FAILED') actions.push('RETRY_FAILED');
  if (canTransition(status, 'ARCHIVED')) actions.push('ARCHIVE');
  actions.push('DUPLICATE');
  return actions;
}

/**
 * What a notice transition does to its deliveries (the data layer applies it in the same
 * transaction as the status change — the transactional outbox):
 * - `CREATE`: create one QUEUED delivery per recipient (next attempt: the scheduled time, or now);
 * - `RELEASE`: the queued deliveries become due now (send now, or the scheduled time is reached);
 * - `DISCARD_QUEUED`: delete the queued, never attempted deliveries (unscheduling returns the
 *   notice to an editable draft whose recipients may change; scheduling again re-creates them);
 * - `CANCEL_QUEUED`: the queued deliveries become CANCELLED (kept as a record);
 * - `REQUEUE_FAILED`: the chosen FAILED deliveries become QUEUED again (see planRetry);
 * - `NONE`: nothing.
 * Refused transitions have no effect (`null`).
 */
export type DeliveryEffect = 'CREATE' | 'RELEASE' | 'DISCARD_QUEUED' | 'CANCEL_QUEUED' | 'REQUEUE_FAILED' | 'NONE';

export function deliveryEffect(from: NoticeStatus, to: NoticeStatus): DeliveryEffect | null {
  if (!canTransition(from, to)) return null;
  if (from === 'DRAFT' && (to === 'SCHEDULED' || to === 'SENDING')) return 'CREATE';
  if (from === 'SCHEDULED' && to === 'SENDING') return 'RELEASE';
  if (from === 'SCHEDULED' && to === 'DRAFT') return 'DISCARD_QUEUED';
  if (from === 'SCHEDULED' && to === 'CANCELLED') return 'CANCEL_QUEUED';
  if ((from === 'PARTIALLY_FAILED' || from === 'FAILED') && to === 'SENDING') return 'REQUEUE_FAILED';
  return 'NONE';
}

// ---------------------------------------------------------------------------------------------
// Scheduling
// ---------------------------------------------------------------------------------------------

export type ScheduleResult =
  | { ok: true; from: NoticeStatus; to: 'SCHEDULED'; scheduledAt: Date; reschedule: boolean }
  | TransitionRefusal
  | { ok: false; code: 'SCHEDULE_INVALID_TIME' }
  | { ok: false; code: 'SCHEDULE_NOT_IN_FUTURE'; scheduledAt: Date; now: Date };

/**
 * Scheduling a notice for `scheduledAt`, seen at `now`. The time must be strictly later than
 * `now` (now or earlier is refused: "send now" is its own action). A DRAFT moves to SCHEDULED;
 * a SCHEDULED notice may be given a new time (`reschedule: true`: an edit, its status stays).
 * Every other status is refused as a transition to SCHEDULED.
 */
export function checkSchedule(from: NoticeStatus, scheduledAt: Date, now: Date): ScheduleResult {
  if (from !== 'SCHEDULED') {
    const transition = checkTransition(from, 'SCHEDULED');
    if (!transition.ok) return transition;
  }
  if (!isValidDate(scheduledAt) || !isValidDate(now)) return { ok: false, code: 'SCHEDULE_INVALID_TIME' };
  if (scheduledAt.getTime() <= now.getTime()) return { ok: false, code: 'SCHEDULE_NOT_IN_FUTURE', scheduledAt, now };
  return { ok: true, from, to: 'SCHEDULED', scheduledAt: new Date(scheduledAt.getTime()), reschedule: from === 'SCHEDULED' };
}

/** A scheduled notice is due (the worker moves it to SENDING) once its time is reached. */
export function isScheduleDue(status: NoticeStatus, scheduledAt: Date | null | undefined, now: Date): boolean {
  return status === 'SCHEDULED' && !!scheduledAt && isValidDate(scheduledAt) && scheduledAt.getTime() <= now.getTime();
}

// ---------------------------------------------------------------------------------------------
// Deliveries
// ---------------------------------------------------------------------------------------------

export const DELIVERY_STATUSES = ['QUEUED', 'SENT', 'FAILED', 'CANCELLED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * QUEUED → SENT | FAILED | CANCELLED (cancelled with its notice); FAILED → QUEUED when a user
 * retries. A temporary failure keeps the delivery QUEUED with a later next attempt: that is an
 * attempt, not a status change.
 */
export const DELIVERY_TRANSITIONS: Readonly<Record<DeliveryStatus, readonly DeliveryStatus[]>> = {
  QUEUED: ['SENT', 'FAILED', 'CANCELLED'],
  SENT: [],
  FAILED: ['QUEUED'],
  CANCELLED: [],
};

export function isDeliveryStatus(value: unknown): value is DeliveryStatus {
  return typeof value === 'string' && (DELIVERY_STATUSES as readonly string[]).includes(value);
}

export function canTransitionDelivery(from: DeliveryStatus, to: DeliveryStatus): boolean {
  return DELIVERY_TRANSITIONS[from]?.includes(to) ?? false;
}

export type DeliveryTransitionResult =
  | { ok: true; from: DeliveryStatus; to: DeliveryStatus }
  | { ok: false; code: 'DELIVERY_TRANSITION_NOT_ALLOWED'; from: DeliveryStatus; to: DeliveryStatus };

export function checkDeliveryTransition(from: DeliveryStatus, to: DeliveryStatus): DeliveryTransitionResult {
  return canTransitionDelivery(from, to) ? { ok: true, from, to } : { ok: false, code: 'DELIVERY_TRANSITION_NOT_ALLOWED', from, to };
}

/** SENT, FAILED and CANCELLED are final (FAILED until a user retries it). */
export function isFinalDeliveryStatus(status: DeliveryStatus): boolean {
  return status !== 'QUEUED';
}

export type DeliveryCounts = { total: number; queued: number; sent: number; failed: number; cancelled: number };

/** Counts per status, for the ledger's progress bar and the notice list. */
export function countDeliveries(statuses: readonly DeliveryStatus[]): DeliveryCounts {
  const counts: DeliveryCounts = { total: 0, queued: 0, sent: 0, failed: 0, cancelled: 0 };
  for (const status of statuses) {
    counts.total += 1;
    if (status === 'QUEUED') counts.queued += 1;
    else if (status === 'SENT') counts.sent += 1;
    else if (status === 'FAILED') counts.failed += 1;
    else counts.cancelled += 1;
  }
  return counts;
}

export type RollUpStatus = 'SENDING' | 'SENT' | 'PARTIALLY_FAILED' | 'FAILED';

/**
 * The status of a SENDING notice given its deliveries' statuses:
 * - any QUEUED delivery → SENDING (not every delivery is final yet);
 * - otherwise, CANCELLED deliveries aside: all SENT → SENT; some SENT and some FAILED →
 *   PARTIALLY_FAILED; none SENT → FAILED. A notice with no delivery, or only cancelled ones,
 *   told nobody: FAILED (it must not stay SENDING forever, nor claim SENT).
 */
export function rollUp(statuses: readonly DeliveryStatus[]): RollUpStatus {
  const counts = countDeliveries(statuses);
  if (counts.queued > 0) return 'SENDING';
  if (counts.sent === 0) return 'FAILED';
  return counts.failed === 0 ? 'SENT' : 'PARTIALLY_FAILED';
}

export type SettleResult =
  | { ok: true; from: 'SENDING'; to: 'SENT' | 'PARTIALLY_FAILED' | 'FAILED' }
  | { ok: false; code: 'NOTICE_NOT_SENDING'; status: NoticeStatus }
  | { ok: false; code: 'DELIVERIES_PENDING'; queued: number };

/** The transition the worker applies after a delivery becomes final (when every delivery is). */
export function settleNotice(status: NoticeStatus, deliveries: readonly DeliveryStatus[]): SettleResult {
  if (status !== 'SENDING') return { ok: false, code: 'NOTICE_NOT_SENDING', status };
  const to = rollUp(deliveries);
  if (to === 'SENDING') return { ok: false, code: 'DELIVERIES_PENDING', queued: countDeliveries(deliveries).queued };
  return { ok: true, from: 'SENDING', to };
}

export type RetryPlan =
  | { ok: true; from: 'PARTIALLY_FAILED' | 'FAILED'; to: 'SENDING'; requeue: string[] }
  | TransitionRefusal
  | { ok: false; code: 'NOTHING_TO_RETRY' }
  | { ok: false; code: 'DELIVERY_NOT_FOUND'; deliveryId: string }
  | { ok: false; code: 'DELIVERY_NOT_RETRYABLE'; deliveryId: string; status: DeliveryStatus };

/**
 * A user retries the failed deliveries of a PARTIALLY_FAILED or FAILED notice: all of its
 * FAILED deliveries, or only those in `selectedIds` (each of which must be one of the notice's
 * deliveries and FAILED). The notice moves back to SENDING and the chosen deliveries are
 * re-queued (see requeueFields); SENT and CANCELLED deliveries are never touched.
 */
export function planRetry(
  status: NoticeStatus,
  deliveries: readonly { id: string; status: DeliveryStatus }[],
  selectedIds?: readonly string[],
): RetryPlan {
  if (status !== 'PARTIALLY_FAILED' && status !== 'FAILED') {
    return { ok: false, code: 'TRANSITION_NOT_ALLOWED', from: status, to: 'SENDING' };
  }
  let requeue: string[];
  if (selectedIds === undefined) {
    requeue = deliveries.filter((delivery) => delivery.status === 'FAILED').map((delivery) => delivery.id);
  } else {
    const byId = new Map(deliveries.map((delivery) => [delivery.id, delivery] as const));
    requeue = [];
    for (const id of new Set(selectedIds)) {
      const delivery = byId.get(id);
      if (!delivery) return { ok: false, code: 'DELIVERY_NOT_FOUND', deliveryId: id };
      if (delivery.status !== 'FAILED') return { ok: false, code: 'DELIVERY_NOT_RETRYABLE', deliveryId: id, status: delivery.status };
      requeue.push(id);
    }
  }
  if (requeue.length === 0) return { ok: false, code: 'NOTHING_TO_RETRY' };
  return { ok: true, from: status, to: 'SENDING', requeue };
}

/**
 * The fields of a delivery that a user retry re-queues. A retry starts a new round of attempts
 * (`attempts` back to 0, so that the backoff and its limit apply afresh; every earlier attempt
 * remains in the audit trail); the last error stays visible until the next attempt, and the
 * Message-ID never changes.
 */
export function requeueFields(now: Date): { status: 'QUEUED'; attempts: 0; nextAttemptAt: Date } {
  return { status: 'QUEUED', attempts: 0, nextAttemptAt: new Date(now.getTime()) };
}

/**
 * The stable Message-ID of a delivery, the same for every attempt (so a message sent twice
 * after a crash is recognisably the same message): `<deliveryId@host>`. `host` is a domain
 * name the portal sends for; characters outside a conservative set are dropped from both parts.
 */
export function messageIdFor(deliveryId: string, host: string): string {
  const left = deliveryId.replace(/[^A-Za-z0-9._-]/g, '');
  const right = host.toLowerCase().replace(/[^a-z0-9.-]/g, '');
  return `<${left || 'delivery'}@${right || 'localhost'}>`;
}

// ---------------------------------------------------------------------------------------------
// Retry backoff
// ---------------------------------------------------------------------------------------------

export type RetryPolicy = {
  /** Delay after the first failed attempt. */
  baseDelayMs: number;
  /** Each further failure multiplies the delay by this factor. */
  factor: number;
  /** The delay never exceeds this. */
  maxDelayMs: number;
  /** Attempts in all (the first included); after the last one fails, the delivery is FAILED. */
  maxAttempts: number;
  /** Up to this fraction of the delay is taken off at random (spreads a herd of retries), 0–1. */
  jitterRatio: number;
};

/** 1, 2, 4, 8, 16, 32 minutes, then hourly: 8 attempts over about 2 h 3 min. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 60_000,
  factor: 2,
  maxDelayMs: 3_600_000,
  maxAttempts: 8,
  jitterRatio: 0.2,
};

export type NextAttempt = { ok: true; at: Date; delayMs: number } | { ok: false; code: 'MAX_ATTEMPTS_REACHED'; attempts: number };

/**
 * When to try again after `attempts` attempts (the one that just failed included, so ≥ 1) have
 * failed temporarily, seen at `now`: `min(maxDelayMs, baseDelayMs × factor^(attempts − 1))`
 * later, less `jitter × jitterRatio` of it, where `jitter` (0 ≤ jitter < 1, default 0: no
 * jitter) comes from the caller's random source. Once `attempts` reaches `maxAttempts` there
 * is no next attempt. `attempts` below 1 counts as 1; a fractional one is rounded down.
 */
export function nextAttempt(attempts: number, now: Date, policy: RetryPolicy = DEFAULT_RETRY_POLICY, jitter = 0): NextAttempt {
  const made = Number.isFinite(attempts) ? Math.max(1, Math.floor(attempts)) : Number.POSITIVE_INFINITY;
  if (made >= policy.maxAttempts) return { ok: false, code: 'MAX_ATTEMPTS_REACHED', attempts: made };
  const exponential = policy.baseDelayMs * Math.pow(policy.factor, made - 1);
  const capped = Math.max(0, Math.min(policy.maxDelayMs, Number.isFinite(exponential) ? exponential : policy.maxDelayMs));
  const spread = clamp01(policy.jitterRatio) * clamp01(jitter);
  const delayMs = Math.round(capped * (1 - spread));
  return { ok: true, at: new Date(now.getTime() + delayMs), delayMs };
}

// ---------------------------------------------------------------------------------------------
// SMTP failures
// ---------------------------------------------------------------------------------------------

export type SmtpFailureKind = 'TEMPORARY' | 'PERMANENT';
export type SmtpFailureReason =
  | 'SMTP_TRANSIENT' // 4xx reply
  | 'SMTP_PERMANENT' // 5xx reply
  | 'CONNECTION' // the relay could not be reached or the connection broke
  | 'TIMEOUT'
  | 'INVALID_MESSAGE' // the message or its envelope cannot be sent as it is
  | 'UNKNOWN';
export type SmtpFailure = { kind: SmtpFailureKind; reason: SmtpFailureReason; responseCode?: number; errorCode?: string };

/**
 * What `classifySmtpFailure` reads. Any of:
 * - an SMTP reply code as a number (`451`, `550`);
 * - a string: an SMTP reply (`"451 4.7.1 Try again later"`, the code is its first 3 digits) or
 *   an error code (`"ECONNREFUSED"`, `"ETIMEDOUT"`, `"ESOCKET"`);
 * - an error object such as nodemailer's: `responseCode` (number, the SMTP reply code),
 *   `response` (the reply text), `code` (nodemailer's `ECONNECTION`, `ESOCKET`, `ETIMEDOUT`,
 *   `EDNS`, `ETLS`, `EPROTOCOL`, `EAUTH`, `EENVELOPE`, `EMESSAGE`, `ESTREAM`, `EREQUIRETLS`, or a
 *   Node system code such as `ECONNREFUSED`, `ECONNRESET`, `EHOSTUNREACH`, `ENOTFOUND`,
 *   `EAI_AGAIN`), and `cause` (looked at when the error itself says nothing).
 */
export type SmtpFailureInput =
  number | string | { responseCode?: unknown; response?: unknown; code?: unknown; cause?: unknown } | null | undefined;

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ETIME', 'ECONNTIMEOUT']);
const CONNECTION_CODES = new Set([
  'ECONNECTION',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'EPROTOCOL',
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const INVALID_MESSAGE_CODES = new Set(['EENVELOPE', 'EMESSAGE', 'EREQUIRETLS']);

/**
 * Temporary failures (retried with backoff): 4xx replies, connection errors and timeouts.
 * Permanent failures (the delivery fails at once): 5xx replies — including 535 authentication
 * failures: the relay's settings must be fixed, then a user retries — and a message or
 * envelope that cannot be sent as it is (`EENVELOPE`, `EMESSAGE`, `EREQUIRETLS` without a reply
 * code). A reply code decides over an error code (nodemailer's `EENVELOPE` with 451 is
 * temporary). Anything unrecognised is temporary: the attempt limit bounds it, and a message
 * must not be given up on a guess.
 */
export function classifySmtpFailure(input: SmtpFailureInput): SmtpFailure {
  return classify(input, 0);
}

function classify(input: SmtpFailureInput, depth: number): SmtpFailure {
  if (typeof input === 'number') return fromReplyCode(input) ?? { kind: 'TEMPORARY', reason: 'UNKNOWN' };
  if (typeof input === 'string') {
    const reply = replyCodeOf(input);
    if (reply !== undefined) return fromReplyCode(reply) ?? { kind: 'TEMPORARY', reason: 'UNKNOWN' };
    return fromErrorCode(input.trim().toUpperCase()) ?? { kind: 'TEMPORARY', reason: 'UNKNOWN' };
  }
  if (typeof input !== 'object' || input === null) return { kind: 'TEMPORARY', reason: 'UNKNOWN' };

  const responseCode =
    typeof input.responseCode === 'number'
      ? input.responseCode
      : typeof input.response === 'string'
        ? replyCodeOf(input.response)
        : undefined;
  const errorCode = typeof input.code === 'string' ? input.code.trim().toUpperCase() : undefined;
  const byReply = responseCode === undefined ? undefined : fromReplyCode(responseCode);
  if (byReply) return errorCode ? { ...byReply, errorCode } : byReply;
  const byCode = errorCode === undefined ? undefined : fromErrorCode(errorCode);
  if (byCode) return byCode;
  if (depth < 3 && input.cause !== undefined && input.cause !== input) {
    const inner = classify(input.cause as SmtpFailureInput, depth + 1);
    if (inner.reason !== 'UNKNOWN') return inner;
  }
  return errorCode ? { kind: 'TEMPORARY', reason: 'UNKNOWN', errorCode } : { kind: 'TEMPORARY', reason: 'UNKNOWN' };
}

function replyCodeOf(text: string): number | undefined {
  const match = /^\s*([1-5]\d\d)(?:[\s-]|$)/.exec(text);
  return match?.[1] ? Number(match[1]) : undefined;
}

function fromReplyCode(code: number): SmtpFailure | undefined {
  if (!Number.isInteger(code)) return undefined;
  if (code >= 400 && code <= 499) return { kind: 'TEMPORARY', reason: 'SMTP_TRANSIENT', responseCode: code };
  if (code >= 500 && code <= 599) return { kind: 'PERMANENT', reason: 'SMTP_PERMANENT', responseCode: code };
  return undefined;
}

function fromErrorCode(code: string): SmtpFailure | undefined {
  if (TIMEOUT_CODES.has(code)) return { kind: 'TEMPORARY', reason: 'TIMEOUT', errorCode: code };
  if (CONNECTION_CODES.has(code)) return { kind: 'TEMPORARY', reason: 'CONNECTION', errorCode: code };
  if (INVALID_MESSAGE_CODES.has(code)) return { kind: 'PERMANENT', reason: 'INVALID_MESSAGE', errorCode: code };
  return undefined;
}

export type AttemptOutcome =
  | { status: 'QUEUED'; nextAttemptAt: Date; failure: SmtpFailure }
  | { status: 'FAILED'; code: 'PERMANENT_FAILURE' | 'MAX_ATTEMPTS_REACHED'; failure: SmtpFailure };

/**
 * What becomes of a delivery whose attempt number `attempts` (this one included) has just
 * failed with `error`: a permanent failure fails it at once; a temporary one keeps it QUEUED
 * for the next attempt of the backoff, until the attempts run out.
 */
export function afterFailedAttempt(
  attempts: number,
  error: SmtpFailureInput,
  now: Date,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  jitter = 0,
): AttemptOutcome {
  const failure = classifySmtpFailure(error);
  if (failure.kind === 'PERMANENT') return { status: 'FAILED', code: 'PERMANENT_FAILURE', failure };
  const next = nextAttempt(attempts, now, policy, jitter);
  if (!next.ok) return { status: 'FAILED', code: 'MAX_ATTEMPTS_REACHED', failure };
  return { status: 'QUEUED', nextAttemptAt: next.at, failure };
}

// ---------------------------------------------------------------------------------------------

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && Number.isFinite(value.getTime());
}

function clamp01(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(1, Math.max(0, value));
}
