'use server';
import 'server-only';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getViewer } from '../guards';
import { requestAddress } from '../request';
import { deleteTemplate, saveTemplate } from '../data/notice-templates';
import { saveSenderIdentity } from '../data/sender-identity';
import type { NoticeFailure, TemplateCheckError } from '../data/notice-results';
import { saveReminderRule } from '../data/reminder-rules';
import {
  NOTICE_KINDS,
  REMINDER_OFFSET_MAX_DAYS,
  REMINDER_OFFSETS_MAX,
  noticeFieldErrorsOf,
  type NoticeFormErrorCode,
} from '../../schemas/notices';

// The partner's notice settings (/settings/notices): sender identity, templates, the
// renewal-reminder rule. Every export is a public endpoint: parse (zod) → guard (settings:notices)
// → data (scoped to the viewer's partner, versioned, audited) → revalidate/redirect → a typed
// result whose codes the forms word in both languages.

export type NoticeSettingsCode =
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'INVALID'
  | 'STALE'
  | 'NAME_TAKEN'
  | 'TEMPLATE_INVALID'
  | 'TEMPLATE_IN_USE'
  | 'TEMPLATE_KIND_LOCKED'
  | 'TEMPLATE_NOT_FOUND'
  | 'UNEXPECTED';

export type NoticeSettingsResult =
  | { ok: true; version?: string }
  | { ok: false; code: NoticeSettingsCode; fieldErrors?: Record<string, NoticeSettingsFieldError>; templateErrors?: TemplateCheckError[] };

/** The data layer's field codes, plus the reminder offsets' own: each worded by the form. */
export type NoticeSettingsFieldError = NoticeFormErrorCode | 'offsetsRange' | 'offsetsDuplicate' | 'templateKind' | 'templateNotFound';

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

/** A data-layer refusal as the form's result (codes the forms know; anything else is "unexpected"). */
function refused(failure: NoticeFailure): NoticeSettingsResult {
  switch (failure.code) {
    case 'INVALID':
      return { ok: false, code: 'INVALID', fieldErrors: failure.fieldErrors };
    case 'TEMPLATE_INVALID':
      return { ok: false, code: 'TEMPLATE_INVALID', templateErrors: failure.errors };
    case 'FORBIDDEN':
    case 'NOT_FOUND':
    case 'STALE':
    case 'NAME_TAKEN':
    case 'TEMPLATE_IN_USE':
    case 'TEMPLATE_KIND_LOCKED':
    case 'TEMPLATE_NOT_FOUND':
      return { ok: false, code: failure.code };
    default:
      return { ok: false, code: 'UNEXPECTED' };
  }
}

function revalidateSettings() {
  revalidatePath('/settings/notices');
}

// ---------------------------------------------------------------------------------------------
// Sender identity

const senderFormSchema = z.object({
  version: z.string().min(1, { error: 'versionInvalid' }).max(64, { error: 'versionInvalid' }),
  senderName: z.string().max(1000, { error: 'tooLong' }),
  senderReplyTo: z.string().max(1000, { error: 'tooLong' }),
});

export async function saveSenderIdentityAction(_: NoticeSettingsResult | null, form: FormData): Promise<NoticeSettingsResult> {
  const parsed = senderFormSchema.safeParse({
    version: text(form, 'version'),
    senderName: text(form, 'senderName'),
    senderReplyTo: text(form, 'senderReplyTo'),
  });
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'FORBIDDEN' };
  if (!parsed.success) return { ok: false, code: 'INVALID', fieldErrors: noticeFieldErrorsOf(parsed.error.issues) };
  const { version, ...input } = parsed.data;
  const result = await saveSenderIdentity(viewer, version, input, { address: await requestAddress() });
  if (!result.ok) return refused(result);
  revalidateSettings();
  return { ok: true, version: result.identity.version };
}

// ---------------------------------------------------------------------------------------------
// Templates

const templateIdSchema = z.uuid({ error: 'idInvalid' });
const versionField = z.coerce.number({ error: 'versionInvalid' }).int({ error: 'versionInvalid' }).min(0, { error: 'versionInvalid' });

function templateInputOf(form: FormData) {
  return {
    name: text(form, 'name'),
    kind: text(form, 'kind') as (typeof NOTICE_KINDS)[number],
    content: {
      en: { subject: text(form, 'content.en.subject'), body: text(form, 'content.en.body') },
      'zh-TW': { subject: text(form, 'content.zh-TW.subject'), body: text(form, 'content.zh-TW.body') },
    },
  };
}

/** Creates a template (no `templateId` in the form) or saves one (with `templateId` and `version`). */
export async function saveTemplateAction(_: NoticeSettingsResult | null, form: FormData): Promise<NoticeSettingsResult> {
  const rawId = text(form, 'templateId');
  const id = rawId === '' ? null : templateIdSchema.safeParse(rawId);
  const version = rawId === '' ? null : versionField.safeParse(text(form, 'version'));
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'FORBIDDEN' };
  if (id && !id.success) return { ok: false, code: 'NOT_FOUND' };
  if (version && !version.success) return { ok: false, code: 'INVALID', fieldErrors: { version: 'versionInvalid' } };
  const result = await saveTemplate(viewer, { id: id?.data ?? null, expectedVersion: version?.data ?? null }, templateInputOf(form), {
    address: await requestAddress(),
  });
  if (!result.ok) return refused(result);
  revalidateSettings();
  revalidatePath(`/settings/notices/templates/${result.id}`);
  redirect(`/settings/notices?saved=template#templates`);
}

export async function deleteTemplateAction(_: NoticeSettingsResult | null, form: FormData): Promise<NoticeSettingsResult> {
  const id = templateIdSchema.safeParse(text(form, 'templateId'));
  const version = versionField.safeParse(text(form, 'version'));
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'FORBIDDEN' };
  if (!id.success) return { ok: false, code: 'NOT_FOUND' };
  if (!version.success) return { ok: false, code: 'INVALID', fieldErrors: { version: 'versionInvalid' } };
  const result = await deleteTemplate(viewer, id.data, version.data, { address: await requestAddress() });
  if (!result.ok) return refused(result);
  revalidateSettings();
  redirect(`/settings/notices?saved=templateDeleted#templates`);
}

// ---------------------------------------------------------------------------------------------
// Renewal reminders

const reminderFormSchema = z.object({
  version: versionField,
  enabled: z.enum(['on', 'off'], { error: 'invalid' }),
  offsetsDays: z.string().max(500, { error: 'offsetsInvalid' }),
  templateId: z.string().max(100),
});

/** "60, 30, 7" → [60, 30, 7]; anything that is not a list of whole numbers → null. */
function parseOffsets(value: string): number[] | null {
  const parts = value
    .split(/[,\s、，]+/)
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.length === 0 || parts.some((part) => !/^\d{1,6}$/.test(part))) return null;
  return parts.map(Number);
}

/** The offsets' problem, most basic first: not numbers, out of range, repeated, too many. */
function offsetsProblem(offsets: number[] | null): NoticeSettingsFieldError | null {
  if (!offsets) return 'offsetsInvalid';
  if (offsets.some((offset) => offset < 1 || offset > REMINDER_OFFSET_MAX_DAYS)) return 'offsetsRange';
  if (new Set(offsets).size !== offsets.length) return 'offsetsDuplicate';
  if (offsets.length > REMINDER_OFFSETS_MAX) return 'tooMany';
  return null;
}

export async function saveReminderRuleAction(_: NoticeSettingsResult | null, form: FormData): Promise<NoticeSettingsResult> {
  const parsed = reminderFormSchema.safeParse({
    version: text(form, 'version'),
    enabled: text(form, 'enabled') || 'off',
    offsetsDays: text(form, 'offsetsDays'),
    templateId: text(form, 'templateId'),
  });
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'FORBIDDEN' };
  if (!parsed.success) return { ok: false, code: 'INVALID', fieldErrors: noticeFieldErrorsOf(parsed.error.issues) };
  const enabled = parsed.data.enabled === 'on';
  const templateId = parsed.data.templateId === '' ? null : parsed.data.templateId;
  const offsets = parseOffsets(parsed.data.offsetsDays);
  const fieldErrors: Record<string, NoticeSettingsFieldError> = {};
  const offsetsError = offsetsProblem(offsets);
  if (offsetsError) fieldErrors.offsetsDays = offsetsError;
  if (enabled && !templateId) fieldErrors.templateId = 'templateRequired';
  if (templateId && !z.uuid().safeParse(templateId).success) fieldErrors.templateId = 'templateNotFound';
  if (Object.keys(fieldErrors).length > 0 || !offsets) return { ok: false, code: 'INVALID', fieldErrors };
  const result = await saveReminderRule(
    viewer,
    parsed.data.version,
    { enabled, offsetsDays: offsets, templateId },
    { address: await requestAddress() },
  );
  if (!result.ok) {
    if (result.code === 'TEMPLATE_NOT_FOUND') return { ok: false, code: 'INVALID', fieldErrors: { templateId: 'templateNotFound' } };
    if (result.code === 'TEMPLATE_NOT_RENEWAL') return { ok: false, code: 'INVALID', fieldErrors: { templateId: 'templateKind' } };
    return refused(result);
  }
  revalidateSettings();
  revalidatePath('/notices/renewals');
  return { ok: true, version: String(result.rule.version) };
}
