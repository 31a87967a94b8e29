import 'server-only';
import type { NoticeStatus } from '../../domain/notice-lifecycle';
import type { NoticeCheckError, TemplateError, TemplateField } from '../../domain/notice-template';
import type { Locale } from '../../i18n/locales';
import type { NoticeFormErrorCode } from '../../schemas/notices';
import { runWrite, type Tx, type TxLimits } from './transaction';

// Subscription notices: the data API for pages, server actions and the REST API.
//
// Every function takes the acting Viewer and scopes every query by `partnerScope(viewer)`: an id
// of another partner finds nothing, exactly like an id that does not exist (reads → null,
// writes → { ok: false, code: 'NOT_FOUND' }). Writes need the `notice:write` permission (templates
// and the sender identity: `settings:notices`), else `FORBIDDEN`. Writes run in one transaction
// that also appends the audit event; a refused write changes nothing.
//
// Results of writes: `{ ok: true, … } | NoticeFailure`, where NoticeFailure is
// `{ ok: false, code, …details }` with one of these codes (NOTICE_ERROR_HTTP_STATUS maps them
// for the API):
//   FORBIDDEN               403  the viewer's role may not do this
//   NOT_FOUND               404  no such notice/template for the viewer's partner
//   INVALID                 400  the input does not pass the zod schema; `fieldErrors` by path
//   NOTICE_INVALID          400  the domain's checkNotice refused it; `errors` (NoticeCheckError[]:
//                                UNKNOWN_VARIABLE, MALFORMED_VARIABLE, SUBJECT_REQUIRED,
//                                BODY_REQUIRED, TARGET_WITHOUT_RECIPIENT, NO_TARGET, …)
//   TEMPLATE_INVALID        400  a template's text has variable errors; `errors`
//   CUSTOMER_NOT_FOUND      400  target customer ids unknown to the partner; `ids`
//   SUBSCRIPTION_NOT_FOUND  400  subscription ids unknown to the partner; `ids`
//   TEMPLATE_NOT_FOUND      400  the templateId is unknown to the partner
//   COMMUNICATION_NOT_FOUND 400  the communicationId is unknown to the partner
//   SCHEDULE_NOT_IN_FUTURE  400  a schedule time that is not later than now
//   SCHEDULE_INVALID_TIME   400
//   DELIVERY_NOT_FOUND      400  a retry names a delivery that is not the notice's; `deliveryId`
//   NAME_TAKEN              409  a template name already used by the partner
//   TRANSITION_NOT_ALLOWED  409  DESIGN.md's transition table refuses it; `from`, `to`
//   NOT_EDITABLE            409  only DRAFT and SCHEDULED notices can be edited; `status`
//   NOTHING_TO_RETRY        409  no FAILED delivery to retry
//   DELIVERY_NOT_RETRYABLE  409  a retry names a delivery that is not FAILED
//   TEMPLATE_IN_USE         409  the template is the enabled reminder rule's
//   TEMPLATE_KIND_LOCKED    409  the reminder rule (a service-update rule) uses the template: it stays a RENEWAL
//                                (SERVICE_UPDATE) template
//   TEMPLATE_NOT_RENEWAL    400  a reminder rule's template must be a RENEWAL template
//   TEMPLATE_NOT_SERVICE_UPDATE 400  a service-update rule's template must be a SERVICE_UPDATE template
//   STALE                   412  `expectedVersion` is not the current version; `currentVersion`.
//                                Nothing changes: the other person's change is kept.
//
// Reads
//   listNotices(viewer, query)            → NoticePage: items, nextCursor, countsByStatus
//   getNotice(viewer, id)                 → NoticeDetail | null (targets, recipients, counts,
//                                           version, allowed actions, current check problems)
//   renderPreview(viewer, source, pick?)  → NoticePreview | null: exactly what recipients get
//                                           (renderNotice, their language), for a stored notice
//                                           ({ noticeId }) or a draft being composed ({ draft })
//   listTemplates / getTemplate           (any partner role: the composer prefills from them)
//   getSenderIdentity                     (partner admin)
// Writes (`ctx`: { address } for the audit trail — requestAddress() in an action — and `now`)
//   createNotice(viewer, input, ctx)                             → DRAFT
//   updateNotice(viewer, id, expectedVersion, patch, ctx)        DRAFT/SCHEDULED only
//   (schedule, send now and cancel take `expectedVersion` undefined too: the API without If-Match
//   acts on the current version, read with the row locked)
//   scheduleNotice(viewer, id, expectedVersion, at, now, ctx)    DRAFT → SCHEDULED, or a new time
//   sendNoticeNow(viewer, id, expectedVersion, now, ctx)         DRAFT/SCHEDULED → SENDING
//   unscheduleNotice(viewer, id, expectedVersion, ctx)           SCHEDULED → DRAFT
//   cancelNotice(viewer, id, expectedVersion, ctx)               DRAFT/SCHEDULED → CANCELLED
//   archiveNotice(viewer, id, expectedVersion, ctx)              SENT/PARTIALLY_FAILED/FAILED → ARCHIVED
//   duplicateNotice(viewer, id, ctx)                             → a new DRAFT copy
//   retryFailedDeliveries(viewer, id, deliveryIds?, ctx)         PARTIALLY_FAILED/FAILED → SENDING
//   saveTemplate / deleteTemplate / saveSenderIdentity           (partner admin)
// Where they live: notice-reads.ts (list, one notice), notice-preview.ts, notice-writes.ts
// (create, edit, duplicate), notice-transitions.ts (schedule … retry), notice-templates.ts,
// sender-identity.ts; the targets and recipients in notice-targets.ts, the outbox in
// notice-outbox.ts, the ledger in delivery-ledger.ts, the worker's queries in delivery-worker.ts,
// renewal coverage in renewals.ts and the reminder rule in reminder-rules.ts. This file holds
// what they share: the result codes and the way a notice write runs.
//
// The outbox: scheduling or sending creates one QUEUED delivery per recipient (unique per notice
// and address; recipient language per the domain's recipientLanguage; a stable Message-ID
// `<deliveryId@MAIL_FROM's domain>`) in the same transaction as the notice's status change.
// Scheduled deliveries are due at the scheduled time but only sent once the notice is SENDING
// (the worker moves it when the time comes). Editing a scheduled notice, or scheduling it again,
// brings its queued deliveries in line with its recipients; unscheduling removes them (never
// attempted); cancelling marks them CANCELLED. Before a notice is saved, scheduled or sent,
// checkNotice must find nothing (see NOTICE_INVALID); drafts made by the system (duplicates,
// reminder rules) may carry problems, which getNotice reports and which block scheduling.
// Variables are filled from the live data (customer name, subscriptions) when each message is
// rendered — at preview time and at send time alike.

export type NoticeErrorCode =
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'INVALID'
  | 'NOTICE_INVALID'
  | 'TEMPLATE_INVALID'
  | 'CUSTOMER_NOT_FOUND'
  | 'SUBSCRIPTION_NOT_FOUND'
  | 'TEMPLATE_NOT_FOUND'
  | 'COMMUNICATION_NOT_FOUND'
  | 'SCHEDULE_NOT_IN_FUTURE'
  | 'SCHEDULE_INVALID_TIME'
  | 'DELIVERY_NOT_FOUND'
  | 'NAME_TAKEN'
  | 'TRANSITION_NOT_ALLOWED'
  | 'NOT_EDITABLE'
  | 'NOTHING_TO_RETRY'
  | 'DELIVERY_NOT_RETRYABLE'
  | 'TEMPLATE_IN_USE'
  | 'TEMPLATE_KIND_LOCKED'
  | 'TEMPLATE_NOT_RENEWAL'
  | 'TEMPLATE_NOT_SERVICE_UPDATE'
  | 'STALE';

export const NOTICE_ERROR_HTTP_STATUS: Readonly<Record<NoticeErrorCode, number>> = {
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID: 400,
  NOTICE_INVALID: 400,
  TEMPLATE_INVALID: 400,
  CUSTOMER_NOT_FOUND: 400,
  SUBSCRIPTION_NOT_FOUND: 400,
  TEMPLATE_NOT_FOUND: 400,
  COMMUNICATION_NOT_FOUND: 400,
  SCHEDULE_NOT_IN_FUTURE: 400,
  SCHEDULE_INVALID_TIME: 400,
  DELIVERY_NOT_FOUND: 400,
  NAME_TAKEN: 409,
  TRANSITION_NOT_ALLOWED: 409,
  NOT_EDITABLE: 409,
  NOTHING_TO_RETRY: 409,
  DELIVERY_NOT_RETRYABLE: 409,
  TEMPLATE_IN_USE: 409,
  TEMPLATE_KIND_LOCKED: 409,
  TEMPLATE_NOT_RENEWAL: 400,
  TEMPLATE_NOT_SERVICE_UPDATE: 400,
  STALE: 412,
};

export type TemplateCheckError = TemplateError & { language: Locale; field: TemplateField };

export type NoticeFailure =
  | {
      ok: false;
      code:
        | 'FORBIDDEN'
        | 'NOT_FOUND'
        | 'TEMPLATE_NOT_FOUND'
        | 'COMMUNICATION_NOT_FOUND'
        | 'SCHEDULE_INVALID_TIME'
        | 'NOTHING_TO_RETRY'
        | 'NAME_TAKEN'
        | 'TEMPLATE_IN_USE'
        | 'TEMPLATE_KIND_LOCKED'
        | 'TEMPLATE_NOT_RENEWAL'
        | 'TEMPLATE_NOT_SERVICE_UPDATE';
    }
  | { ok: false; code: 'INVALID'; fieldErrors: Record<string, NoticeFormErrorCode> }
  | { ok: false; code: 'NOTICE_INVALID'; errors: NoticeCheckError[] }
  | { ok: false; code: 'TEMPLATE_INVALID'; errors: TemplateCheckError[] }
  | { ok: false; code: 'CUSTOMER_NOT_FOUND' | 'SUBSCRIPTION_NOT_FOUND'; ids: string[] }
  | { ok: false; code: 'SCHEDULE_NOT_IN_FUTURE'; scheduledAt: Date; now: Date }
  | { ok: false; code: 'DELIVERY_NOT_FOUND'; deliveryId: string }
  | { ok: false; code: 'DELIVERY_NOT_RETRYABLE'; deliveryId: string; status: string }
  | { ok: false; code: 'TRANSITION_NOT_ALLOWED'; from: NoticeStatus; to: NoticeStatus }
  | { ok: false; code: 'NOT_EDITABLE'; status: NoticeStatus }
  | { ok: false; code: 'STALE'; currentVersion: number | string };

export type NoticeResult<T extends object = object> = ({ ok: true } & T) | NoticeFailure;

/** What a write returns about the notice: its id, new status and new version. */
export type NoticeRef = { id: string; status: NoticeStatus; version: number };
export type NoticeRefResult = NoticeResult<NoticeRef>;

/** `address` for the audit trail (requestAddress() in an action) and `now` (tests pass their own). */
export type WriteContext = { address?: string | null; now?: Date };

export const FORBIDDEN = { ok: false, code: 'FORBIDDEN' } as const;
export const NOT_FOUND = { ok: false, code: 'NOT_FOUND' } as const;
export const INVALID_VERSION = { ok: false, code: 'INVALID', fieldErrors: { version: 'versionInvalid' } } as const;

export function validVersion(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** Unique constraints a notice write can run into, and the failure each one means. */
const UNIQUE_FAILURES: Readonly<Record<string, NoticeFailure>> = {
  NoticeTemplate_partnerId_name_key: { ok: false, code: 'NAME_TAKEN' },
  // Someone else saved the partner's first reminder rule at the same moment: theirs is version 1.
  RenewalReminderRule_partnerId_key: { ok: false, code: 'STALE', currentVersion: 1 },
  ServiceUpdateRule_partnerId_name_key: { ok: false, code: 'NAME_TAKEN' },
};

/**
 * Notice writes may fan out to every contact of thousands of customers (a send-now queues one
 * delivery per recipient, set-based), so their default bound is 60 s rather than the 15 s of a
 * single-row write: a loaded database must not turn a large but valid send into a failure.
 */
export const NOTICE_TX_LIMITS: TxLimits = { maxWait: 5_000, timeout: 60_000 };

/** A notice write in one bounded transaction (runWrite), with the notice constraints' failures. */
export function noticeWrite<T extends object>(
  work: (tx: Tx) => Promise<NoticeResult<T>>,
  limits: TxLimits = NOTICE_TX_LIMITS,
): Promise<NoticeResult<T>> {
  return runWrite<NoticeResult<T>>(work, {
    unique: UNIQUE_FAILURES as Readonly<Record<string, Extract<NoticeResult<T>, { ok: false }>>>,
    limits,
  });
}
