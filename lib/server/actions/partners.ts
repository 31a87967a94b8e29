'use server';
import 'server-only';
import { revalidatePath } from 'next/cache';
import { getViewer } from '../guards';
import { requestAddress } from '../request';
import { createPartner, renamePartner } from '../data/partners';
import { invitePartnerAdmin } from '../data/invitations';
import { invalidAccountForm, refusedAccount, type AccountFormResult } from './account-form-result';
import { formObject } from './customer-form-result';
import { mailInvitation } from './invitations';
import { createPartnerSchema, invitePartnerAdminSchema, renamePartnerSchema } from '../../schemas/accounts';

// The portal admin's partner actions (/admin/partners). Each export is a public endpoint: parse →
// a signed-in viewer → the data function (which checks `admin:partners` and audits) → revalidate.

export async function createPartnerAction(_: AccountFormResult | null, form: FormData): Promise<AccountFormResult> {
  const parsed = createPartnerSchema.safeParse(formObject(form));
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'accountNotAllowed' };
  if (!parsed.success) return invalidAccountForm(parsed.error.issues);
  const result = await createPartner(viewer, parsed.data, await requestAddress());
  if (!result.ok) return refusedAccount(result);
  revalidatePath('/admin/partners');
  return { ok: true };
}

export async function renamePartnerAction(_: AccountFormResult | null, form: FormData): Promise<AccountFormResult> {
  const parsed = renamePartnerSchema.safeParse(formObject(form));
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'accountNotAllowed' };
  if (!parsed.success) return invalidAccountForm(parsed.error.issues);
  const { partnerId, name, expectedUpdatedAt } = parsed.data;
  const result = await renamePartner(viewer, partnerId, name, new Date(expectedUpdatedAt), await requestAddress());
  if (!result.ok) return refusedAccount(result);
  revalidatePath('/admin/partners');
  return { ok: true };
}

export async function invitePartnerAdminAction(_: AccountFormResult | null, form: FormData): Promise<AccountFormResult> {
  const parsed = invitePartnerAdminSchema.safeParse(formObject(form));
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'accountNotAllowed' };
  if (!parsed.success) return invalidAccountForm(parsed.error.issues);
  const { partnerId, ...input } = parsed.data;
  const result = await invitePartnerAdmin(viewer, partnerId, input, await requestAddress());
  if (!result.ok) return refusedAccount(result);
  revalidatePath('/admin/partners');
  return mailInvitation(result.mail);
}
