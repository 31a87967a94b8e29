// The password policy with its list of the most common passwords: the list of
// `@zxcvbn-ts/language-common` (about 49,000 passwords from public breach corpora, maintained with
// zxcvbn-ts). Used by every place a password is set (invitations, resets, the profile,
// create-admin); no `server-only`, so that scripts can import it.
import { dictionary } from '@zxcvbn-ts/language-common';
import { passwordKey, passwordProblem, type PasswordProblem } from '../domain/accounts';

let common: Set<string> | undefined;

export function isCommonPassword(key: string): boolean {
  common ??= new Set(dictionary['passwords-common'].map(passwordKey));
  return common.has(key);
}

/** What is wrong with `password` as the new password of `email`, or null. */
export function newPasswordProblem(password: string, email: string): PasswordProblem | null {
  return passwordProblem(password, email, isCommonPassword);
}
