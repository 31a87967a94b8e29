// The fixed customers: the named ones as the data table says, then each partner's generated ones.
import type { Clock } from './clock';
import {
  contactRow,
  customerRow,
  randomContacts,
  randomSubscriptions,
  setNextCommitmentEnd,
  subscriptionRow,
  type CustomerInit,
} from './build-customer-rows';
import {
  GENERATED_CONTACT_CHANCES,
  GENERATED_CUSTOMERS,
  GENERATED_MAX_SUBSCRIPTIONS,
  NAMED_CUSTOMERS,
  type CustomerRef,
  type DirectClaim,
  type GeneratedCustomersSpec,
  type NamedCustomerSpec,
} from './data/customers';
import type { PartnerKey } from './data/partners';
import type { Random } from './random';
import { appendCustomer, lookup, type CustomerRow, type CustomerRows, type OneCustomer, type PartnerRow } from './rows';

export type CustomerSet = CustomerRows & {
  customer: (ref: CustomerRef) => CustomerRow;
  /** The direct relationship the partner recorded for the customer. */
  claim: (ref: CustomerRef) => DirectClaim;
  /** A partner's generated customers, in order. */
  generated: (partner: PartnerKey) => CustomerRow[];
};

/** The customer's direct relationship; a rejected claim leaves no agreement on the customer. */
function claimFields(
  claim: DirectClaim | undefined,
): Pick<CustomerInit, 'directRelationship' | 'directAgreementType' | 'directEvidenceNote' | 'directServices'> {
  if (!claim) return { directRelationship: 'NONE' };
  if (claim.relationship === 'REJECTED') return { directRelationship: 'REJECTED' };
  return {
    directRelationship: claim.relationship,
    directAgreementType: claim.agreementType,
    directEvidenceNote: claim.evidenceNote,
    directServices: [...claim.services],
  };
}

function namedCustomer(rng: Random, clock: Clock, partnerId: string, spec: NamedCustomerSpec): OneCustomer {
  const { companyName, domain, cloud, relationshipToPartner, preferredLanguage } = spec;
  const customer = customerRow(rng, {
    partnerId,
    companyName,
    domain,
    cloud,
    relationshipToPartner,
    preferredLanguage,
    ...claimFields(spec.direct),
    createdAt: clock.at(spec.createdAt),
  });
  const contacts = spec.contacts.map((contact) =>
    contactRow(rng, customer, { person: { name: contact.name, local: contact.local }, role: contact.role, language: contact.language }),
  );
  const subscriptions = spec.subscriptions.map((subscription) => subscriptionRow(rng, clock, customer, subscription));
  setNextCommitmentEnd(customer, subscriptions);
  return { customer, contacts, subscriptions };
}

/** A generated customer: its attributes are drawn first (in the order GeneratedCustomersSpec states), then its rows. */
function generatedCustomer(
  rng: Random,
  clock: Clock,
  partnerId: string,
  spec: GeneratedCustomersSpec,
  companyName: string,
  index: number,
): OneCustomer {
  const advisor = 'chance' in spec.advisor ? rng.chance(spec.advisor.chance) : spec.advisor.at.includes(index);
  const zhTw = spec.zhTwChance !== undefined && rng.chance(spec.zhTwChance);
  const days = rng.int(...spec.createdDaysAgo);
  const hours = rng.int(0, 23);
  const customer = customerRow(rng, {
    partnerId,
    companyName,
    cloud: spec.cloudAt?.[index] ?? spec.cloud,
    relationshipToPartner: advisor ? 'ADVISOR' : 'RESELLER',
    preferredLanguage: zhTw ? 'zh_TW' : 'en',
    ...claimFields(spec.direct[index]),
    createdAt: clock.ago(days, hours),
  });
  const contacts = randomContacts(rng, customer, GENERATED_CONTACT_CHANCES);
  const subscriptions = randomSubscriptions(rng, clock, customer, GENERATED_MAX_SUBSCRIPTIONS);
  setNextCommitmentEnd(customer, subscriptions);
  return { customer, contacts, subscriptions };
}

export function buildCustomers(rng: Random, clock: Clock, partner: (key: PartnerKey) => PartnerRow): CustomerSet {
  const rows: CustomerRows = { customers: [], contacts: [], subscriptions: [] };
  const byRef: [CustomerRef, CustomerRow][] = [];
  const claims: [CustomerRef, DirectClaim][] = [];
  const generated: [PartnerKey, CustomerRow[]][] = [];
  for (const spec of NAMED_CUSTOMERS) {
    byRef.push([spec.key, appendCustomer(rows, namedCustomer(rng, clock, partner(spec.partner).id, spec))]);
    if (spec.direct) claims.push([spec.key, spec.direct]);
  }
  for (const spec of GENERATED_CUSTOMERS) {
    const partnerId = partner(spec.partner).id;
    const customers = spec.names.map((name, index) => appendCustomer(rows, generatedCustomer(rng, clock, partnerId, spec, name, index)));
    customers.forEach((customer, index) => byRef.push([`${spec.partner}#${index}`, customer]));
    for (const [index, claim] of Object.entries(spec.direct)) claims.push([`${spec.partner}#${Number(index)}`, claim]);
    generated.push([spec.partner, customers]);
  }
  return {
    ...rows,
    customer: lookup('customer', byRef),
    claim: lookup('direct relationship of customer', claims),
    generated: lookup('partner', generated),
  };
}
