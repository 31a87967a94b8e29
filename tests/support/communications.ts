// Test data for Microsoft communications: customers with chosen policy attributes, and mapped
// Graph records (as lib/domain/graph-mapping produces them) to import.
import { randomUUID } from 'node:crypto';
import type { MappedCommunication } from '../../lib/domain/graph-mapping';
import type { Cloud, CommunicationCategory, DirectRelationship, RelationshipToPartner } from '../../lib/domain/policy';
import { testDb, type TestPartner } from './factories';

export type TestCustomer = {
  id: string;
  tenantId: string;
  companyName: string;
  relationshipToPartner: RelationshipToPartner;
  directRelationship: DirectRelationship;
  cloud: Cloud;
};

export async function addCustomer(
  partner: TestPartner,
  spec: {
    companyName: string;
    relationshipToPartner?: RelationshipToPartner;
    directRelationship?: DirectRelationship;
    cloud?: Cloud;
    /** Products bought outside CSP (the direct relationship's declaration). */
    directServices?: string[];
  },
): Promise<TestCustomer> {
  const tenantId = randomUUID();
  const row = await testDb().customer.create({
    data: {
      partnerId: partner.partnerId,
      companyName: spec.companyName,
      domain: `${randomUUID().slice(0, 8)}.example`,
      tenantId,
      relationshipToPartner: spec.relationshipToPartner ?? 'RESELLER',
      directRelationship: spec.directRelationship ?? 'NONE',
      directServices: spec.directServices ?? [],
      cloud: spec.cloud ?? 'PUBLIC',
    },
    select: { id: true, tenantId: true, companyName: true, relationshipToPartner: true, directRelationship: true, cloud: true },
  });
  return row;
}

let counter = 0;

/** Tags that give a message-center post each category under the default rules (lib/domain/communication-category.ts). */
const TAGS_FOR: Record<CommunicationCategory, string[]> = {
  SERVICE_INCIDENT: [],
  OPERATIONAL: ['Admin impact'],
  SUBSCRIPTION_BILLING: ['Billing'],
  NON_CSP_PRODUCTS: ['Non-CSP'],
};

/**
 * A mapped record; `category` decides the shape (SERVICE_INCIDENT: a health issue, else a
 * message-center post tagged so that the default rules give it that category).
 */
export function record({
  category = 'SERVICE_INCIDENT',
  ...overrides
}: Partial<MappedCommunication> & { category?: CommunicationCategory } = {}): MappedCommunication {
  counter += 1;
  const incident = category === 'SERVICE_INCIDENT';
  const externalId = overrides.externalId ?? `${incident ? 'EX' : 'MC'}${String(100000 + counter)}`;
  const service = incident ? 'Exchange Online' : 'Microsoft Teams';
  return {
    kind: incident ? 'serviceHealthIssue' : 'serviceUpdateMessage',
    externalId,
    title: `Communication ${externalId}`,
    summary: 'Something happened.',
    affectedService: service,
    classification: incident ? 'incident' : 'advisory',
    status: incident ? 'investigating' : 'serviceOperational',
    severity: incident ? null : 'normal',
    messageCategory: incident ? null : 'stayInformed',
    services: [service],
    tags: TAGS_FOR[category],
    feature: null,
    featureGroup: null,
    isMajorChange: false,
    highImpact: false,
    actionRequiredBy: null,
    startAt: new Date('2026-11-20T08:00:00Z'),
    endAt: null,
    lastModifiedAt: new Date('2026-11-20T09:00:00Z'),
    isResolved: false,
    affectedTenantIds: [],
    raw: { id: externalId, title: `Communication ${externalId}`, nested: { a: 1, b: [1, 2, { c: 'x' }] } },
    ...overrides,
  };
}
