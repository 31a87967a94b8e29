import type { MessageKey } from '@/lib/i18n/translate';

// What the sign-in page can say went wrong: the codes next-auth hands back (our providers' and
// callbacks' refusals, and next-auth's own for a failed identity-provider round trip), in words.
export const SIGN_IN_ERRORS = {
  INVALID_CREDENTIALS: 'signin.errors.invalid',
  THROTTLED: 'signin.errors.throttled',
  SESSION_ENDED: 'signin.errors.sessionEnded',
  REQUIRED: 'signin.errors.required',
  UNAVAILABLE: 'signin.errors.unavailable',
  PASSWORD_SIGN_IN_DISABLED: 'signin.errors.passwordSignInDisabled',
  CODE_REQUIRED: 'signin.errors.codeRequired',
  CODE_INVALID: 'signin.errors.codeInvalid',
  CODE_USED: 'signin.errors.codeUsed',
  CHALLENGE_EXPIRED: 'signin.errors.challengeExpired',
  SSO_NO_ACCOUNT: 'signin.errors.ssoNoAccount',
  SSO_DEACTIVATED: 'signin.errors.ssoDeactivated',
  SSO_EMAIL_NOT_VERIFIED: 'signin.errors.ssoEmailNotVerified',
  SSO_LINKED_TO_ANOTHER: 'signin.errors.ssoLinkedToAnother',
  SSO_FAILED: 'signin.errors.ssoFailed',
} as const satisfies Record<string, MessageKey>;

export type SignInError = keyof typeof SIGN_IN_ERRORS;

/** next-auth's own codes for an identity provider's round trip that failed (a tampered or expired state, a refused token…). */
const PROVIDER_ROUND_TRIP_ERRORS = ['OAuthSignin', 'OAuthCallback', 'Callback', 'OAuthAccountNotLinked', 'AccessDenied', 'Signin'];

/** The error a code names, or undefined for none or one the page does not know. */
export function signInErrorOf(code: string | null | undefined): SignInError | undefined {
  if (!code) return undefined;
  if (Object.hasOwn(SIGN_IN_ERRORS, code)) return code as SignInError;
  return PROVIDER_ROUND_TRIP_ERRORS.includes(code) ? 'SSO_FAILED' : undefined;
}
