'use server';
import 'server-only';
import { after } from 'next/server';
import { redirect } from 'next/navigation';
import { requestAddress } from '../request';
import { acceptInvitation } from '../data/invitations';
import { requestPasswordReset, resetPassword } from '../data/password-resets';
import { sendAccountMail } from '../mail/account-mail';
import { invalidAccountForm, refusedAccount, type AccountFormResult } from './account-form-result';
import { formObject } from './customer-form-result';
import { acceptInvitationSchema, forgotPasswordSchema, resetPasswordSchema } from '../../schemas/accounts';
import { logger } from '../../runtime/logger';

// What people do from a link or signed out: accept an invitation, ask for a password-reset link,
// set a new password with one. Each export is a public endpoint; none needs a session.

/** Creates the invited user; the form then signs them in with the password they just chose. */
export async function acceptInvitationAction(_: AccountFormResult | null, form: FormData): Promise<AccountFormResult> {
  const parsed = acceptInvitationSchema.safeParse(formObject(form));
  if (!parsed.success) return invalidAccountForm(parsed.error.issues);
  const result = await acceptInvitation(parsed.data, await requestAddress());
  if (!result.ok) return refusedAccount(result);
  return { ok: true, email: result.email };
}

/**
 * The same answer whether or not a user has the address. The mail is sent after the answer
 * (`after`), so that the time to answer does not tell either.
 */
export async function forgotPasswordAction(_: AccountFormResult | null, form: FormData): Promise<AccountFormResult> {
  const parsed = forgotPasswordSchema.safeParse(formObject(form));
  if (!parsed.success) return invalidAccountForm(parsed.error.issues);
  const result = await requestPasswordReset(parsed.data.email, await requestAddress());
  if (!result.ok) return refusedAccount(result);
  const mail = result.mail;
  if (mail) {
    after(() =>
      sendAccountMail({ kind: 'passwordReset', to: mail.email, name: mail.name, language: mail.language, token: mail.token }).catch(
        (error: unknown) => logger.warn({ err: error }, 'password-reset mail not sent'),
      ),
    );
  }
  return { ok: true };
}

/** Sets the new password; every session of the user ends, and they sign in again with it. */
export async function resetPasswordAction(_: AccountFormResult | null, form: FormData): Promise<AccountFormResult> {
  const parsed = resetPasswordSchema.safeParse(formObject(form));
  if (!parsed.success) return invalidAccountForm(parsed.error.issues);
  const result = await resetPassword(parsed.data.token, parsed.data.password, await requestAddress());
  if (!result.ok) return refusedAccount(result);
  redirect('/signin?notice=PASSWORD_RESET');
}
