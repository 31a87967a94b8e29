import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CATEGORIES,
  CLOUDS,
  DIRECT_RELATIONSHIPS,
  OUTCOMES,
  REASONS,
  RELATIONSHIPS_TO_PARTNER,
  decide,
  isMicrosoftOutcome,
  isPolicyConflict,
  policyMatrix,
  type Cloud,
  type CommunicationCategory,
  type DirectRelationship,
  type PolicyCustomer,
  type PolicyOutcome,
  type PolicyReason,
  type RelationshipToPartner,
} from '@/lib/domain/policy';

// DESIGN.md's policy table, written out row by row for every category × relationship to the
// partner × direct Microsoft relationship (32 rows). Each row is checked in all three clouds
// (96 cases): the cloud is shown but never changes the outcome. A change to the rules must
// change this table.
type Row = [CommunicationCategory, RelationshipToPartner, DirectRelationship, PolicyOutcome, PolicyReason];
const TABLE: Row[] = [
  // SUBSCRIPTION_BILLING: RESELLER → the partner owns billing; ADVISOR → Microsoft bills the customer.
  ['SUBSCRIPTION_BILLING', 'RESELLER', 'NONE', 'PARTNER_ONLY', 'PARTNER_OWNS_BILLING'],
  ['SUBSCRIPTION_BILLING', 'RESELLER', 'DECLARED', 'PARTNER_ONLY', 'PARTNER_OWNS_BILLING'],
  ['SUBSCRIPTION_BILLING', 'RESELLER', 'VERIFIED', 'PARTNER_ONLY', 'PARTNER_OWNS_BILLING'],
  ['SUBSCRIPTION_BILLING', 'RESELLER', 'REJECTED', 'PARTNER_ONLY', 'PARTNER_OWNS_BILLING'],
  ['SUBSCRIPTION_BILLING', 'ADVISOR', 'NONE', 'MICROSOFT_OWNS_BILLING', 'MICROSOFT_BILLS_ADVISOR_CUSTOMER'],
  ['SUBSCRIPTION_BILLING', 'ADVISOR', 'DECLARED', 'MICROSOFT_OWNS_BILLING', 'MICROSOFT_BILLS_ADVISOR_CUSTOMER'],
  ['SUBSCRIPTION_BILLING', 'ADVISOR', 'VERIFIED', 'MICROSOFT_OWNS_BILLING', 'MICROSOFT_BILLS_ADVISOR_CUSTOMER'],
  ['SUBSCRIPTION_BILLING', 'ADVISOR', 'REJECTED', 'MICROSOFT_OWNS_BILLING', 'MICROSOFT_BILLS_ADVISOR_CUSTOMER'],
  // SERVICE_INCIDENT: any customer → Microsoft may contact directly.
  ['SERVICE_INCIDENT', 'RESELLER', 'NONE', 'MICROSOFT_MAY_CONTACT', 'SERVICE_INCIDENT_DIRECT'],
  ['SERVICE_INCIDENT', 'RESELLER', 'DECLARED', 'MICROSOFT_MAY_CONTACT', 'SERVICE_INCIDENT_DIRECT'],
  ['SERVICE_INCIDENT', 'RESELLER', 'VERIFIED', 'MICROSOFT_MAY_CONTACT', 'SERVICE_INCIDENT_DIRECT'],
  ['SERVICE_INCIDENT', 'RESELLER', 'REJECTED', 'MICROSOFT_MAY_CONTACT', 'SERVICE_INCIDENT_DIRECT'],
  ['SERVICE_INCIDENT', 'ADVISOR', 'NONE', 'MICROSOFT_MAY_CONTACT', 'SERVICE_INCIDENT_DIRECT'],
  ['SERVICE_INCIDENT', 'ADVISOR', 'DECLARED', 'MICROSOFT_MAY_CONTACT', 'SERVICE_INCIDENT_DIRECT'],
  ['SERVICE_INCIDENT', 'ADVISOR', 'VERIFIED', 'MICROSOFT_MAY_CONTACT', 'SERVICE_INCIDENT_DIRECT'],
  ['SERVICE_INCIDENT', 'ADVISOR', 'REJECTED', 'MICROSOFT_MAY_CONTACT', 'SERVICE_INCIDENT_DIRECT'],
  // OPERATIONAL: any customer → Microsoft may contact directly.
  ['OPERATIONAL', 'RESELLER', 'NONE', 'MICROSOFT_MAY_CONTACT', 'OPERATIONAL_DIRECT'],
  ['OPERATIONAL', 'RESELLER', 'DECLARED', 'MICROSOFT_MAY_CONTACT', 'OPERATIONAL_DIRECT'],
  ['OPERATIONAL', 'RESELLER', 'VERIFIED', 'MICROSOFT_MAY_CONTACT', 'OPERATIONAL_DIRECT'],
  ['OPERATIONAL', 'RESELLER', 'REJECTED', 'MICROSOFT_MAY_CONTACT', 'OPERATIONAL_DIRECT'],
  ['OPERATIONAL', 'ADVISOR', 'NONE', 'MICROSOFT_MAY_CONTACT', 'OPERATIONAL_DIRECT'],
  ['OPERATIONAL', 'ADVISOR', 'DECLARED', 'MICROSOFT_MAY_CONTACT', 'OPERATIONAL_DIRECT'],
  ['OPERATIONAL', 'ADVISOR', 'VERIFIED', 'MICROSOFT_MAY_CONTACT', 'OPERATIONAL_DIRECT'],
  ['OPERATIONAL', 'ADVISOR', 'REJECTED', 'MICROSOFT_MAY_CONTACT', 'OPERATIONAL_DIRECT'],
  // NON_CSP_PRODUCTS: VERIFIED → Microsoft direct; DECLARED → pending review; NONE / REJECTED → no direct relationship.
  ['NON_CSP_PRODUCTS', 'RESELLER', 'NONE', 'NO_DIRECT_RELATIONSHIP', 'NO_DIRECT_RELATIONSHIP'],
  ['NON_CSP_PRODUCTS', 'RESELLER', 'DECLARED', 'PENDING_REVIEW', 'DIRECT_RELATIONSHIP_PENDING_REVIEW'],
  ['NON_CSP_PRODUCTS', 'RESELLER', 'VERIFIED', 'MICROSOFT_DIRECT_NON_CSP', 'VERIFIED_DIRECT_RELATIONSHIP'],
  ['NON_CSP_PRODUCTS', 'RESELLER', 'REJECTED', 'NO_DIRECT_RELATIONSHIP', 'DIRECT_RELATIONSHIP_REJECTED'],
  ['NON_CSP_PRODUCTS', 'ADVISOR', 'NONE', 'NO_DIRECT_RELATIONSHIP', 'NO_DIRECT_RELATIONSHIP'],
  ['NON_CSP_PRODUCTS', 'ADVISOR', 'DECLARED', 'PENDING_REVIEW', 'DIRECT_RELATIONSHIP_PENDING_REVIEW'],
  ['NON_CSP_PRODUCTS', 'ADVISOR', 'VERIFIED', 'MICROSOFT_DIRECT_NON_CSP', 'VERIFIED_DIRECT_RELATIONSHIP'],
  ['NON_CSP_PRODUCTS', 'ADVISOR', 'REJECTED', 'NO_DIRECT_RELATIONSHIP', 'DIRECT_RELATIONSHIP_REJECTED'],
];

// Which outcomes give the communication to Microsoft (DESIGN.md: a conflict is an affected
// customer whose outcome "is not a Microsoft one"), written out by hand as well.
const MICROSOFT_OUTCOMES: Record<PolicyOutcome, boolean> = {
  PARTNER_ONLY: false,
  MICROSOFT_OWNS_BILLING: true,
  MICROSOFT_MAY_CONTACT: true,
  MICROSOFT_DIRECT_NON_CSP: true,
  PENDING_REVIEW: false,
  NO_DIRECT_RELATIONSHIP: false,
};

const CASES = TABLE.flatMap(([category, relationshipToPartner, directRelationship, outcome, reason]) =>
  CLOUDS.map((cloud) => ({ category, relationshipToPartner, directRelationship, cloud, outcome, reason })),
);

const customerArb: fc.Arbitrary<PolicyCustomer> = fc.record({
  relationshipToPartner: fc.constantFrom(...RELATIONSHIPS_TO_PARTNER),
  directRelationship: fc.constantFrom(...DIRECT_RELATIONSHIPS),
  cloud: fc.constantFrom(...CLOUDS),
});
const categoryArb = fc.constantFrom(...CATEGORIES);
/** Any string that is not one of the four categories. */
const unknownCategoryArb = fc.string().filter((value) => !(CATEGORIES as readonly string[]).includes(value));

describe('the expected table', () => {
  it('covers every combination exactly once (4 categories × 2 relationships × 4 direct relationships × 3 clouds = 96)', () => {
    expect(CASES).toHaveLength(96);
    const keys = new Set(CASES.map((c) => `${c.category}/${c.relationshipToPartner}/${c.directRelationship}/${c.cloud}`));
    expect(keys.size).toBe(CATEGORIES.length * RELATIONSHIPS_TO_PARTNER.length * DIRECT_RELATIONSHIPS.length * CLOUDS.length);
  });
});

describe('decide: every combination', () => {
  it.each(CASES)(
    '$category to a $relationshipToPartner customer, direct $directRelationship, cloud $cloud → $outcome ($reason)',
    ({ category, relationshipToPartner, directRelationship, cloud, outcome, reason }) => {
      const decision = decide({ relationshipToPartner, directRelationship, cloud }, category);
      expect(decision).toEqual({ category, outcome, reason });
      expect(isPolicyConflict({ relationshipToPartner, directRelationship, cloud }, category)).toBe(!MICROSOFT_OUTCOMES[outcome]);
    },
  );
});

describe('decide: the general rule', () => {
  it.each(['', 'MARKETING', 'subscription_billing', 'SERVICE_INCIDENT ', 'toString', '__proto__'])(
    'an unknown category (%j) is the partner’s to send',
    (category) => {
      for (const c of CASES) {
        const decision = decide(c, category);
        expect(decision).toEqual({ category, outcome: 'PARTNER_ONLY', reason: 'GENERAL_RULE' });
        expect(isPolicyConflict(c, category)).toBe(true);
      }
    },
  );

  it('holds for any unknown category and any customer (property)', () => {
    fc.assert(
      fc.property(customerArb, unknownCategoryArb, (customer, category) => {
        const decision = decide(customer, category);
        return decision.outcome === 'PARTNER_ONLY' && decision.reason === 'GENERAL_RULE' && decision.category === category;
      }),
    );
  });
});

describe('policy properties', () => {
  it('for a RESELLER customer, subscription and billing matters are never Microsoft’s to send', () => {
    fc.assert(
      fc.property(customerArb, (customer) => {
        const reseller = { ...customer, relationshipToPartner: 'RESELLER' as const };
        const decision = decide(reseller, 'SUBSCRIPTION_BILLING');
        return (
          !isMicrosoftOutcome(decision.outcome) && decision.outcome === 'PARTNER_ONLY' && isPolicyConflict(reseller, 'SUBSCRIPTION_BILLING')
        );
      }),
    );
  });

  it('the cloud never changes any outcome or reason', () => {
    fc.assert(
      fc.property(customerArb, fc.constantFrom(...CLOUDS), fc.oneof(categoryArb, fc.string()), (customer, otherCloud: Cloud, category) => {
        expect(decide({ ...customer, cloud: otherCloud }, category)).toEqual(decide(customer, category));
      }),
    );
  });

  it('service incidents and operational messages are Microsoft’s to send to anyone, never a conflict', () => {
    fc.assert(
      fc.property(customerArb, fc.constantFrom('SERVICE_INCIDENT', 'OPERATIONAL'), (customer, category) => {
        return decide(customer, category).outcome === 'MICROSOFT_MAY_CONTACT' && !isPolicyConflict(customer, category);
      }),
    );
  });

  it('non-CSP products are Microsoft’s only with a verified direct relationship, whatever the rest', () => {
    fc.assert(
      fc.property(customerArb, (customer) => {
        const conflict = isPolicyConflict(customer, 'NON_CSP_PRODUCTS');
        return conflict === (customer.directRelationship !== 'VERIFIED');
      }),
    );
  });

  it('the relationship to the partner matters only for subscription and billing', () => {
    fc.assert(
      fc.property(customerArb, fc.oneof(categoryArb, fc.string()), (customer, category) => {
        const reseller = decide({ ...customer, relationshipToPartner: 'RESELLER' }, category);
        const advisor = decide({ ...customer, relationshipToPartner: 'ADVISOR' }, category);
        if (category === 'SUBSCRIPTION_BILLING') expect(reseller.outcome).not.toBe(advisor.outcome);
        else expect(reseller).toEqual(advisor);
      }),
    );
  });

  it('the direct relationship matters only for non-CSP products', () => {
    fc.assert(
      fc.property(
        customerArb,
        fc.constantFrom(...DIRECT_RELATIONSHIPS),
        fc.oneof(categoryArb, fc.string()),
        (customer, other, category) => {
          if (category === 'NON_CSP_PRODUCTS') return;
          expect(decide({ ...customer, directRelationship: other }, category)).toEqual(decide(customer, category));
        },
      ),
    );
  });

  it('every decision carries a known outcome and reason code and echoes the category', () => {
    fc.assert(
      fc.property(customerArb, fc.oneof(categoryArb, fc.string()), (customer, category) => {
        const decision = decide(customer, category);
        return (
          (OUTCOMES as readonly string[]).includes(decision.outcome) &&
          (REASONS as readonly string[]).includes(decision.reason) &&
          decision.category === category
        );
      }),
    );
  });

  it('isPolicyConflict is exactly "the outcome is not a Microsoft outcome"', () => {
    fc.assert(
      fc.property(customerArb, fc.oneof(categoryArb, fc.string()), (customer, category) => {
        const outcome = decide(customer, category).outcome;
        return (
          isPolicyConflict(customer, category) === !isMicrosoftOutcome(outcome) &&
          isMicrosoftOutcome(outcome) === MICROSOFT_OUTCOMES[outcome]
        );
      }),
    );
  });

  it('isMicrosoftOutcome matches the hand-written list for every outcome', () => {
    for (const outcome of OUTCOMES) expect(isMicrosoftOutcome(outcome), outcome).toBe(MICROSOFT_OUTCOMES[outcome]);
  });

  it('every reason and outcome code is reachable from some customer and category', () => {
    const outcomes = new Set<string>(CASES.map((c) => c.outcome));
    const reasons = new Set<string>(CASES.map((c) => c.reason));
    reasons.add(decide({ relationshipToPartner: 'RESELLER', directRelationship: 'NONE', cloud: 'PUBLIC' }, 'OTHER').reason);
    expect([...outcomes].sort()).toEqual([...OUTCOMES].sort());
    expect([...reasons].sort()).toEqual([...REASONS].sort());
  });
});

describe('policyMatrix', () => {
  it('has one entry per category, in the order of CATEGORIES, each equal to decide()', () => {
    fc.assert(
      fc.property(customerArb, (customer) => {
        const matrix = policyMatrix(customer);
        expect(matrix.map((entry) => entry.category)).toEqual([...CATEGORIES]);
        expect(matrix).toEqual(CATEGORIES.map((category) => decide(customer, category)));
      }),
    );
  });

  it('lists the four categories of DESIGN.md in the documented order', () => {
    expect(CATEGORIES).toEqual(['SUBSCRIPTION_BILLING', 'SERVICE_INCIDENT', 'OPERATIONAL', 'NON_CSP_PRODUCTS']);
  });

  it('gives the demo customers the matrix the issue names', () => {
    const adatum = policyMatrix({ relationshipToPartner: 'RESELLER', directRelationship: 'VERIFIED', cloud: 'PUBLIC' });
    const tailspin = policyMatrix({ relationshipToPartner: 'RESELLER', directRelationship: 'NONE', cloud: 'PUBLIC' });
    const wideWorld = policyMatrix({ relationshipToPartner: 'RESELLER', directRelationship: 'DECLARED', cloud: 'PUBLIC' });
    const litware = policyMatrix({ relationshipToPartner: 'RESELLER', directRelationship: 'NONE', cloud: 'GERMANY' });
    expect(adatum.map((e) => e.outcome)).toEqual([
      'PARTNER_ONLY',
      'MICROSOFT_MAY_CONTACT',
      'MICROSOFT_MAY_CONTACT',
      'MICROSOFT_DIRECT_NON_CSP',
    ]);
    expect(tailspin.map((e) => e.outcome)).toEqual([
      'PARTNER_ONLY',
      'MICROSOFT_MAY_CONTACT',
      'MICROSOFT_MAY_CONTACT',
      'NO_DIRECT_RELATIONSHIP',
    ]);
    expect(wideWorld.map((e) => e.outcome)).toEqual(['PARTNER_ONLY', 'MICROSOFT_MAY_CONTACT', 'MICROSOFT_MAY_CONTACT', 'PENDING_REVIEW']);
    expect(litware).toEqual(tailspin);
  });
});
