// The communication policy: for a customer and a category of communication, who may send it.
// Pure (no I/O); the cloud is shown but never changes the outcome (the rules are the same in
// Partner Center, the US Government cloud and the retired Germany cloud).

export const CATEGORIES = ['SUBSCRIPTION_BILLING', 'SERVICE_INCIDENT', 'OPERATIONAL', 'NON_CSP_PRODUCTS'] as const;
export type CommunicationCategory = (typeof CATEGORIES)[number];

export const CLOUDS = ['PUBLIC', 'US_GOVERNMENT', 'GERMANY'] as const;
export type Cloud = (typeof CLOUDS)[number];
/** Microsoft Cloud Germany is retired: kept as a legacy value and shown as such. */
export const RETIRED_CLOUDS: readonly Cloud[] = ['GERMANY'];

export const RELATIONSHIPS_TO_PARTNER = ['RESELLER', 'ADVISOR'] as const;
export type RelationshipToPartner = (typeof RELATIONSHIPS_TO_PARTNER)[number];

export const DIRECT_RELATIONSHIPS = ['NONE', 'DECLARED', 'VERIFIED', 'REJECTED'] as const;
export type DirectRelationship = (typeof DIRECT_RELATIONSHIPS)[number];

export const OUTCOMES = [
  'PARTNER_ONLY',
  'MICROSOFT_OWNS_BILLING',
  'MICROSOFT_MAY_CONTACT',
  'MICROSOFT_DIRECT_NON_CSP',
  'PENDING_REVIEW',
  'NO_DIRECT_RELATIONSHIP',
] as const;
export type PolicyOutcome = (typeof OUTCOMES)[number];

export const REASONS = [
  'PARTNER_OWNS_BILLING',
  'MICROSOFT_BILLS_ADVISOR_CUSTOMER',
  'SERVICE_INCIDENT_DIRECT',
  'OPERATIONAL_DIRECT',
  'VERIFIED_DIRECT_RELATIONSHIP',
  'DIRECT_RELATIONSHIP_PENDING_REVIEW',
  'DIRECT_RELATIONSHIP_REJECTED',
  'NO_DIRECT_RELATIONSHIP',
  'GENERAL_RULE',
] as const;
export type PolicyReason = (typeof REASONS)[number];

export type PolicyCustomer = {
  relationshipToPartner: RelationshipToPartner;
  directRelationship: DirectRelationship;
  cloud: Cloud;
};

export type PolicyDecision = { category: CommunicationCategory; outcome: PolicyOutcome; reason: PolicyReason };

/** Who may send a communication of `category` to `customer`. Unknown categories fall under the general rule. */
export function decide(customer: PolicyCustomer, category: string): PolicyDecision {
  switch (category) {
    case 'SUBSCRIPTION_BILLING':
      return customer.relationshipToPartner === 'ADVISOR'
        ? { category, outcome: 'MICROSOFT_OWNS_BILLING', reason: 'MICROSOFT_BILLS_ADVISOR_CUSTOMER' }
        : { category, outcome: 'PARTNER_ONLY', reason: 'PARTNER_OWNS_BILLING' };
    case 'SERVICE_INCIDENT':
      return { category, outcome: 'MICROSOFT_MAY_CONTACT', reason: 'SERVICE_INCIDENT_DIRECT' };
    case 'OPERATIONAL':
      return { category, outcome: 'MICROSOFT_MAY_CONTACT', reason: 'OPERATIONAL_DIRECT' };
    case 'NON_CSP_PRODUCTS':
      switch (customer.directRelationship) {
        case 'VERIFIED':
          return { category, outcome: 'MICROSOFT_DIRECT_NON_CSP', reason: 'VERIFIED_DIRECT_RELATIONSHIP' };
        case 'DECLARED':
          return { category, outcome: 'PENDING_REVIEW', reason: 'DIRECT_RELATIONSHIP_PENDING_REVIEW' };
        case 'REJECTED':
          return { category, outcome: 'NO_DIRECT_RELATIONSHIP', reason: 'DIRECT_RELATIONSHIP_REJECTED' };
        default:
          return { category, outcome: 'NO_DIRECT_RELATIONSHIP', reason: 'NO_DIRECT_RELATIONSHIP' };
      }
    default:
      return { category: category as CommunicationCategory, outcome: 'PARTNER_ONLY', reason: 'GENERAL_RULE' };
  }
}

/** The matrix for one customer: one entry per category, in the order of CATEGORIES. */
export function policyMatrix(customer: PolicyCustomer): PolicyDecision[] {
  return CATEGORIES.map((category) => decide(customer, category));
}

/** Outcomes under which Microsoft itself may send the communication to the customer. */
export function isMicrosoftOutcome(outcome: PolicyOutcome): boolean {
  return outcome === 'MICROSOFT_MAY_CONTACT' || outcome === 'MICROSOFT_DIRECT_NON_CSP' || outcome === 'MICROSOFT_OWNS_BILLING';
}

/**
 * A Microsoft communication of `category` that reached `customer` is a policy conflict when the
 * policy does not give that category to Microsoft (e.g. subscription and billing to a RESELLER
 * customer; non-CSP products without a verified direct relationship).
 */
export function isPolicyConflict(customer: PolicyCustomer, category: string): boolean {
  return !isMicrosoftOutcome(decide(customer, category).outcome);
}
