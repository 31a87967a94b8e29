'use server';
import 'server-only';
import { cookies } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getViewer } from '../guards';
import { requestAddress } from '../request';
import { setLanguage } from '../data/profile';
import { LOCALE_COOKIE, LOCALES } from '../../i18n/locales';

const schema = z.object({ locale: z.enum(LOCALES) });

/** Open to everyone (the sign-in page has the switch too); a signed-in user's profile remembers it. */
export async function setLocaleAction(input: { locale: string }): Promise<{ ok: true } | { ok: false; code: 'INVALID_LOCALE' }> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return { ok: false, code: 'INVALID_LOCALE' };
  const { locale } = parsed.data;
  (await cookies()).set(LOCALE_COOKIE, locale, { path: '/', maxAge: 365 * 24 * 60 * 60, sameSite: 'lax', httpOnly: false });
  const viewer = await getViewer();
  if (viewer) await setLanguage(viewer, locale, await requestAddress());
  revalidatePath('/', 'layout');
  return { ok: true };
}
