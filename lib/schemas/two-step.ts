import { z } from '../zod';

// The forms of /settings/security. Field errors are codes the page words (security.errors.*).

const code = z.string({ error: 'REQUIRED' }).trim().min(1, 'REQUIRED').max(64, 'CODE_INVALID');

/** A code from the authenticator app (enrolment, new recovery codes). */
export const twoStepCodeSchema = z.object({ code });

/** Turning two-step sign-in off: the password and a current code. */
export const turnOffTwoStepSchema = z.object({
  password: z.string({ error: 'REQUIRED' }).min(1, 'REQUIRED').max(1024, 'PASSWORD_WRONG'),
  code,
});

/** One of the partner's sign-in rules, on or off. */
export const signInRuleSchema = z.object({
  rule: z.enum(['twoStepRequired', 'passwordSignIn']),
  value: z.enum(['on', 'off']),
});

export type TwoStepFormCode =
  | 'REQUIRED'
  | 'CODE_INVALID'
  | 'CODE_USED'
  | 'THROTTLED'
  | 'PASSWORD_WRONG'
  | 'NOT_ENROLLING'
  | 'EXEMPT'
  | 'ALREADY_ENABLED'
  | 'NOT_ENABLED'
  | 'UNEXPECTED';

export type SignInRuleCode = 'NO_PROVIDER' | 'NO_LINKED_ADMIN' | 'UNEXPECTED';
