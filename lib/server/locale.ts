import 'server-only';
import { cache } from 'react';
import { cookies, headers } from 'next/headers';
import { getViewer } from './guards';
import { EMBED_LOCALE_HEADER } from '../domain/embed';
import { isLocale, localeFromAcceptLanguage, LOCALE_COOKIE, type Locale } from '../i18n/locales';
import { createTranslator, MESSAGES, type Translate } from '../i18n/translate';

/**
 * The language of this request: the embedded dashboard's token's (proxy.ts sets it), else the
 * cookie, else the signed-in user's profile, else the browser's.
 */
export const getLocale = cache(async (): Promise<Locale> => {
  const embedded = (await headers()).get(EMBED_LOCALE_HEADER);
  if (isLocale(embedded)) return embedded;
  const cookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(cookie)) return cookie;
  const viewer = await getViewer().catch(() => null);
  if (viewer) return viewer.locale;
  return localeFromAcceptLanguage((await headers()).get('accept-language'));
});

export async function getTranslator(): Promise<{ locale: Locale; t: Translate }> {
  const locale = await getLocale();
  return { locale, t: createTranslator(locale, MESSAGES[locale]) };
}
