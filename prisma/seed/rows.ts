// The rows the seed writes: the createMany inputs, with the fields that the seed reads back made required.
import type { AuditEntry } from '../../lib/server/data/audit';
import type {
  Cloud,
  ContactRole,
  DirectRelationship,
  Language,
  Prisma,
  RelationshipToPartner,
  SubscriptionStatus,
} from '../../lib/generated/prisma/client';

export type PartnerRow = Prisma.PartnerCreateManyInput & { id: string; name: string; cloud: Cloud; senderReplyTo: string };
export type UserRow = Prisma.UserCreateManyInput & { id: string };
export type CustomerRow = Prisma.CustomerCreateManyInput & {
  id: string;
  partnerId: string;
  companyName: string;
  domain: string;
  cloud: Cloud;
  relationshipToPartner: RelationshipToPartner;
  preferredLanguage: Language;
  directRelationship: DirectRelationship;
  directServices: string[];
  createdAt: Date;
};
export type ContactRow = Prisma.ContactCreateManyInput & {
  id: string;
  name: string;
  email: string;
  language: Language | null;
  role: ContactRole;
};
export type SubscriptionRow = Prisma.SubscriptionCreateManyInput & {
  id: string;
  offerName: string;
  status: SubscriptionStatus;
  startDate: Date;
  commitmentEndDate: Date;
};
export type TemplateRow = Prisma.NoticeTemplateCreateManyInput & { id: string };

/** Customers with their contacts and subscriptions. */
export type CustomerRows = { customers: CustomerRow[]; contacts: ContactRow[]; subscriptions: SubscriptionRow[] };
/** One customer with its contacts and subscriptions. */
export type OneCustomer = { customer: CustomerRow; contacts: ContactRow[]; subscriptions: SubscriptionRow[] };

export type Dataset = CustomerRows & {
  partners: PartnerRow[];
  users: UserRow[];
  reviews: Prisma.RelationshipReviewCreateManyInput[];
  communications: Prisma.MicrosoftCommunicationCreateManyInput[];
  affected: Prisma.CommunicationAffectedCustomerCreateManyInput[];
  connectors: Prisma.MicrosoftConnectorCreateManyInput[];
  syncRuns: Prisma.MicrosoftSyncRunCreateManyInput[];
  tenantSyncs: Prisma.MicrosoftTenantSyncCreateManyInput[];
  templates: TemplateRow[];
  rules: Prisma.RenewalReminderRuleCreateManyInput[];
  notices: Prisma.NoticeCreateManyInput[];
  noticeCustomers: Prisma.NoticeCustomerCreateManyInput[];
  noticeSubscriptions: Prisma.NoticeSubscriptionCreateManyInput[];
  deliveries: Prisma.NoticeDeliveryCreateManyInput[];
  apiTokens: Prisma.ApiTokenCreateManyInput[];
  embedTokens: Prisma.EmbedTokenCreateManyInput[];
  audits: AuditEntry[];
};

/** Adds one customer's rows to `rows`; returns the customer. */
export function appendCustomer(rows: CustomerRows, one: OneCustomer): CustomerRow {
  rows.customers.push(one.customer);
  rows.contacts.push(...one.contacts);
  rows.subscriptions.push(...one.subscriptions);
  return one.customer;
}

/** Rows grouped by a key, each group in the rows' order. */
export function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row)) ?? [];
    group.push(row);
    groups.set(key(row), group);
  }
  return groups;
}

/** A lookup that fails loudly: a data table naming something that does not exist is a mistake in the seed. */
export function lookup<K extends string, V>(what: string, entries: Iterable<readonly [K, V]>): (key: K) => V {
  const map = new Map(entries);
  return (key) => {
    const value = map.get(key);
    if (value === undefined) throw new Error(`seed: no ${what} "${key}"`);
    return value;
  };
}

/** One row per keyed spec, built in the specs' order, with a lookup by key. */
export function keyedRows<K extends string, S extends { key: K }, R>(
  what: string,
  specs: readonly S[],
  build: (spec: S) => R,
): { rows: R[]; find: (key: K) => R } {
  const keyed = specs.map((spec) => [spec.key, build(spec)] as const);
  return { rows: keyed.map(([, row]) => row), find: lookup(what, keyed) };
}
