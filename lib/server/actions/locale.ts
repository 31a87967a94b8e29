'use server';
import 'server-only';
import { cookies } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '../db';
import { getViewer } from '../guards';
import { requestAddress } from '../request';
import { LOCALE_COOKIE, LOCALES, localeToDb } from '../../i18n/locales';

const schema = z.object({ locale: z.enum(LOCALES) });

/** Open to everyone (the sign-in page has the switch too); a signed-in user's profile remembers it. */
export async function setLocaleAction(input: { locale: string }): Promise<{ ok: true } | { ok: false; code: 'INVALID_LOCALE' }> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return { ok: false, code: 'INVALID_LOCALE' };
  const { locale } = parsed.data;
  (await cookies()).set(LOCALE_COOKIE, locale, { path: '/', maxAge: 365 * 24 * 60 * 60, sameSite: 'lax', httpOnly: false });
  const viewer = await getViewer();
  if (viewer && viewer.locale !== locale) {
    const db = getDb();
    await db.$transaction([
      db.user.update({ where: { id: viewer.userId }, data: { language: localeToDb(locale) } }),
      db.auditEvent.create({
        data: {
          actorId: viewer.userId,
          actorLabel: viewer.email,
          partnerId: viewer.partnerId,
          action: 'user.language_changed',
          targetType: 'User',
          targetId: viewer.userId,
          before: { language: viewer.locale },
          after: { language: locale },
          address: await requestAddress(),
        },
      }),
    ]);
  }
  revalidatePath('/', 'layout');
  return { ok: true };
}
