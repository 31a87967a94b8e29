// Subscription notices, their templates, the partner's sender identity and the renewal-reminder
// rule: zod schemas shared by the composer's forms, the server actions, the REST API and the data
// layer (lib/server/data/notices.ts parses its input with them again, so an API handler cannot
// hand it something unchecked). Messages are codes (NoticeFormErrorCode): the UI words them.
// What a notice must satisfy before it is scheduled or sent (variables, languages, recipients) is
// the domain's checkNotice, not a schema: it depends on the customers' contacts.
import { z } from '../zod';
import { MARKDOWN_MAX_LENGTH } from '../domain/markdown';
import { CONTACT_ROLES } from '../domain/notice-template';
import { NOTICE_STATUSES } from '../domain/notice-lifecycle';
import { hasControlCharacters, isEmail } from '../domain/customer-import/fields';
import { isIsoDay } from '../domain/zoned-day';

export const NOTICE_KINDS = [
  'RENEWAL',
  'PRICE_CHANGE',
  'SUSPENSION',
  'CANCELLATION',
  'BILLING',
  'LICENSE_CHANGE',
  'GENERAL',
  'SERVICE_UPDATE',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export const NOTICE_SUBJECT_MAX = 200;
export const TEMPLATE_NAME_MAX = 100;
export const SENDER_NAME_MAX = 100;
/** Explicit targets per notice (customers, subscriptions): a generous bound for one request. */
export const NOTICE_TARGETS_MAX = 10_000;
/** "Every customer with an ACTIVE subscription whose commitment ends within N days": N. */
export const ENDING_WITHIN_MAX_DAYS = 366;
export const REMINDER_OFFSETS_MAX = 10;
export const REMINDER_OFFSET_MAX_DAYS = 365;
export const NOTICES_PAGE_SIZE = 25;
export const DELIVERIES_PAGE_SIZE = 50;
export const RENEWALS_PAGE_SIZE = 50;
export const PAGE_LIMIT_MAX = 100;

export type NoticeFormErrorCode =
  | 'required'
  | 'tooLong'
  | 'tooMany'
  | 'controlCharacters'
  | 'idInvalid'
  | 'kindInvalid'
  | 'roleInvalid'
  | 'rolesRequired'
  | 'targetInvalid'
  | 'daysInvalid'
  | 'emailInvalid'
  | 'versionInvalid'
  | 'timeInvalid'
  | 'offsetsInvalid'
  | 'templateRequired'
  | 'categoriesRequired'
  | 'invalid';

export const noticeIdSchema = z.uuid({ error: 'idInvalid' });

/** The version a form or request started from (optimistic concurrency). */
export const versionSchema = z.coerce
  .number({ error: 'versionInvalid' })
  .int({ error: 'versionInvalid' })
  .min(0, { error: 'versionInvalid' });

const kindSchema = z.enum(NOTICE_KINDS, { error: 'kindInvalid' });
const roleSchema = z.enum(CONTACT_ROLES, { error: 'roleInvalid' });

/** A subject: one line (line breaks become spaces when rendered), ends trimmed. May be empty in a draft of another language. */
const subjectSchema = z
  .string({ error: 'required' })
  .transform((value) => value.trim())
  .pipe(z.string().max(NOTICE_SUBJECT_MAX, { error: 'tooLong' }));

/** A Markdown body: line endings normalised, trailing spaces at the very end dropped. */
const bodySchema = z
  .string({ error: 'required' })
  .transform((value) => value.replace(/\r\n?/g, '\n').trimEnd())
  .pipe(z.string().max(MARKDOWN_MAX_LENGTH, { error: 'tooLong' }));

const languageContentSchema = z.object({ subject: subjectSchema.default(''), body: bodySchema.default('') });

/** Subject and Markdown body per language; a language left empty is allowed until a recipient needs it. */
export const noticeContentSchema = z.object({
  en: languageContentSchema.default({ subject: '', body: '' }),
  'zh-TW': languageContentSchema.default({ subject: '', body: '' }),
});
export type NoticeContentInput = z.output<typeof noticeContentSchema>;

const idList = z.array(z.uuid({ error: 'idInvalid' }), { error: 'idInvalid' }).max(NOTICE_TARGETS_MAX, { error: 'tooMany' });

/**
 * The notice's targets:
 * - `customers`: these customers, plus the customer of every subscription listed; the listed
 *   subscriptions are the ones concerned (none for a general notice);
 * - `endingWithin`: every customer with an ACTIVE subscription whose commitment ends from today
 *   to today + `days` (UTC calendar days); those subscriptions are the ones concerned. Resolved
 *   when the notice is saved: the notice then lists those customers and subscriptions.
 * - `affected` (a notice linked to a Microsoft communication only): every customer the
 *   communication affects, less `excludeCustomerIds`. Resolved when the notice is saved, too.
 */
export const noticeTargetSchema = z.discriminatedUnion(
  'mode',
  [
    z.object({
      mode: z.literal('customers'),
      customerIds: idList.default([]).transform((ids) => [...new Set(ids.map((id) => id.toLowerCase()))]),
      subscriptionIds: idList.default([]).transform((ids) => [...new Set(ids.map((id) => id.toLowerCase()))]),
    }),
    z.object({
      mode: z.literal('endingWithin'),
      days: z.coerce
        .number({ error: 'daysInvalid' })
        .int({ error: 'daysInvalid' })
        .min(1, { error: 'daysInvalid' })
        .max(ENDING_WITHIN_MAX_DAYS, { error: 'daysInvalid' }),
    }),
    z.object({
      mode: z.literal('affected'),
      excludeCustomerIds: idList.default([]).transform((ids) => [...new Set(ids.map((id) => id.toLowerCase()))]),
    }),
  ],
  { error: 'targetInvalid' },
);
export type NoticeTargetInput = z.output<typeof noticeTargetSchema>;

export const rolesSchema = z
  .array(roleSchema, { error: 'rolesRequired' })
  .min(1, { error: 'rolesRequired' })
  .max(CONTACT_ROLES.length * 2, { error: 'tooMany' })
  .transform((roles) => CONTACT_ROLES.filter((role) => roles.includes(role)));

/** A whole notice as the composer or `POST /api/v1/notices` gives it. */
export const noticeInputSchema = z.object({
  kind: kindSchema,
  content: noticeContentSchema,
  target: noticeTargetSchema,
  recipientRoles: rolesSchema,
  templateId: z.uuid({ error: 'idInvalid' }).nullable().optional(),
  /** The Microsoft communication a SERVICE_UPDATE notice is about (its kind must then be SERVICE_UPDATE). */
  communicationId: z.uuid({ error: 'idInvalid' }).nullable().optional(),
});
export type NoticeInput = z.input<typeof noticeInputSchema>;
export type ParsedNoticeInput = z.output<typeof noticeInputSchema>;

/**
 * A change to a draft or scheduled notice (`PATCH`): every field optional, those given replace the
 * stored ones (`content` replaces both languages; `target` replaces customers and subscriptions).
 * The communication a notice is about is set when it is made, never changed.
 */
export const noticePatchSchema = noticeInputSchema.omit({ communicationId: true }).partial();
export type NoticePatch = z.input<typeof noticePatchSchema>;
export type ParsedNoticePatch = z.output<typeof noticePatchSchema>;

export const scheduleSchema = z.object({
  id: noticeIdSchema,
  version: versionSchema,
  /** An instant with its offset (the form converts the user's local time in their time zone). */
  at: z.iso.datetime({ offset: true, error: 'timeInvalid' }).transform((value) => new Date(value)),
});

export const noticeVersionSchema = z.object({ id: noticeIdSchema, version: versionSchema });

export const retrySchema = z.object({
  id: noticeIdSchema,
  version: versionSchema.optional(),
  deliveryIds: z
    .array(z.uuid({ error: 'idInvalid' }))
    .max(NOTICE_TARGETS_MAX, { error: 'tooMany' })
    .optional(),
});

// ---------------------------------------------------------------------------------------------
// Templates, sender identity, reminder rule

export const nameText = (max: number) =>
  z
    .string({ error: 'required' })
    .transform((value) => value.trim().replace(/\s+/g, ' '))
    .pipe(
      z
        .string()
        .min(1, { error: 'required', abort: true })
        .max(max, { error: 'tooLong', abort: true })
        .refine((value) => !hasControlCharacters(value), 'controlCharacters'),
    );

const requiredSubject = subjectSchema.pipe(z.string().min(1, { error: 'required' }));
const requiredBody = bodySchema.pipe(z.string().refine((value) => value.trim() !== '', 'required'));

/** A template prefills notices in both languages: both are required. */
export const templateInputSchema = z.object({
  name: nameText(TEMPLATE_NAME_MAX),
  kind: kindSchema,
  content: z.object({
    en: z.object({ subject: requiredSubject, body: requiredBody }),
    'zh-TW': z.object({ subject: requiredSubject, body: requiredBody }),
  }),
});
export type TemplateInput = z.input<typeof templateInputSchema>;
export type ParsedTemplateInput = z.output<typeof templateInputSchema>;

/** The partner's sender identity: the From display name and the Reply-To address (optional). */
export const senderIdentitySchema = z.object({
  senderName: nameText(SENDER_NAME_MAX),
  senderReplyTo: z
    .string({ error: 'emailInvalid' })
    .transform((value) => value.trim())
    .pipe(z.string().max(254, { error: 'tooLong' }))
    .refine((value) => value === '' || isEmail(value), 'emailInvalid')
    .transform((value) => (value === '' ? null : value.toLowerCase()))
    .nullable()
    .optional()
    .transform((value) => value ?? null),
});
export type SenderIdentityInput = z.input<typeof senderIdentitySchema>;

/** Automatic renewal reminders: on/off, days before the commitment end, and the template to use. */
export const reminderRuleSchema = z
  .object({
    enabled: z.boolean({ error: 'invalid' }),
    offsetsDays: z
      .array(
        z.coerce
          .number({ error: 'offsetsInvalid' })
          .int({ error: 'offsetsInvalid' })
          .min(1, { error: 'offsetsInvalid' })
          .max(REMINDER_OFFSET_MAX_DAYS, { error: 'offsetsInvalid' }),
        { error: 'offsetsInvalid' },
      )
      .min(1, { error: 'offsetsInvalid' })
      .max(REMINDER_OFFSETS_MAX, { error: 'tooMany' })
      .transform((offsets) => [...new Set(offsets)].sort((a, b) => b - a)),
    templateId: z.uuid({ error: 'idInvalid' }).nullable(),
  })
  .refine((rule) => !rule.enabled || rule.templateId !== null, { error: 'templateRequired', path: ['templateId'] });
export type ReminderRuleInput = z.input<typeof reminderRuleSchema>;

// ---------------------------------------------------------------------------------------------
// Lists (URL query or API query): invalid values are dropped, never a crash.

const optionalDay = z.string().refine(isIsoDay).optional().catch(undefined);

const optionalLimit = (fallback: number) =>
  z.coerce
    .number()
    .int()
    .min(1)
    .max(PAGE_LIMIT_MAX)
    .optional()
    .catch(undefined)
    .transform((value) => value ?? fallback);

export const noticeListQuerySchema = z.object({
  status: z.enum(NOTICE_STATUSES).optional().catch(undefined),
  kind: kindSchema.optional().catch(undefined),
  customerId: z.uuid().optional().catch(undefined),
  /** Notices about this Microsoft communication. */
  communicationId: z.uuid().optional().catch(undefined),
  /** Calendar days (YYYY-MM-DD) in the viewer's time zone: a notice's date is when it was sent, else scheduled, else created. */
  from: optionalDay,
  to: optionalDay,
  cursor: z.string().max(200).optional().catch(undefined),
  limit: optionalLimit(NOTICES_PAGE_SIZE),
});
export type NoticeListQuery = z.input<typeof noticeListQuerySchema>;

export const renewalCoverageQuerySchema = z.object({
  withinDays: z.coerce
    .number()
    .int()
    .min(1)
    .max(ENDING_WITHIN_MAX_DAYS)
    .optional()
    .catch(undefined)
    .transform((value) => value ?? 90),
  covered: z
    .enum(['yes', 'no'])
    .optional()
    .catch(undefined)
    .transform((value) => (value === undefined ? undefined : value === 'yes')),
  autoRenew: z
    .enum(['yes', 'no'])
    .optional()
    .catch(undefined)
    .transform((value) => (value === undefined ? undefined : value === 'yes')),
  cursor: z.string().max(200).optional().catch(undefined),
  limit: optionalLimit(RENEWALS_PAGE_SIZE),
});
export type RenewalCoverageQuery = z.input<typeof renewalCoverageQuerySchema>;

/** Field errors as codes, keyed by the dotted path of the field ("content.zh-TW.body"). */
export function noticeFieldErrorsOf(issues: readonly { path: PropertyKey[]; message: string }[]): Record<string, NoticeFormErrorCode> {
  const out: Record<string, NoticeFormErrorCode> = {};
  for (const issue of issues) {
    const field = issue.path.length === 0 ? 'form' : issue.path.map(String).join('.');
    if (!(field in out)) out[field] = (KNOWN_CODES.has(issue.message) ? issue.message : 'invalid') as NoticeFormErrorCode;
  }
  return out;
}

const KNOWN_CODES = new Set<string>([
  'required',
  'tooLong',
  'tooMany',
  'controlCharacters',
  'idInvalid',
  'kindInvalid',
  'roleInvalid',
  'rolesRequired',
  'targetInvalid',
  'daysInvalid',
  'emailInvalid',
  'versionInvalid',
  'timeInvalid',
  'offsetsInvalid',
  'templateRequired',
  'categoriesRequired',
  'invalid',
]);
