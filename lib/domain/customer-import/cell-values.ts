// The words an import accepts in its cells, in English and zh-TW, compared without case, spaces
// or punctuation: clouds, languages, contact roles, subscription statuses, terms, billing cycles,
// yes/no, Partner Center's relationship lists, and dates.

import type { Locale } from '../../i18n/locales';
import type { Cloud, RelationshipToPartner } from '../policy';
import { QUANTITY_MAX, isIsoDate, type BillingCycle, type ContactRole, type SubscriptionStatus, type SubscriptionTerm } from './fields';

/** A header name or a cell's word as compared: lower case, letters and digits only. */
export const norm = (value: string) => value.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

function lookupValue<T extends string | boolean>(table: Record<string, T>, value: string): T | null {
  return table[norm(value)] ?? null;
}

const CLOUD_VALUES: Record<string, Cloud> = {
  public: 'PUBLIC',
  global: 'PUBLIC',
  commercial: 'PUBLIC',
  worldwide: 'PUBLIC',
  partnercenter: 'PUBLIC',
  partnercenterglobal: 'PUBLIC',
  全球: 'PUBLIC',
  usgovernment: 'US_GOVERNMENT',
  usgov: 'US_GOVERNMENT',
  government: 'US_GOVERNMENT',
  microsoftcloudforusgovernment: 'US_GOVERNMENT',
  美國政府: 'US_GOVERNMENT',
  germany: 'GERMANY',
  microsoftcloudgermany: 'GERMANY',
  德國: 'GERMANY',
};
const LANGUAGE_VALUES: Record<string, Locale> = {
  en: 'en',
  english: 'en',
  enus: 'en',
  engb: 'en',
  英文: 'en',
  zhtw: 'zh-TW',
  zhhant: 'zh-TW',
  zhhanttw: 'zh-TW',
  traditionalchinese: 'zh-TW',
  chinesetraditional: 'zh-TW',
  繁體中文: 'zh-TW',
  中文繁體: 'zh-TW',
};
const ROLE_VALUES: Record<string, ContactRole> = {
  primary: 'PRIMARY',
  primarycontact: 'PRIMARY',
  主要: 'PRIMARY',
  billing: 'BILLING',
  billingcontact: 'BILLING',
  帳單: 'BILLING',
  帳務: 'BILLING',
  technical: 'TECHNICAL',
  technicalcontact: 'TECHNICAL',
  技術: 'TECHNICAL',
};
const STATUS_VALUES: Record<string, SubscriptionStatus> = {
  active: 'ACTIVE',
  suspended: 'SUSPENDED',
  expired: 'EXPIRED',
  cancelled: 'CANCELLED',
  canceled: 'CANCELLED',
  使用中: 'ACTIVE',
  已暫停: 'SUSPENDED',
  已到期: 'EXPIRED',
  已取消: 'CANCELLED',
};
const TERM_VALUES: Record<string, SubscriptionTerm> = {
  p1m: 'P1M',
  '1month': 'P1M',
  onemonth: 'P1M',
  p1y: 'P1Y',
  '1year': 'P1Y',
  oneyear: 'P1Y',
  '12months': 'P1Y',
  p3y: 'P3Y',
  '3years': 'P3Y',
  threeyears: 'P3Y',
  '36months': 'P3Y',
};
const CYCLE_VALUES: Record<string, BillingCycle> = {
  monthly: 'MONTHLY',
  month: 'MONTHLY',
  每月: 'MONTHLY',
  annual: 'ANNUAL',
  annually: 'ANNUAL',
  yearly: 'ANNUAL',
  year: 'ANNUAL',
  每年: 'ANNUAL',
};
const BOOLEAN_VALUES: Record<string, boolean> = {
  true: true,
  yes: true,
  y: true,
  '1': true,
  on: true,
  是: true,
  false: false,
  no: false,
  n: false,
  '0': false,
  off: false,
  否: false,
};

export const parseCloud = (value: string) => lookupValue(CLOUD_VALUES, value);
export const parseLanguage = (value: string) => lookupValue(LANGUAGE_VALUES, value);
export const parseRole = (value: string) => lookupValue(ROLE_VALUES, value);
export const parseStatus = (value: string) => lookupValue(STATUS_VALUES, value);
export const parseTerm = (value: string) => lookupValue(TERM_VALUES, value);
export const parseBillingCycle = (value: string) => lookupValue(CYCLE_VALUES, value);
export const parseYesNo = (value: string) => lookupValue(BOOLEAN_VALUES, value);

/** A seat count from 1 to QUANTITY_MAX: digits, with separators such as "1,000" allowed. */
export function parseQuantity(value: string): number | null {
  if (!/^\d{1,7}$/.test(value.replace(/[,_\s]/g, ''))) return null;
  const n = Number(value.replace(/[,_\s]/g, ''));
  return n >= 1 && n <= QUANTITY_MAX ? n : null;
}

/** Words of Partner Center's "Relationship" column and what they mean here. */
const RELATIONSHIP_WORDS: Record<string, RelationshipToPartner | 'ignored'> = {
  reseller: 'RESELLER',
  resellerrelationship: 'RESELLER',
  indirectreseller: 'RESELLER',
  directreseller: 'RESELLER',
  cspreseller: 'RESELLER',
  經銷商: 'RESELLER',
  advisor: 'ADVISOR',
  advisorrelationship: 'ADVISOR',
  顧問: 'ADVISOR',
  delegatedadmin: 'ignored',
  delegatedadministrator: 'ignored',
  delegatedadminprivileges: 'ignored',
  dap: 'ignored',
  gdap: 'ignored',
  granulardelegatedadmin: 'ignored',
  granulardelegatedadminprivileges: 'ignored',
};

/**
 * Partner Center lists every relationship of a customer ("Reseller, Delegated admin"): separated
 * by `,` `;` `|` or `/`. Any reseller word makes the customer RESELLER (the partner bills at least
 * part of it, so the stricter policy applies), else an advisor word makes it ADVISOR; delegated
 * administration words are ignored; any other word, or none of the two, is refused.
 */
export function parseRelationship(value: string): RelationshipToPartner | null {
  const words = value
    .split(/[,;|/]/)
    .map(norm)
    .filter((word) => word !== '');
  if (words.length === 0) return null;
  const meanings = words.map((word) => RELATIONSHIP_WORDS[word]);
  if (meanings.some((meaning) => meaning === undefined)) return null;
  if (meanings.includes('RESELLER')) return 'RESELLER';
  if (meanings.includes('ADVISOR')) return 'ADVISOR';
  return null;
}

/** YYYY-MM-DD or YYYY/MM/DD, optionally followed by a time (ignored: the calendar date as written). */
export function parseImportDate(value: string): string | null {
  const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(value);
  if (!match) return null;
  const iso = `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}
