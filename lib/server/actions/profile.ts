'use server';
import 'server-only';
import { cookies } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { getViewer } from '../guards';
import { requestAddress } from '../request';
import { changePassword, updateProfile } from '../data/profile';
import { signOutEverywhere } from '../data/sessions';
import { passwordSchema, profileSchema, type ProfileErrorCode } from '../../schemas/profile';
import { LOCALE_COOKIE } from '../../i18n/locales';

export type ActionResult =
  { ok: true } | { ok: false; code: ProfileErrorCode | 'UNAUTHENTICATED'; fieldErrors?: Record<string, ProfileErrorCode> };

function fieldErrors(issues: { path: PropertyKey[]; message: string }[]): Record<string, ProfileErrorCode> {
  return Object.fromEntries(issues.map((issue) => [String(issue.path[0]), issue.message as ProfileErrorCode]));
}

export async function updateProfileAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const parsed = profileSchema.safeParse(Object.fromEntries(form));
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'UNAUTHENTICATED' };
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error.issues);
    return { ok: false, code: Object.values(errors)[0] ?? 'nameRequired', fieldErrors: errors };
  }
  const saved = await updateProfile(
    viewer,
    { ...parsed.data, expectedUpdatedAt: new Date(parsed.data.expectedUpdatedAt) },
    await requestAddress(),
  );
  if (!saved.ok) return saved.code === 'STALE' ? { ok: false, code: 'stale' } : { ok: false, code: 'UNAUTHENTICATED' };
  // The profile language becomes the chosen language of this browser too.
  (await cookies()).set(LOCALE_COOKIE, parsed.data.language, { path: '/', maxAge: 365 * 24 * 60 * 60, sameSite: 'lax' });
  revalidatePath('/', 'layout');
  return { ok: true };
}

export async function changePasswordAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const parsed = passwordSchema.safeParse(Object.fromEntries(form));
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'UNAUTHENTICATED' };
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error.issues);
    return { ok: false, code: Object.values(errors)[0] ?? 'passwordTooShort', fieldErrors: errors };
  }
  const changed = await changePassword(viewer, parsed.data.currentPassword, parsed.data.newPassword, await requestAddress());
  if (!changed.ok) {
    if (changed.code === 'PASSWORD_REJECTED') return { ok: false, code: changed.problem, fieldErrors: { newPassword: changed.problem } };
    if (changed.code === 'CURRENT_PASSWORD_WRONG') {
      return { ok: false, code: 'currentPasswordWrong', fieldErrors: { currentPassword: 'currentPasswordWrong' } };
    }
    return changed.code === 'THROTTLED' ? { ok: false, code: 'passwordThrottled' } : { ok: false, code: 'UNAUTHENTICATED' };
  }
  return { ok: true };
}

/**
 * Ends every session of the viewer, this one included; the form then clears this browser's cookie.
 * Whoever is not signed in is refused with a code, like by every action.
 */
export async function signOutEverywhereAction(): Promise<{ ok: true } | { ok: false; code: 'UNAUTHENTICATED' | 'FORBIDDEN' }> {
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'UNAUTHENTICATED' };
  const result = await signOutEverywhere(viewer, await requestAddress());
  return result.ok ? { ok: true } : { ok: false, code: result.code };
}
