// Message lookup and interpolation, pure: `t('nav.dashboard')`, `t('x.y', { count: 3 })`.
// Messages live in messages/<locale>.json with the same keys (a unit test checks it).
import en from '../../messages/en.json';
import zhTW from '../../messages/zh-TW.json';
import type { Locale } from './locales';

export type Messages = typeof en;

type Join<K, P> = K extends string ? (P extends string ? `${K}.${P}` : never) : never;
type Paths<T> = T extends string ? never : { [K in keyof T]: T[K] extends string ? K : Join<K, Paths<T[K]>> }[keyof T];
export type MessageKey = Paths<Messages>;
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export const MESSAGES: Record<Locale, Messages> = { en, 'zh-TW': zhTW };

function lookup(messages: unknown, key: string): string | undefined {
  let node: unknown = messages;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

export function createTranslator(locale: Locale, messages: Messages = MESSAGES[locale]): Translate {
  return (key, values) => {
    const template = lookup(messages, key) ?? key;
    if (!values) return template;
    return template.replace(/\{(\w+)\}/g, (match, name: string) => {
      const value = values[name];
      if (value === undefined) return match;
      return typeof value === 'number' ? formatNumber(locale, value) : value;
    });
  };
}

// Formatters are reused: building one costs far more than formatting with it, and a list page
// formats a few dates per row. Keyed by everything that shapes them; an unknown time zone throws
// (RangeError) as Intl does, and is not kept.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let format = formatters.get(key) as T | undefined;
  if (!format) {
    format = make();
    if (formatters.size >= 500) formatters.clear();
    formatters.set(key, format);
  }
  return format;
}

export function formatNumber(locale: Locale, value: number): string {
  return cached(`n|${locale}`, () => new Intl.NumberFormat(locale)).format(value);
}

export function formatDateTime(locale: Locale, value: Date, timeZone = 'UTC'): string {
  return cached(
    `dt|${locale}|${timeZone}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }),
  ).format(value);
}

export function formatDate(locale: Locale, value: Date, timeZone = 'UTC'): string {
  return cached(`d|${locale}|${timeZone}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone })).format(value);
}

/** A moment to the second (the audit trail). */
export function formatTimestamp(locale: Locale, value: Date, timeZone = 'UTC'): string {
  return cached(
    `ts|${locale}|${timeZone}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium', timeZone }),
  ).format(value);
}
