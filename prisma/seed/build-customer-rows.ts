// Customer, contact and subscription rows, shared by the fixed demo data and the extra customers.
// Every id comes from the caller's generator, so the order of the calls is part of the seed.
import type {
  BillingCycle,
  Cloud,
  ContactRole,
  DirectRelationship,
  Language,
  RelationshipToPartner,
} from '../../lib/generated/prisma/client';
import { DAY_MS, monthsBefore, type Clock } from './clock';
import type { SubscriptionSpec } from './data/customers';
import { OFFERS, SUBSCRIPTION_COUNT_WEIGHTS, SUBSCRIPTION_STATUS_WEIGHTS, TERM_DAYS, TERM_MONTHS } from './data/offers';
import { FIRST_NAMES, LAST_NAMES, ZH_FAMILY, ZH_GIVEN, type Person } from './data/people';
import type { Random } from './random';
import type { ContactRow, CustomerRow, SubscriptionRow } from './rows';

function slugDomain(companyName: string): string {
  const base = companyName
    .toLowerCase()
    .replace(/,?\s+(inc|ltd)\.?$/, '')
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]/g, '');
  return `${base}.example`;
}

export type CustomerInit = {
  partnerId: string;
  companyName: string;
  domain?: string;
  cloud: Cloud;
  relationshipToPartner: RelationshipToPartner;
  preferredLanguage: Language;
  directRelationship?: DirectRelationship;
  directAgreementType?: string;
  directEvidenceNote?: string;
  directServices?: string[];
  createdAt: Date;
};

export function customerRow(rng: Random, init: CustomerInit): CustomerRow {
  return {
    id: rng.uuid(),
    tenantId: rng.uuid(),
    partnerId: init.partnerId,
    companyName: init.companyName,
    domain: init.domain ?? slugDomain(init.companyName),
    cloud: init.cloud,
    relationshipToPartner: init.relationshipToPartner,
    preferredLanguage: init.preferredLanguage,
    directRelationship: init.directRelationship ?? 'NONE',
    directAgreementType: init.directAgreementType ?? null,
    directEvidenceNote: init.directEvidenceNote ?? null,
    directServices: init.directServices ?? [],
    nextCommitmentEndAt: null,
    createdAt: init.createdAt,
    updatedAt: init.createdAt,
  };
}

export function subscriptionRow(rng: Random, clock: Clock, customer: CustomerRow, spec: SubscriptionSpec): SubscriptionRow {
  const end = clock.day(spec.endInDays);
  const start = new Date(monthsBefore(end, TERM_MONTHS[spec.term]).getTime() + DAY_MS);
  const billingCycle: BillingCycle = spec.term === 'P1M' ? 'MONTHLY' : 'ANNUAL';
  return {
    id: rng.uuid(),
    partnerId: customer.partnerId,
    customerId: customer.id,
    offerName: spec.offerName,
    quantity: spec.quantity,
    status: spec.status,
    term: spec.term,
    billingCycle,
    startDate: start,
    commitmentEndDate: end,
    autoRenew: spec.autoRenew ?? (spec.status === 'ACTIVE' || spec.status === 'SUSPENDED'),
    createdAt: customer.createdAt,
    updatedAt: customer.createdAt,
  };
}

/** One to `maxCount` subscriptions of different offers. */
export function randomSubscriptions(rng: Random, clock: Clock, customer: CustomerRow, maxCount: number): SubscriptionRow[] {
  const count = Math.min(maxCount, rng.weighted(SUBSCRIPTION_COUNT_WEIGHTS));
  return rng.sample(OFFERS, count).map((offer) => {
    const term = rng.pick(offer.terms);
    const status = rng.weighted(SUBSCRIPTION_STATUS_WEIGHTS);
    const endInDays = status === 'EXPIRED' ? -rng.int(1, 150) : status === 'CANCELLED' ? -rng.int(1, 240) : rng.int(1, TERM_DAYS[term]);
    const [low, high] = offer.quantity;
    const raw = rng.int(low, high);
    const quantity = raw > 20 ? Math.round(raw / 5) * 5 : raw;
    const autoRenew = status === 'ACTIVE' ? rng.chance(0.85) : status === 'SUSPENDED';
    return subscriptionRow(rng, clock, customer, { offerName: offer.name, quantity, status, term, endInDays, autoRenew });
  });
}

/** Sets the customer's nextCommitmentEndAt: the earliest commitment end among its ACTIVE subscriptions. */
export function setNextCommitmentEnd(customer: CustomerRow, subscriptions: readonly SubscriptionRow[]): void {
  let earliest: Date | null = null;
  for (const subscription of subscriptions) {
    if (subscription.status !== 'ACTIVE') continue;
    if (!earliest || subscription.commitmentEndDate.getTime() < earliest.getTime()) earliest = subscription.commitmentEndDate;
  }
  customer.nextCommitmentEndAt = earliest;
}

export type ContactInit = { person: Person; role: ContactRole; language: Language | null };

export function contactRow(rng: Random, customer: CustomerRow, init: ContactInit): ContactRow {
  return {
    id: rng.uuid(),
    partnerId: customer.partnerId,
    customerId: customer.id,
    name: init.person.name,
    email: `${init.person.local}@${customer.domain}`.toLowerCase(),
    language: init.language,
    role: init.role,
    createdAt: customer.createdAt,
    updatedAt: customer.createdAt,
  };
}

function randomPerson(rng: Random, language: Language): Person {
  if (language === 'zh_TW' && rng.chance(0.6)) {
    const [familyZh, familyEn] = rng.pick(ZH_FAMILY);
    const [givenZh, givenEn] = rng.pick(ZH_GIVEN);
    return { name: `${familyZh}${givenZh}`, local: `${givenEn}.${familyEn}` };
  }
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  return { name: `${first} ${last}`, local: `${first}.${last}`.toLowerCase() };
}

/** A billing contact always; a primary and a technical one by chance. */
export function randomContacts(rng: Random, customer: CustomerRow, chances: { primary: number; technical: number }): ContactRow[] {
  const used = new Set<string>();
  const person = (): Person => {
    let candidate = randomPerson(rng, customer.preferredLanguage);
    for (let attempt = 0; attempt < 4 && used.has(candidate.local); attempt++) candidate = randomPerson(rng, customer.preferredLanguage);
    let local = candidate.local;
    for (let n = 2; used.has(local); n++) local = `${candidate.local}${n}`;
    used.add(local);
    return { name: candidate.name, local };
  };
  const language = (): Language | null => {
    const other: Language = customer.preferredLanguage === 'en' ? 'zh_TW' : 'en';
    return rng.weighted<Language | null>([
      [null, 50],
      [customer.preferredLanguage, 40],
      [other, 10],
    ]);
  };
  const rows: ContactRow[] = [];
  const hasPrimary = rng.chance(chances.primary);
  const primary = hasPrimary ? person() : null;
  const primaryLanguage = language();
  if (primary) rows.push(contactRow(rng, customer, { person: primary, role: 'PRIMARY', language: primaryLanguage }));
  // Sometimes the primary contact also receives the bills (same address, two roles).
  if (primary && rng.chance(0.15)) {
    rows.push(contactRow(rng, customer, { person: primary, role: 'BILLING', language: primaryLanguage }));
  } else {
    rows.push(contactRow(rng, customer, { person: person(), role: 'BILLING', language: language() }));
  }
  if (rng.chance(chances.technical)) rows.push(contactRow(rng, customer, { person: person(), role: 'TECHNICAL', language: language() }));
  return rows;
}
