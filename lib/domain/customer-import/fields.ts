// The field rules shared by the CSV import and the forms' zod schemas (lib/schemas/customers.ts),
// so that a form and an import accept exactly the same values: the allowed values, text limits,
// the import's size limits and the checks of tenant ids, domains, emails and dates.

export const CONTACT_ROLES = ['PRIMARY', 'BILLING', 'TECHNICAL'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];
export const SUBSCRIPTION_STATUSES = ['ACTIVE', 'SUSPENDED', 'EXPIRED', 'CANCELLED'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];
export const SUBSCRIPTION_TERMS = ['P1M', 'P1Y', 'P3Y'] as const;
export type SubscriptionTerm = (typeof SUBSCRIPTION_TERMS)[number];
export const BILLING_CYCLES = ['MONTHLY', 'ANNUAL'] as const;
export type BillingCycle = (typeof BILLING_CYCLES)[number];

/** Agreement types offered when declaring a direct relationship (stored by name); OTHER takes a free text. */
export const AGREEMENT_TYPES = ['EA', 'MCA', 'MPSA', 'OTHER'] as const;
export type AgreementType = (typeof AGREEMENT_TYPES)[number];
export const AGREEMENT_NAMES: Record<Exclude<AgreementType, 'OTHER'>, string> = {
  EA: 'Enterprise Agreement',
  MCA: 'Microsoft Customer Agreement',
  MPSA: 'Microsoft Products and Services Agreement',
};

export const TEXT_LIMITS = {
  companyName: 200,
  domain: 253,
  contactName: 200,
  email: 254,
  offerName: 200,
  agreementType: 200,
  evidenceNote: 2000,
  decisionNote: 2000,
} as const;
export const QUANTITY_MAX = 1_000_000;

export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 20_000;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
const EMAIL_LOCAL = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}$/i;

/** A tenant id: a GUID (stored lower-case). */
export function isTenantId(value: string): boolean {
  return GUID.test(value);
}
/** A DNS domain name such as contoso.com (lower-case, no scheme, no trailing dot). */
export function isDomain(value: string): boolean {
  return DOMAIN.test(value);
}
export function isEmail(value: string): boolean {
  if (value.length > TEXT_LIMITS.email) return false;
  const at = value.lastIndexOf('@');
  if (at <= 0) return false;
  const local = value.slice(0, at);
  return (
    EMAIL_LOCAL.test(local) &&
    !local.startsWith('.') &&
    !local.endsWith('.') &&
    !local.includes('..') &&
    isDomain(value.slice(at + 1).toLowerCase())
  );
}
/** A calendar date written YYYY-MM-DD that exists (1900–2199). */
export function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1900 || year > 2199) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
/** A one-month term is billed monthly only (as in Partner Center); yearly terms allow both cycles. */
export function isTermCycleAllowed(term: SubscriptionTerm, cycle: BillingCycle): boolean {
  return term !== 'P1M' || cycle === 'MONTHLY';
}
/** Control characters other than tab and line breaks are refused in free text. */
export function hasControlCharacters(value: string): boolean {
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value);
}
