'use server';
import 'server-only';
import { revalidatePath } from 'next/cache';
import { getViewer, getViewerDuringEnrolment } from '../guards';
import type { UserViewer } from '../viewer';
import { requestAddress } from '../request';
import {
  cancelTwoStepEnrolment,
  confirmTwoStepEnrolment,
  renewRecoveryCodes,
  startTwoStepEnrolment,
  turnOffTwoStep,
} from '../data/two-step';
import { setPasswordSignIn, setTwoStepRequired } from '../data/sign-in-rules';
import {
  signInRuleSchema,
  turnOffTwoStepSchema,
  twoStepCodeSchema,
  type SignInRuleCode,
  type TwoStepFormCode,
} from '../../schemas/two-step';

// /settings/security. The user's own two-step sign-in works while its enrolment is pending (that
// is what the page is for); the partner's rules need a viewer who may use the rest of the portal.

export type TwoStepActionResult =
  | { ok: true; recoveryCodes?: string[] }
  | { ok: false; code: TwoStepFormCode | 'UNAUTHENTICATED'; fieldErrors?: Record<string, TwoStepFormCode> };

export type SignInRuleActionResult = { ok: true } | { ok: false; code: SignInRuleCode | 'UNAUTHENTICATED' };

const PATH = '/settings/security';

function fieldErrors(issues: { path: PropertyKey[]; message: string }[]): Record<string, TwoStepFormCode> {
  return Object.fromEntries(issues.map((issue) => [String(issue.path[0]), issue.message as TwoStepFormCode]));
}

function invalid(issues: { path: PropertyKey[]; message: string }[]): TwoStepActionResult {
  const errors = fieldErrors(issues);
  return { ok: false, code: Object.values(errors)[0] ?? 'REQUIRED', fieldErrors: errors };
}

/** A refusal of the data layer as the form shows it: a wrong code or password at its field. */
function refused(code: string): TwoStepActionResult {
  if (code === 'FORBIDDEN') return { ok: false, code: 'UNAUTHENTICATED' };
  const known = code as TwoStepFormCode;
  if (known === 'CODE_INVALID' || known === 'CODE_USED') return { ok: false, code: known, fieldErrors: { code: known } };
  if (known === 'PASSWORD_WRONG') return { ok: false, code: known, fieldErrors: { password: known } };
  return { ok: false, code: known };
}

export async function startTwoStepEnrolmentAction(): Promise<TwoStepActionResult> {
  const viewer = await getViewerDuringEnrolment();
  if (!viewer) return { ok: false, code: 'UNAUTHENTICATED' };
  const result = await startTwoStepEnrolment(viewer, await requestAddress());
  if (!result.ok) return refused(result.code);
  revalidatePath(PATH);
  return { ok: true };
}

export async function cancelTwoStepEnrolmentAction(): Promise<TwoStepActionResult> {
  const viewer = await getViewerDuringEnrolment();
  if (!viewer) return { ok: false, code: 'UNAUTHENTICATED' };
  const result = await cancelTwoStepEnrolment(viewer, await requestAddress());
  if (!result.ok) return refused(result.code);
  revalidatePath(PATH);
  return { ok: true };
}

/** A form with an authenticator code: parsed, then `run` for the viewer (held at enrolment or not); a refusal at its field. */
async function withCode(
  form: FormData,
  run: (viewer: UserViewer, code: string, address: string) => Promise<{ ok: true; recoveryCodes: string[] } | { ok: false; code: string }>,
): Promise<TwoStepActionResult> {
  const parsed = twoStepCodeSchema.safeParse(Object.fromEntries(form));
  const viewer = await getViewerDuringEnrolment();
  if (!viewer) return { ok: false, code: 'UNAUTHENTICATED' };
  if (!parsed.success) return invalid(parsed.error.issues);
  const result = await run(viewer, parsed.data.code, await requestAddress());
  return result.ok ? { ok: true, recoveryCodes: result.recoveryCodes } : refused(result.code);
}

/** Confirms the key with a first code; answers with the recovery codes (shown once — the page refreshes when the user is done with them). */
export async function confirmTwoStepEnrolmentAction(_: TwoStepActionResult | null, form: FormData): Promise<TwoStepActionResult> {
  return withCode(form, confirmTwoStepEnrolment);
}

/** Ten new recovery codes for a current code (shown once, like the first ones). */
export async function renewRecoveryCodesAction(_: TwoStepActionResult | null, form: FormData): Promise<TwoStepActionResult> {
  return withCode(form, renewRecoveryCodes);
}

export async function turnOffTwoStepAction(_: TwoStepActionResult | null, form: FormData): Promise<TwoStepActionResult> {
  const parsed = turnOffTwoStepSchema.safeParse(Object.fromEntries(form));
  const viewer = await getViewerDuringEnrolment();
  if (!viewer) return { ok: false, code: 'UNAUTHENTICATED' };
  if (!parsed.success) return invalid(parsed.error.issues);
  const result = await turnOffTwoStep(viewer, parsed.data.password, parsed.data.code, await requestAddress());
  if (!result.ok) return refused(result.code);
  revalidatePath('/', 'layout');
  return { ok: true };
}

/** A partner admin sets one of the partner's sign-in rules. */
export async function setSignInRuleAction(_: SignInRuleActionResult | null, form: FormData): Promise<SignInRuleActionResult> {
  const parsed = signInRuleSchema.safeParse(Object.fromEntries(form));
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'UNAUTHENTICATED' };
  if (!parsed.success) return { ok: false, code: 'UNEXPECTED' };
  const on = parsed.data.value === 'on';
  const address = await requestAddress();
  const result =
    parsed.data.rule === 'twoStepRequired' ? await setTwoStepRequired(viewer, on, address) : await setPasswordSignIn(viewer, on, address);
  if (!result.ok) return result.code === 'FORBIDDEN' ? { ok: false, code: 'UNAUTHENTICATED' } : { ok: false, code: result.code };
  revalidatePath(PATH);
  return { ok: true };
}
