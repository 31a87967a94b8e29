// Pure locale helpers (no Next, no I/O): the two languages, the cookie name, and the choice
// from an Accept-Language header.
export const LOCALES = ['en', 'zh-TW'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';
export const LOCALE_COOKIE = 'portal-locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Prisma stores zh-TW as the enum member `zh_TW`. */
export function localeFromDb(value: 'en' | 'zh_TW'): Locale {
  return value === 'zh_TW' ? 'zh-TW' : 'en';
}
/** Raw SQL (`"language"::text`) sees the enum's database values ('en', 'zh-TW'); anything else is the default. */
export function localeFromSql(value: string | null | undefined): Locale {
  return isLocale(value) ? value : DEFAULT_LOCALE;
}
export function localeToDb(value: Locale): 'en' | 'zh_TW' {
  return value === 'zh-TW' ? 'zh_TW' : 'en';
}

/** The best supported language for an Accept-Language header (any zh → zh-TW). */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim().toLowerCase(), quality: Number.isFinite(quality) ? quality : 0 };
    })
    .filter((entry) => entry.tag && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality);
  for (const { tag } of ranked) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-TW';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return DEFAULT_LOCALE;
}
