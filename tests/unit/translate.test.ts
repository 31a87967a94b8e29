import { describe, expect, it } from 'vitest';
import en from '@/messages/en.json';
import zhTW from '@/messages/zh-TW.json';
import { MESSAGES, createTranslator, formatDate, formatDateTime, formatNumber, type MessageKey, type Messages } from '@/lib/i18n/translate';

/** Every leaf of a message tree as `a.b.c` → value; non-string leaves are kept to be reported. */
function flatten(node: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (typeof node === 'object' && node !== null && !Array.isArray(node)) {
    for (const [key, value] of Object.entries(node)) {
      for (const [k, v] of flatten(value, prefix ? `${prefix}.${key}` : key)) out.set(k, v);
    }
  } else {
    out.set(prefix, node);
  }
  return out;
}

function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? ''))].sort();
}

const enFlat = flatten(en);
const zhFlat = flatten(zhTW);
const sharedKeys = [...enFlat.keys()].filter((key) => zhFlat.has(key));

describe('message files', () => {
  it('have a reasonable number of keys (the flattening found the leaves)', () => {
    expect(enFlat.size).toBeGreaterThan(50);
    expect(enFlat.get('nav.dashboard')).toBe('Dashboard');
  });

  it('have exactly the same key set in en.json and zh-TW.json', () => {
    const onlyEn = [...enFlat.keys()].filter((key) => !zhFlat.has(key));
    const onlyZh = [...zhFlat.keys()].filter((key) => !enFlat.has(key));
    expect(onlyEn, `keys in en.json missing from zh-TW.json: ${onlyEn.join(', ')}`).toEqual([]);
    expect(onlyZh, `keys in zh-TW.json missing from en.json: ${onlyZh.join(', ')}`).toEqual([]);
  });

  it('contain only non-empty strings as leaves', () => {
    for (const [name, flat] of [
      ['en.json', enFlat],
      ['zh-TW.json', zhFlat],
    ] as const) {
      const bad = [...flat].filter(([, value]) => typeof value !== 'string' || value.trim() === '').map(([key]) => key);
      expect(bad, `${name}: empty or non-string values at ${bad.join(', ')}`).toEqual([]);
    }
  });

  it('use the same {placeholders} in both languages for every key', () => {
    const mismatches = sharedKeys
      .map((key) => ({ key, en: placeholders(String(enFlat.get(key))), zh: placeholders(String(zhFlat.get(key))) }))
      .filter(({ en: a, zh: b }) => a.join(',') !== b.join(','))
      .map(({ key, en: a, zh: b }) => `${key}: en {${a.join(', ')}} vs zh-TW {${b.join(', ')}}`);
    expect(mismatches, mismatches.join('\n')).toEqual([]);
  });

  it('actually translate: at least 80% of the zh-TW strings differ from the English ones', () => {
    const same = sharedKeys.filter((key) => enFlat.get(key) === zhFlat.get(key));
    const ratio = (sharedKeys.length - same.length) / sharedKeys.length;
    expect(ratio, `identical in both files: ${same.join(', ')}`).toBeGreaterThanOrEqual(0.8);
  });

  it('are the ones the translator uses', () => {
    expect(MESSAGES.en).toBe(en);
    expect(MESSAGES['zh-TW']).toBe(zhTW);
  });
});

describe('createTranslator', () => {
  it('looks up nested keys in the chosen language', () => {
    expect(createTranslator('en')('nav.dashboard')).toBe('Dashboard');
    expect(createTranslator('zh-TW')('nav.dashboard')).toBe(zhFlat.get('nav.dashboard'));
    expect(createTranslator('zh-TW')('nav.dashboard')).not.toBe('Dashboard');
    expect(createTranslator('en')('signin.errors.throttled')).toBe('Too many failed sign-in attempts. Wait a few minutes, then try again.');
  });

  it('interpolates strings and formats numbers per locale', () => {
    const t = createTranslator('en');
    expect(t('dashboard.renewalsWithoutNotice', { count: 12345 })).toBe('12,345 without a renewal notice');
    expect(t('dashboard.renewalsWithoutNotice', { count: 3 })).toBe('3 without a renewal notice');
    expect(t('errors.reference', { reference: 'abc123' })).toBe('Reference: abc123');
    expect(createTranslator('zh-TW')('dashboard.renewalsWithoutNotice', { count: 12345 })).toContain('12,345');
  });

  it('formats numbers with the translator locale (custom messages)', () => {
    const messages = structuredClone(en) as Messages;
    messages.errors.reference = 'n={digest}';
    expect(createTranslator('en', messages)('errors.reference', { digest: 1234567.5 })).toBe('n=1,234,567.5');
    expect(createTranslator('zh-TW', messages)('errors.reference', { digest: 1234567.5 })).toBe(
      `n=${new Intl.NumberFormat('zh-TW').format(1234567.5)}`,
    );
  });

  it('replaces every occurrence of a placeholder and leaves the rest of the text alone', () => {
    const messages = structuredClone(en) as Messages;
    messages.errors.reference = '{digest}-{digest} {digest}{ digest }';
    expect(createTranslator('en', messages)('errors.reference', { digest: 'x' })).toBe('x-x x{ digest }');
  });

  it('falls back to the key itself for an unknown key or a key that names a group', () => {
    const t = createTranslator('en');
    expect(t('nav.nope' as MessageKey)).toBe('nav.nope');
    expect(t('no.such.key' as MessageKey, { count: 1 })).toBe('no.such.key');
    expect(t('nav' as MessageKey)).toBe('nav');
    expect(t('nav.dashboard.deeper' as MessageKey)).toBe('nav.dashboard.deeper');
  });

  it('leaves a placeholder as is when its value is missing', () => {
    const t = createTranslator('en');
    expect(t('dashboard.description')).toBe('An overview of {partner}: customers, subscriptions and the notices that are yours to send.');
    expect(t('dashboard.description', {})).toBe(
      'An overview of {partner}: customers, subscriptions and the notices that are yours to send.',
    );
    expect(t('dashboard.description', { count: 2 })).toBe(
      'An overview of {partner}: customers, subscriptions and the notices that are yours to send.',
    );
    expect(t('dashboard.description', { partner: 'Contoso' })).toBe(
      'An overview of Contoso: customers, subscriptions and the notices that are yours to send.',
    );
  });

  it('does not interpret $ patterns in values', () => {
    expect(createTranslator('en')('errors.reference', { reference: "$& $1 $' $$" })).toBe("Reference: $& $1 $' $$");
  });
});

describe('formatNumber', () => {
  it('groups thousands', () => {
    expect(formatNumber('en', 12345)).toBe('12,345');
    expect(formatNumber('zh-TW', 12345)).toBe('12,345');
    expect(formatNumber('en', 0)).toBe('0');
  });
});

describe('formatDate / formatDateTime', () => {
  const lateNewYear = new Date('2026-01-01T23:30:00Z');
  const spaces = (s: string) => s.replace(/\s/g, ' ');

  it('defaults to UTC', () => {
    expect(formatDate('en', lateNewYear)).toBe('Jan 1, 2026');
    expect(spaces(formatDateTime('en', lateNewYear))).toBe('Jan 1, 2026, 11:30 PM');
  });

  it('honours the time zone: 23:30 UTC on Jan 1 is Jan 2 in Taipei', () => {
    expect(formatDate('en', lateNewYear, 'Asia/Taipei')).toBe('Jan 2, 2026');
    expect(spaces(formatDateTime('en', lateNewYear, 'Asia/Taipei'))).toBe('Jan 2, 2026, 7:30 AM');
    expect(formatDate('zh-TW', lateNewYear, 'Asia/Taipei')).toBe('2026年1月2日');
    expect(formatDate('zh-TW', lateNewYear, 'UTC')).toBe('2026年1月1日');
    const zhDateTime = formatDateTime('zh-TW', lateNewYear, 'Asia/Taipei');
    expect(zhDateTime).toContain('2026年1月2日');
    expect(zhDateTime).toContain('7:30');
  });

  it('honours a time zone behind UTC', () => {
    expect(formatDate('en', new Date('2026-01-01T05:00:00Z'), 'America/Los_Angeles')).toBe('Dec 31, 2025');
    expect(spaces(formatDateTime('en', lateNewYear, 'America/Los_Angeles'))).toBe('Jan 1, 2026, 3:30 PM');
  });

  it('rejects an unknown time zone instead of silently using another', () => {
    expect(() => formatDate('en', lateNewYear, 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});
