// The account forms: partners, invitations, users and roles, passwords. zod schemas shared by the
// forms and the server actions; messages are codes the forms word (customerForms.errors.<code>).
// What needs the database or the list of common passwords (an e-mail in use, the password policy
// beyond its length) is the data layer's answer.
import { z } from '../zod';
import { LOCALES } from '../i18n/locales';
import { CLOUDS } from '../domain/policy';
import { isPartnerNumber, PARTNER_ROLES, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, type PasswordProblem } from '../domain/accounts';
import { isEmail, TEXT_LIMITS } from '../domain/customer-import/fields';
import { lower, text, type CustomerFormErrorCode } from './customers';

export type AccountFormErrorCode =
  | CustomerFormErrorCode
  | PasswordProblem
  | 'passwordMismatch'
  | 'partnerNumberInvalid'
  | 'partnerNumberTaken'
  | 'emailTaken'
  | 'lastAdmin'
  | 'invitationClosed';

/** A new password's length, counted as people count characters; the rest of the policy is checked with the e-mail. */
export const newPassword = z
  .string({ error: 'passwordTooShort' })
  .refine((value) => [...value].length >= PASSWORD_MIN_LENGTH, 'passwordTooShort')
  .refine((value) => [...value].length <= PASSWORD_MAX_LENGTH, 'passwordTooLong');

const email = lower(isEmail, 'emailInvalid', TEXT_LIMITS.email);
const id = z.uuid({ error: 'idInvalid' });
const expectedUpdatedAt = z.iso.datetime({ error: 'versionInvalid' });
const name = text(100);

function confirmed<T extends { password: string; confirmPassword: string }>(value: T) {
  return value.password === value.confirmPassword;
}
const mismatch = { message: 'passwordMismatch', path: ['confirmPassword'] };

export const createPartnerSchema = z.object({
  name: text(200),
  partnerNumber: z
    .string({ error: 'required' })
    .transform((value) => value.trim())
    .pipe(z.string().min(1, { error: 'required' }).refine(isPartnerNumber, 'partnerNumberInvalid')),
  cloud: z.enum(CLOUDS, { error: 'cloudInvalid' }),
});

export const renamePartnerSchema = z.object({ partnerId: id, name: text(200), expectedUpdatedAt });

export const inviteUserSchema = z.object({
  email,
  role: z.enum(PARTNER_ROLES, { error: 'roleInvalid' }),
  language: z.enum(LOCALES, { error: 'languageInvalid' }),
});

export const invitePartnerAdminSchema = z.object({ partnerId: id, email, language: z.enum(LOCALES, { error: 'languageInvalid' }) });

export const invitationIdSchema = z.object({ invitationId: id });

export const changeRoleSchema = z.object({ userId: id, role: z.enum(PARTNER_ROLES, { error: 'roleInvalid' }), expectedUpdatedAt });

export const setActiveSchema = z.object({
  userId: id,
  active: z.enum(['true', 'false'], { error: 'idInvalid' }).transform((value) => value === 'true'),
  expectedUpdatedAt,
});

const token = z.string({ error: 'invitationClosed' }).min(1, 'invitationClosed').max(200, 'invitationClosed');

export const acceptInvitationSchema = z
  .object({ token, name, password: newPassword, confirmPassword: z.string({ error: 'passwordMismatch' }) })
  .refine(confirmed, mismatch);

export const forgotPasswordSchema = z.object({ email });

export const resetPasswordSchema = z
  .object({ token, password: newPassword, confirmPassword: z.string({ error: 'passwordMismatch' }) })
  .refine(confirmed, mismatch);
