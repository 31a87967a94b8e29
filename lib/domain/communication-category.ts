// Which category of the policy a Microsoft communication falls in — for the partner as a whole
// (its base category, stored on the communication) and for each affected customer (stored on each
// link, docs/decisions/0030-categories-per-customer.md). Pure: the rules and the customer come in
// as arguments; results are codes.
//
// Base category:
// - a serviceHealthIssue (Service health: incidents and advisories) is SERVICE_INCIDENT;
// - a serviceUpdateMessage (Message center post) is OPERATIONAL, except:
//   - NON_CSP_PRODUCTS when one of its tags is in NON_CSP_TAGS (files and integrations may tag a
//     post themselves; Microsoft's own tags never say so);
//   - else SUBSCRIPTION_BILLING when the partner's billing rules recognise it: a word or phrase of
//     the title, a tag, or a service (CategoryRules; DEFAULT_CATEGORY_RULES until the partner edits
//     them at /settings/microsoft/categories).
//   Microsoft's tags (Admin impact, Data privacy, Feature update, Major update, New feature,
//   Retirement, User impact, Updated message) and its message category (preventOrFixIssue,
//   planForChange, stayInformed) keep a post OPERATIONAL.
// Per customer: a post whose services include one the customer buys from Microsoft outside CSP —
// named in its direct-relationship declaration, and only once a portal admin VERIFIED it — is
// NON_CSP_PRODUCTS for that customer; every other customer keeps the base category. A declaration
// still under review changes nothing: the products it names are the partner's word until verified.
import type { CommunicationCategory, DirectRelationship } from './policy';

export type GraphItemKind = 'serviceHealthIssue' | 'serviceUpdateMessage';

/** The partner's rules that recognise billing and licensing posts; each list matched without regard to case. */
export type CategoryRules = {
  /** Words or phrases of a post's title (whole words in Latin script; anywhere in Chinese). */
  titleWords: string[];
  /** Message-center tags. */
  tags: string[];
  /** Affected services, as Microsoft names them (e.g. "Microsoft 365 suite"). */
  services: string[];
};

export const DEFAULT_CATEGORY_RULES: CategoryRules = {
  titleWords: [
    'price',
    'prices',
    'pricing',
    'billing',
    'invoice',
    'invoices',
    'license',
    'licenses',
    'licensing',
    '價格',
    '定價',
    '計費',
    '帳單',
    '發票',
    '授權',
  ],
  tags: ['Billing', 'Licensing', 'Pricing'],
  services: [],
};

/** Tags that make a post NON_CSP_PRODUCTS for every customer (normalised: lower case, single spaces). */
export const NON_CSP_TAGS = ['non-csp', 'direct agreement', 'enterprise agreement'] as const;

/** Limits of the partner's rules (the settings form and its schema). */
export const CATEGORY_RULE_LIMITS = { entries: 100, length: 100 } as const;

/** Lower case, single spaces, trimmed. */
export function normaliseTerm(value: string): string {
  return value.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** One list of the rules from the form's text: one entry a line (or comma), tidied, without duplicates. */
export function ruleListOf(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of text.split(/[\n,，、]/)) {
    const value = part.trim().replace(/\s+/g, ' ');
    if (!value || seen.has(normaliseTerm(value))) continue;
    seen.add(normaliseTerm(value));
    out.push(value);
  }
  return out;
}

const LATIN_WORD = /^[a-z0-9][a-z0-9 '&.-]*$/;

/** Whether the title holds the word or phrase: whole words for Latin script, anywhere otherwise. */
export function titleHas(title: string, word: string): boolean {
  const text = normaliseTerm(title);
  const term = normaliseTerm(word);
  if (!term) return false;
  if (!LATIN_WORD.test(term)) return text.includes(term);
  let from = 0;
  for (;;) {
    const at = text.indexOf(term, from);
    if (at < 0) return false;
    const before = at === 0 ? '' : text[at - 1]!;
    const after = text[at + term.length] ?? '';
    if (!/[a-z0-9]/.test(before) && !/[a-z0-9]/.test(after)) return true;
    from = at + 1;
  }
}

export type BillingMatch = { rule: 'TITLE_WORD' | 'TAG' | 'SERVICE'; value: string };

/** The billing rules a post meets (empty: none). */
export function billingMatches(
  post: { title: string; tags: readonly string[]; services: readonly string[] },
  rules: CategoryRules,
): BillingMatch[] {
  const tags = new Set(post.tags.map(normaliseTerm));
  const services = new Set(post.services.map(normaliseTerm));
  return [
    ...rules.titleWords.filter((word) => titleHas(post.title, word)).map((value) => ({ rule: 'TITLE_WORD' as const, value })),
    ...rules.tags.filter((tag) => tags.has(normaliseTerm(tag))).map((value) => ({ rule: 'TAG' as const, value })),
    ...rules.services.filter((service) => services.has(normaliseTerm(service))).map((value) => ({ rule: 'SERVICE' as const, value })),
  ];
}

export function hasNonCspTag(tags: readonly string[]): boolean {
  const normalised = new Set(tags.map(normaliseTerm));
  return NON_CSP_TAGS.some((tag) => normalised.has(tag));
}

export type CategorisedItem = { kind: GraphItemKind; title: string; tags: readonly string[]; services: readonly string[] };

/** The category of an item for the partner as a whole (see the rule at the top of this file). */
export function baseCategory(item: CategorisedItem, rules: CategoryRules): CommunicationCategory {
  if (item.kind === 'serviceHealthIssue') return 'SERVICE_INCIDENT';
  if (hasNonCspTag(item.tags)) return 'NON_CSP_PRODUCTS';
  return billingMatches(item, rules).length > 0 ? 'SUBSCRIPTION_BILLING' : 'OPERATIONAL';
}

function words(value: string): string[] {
  return normaliseTerm(value)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

function containsRun(haystack: readonly string[], needle: readonly string[]): boolean {
  if (needle.length === 0 || needle.length > haystack.length) return false;
  for (let i = 0; i + needle.length <= haystack.length; i += 1) {
    if (needle.every((word, j) => haystack[i + j] === word)) return true;
  }
  return false;
}

/**
 * Whether a service Microsoft names and a product the customer declared are the same thing: the
 * words of one appear, in order, among the words of the other ("Azure" and "Microsoft Azure";
 * "Dynamics 365" and "Dynamics 365 Apps"; "Exchange Online" and "Exchange Online Plan 2").
 */
export function sameService(service: string, declared: string): boolean {
  const a = words(service);
  const b = words(declared);
  return containsRun(a, b) || containsRun(b, a);
}

/** The first of the post's services that the customer buys outside CSP, or null. */
export function nonCspServiceOf(services: readonly string[], declared: readonly string[]): string | null {
  for (const service of services) if (declared.some((product) => sameService(service, product))) return service;
  return null;
}

export type CategoryCustomer = { directRelationship: DirectRelationship; directServices: readonly string[] };

/** The category of an item for one affected customer (see the rule at the top of this file). */
export function categoryForCustomer(
  base: CommunicationCategory,
  item: { kind: GraphItemKind; services: readonly string[] },
  customer: CategoryCustomer,
): CommunicationCategory {
  if (item.kind !== 'serviceUpdateMessage' || base === 'NON_CSP_PRODUCTS' || base === 'SERVICE_INCIDENT') return base;
  if (customer.directRelationship !== 'VERIFIED') return base;
  return nonCspServiceOf(item.services, customer.directServices) ? 'NON_CSP_PRODUCTS' : base;
}

export type CategoryExplanation = {
  category: CommunicationCategory;
  /** Why: the rules met (billing), the tag (non-CSP), or the kind (incident). */
  reason: 'HEALTH_ISSUE' | 'NON_CSP_TAG' | 'BILLING_RULES' | 'NO_RULE';
  matches: BillingMatch[];
  /** When the post is about a product that customers may buy outside CSP: that product's service. */
  nonCspService: string | null;
};

/**
 * What the settings page's tester shows for a post typed in: its base category and why; and, for a
 * customer who buys `directServices` outside CSP (verified), whether it becomes NON_CSP_PRODUCTS.
 */
export function explainCategory(item: CategorisedItem, rules: CategoryRules, directServices: readonly string[] = []): CategoryExplanation {
  const category = baseCategory(item, rules);
  const matches = item.kind === 'serviceUpdateMessage' ? billingMatches(item, rules) : [];
  const reason =
    item.kind === 'serviceHealthIssue'
      ? 'HEALTH_ISSUE'
      : hasNonCspTag(item.tags)
        ? 'NON_CSP_TAG'
        : matches.length > 0
          ? 'BILLING_RULES'
          : 'NO_RULE';
  const nonCspService =
    item.kind === 'serviceUpdateMessage' && category !== 'NON_CSP_PRODUCTS' ? nonCspServiceOf(item.services, directServices) : null;
  return { category, reason, matches, nonCspService };
}
