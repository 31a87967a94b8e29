'use server';
import 'server-only';
import { revalidatePath } from 'next/cache';
import { getViewer } from '../guards';
import { requestAddress } from '../request';
import { inviteUser, resendInvitation, revokeInvitation } from '../data/invitations';
import { changeUserRole, setUserActive } from '../data/users';
import { invalidAccountForm, refusedAccount, type AccountFormResult } from './account-form-result';
import { formObject } from './customer-form-result';
import { mailInvitation } from './invitations';
import { changeRoleSchema, invitationIdSchema, inviteUserSchema, setActiveSchema } from '../../schemas/accounts';

// Users and invitations (/settings/users for partner admins; resend and revoke also from
// /admin/partners). Each export is a public endpoint: parse → a signed-in viewer → the data
// function (which checks the permission, scopes to the viewer's partner and audits) → revalidate.

function revalidateUsers() {
  revalidatePath('/settings/users');
  revalidatePath('/admin/partners');
}

export async function inviteUserAction(_: AccountFormResult | null, form: FormData): Promise<AccountFormResult> {
  const parsed = inviteUserSchema.safeParse(formObject(form));
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'accountNotAllowed' };
  if (!parsed.success) return invalidAccountForm(parsed.error.issues);
  const result = await inviteUser(viewer, parsed.data, await requestAddress());
  if (!result.ok) return refusedAccount(result);
  revalidateUsers();
  return mailInvitation(result.mail);
}

export async function resendInvitationAction(_: AccountFormResult | null, form: FormData): Promise<AccountFormResult> {
  const parsed = invitationIdSchema.safeParse(formObject(form));
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'accountNotAllowed' };
  if (!parsed.success) return invalidAccountForm(parsed.error.issues);
  const result = await resendInvitation(viewer, parsed.data.invitationId, await requestAddress());
  if (!result.ok) return refusedAccount(result);
  revalidateUsers();
  return result.mail ? mailInvitation(result.mail) : { ok: true };
}

export async function revokeInvitationAction(_: AccountFormResult | null, form: FormData): Promise<AccountFormResult> {
  const parsed = invitationIdSchema.safeParse(formObject(form));
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'accountNotAllowed' };
  if (!parsed.success) return invalidAccountForm(parsed.error.issues);
  const result = await revokeInvitation(viewer, parsed.data.invitationId, await requestAddress());
  if (!result.ok) return refusedAccount(result);
  revalidateUsers();
  return { ok: true };
}

export async function changeRoleAction(_: AccountFormResult | null, form: FormData): Promise<AccountFormResult> {
  const parsed = changeRoleSchema.safeParse(formObject(form));
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'accountNotAllowed' };
  if (!parsed.success) return invalidAccountForm(parsed.error.issues);
  const { userId, role, expectedUpdatedAt } = parsed.data;
  const result = await changeUserRole(viewer, userId, role, new Date(expectedUpdatedAt), await requestAddress());
  if (!result.ok) return refusedAccount(result);
  revalidateUsers();
  return { ok: true };
}

export async function setUserActiveAction(_: AccountFormResult | null, form: FormData): Promise<AccountFormResult> {
  const parsed = setActiveSchema.safeParse(formObject(form));
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'accountNotAllowed' };
  if (!parsed.success) return invalidAccountForm(parsed.error.issues);
  const { userId, active, expectedUpdatedAt } = parsed.data;
  const result = await setUserActive(viewer, userId, active, new Date(expectedUpdatedAt), await requestAddress());
  if (!result.ok) return refusedAccount(result);
  revalidateUsers();
  return { ok: true };
}
