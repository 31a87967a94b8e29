import 'server-only';
import { isoDay } from '../../domain/dates';
import {
  CUSTOMER_QUERY_FIELDS,
  CUSTOMER_SORTS,
  DEFAULT_CUSTOMER_SORT,
  decodeCursor,
  type CustomerQuery,
} from '../../domain/customer-query';
import { CATEGORIES, CLOUDS, DIRECT_RELATIONSHIPS, OUTCOMES, REASONS, RELATIONSHIPS_TO_PARTNER, policyMatrix } from '../../domain/policy';
import { CONTACT_ROLES } from '../../domain/notice-template';
import { LOCALES } from '../../i18n/locales';
import { z } from '../../zod';
import { listCustomerContacts, listCustomerSubscriptions } from '../data/customer-lists';
import { customerSummaryOf, getCustomer, listCustomerSummaries } from '../data/customers';
import { invalidCursor, json, notFound } from './http';
import { defineOperation } from './operation';
import { cursorSchema, day, instant, iso, limitSchema, pageOf, pathId } from './schemas';

// The customers part of the REST API: the list with the /customers page's search, filters and
// sorts (lib/domain/customer-query.ts, the same keyset paging), one customer, its policy matrix
// (lib/domain/policy.ts: one entry per category), its subscriptions and its contacts.

const customerFields = {
  id: z.uuid(),
  companyName: z.string(),
  domain: z.string(),
  tenantId: z.uuid(),
  cloud: z.enum(CLOUDS),
  relationshipToPartner: z.enum(RELATIONSHIPS_TO_PARTNER),
  directRelationship: z.enum(DIRECT_RELATIONSHIPS),
  preferredLanguage: z.enum(LOCALES),
};

export const customerSummarySchema = z.object(customerFields).meta({ id: 'CustomerSummary' });

export const customerSchema = z
  .object({
    ...customerFields,
    directAgreementType: z.string().nullable().meta({ description: 'The direct Microsoft agreement declared, if any.' }),
    nextCommitmentEndAt: instant.nullable(),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: 'Customer' });

export const policyMatrixSchema = z
  .object({
    customerId: z.uuid(),
    entries: z.array(z.object({ category: z.enum(CATEGORIES), outcome: z.enum(OUTCOMES), reason: z.enum(REASONS) })),
  })
  .meta({ id: 'PolicyMatrix' });

export const subscriptionSchema = z
  .object({
    id: z.uuid(),
    offerName: z.string(),
    quantity: z.number().int(),
    status: z.enum(['ACTIVE', 'SUSPENDED', 'EXPIRED', 'CANCELLED']),
    term: z.enum(['P1M', 'P1Y', 'P3Y']),
    billingCycle: z.enum(['MONTHLY', 'ANNUAL']),
    startDate: day,
    commitmentEndDate: day,
    autoRenew: z.boolean(),
  })
  .meta({ id: 'Subscription' });

export const contactSchema = z
  .object({ id: z.uuid(), name: z.string(), email: z.string(), role: z.enum(CONTACT_ROLES), language: z.enum(LOCALES).nullable() })
  .meta({ id: 'Contact' });

const listQuery = z.object({
  search: CUSTOMER_QUERY_FIELDS.shape.q.optional().meta({
    description: 'Company name or domain (three characters or more: anywhere; one or two: the start of a word), or an exact tenant id.',
  }),
  cloud: CUSTOMER_QUERY_FIELDS.shape.cloud.optional(),
  relationshipToPartner: CUSTOMER_QUERY_FIELDS.shape.relationshipToPartner.optional(),
  directRelationship: CUSTOMER_QUERY_FIELDS.shape.directRelationship.optional(),
  sort: z
    .enum(CUSTOMER_SORTS)
    .default(DEFAULT_CUSTOMER_SORT)
    .meta({ description: 'name, created or nextCommitmentEnd; a leading - reverses it. Ties are ordered by id.' }),
  limit: limitSchema,
  cursor: cursorSchema,
});

const customerParams = z.object({ customerId: pathId });
const pageQuery = z.object({ limit: limitSchema, cursor: cursorSchema });

export const listCustomersOperation = defineOperation({
  id: 'listCustomers',
  method: 'get',
  path: '/customers',
  tag: 'Customers',
  summary: "The partner's customers",
  description: 'Search, filters and sorts as on the /customers page. Pages follow each other with `nextCursor` (the sort is in it).',
  scope: 'customers:read',
  query: listQuery,
  answers: { 200: { description: 'One page of customers.', schema: pageOf(customerSummarySchema) } },
  problems: ['invalid-input'],
  run: async ({ caller, query }) => {
    const customerQuery: CustomerQuery = { sort: query.sort };
    if (query.search) customerQuery.q = query.search;
    if (query.cloud) customerQuery.cloud = query.cloud;
    if (query.relationshipToPartner) customerQuery.relationshipToPartner = query.relationshipToPartner;
    if (query.directRelationship) customerQuery.directRelationship = query.directRelationship;
    if (query.cursor !== undefined) {
      const cursor = decodeCursor(query.cursor);
      // The API pages forwards only, in the sort it was asked for.
      if (!cursor || cursor.sort !== query.sort || cursor.direction !== 'after') return invalidCursor();
      customerQuery.cursor = cursor;
    }
    const page = await listCustomerSummaries(caller.viewer, customerQuery, { pageSize: query.limit });
    // The rows are the summary's fields, no more (listCustomerSummaries builds them).
    return json({ data: page.rows satisfies z.output<typeof customerSummarySchema>[], nextCursor: page.nextCursor });
  },
});

export const getCustomerOperation = defineOperation({
  id: 'getCustomer',
  method: 'get',
  path: '/customers/{customerId}',
  tag: 'Customers',
  summary: 'One customer',
  scope: 'customers:read',
  params: customerParams,
  answers: { 200: { description: 'The customer.', schema: customerSchema } },
  problems: ['not-found'],
  run: async ({ caller, params }) => {
    const customer = await getCustomer(caller.viewer, params.customerId);
    if (!customer) return notFound();
    return json({
      ...customerSummaryOf(customer),
      directAgreementType: customer.directAgreementType,
      nextCommitmentEndAt: iso(customer.nextCommitmentEndAt),
      createdAt: customer.createdAt.toISOString(),
      updatedAt: customer.updatedAt.toISOString(),
    } satisfies z.output<typeof customerSchema>);
  },
});

export const getCustomerPolicyOperation = defineOperation({
  id: 'getCustomerPolicy',
  method: 'get',
  path: '/customers/{customerId}/policy',
  tag: 'Customers',
  summary: "The customer's communication policy: who may send each category",
  description: '`outcome` and `reason` are stable codes (the portal words them in English and Traditional Chinese).',
  scope: 'customers:read',
  params: customerParams,
  answers: { 200: { description: 'One entry per category.', schema: policyMatrixSchema } },
  problems: ['not-found'],
  run: async ({ caller, params }) => {
    const customer = await getCustomer(caller.viewer, params.customerId);
    if (!customer) return notFound();
    return json({ customerId: customer.id, entries: policyMatrix(customer) } satisfies z.output<typeof policyMatrixSchema>);
  },
});

export const listCustomerSubscriptionsOperation = defineOperation({
  id: 'listCustomerSubscriptions',
  method: 'get',
  path: '/customers/{customerId}/subscriptions',
  tag: 'Customers',
  summary: "The customer's subscriptions, by commitment end",
  scope: 'customers:read',
  params: customerParams,
  query: pageQuery,
  answers: { 200: { description: 'One page of subscriptions.', schema: pageOf(subscriptionSchema) } },
  problems: ['not-found', 'invalid-input'],
  run: async ({ caller, params, query }) => {
    const page = await listCustomerSubscriptions(caller.viewer, params.customerId, query);
    if (!page) return notFound();
    if (page.invalidCursor) return invalidCursor();
    return json({
      data: page.items.map((s) => ({
        ...s,
        startDate: isoDay(s.startDate),
        commitmentEndDate: isoDay(s.commitmentEndDate),
      })),
      nextCursor: page.nextCursor,
    });
  },
});

export const listCustomerContactsOperation = defineOperation({
  id: 'listCustomerContacts',
  method: 'get',
  path: '/customers/{customerId}/contacts',
  tag: 'Customers',
  summary: "The customer's contacts, by name",
  scope: 'customers:read',
  params: customerParams,
  query: pageQuery,
  answers: { 200: { description: 'One page of contacts.', schema: pageOf(contactSchema) } },
  problems: ['not-found', 'invalid-input'],
  run: async ({ caller, params, query }) => {
    const page = await listCustomerContacts(caller.viewer, params.customerId, query);
    if (!page) return notFound();
    if (page.invalidCursor) return invalidCursor();
    return json({ data: page.items, nextCursor: page.nextCursor });
  },
});

export const CUSTOMER_OPERATIONS = [
  listCustomersOperation,
  getCustomerOperation,
  getCustomerPolicyOperation,
  listCustomerSubscriptionsOperation,
  listCustomerContactsOperation,
];
