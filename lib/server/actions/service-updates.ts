'use server';
import 'server-only';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getViewer } from '../guards';
import { requestAddress } from '../request';
import { deleteServiceUpdateRule, saveServiceUpdateRule, setServiceUpdateOptOut } from '../data/service-update-rules';
import type { NoticeFailure } from '../data/notice-results';
import { noticeFieldErrorsOf, type NoticeFormErrorCode } from '../../schemas/notices';
import type { ServiceUpdateRuleInput } from '../../schemas/service-updates';

// The automatic service-update rules (/settings/notices/service-updates) and a customer's opt-out
// of them (its page and that settings page). Every export is a public endpoint: parse (zod) →
// guard (a signed-in user; the data layer checks settings:notices) → data (scoped to the viewer's
// partner, versioned, audited) → revalidate/redirect → a typed result whose codes the forms word
// in both languages.

export type ServiceUpdateCode =
  'FORBIDDEN' | 'NOT_FOUND' | 'INVALID' | 'STALE' | 'NAME_TAKEN' | 'TEMPLATE_NOT_FOUND' | 'TEMPLATE_NOT_SERVICE_UPDATE' | 'UNEXPECTED';

export type ServiceUpdateResult = { ok: true } | { ok: false; code: ServiceUpdateCode; fieldErrors?: Record<string, NoticeFormErrorCode> };

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};
const all = (form: FormData, name: string) =>
  form
    .getAll(name)
    .filter((value): value is string => typeof value === 'string')
    .slice(0, 100);

const idSchema = z.uuid();
const versionSchema = z.coerce.number().int().min(0);

function refused(failure: NoticeFailure): ServiceUpdateResult {
  switch (failure.code) {
    case 'INVALID':
      return { ok: false, code: 'INVALID', fieldErrors: failure.fieldErrors };
    case 'TEMPLATE_NOT_FOUND':
    case 'TEMPLATE_NOT_SERVICE_UPDATE':
      return { ok: false, code: failure.code, fieldErrors: { templateId: 'invalid' } };
    case 'FORBIDDEN':
    case 'NOT_FOUND':
    case 'STALE':
    case 'NAME_TAKEN':
      return { ok: false, code: failure.code };
    default:
      return { ok: false, code: 'UNEXPECTED' };
  }
}

/** The rule form's fields as the data layer's input (parsed there); services one per line. */
function ruleInputOf(form: FormData): ServiceUpdateRuleInput {
  const minSeverity = text(form, 'minSeverity');
  const templateId = text(form, 'templateId');
  return {
    name: text(form, 'name'),
    enabled: text(form, 'enabled') === 'on',
    action: text(form, 'action') as ServiceUpdateRuleInput['action'],
    categories: all(form, 'categories') as ServiceUpdateRuleInput['categories'],
    services: text(form, 'services')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean),
    minSeverity: minSeverity === '' ? null : (minSeverity as ServiceUpdateRuleInput['minSeverity']),
    recipientRoles: all(form, 'recipientRoles') as ServiceUpdateRuleInput['recipientRoles'],
    templateId: templateId === '' ? null : templateId,
  };
}

/** Creates a rule (no `ruleId`) or saves one (`ruleId` and the `version` it was loaded with). */
export async function saveServiceUpdateRuleAction(_: ServiceUpdateResult | null, form: FormData): Promise<ServiceUpdateResult> {
  const rawId = text(form, 'ruleId');
  const id = rawId === '' ? null : idSchema.safeParse(rawId);
  const version = rawId === '' ? null : versionSchema.safeParse(text(form, 'version'));
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'FORBIDDEN' };
  if (id && !id.success) return { ok: false, code: 'NOT_FOUND' };
  if (version && !version.success) return { ok: false, code: 'INVALID', fieldErrors: noticeFieldErrorsOf(version.error.issues) };
  const result = await saveServiceUpdateRule(viewer, { id: id?.data ?? null, expectedVersion: version?.data ?? null }, ruleInputOf(form), {
    address: await requestAddress(),
  });
  if (!result.ok) return refused(result);
  revalidatePath('/settings/notices/service-updates');
  redirect('/settings/notices/service-updates?saved=rule');
}

export async function deleteServiceUpdateRuleAction(_: ServiceUpdateResult | null, form: FormData): Promise<ServiceUpdateResult> {
  const id = idSchema.safeParse(text(form, 'ruleId'));
  const version = versionSchema.safeParse(text(form, 'version'));
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'FORBIDDEN' };
  if (!id.success) return { ok: false, code: 'NOT_FOUND' };
  if (!version.success) return { ok: false, code: 'INVALID', fieldErrors: { version: 'versionInvalid' } };
  const result = await deleteServiceUpdateRule(viewer, id.data, version.data, { address: await requestAddress() });
  if (!result.ok) return refused(result);
  revalidatePath('/settings/notices/service-updates');
  redirect('/settings/notices/service-updates?saved=ruleDeleted');
}

/** A customer opts out of the automatic service-update notices (`optedOut` "1") or back in ("0"). */
export async function setServiceUpdateOptOutAction(_: ServiceUpdateResult | null, form: FormData): Promise<ServiceUpdateResult> {
  const id = idSchema.safeParse(text(form, 'customerId'));
  const optedOut = z.enum(['0', '1']).safeParse(text(form, 'optedOut'));
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'FORBIDDEN' };
  if (!id.success) return { ok: false, code: 'NOT_FOUND' };
  if (!optedOut.success) return { ok: false, code: 'INVALID' };
  const result = await setServiceUpdateOptOut(viewer, id.data, optedOut.data === '1', { address: await requestAddress() });
  if (!result.ok) return refused(result);
  revalidatePath(`/customers/${id.data}`);
  revalidatePath('/settings/notices/service-updates');
  return { ok: true };
}
