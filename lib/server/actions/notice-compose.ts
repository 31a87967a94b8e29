'use server';
import 'server-only';
import { z } from 'zod';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getViewer } from '../guards';
import { requestAddress } from '../request';
import type { Viewer } from '../viewer';
import { createNotice, updateNotice } from '../data/notice-writes';
import { renderPreview, type NoticePreview } from '../data/notice-preview';
import { scheduleNotice, sendNoticeNow } from '../data/notice-transitions';
import type { NoticeErrorCode, NoticeFailure } from '../data/notice-results';
import { getComposerCustomers, searchComposerCustomers, type ComposerCustomer, type ComposerCustomerMatch } from '../data/notice-composer';
import { noticeFieldErrorsOf, noticeIdSchema, noticeInputSchema, versionSchema, type NoticeInput } from '../../schemas/notices';
import type { NoticeCheckError } from '../../domain/notice-template';
import { localDateTimeToInstant } from '../../domain/local-date-time';
import { can } from '../../domain/permissions';
import { isLocale, type Locale } from '../../i18n/locales';

// The notice composer's endpoints. Every export is a public endpoint: parse (zod) → guard (the
// viewer may write notices) → data (partner-scoped, audited) → revalidate and redirect to the
// notice's page, or a typed result with a code (and field errors or the domain's check errors as
// codes) that the composer words in the user's language. Nothing is saved when a step refuses,
// except that a notice created (or changed) before its scheduling or sending is refused stays a
// draft: the result then says so and carries its id and version, so the form goes on editing it.

export type ComposeIntent = 'draft' | 'schedule' | 'send';

export type ComposeCode = 'notAllowed' | NoticeErrorCode | 'SCHEDULE_TIME_INVALID' | 'SCHEDULE_TIME_NONEXISTENT';

export type ComposeResult =
  | { ok: true }
  | {
      ok: false;
      code: ComposeCode;
      fieldErrors?: Record<string, string>;
      /** NOTICE_INVALID: the domain's findings. */
      errors?: NoticeCheckError[];
      /** The notice was saved as a draft (this id and version) before the step that was refused. */
      saved?: { id: string; version: number };
    };

const MAX_FORM_VALUES = 20_000;

const formShape = z.object({
  intent: z.enum(['draft', 'schedule', 'send']).catch('draft'),
  noticeId: z.union([z.literal(''), noticeIdSchema]).optional(),
  version: z.union([z.literal(''), versionSchema]).optional(),
  keepTargets: z.string().optional(),
  scheduleAt: z.string().max(40).optional(),
});

function all(form: FormData, name: string): string[] {
  return form
    .getAll(name)
    .filter((value): value is string => typeof value === 'string')
    .slice(0, MAX_FORM_VALUES);
}

function one(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === 'string' ? value : undefined;
}

/** The composer's fields as the data layer's notice input (validated there and below). */
function noticeInputOf(form: FormData): NoticeInput {
  const chosenMode = one(form, 'targetMode');
  const mode = chosenMode === 'endingWithin' || chosenMode === 'affected' ? chosenMode : 'customers';
  const templateId = one(form, 'templateId');
  const communicationId = one(form, 'communicationId');
  return {
    kind: one(form, 'kind') as NoticeInput['kind'],
    content: {
      en: { subject: one(form, 'content.en.subject') ?? '', body: one(form, 'content.en.body') ?? '' },
      'zh-TW': { subject: one(form, 'content.zh-TW.subject') ?? '', body: one(form, 'content.zh-TW.body') ?? '' },
    },
    target:
      mode === 'endingWithin'
        ? { mode, days: one(form, 'target.days') as unknown as number }
        : mode === 'affected'
          ? { mode, excludeCustomerIds: all(form, 'target.excludeCustomerIds') }
          : { mode, customerIds: all(form, 'target.customerIds'), subscriptionIds: all(form, 'target.subscriptionIds') },
    recipientRoles: all(form, 'recipientRoles') as NoticeInput['recipientRoles'],
    templateId: templateId ? templateId : null,
    communicationId: communicationId ? communicationId : null,
  };
}

/** The composer's own reads (customer search, preview) are for those who may write notices. */
async function composer(): Promise<Viewer | null> {
  const viewer = await getViewer();
  return viewer && viewer.partnerId && can(viewer.role, 'notice:write') ? viewer : null;
}

/** A refusal of the data layer as the composer's result (field errors where a field is concerned). */
function refused(failure: NoticeFailure, saved?: { id: string; version: number }): ComposeResult {
  const base = saved ? { saved } : {};
  switch (failure.code) {
    case 'FORBIDDEN':
      return { ok: false, code: 'notAllowed', ...base };
    case 'INVALID':
      return { ok: false, code: 'INVALID', fieldErrors: failure.fieldErrors, ...base };
    case 'NOTICE_INVALID':
      return { ok: false, code: 'NOTICE_INVALID', errors: failure.errors, ...base };
    case 'SCHEDULE_NOT_IN_FUTURE':
    case 'SCHEDULE_INVALID_TIME':
      return { ok: false, code: failure.code, fieldErrors: { scheduleAt: failure.code }, ...base };
    case 'CUSTOMER_NOT_FOUND':
    case 'SUBSCRIPTION_NOT_FOUND':
      return { ok: false, code: failure.code, fieldErrors: { target: failure.code }, ...base };
    case 'TEMPLATE_NOT_FOUND':
      return { ok: false, code: failure.code, fieldErrors: { templateId: failure.code }, ...base };
    default:
      return { ok: false, code: failure.code, ...base };
  }
}

/**
 * Save draft, Schedule or Send now, for a new notice (no `noticeId`: createNotice first) or the
 * one being edited (`noticeId` and the `version` the form was loaded with: updateNotice). A
 * schedule time is the wall time typed, in the user's own time zone (their profile's).
 */
export async function saveNoticeAction(_: ComposeResult | null, form: FormData): Promise<ComposeResult> {
  const shape = formShape.safeParse(
    Object.fromEntries(['intent', 'noticeId', 'version', 'keepTargets', 'scheduleAt'].map((name) => [name, one(form, name)])),
  );
  const input = noticeInputOf(form);
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'notAllowed' };
  if (!shape.success) return { ok: false, code: 'INVALID', fieldErrors: noticeFieldErrorsOf(shape.error.issues) };
  const { intent, noticeId, version, keepTargets, scheduleAt } = shape.data;
  const editing = typeof noticeId === 'string' && noticeId !== '';
  if (editing && typeof version !== 'number') return { ok: false, code: 'INVALID', fieldErrors: { version: 'versionInvalid' } };
  const parsed = noticeInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, code: 'INVALID', fieldErrors: noticeFieldErrorsOf(parsed.error.issues) };

  // The schedule time first: a time that cannot be used saves nothing.
  const now = new Date();
  let at: Date | null = null;
  if (intent === 'schedule') {
    const converted = localDateTimeToInstant(scheduleAt ?? '', viewer.timeZone);
    if (!converted.ok) {
      const code = converted.code === 'NONEXISTENT' ? 'SCHEDULE_TIME_NONEXISTENT' : 'SCHEDULE_TIME_INVALID';
      return { ok: false, code, fieldErrors: { scheduleAt: code } };
    }
    if (converted.instant.getTime() <= now.getTime())
      return { ok: false, code: 'SCHEDULE_NOT_IN_FUTURE', fieldErrors: { scheduleAt: 'SCHEDULE_NOT_IN_FUTURE' } };
    at = new Date(converted.iso);
  }

  const ctx = { address: await requestAddress() };
  let ref: { id: string; version: number };
  if (editing) {
    const { target, communicationId: _communication, ...rest } = input;
    const patch = keepTargets === '1' ? rest : { ...rest, target };
    const result = await updateNotice(viewer, noticeId, version as number, patch, ctx);
    if (!result.ok) return refused(result);
    ref = { id: result.id, version: result.version };
  } else {
    const result = await createNotice(viewer, input, ctx);
    if (!result.ok) return refused(result);
    ref = { id: result.id, version: result.version };
  }

  if (intent === 'schedule' && at) {
    const result = await scheduleNotice(viewer, ref.id, ref.version, at, new Date(), ctx);
    if (!result.ok) return refused(result, ref);
  } else if (intent === 'send') {
    const result = await sendNoticeNow(viewer, ref.id, ref.version, new Date(), ctx);
    if (!result.ok) return refused(result, ref);
  }
  revalidatePath('/notices');
  revalidatePath(`/notices/${ref.id}`);
  revalidatePath('/dashboard');
  redirect(`/notices/${ref.id}`);
}

const searchSchema = z.string().max(200);

/** The customer picker: the partner's customers matching `q` by name or domain (a few). */
export async function searchNoticeCustomersAction(
  q: unknown,
): Promise<{ ok: true; customers: ComposerCustomerMatch[] } | { ok: false; code: 'notAllowed' | 'INVALID' }> {
  const parsed = searchSchema.safeParse(q);
  const viewer = await composer();
  if (!viewer) return { ok: false, code: 'notAllowed' };
  if (!parsed.success) return { ok: false, code: 'INVALID' };
  return { ok: true, customers: await searchComposerCustomers(viewer, parsed.data) };
}

const idsSchema = z.array(z.uuid()).max(200);

/** The picked customers with their subscriptions and contacts per role. */
export async function loadNoticeCustomersAction(
  ids: unknown,
): Promise<{ ok: true; customers: ComposerCustomer[] } | { ok: false; code: 'notAllowed' | 'INVALID' }> {
  const parsed = idsSchema.safeParse(ids);
  const viewer = await composer();
  if (!viewer) return { ok: false, code: 'notAllowed' };
  if (!parsed.success) return { ok: false, code: 'INVALID' };
  return { ok: true, customers: await getComposerCustomers(viewer, parsed.data) };
}

export type ComposerPreviewResult =
  | { ok: true; preview: NoticePreview }
  | { ok: false; code: 'notAllowed' | 'INVALID' | 'PREVIEW_UNAVAILABLE'; fieldErrors?: Record<string, string> };

const pickSchema = z.object({
  email: z.string().max(320).optional().catch(undefined),
  language: z
    .string()
    .optional()
    .catch(undefined)
    .transform((value) => (isLocale(value) ? value : undefined)),
});

/**
 * The composer's Preview: exactly what a recipient gets from the form as it is now (nothing is
 * saved), for the recipient picked (else the first of each language) and in the language asked.
 */
export async function previewNoticeAction(form: FormData, pick: unknown): Promise<ComposerPreviewResult> {
  if (!(form instanceof FormData)) return { ok: false, code: 'INVALID' };
  const input = noticeInputOf(form);
  const choice = pickSchema.safeParse(pick ?? {});
  const viewer = await composer();
  if (!viewer) return { ok: false, code: 'notAllowed' };
  const parsed = noticeInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, code: 'INVALID', fieldErrors: noticeFieldErrorsOf(parsed.error.issues) };
  const wanted: { email?: string; language?: Locale } = choice.success ? choice.data : {};
  let preview = await renderPreview(viewer, { draft: input }, wanted);
  // The recipient picked is no longer among the recipients (the targets changed): the first one.
  if (!preview && wanted.email) preview = await renderPreview(viewer, { draft: input }, { language: wanted.language });
  if (!preview) return { ok: false, code: 'PREVIEW_UNAVAILABLE' };
  return { ok: true, preview };
}
