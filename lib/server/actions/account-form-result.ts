import 'server-only';
import { fieldErrorsOf } from '../../schemas/customers';
import type { AccountFormErrorCode } from '../../schemas/accounts';
import type { PasswordProblem } from '../../domain/accounts';

// What the account forms' actions answer (partners.ts, users.ts, account-links.ts): the data
// layer's codes as the forms word them (customerForms.errors.*), with the field each concerns.

const FORM_CODES = {
  FORBIDDEN: 'accountNotAllowed',
  NOT_FOUND: 'accountNotFound',
  STALE: 'stale',
  EMAIL_TAKEN: 'emailTaken',
  PARTNER_NUMBER_TAKEN: 'partnerNumberTaken',
  CLOUD_RETIRED: 'cloudRetired',
  LAST_ADMIN: 'lastAdmin',
  NOT_OPEN: 'invitationClosed',
  INVITATION_INVALID: 'invitationClosed',
  RESET_INVALID: 'resetClosed',
  THROTTLED: 'resetThrottled',
} as const;

export type AccountFailure = keyof typeof FORM_CODES;
export type AccountFormCode = 'invalid' | 'mailFailed' | PasswordProblem | (typeof FORM_CODES)[AccountFailure];
export type AccountFormResult =
  | { ok: true; email?: string; mailFailed?: boolean }
  | { ok: false; code: AccountFormCode; fieldErrors?: Record<string, AccountFormErrorCode | 'resetClosed'> };

const FIELDS: Partial<Record<AccountFormCode, string>> = {
  emailTaken: 'email',
  partnerNumberTaken: 'partnerNumber',
  cloudRetired: 'cloud',
};

/** A refusal from the data layer in the form's words; a refused password is the `password` field's. */
export function refusedAccount(
  failure: { code: AccountFailure } | { code: 'PASSWORD_REJECTED'; problem: PasswordProblem },
  passwordField = 'password',
): AccountFormResult {
  if (failure.code === 'PASSWORD_REJECTED') return { ok: false, code: failure.problem, fieldErrors: { [passwordField]: failure.problem } };
  const code = FORM_CODES[failure.code];
  const field = FIELDS[code];
  return field ? { ok: false, code, fieldErrors: { [field]: code as AccountFormErrorCode } } : { ok: false, code };
}

export function invalidAccountForm(issues: readonly { path: PropertyKey[]; message: string }[]): AccountFormResult {
  return { ok: false, code: 'invalid', fieldErrors: fieldErrorsOf(issues) };
}
