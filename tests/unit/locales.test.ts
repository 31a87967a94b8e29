import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCALE, LOCALES, LOCALE_COOKIE, isLocale, localeFromAcceptLanguage, localeFromDb, localeToDb } from '@/lib/i18n/locales';

describe('locales', () => {
  it('are English and Traditional Chinese, English by default', () => {
    expect(LOCALES).toEqual(['en', 'zh-TW']);
    expect(DEFAULT_LOCALE).toBe('en');
    expect(LOCALE_COOKIE).toBe('portal-locale');
  });
});

describe('isLocale', () => {
  it('accepts exactly the supported tags', () => {
    expect(isLocale('en')).toBe(true);
    expect(isLocale('zh-TW')).toBe(true);
  });

  it.each([['zh_TW'], ['zh-tw'], ['zh'], ['EN'], ['en-US'], [''], [' en'], [null], [undefined], [1], [{}], [['en']]])(
    'rejects %j',
    (value) => {
      expect(isLocale(value)).toBe(false);
    },
  );
});

describe('localeFromDb / localeToDb', () => {
  it('maps the Prisma enum members', () => {
    expect(localeFromDb('en')).toBe('en');
    expect(localeFromDb('zh_TW')).toBe('zh-TW');
    expect(localeToDb('en')).toBe('en');
    expect(localeToDb('zh-TW')).toBe('zh_TW');
  });

  it('round-trips every locale and every database value', () => {
    for (const locale of LOCALES) expect(localeFromDb(localeToDb(locale))).toBe(locale);
    for (const value of ['en', 'zh_TW'] as const) expect(localeToDb(localeFromDb(value))).toBe(value);
  });
});

describe('localeFromAcceptLanguage', () => {
  it.each([
    ['en', 'en'],
    ['en-US', 'en'],
    ['en-GB', 'en'],
    ['EN-gb', 'en'],
    ['zh', 'zh-TW'],
    ['zh-TW', 'zh-TW'],
    ['zh-CN', 'zh-TW'],
    ['zh-Hant', 'zh-TW'],
    ['zh-Hant-TW', 'zh-TW'],
    ['zh-Hans-CN', 'zh-TW'],
    ['ZH-HK', 'zh-TW'],
  ] as const)('single tag %s → %s', (header, expected) => {
    expect(localeFromAcceptLanguage(header)).toBe(expected);
  });

  it.each([
    ['fr-FR', 'en'],
    ['de, ja;q=0.9', 'en'],
    ['*', 'en'],
    ['eng', 'en'],
    ['zhx', 'en'],
  ] as const)('unsupported %s → %s (the default)', (header, expected) => {
    expect(localeFromAcceptLanguage(header)).toBe(expected);
  });

  it('falls back to a supported tag further down the list', () => {
    expect(localeFromAcceptLanguage('fr-FR, de;q=0.9, zh-TW;q=0.8, en;q=0.7')).toBe('zh-TW');
    expect(localeFromAcceptLanguage('fr-FR, de;q=0.9, en;q=0.8, zh-TW;q=0.7')).toBe('en');
    expect(localeFromAcceptLanguage('ja, zh-CN;q=0.5')).toBe('zh-TW');
  });

  it('ranks by q-value, not by position', () => {
    expect(localeFromAcceptLanguage('en;q=0.5, zh-TW;q=0.9')).toBe('zh-TW');
    expect(localeFromAcceptLanguage('zh-TW;q=0.4, en-US;q=0.6')).toBe('en');
    expect(localeFromAcceptLanguage('en;q=0.8, zh')).toBe('zh-TW'); // no q means q=1
    expect(localeFromAcceptLanguage('zh-TW; q=0.3, en; q=0.7')).toBe('en'); // space after the semicolon
  });

  // RFC 9110 §12.4.2: weight = OWS ";" OWS "q=" qvalue — whitespace is allowed before the ";" too.
  it('allows whitespace before the ";" of a q-value', () => {
    expect(localeFromAcceptLanguage('zh-TW ;q=0.3, en ;q=0.7')).toBe('en');
    expect(localeFromAcceptLanguage('fr, en ; q=0.7')).toBe('en');
    expect(localeFromAcceptLanguage('fr, zh-TW ;q=0.5')).toBe('zh-TW');
  });

  it('keeps header order between equal q-values', () => {
    expect(localeFromAcceptLanguage('zh-TW, en')).toBe('zh-TW');
    expect(localeFromAcceptLanguage('en, zh-TW')).toBe('en');
    expect(localeFromAcceptLanguage('zh-TW;q=0.5, en;q=0.5')).toBe('zh-TW');
  });

  it('ignores languages with q=0 (explicitly not acceptable)', () => {
    expect(localeFromAcceptLanguage('zh-TW;q=0, en;q=0.1')).toBe('en');
    expect(localeFromAcceptLanguage('en;q=0, zh;q=0.1')).toBe('zh-TW');
    expect(localeFromAcceptLanguage('zh-TW;q=0')).toBe('en');
    expect(localeFromAcceptLanguage('zh;q=0.000')).toBe('en');
  });

  it.each([
    [undefined],
    [null],
    [''],
    [' '],
    [','],
    [';;;'],
    ['q=1'],
    [';q=0.9'],
    ['zh-TW;q=abc'],
    ['\u0000\uffff'],
    ['en;q=zz, zh-TW;q=banana'],
  ])('treats empty or garbage %j as the default', (header) => {
    expect(localeFromAcceptLanguage(header)).toBe('en');
  });

  it('treats a garbage q-value as unacceptable, not as preferred', () => {
    expect(localeFromAcceptLanguage('zh-TW;q=abc, en;q=0.1')).toBe('en');
  });
});
