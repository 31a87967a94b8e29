// Customers with chosen attributes for the customer-list data tests, in a partner of their own
// (tests/support/factories.ts creates the partner and removes it with everything in it).
import { randomUUID } from 'node:crypto';
import { testDb } from './factories';

export type CustomerSpec = {
  companyName: string;
  domain?: string;
  tenantId?: string;
  cloud?: 'PUBLIC' | 'US_GOVERNMENT' | 'GERMANY';
  relationshipToPartner?: 'RESELLER' | 'ADVISOR';
  directRelationship?: 'NONE' | 'DECLARED' | 'VERIFIED' | 'REJECTED';
  preferredLanguage?: 'en' | 'zh_TW';
  createdAt?: Date;
  nextCommitmentEndAt?: Date | null;
};

export type CreatedCustomer = Required<Omit<CustomerSpec, 'nextCommitmentEndAt'>> & { id: string; nextCommitmentEndAt: Date | null };

/** Inserts the customers into `partnerId` (one statement) and returns them with their ids. */
export async function createCustomers(partnerId: string, specs: CustomerSpec[]): Promise<CreatedCustomer[]> {
  const rows: CreatedCustomer[] = specs.map((spec, index) => ({
    id: randomUUID(),
    companyName: spec.companyName,
    domain: spec.domain ?? `c${index}-${randomUUID().slice(0, 8)}.example`,
    tenantId: spec.tenantId ?? randomUUID(),
    cloud: spec.cloud ?? 'PUBLIC',
    relationshipToPartner: spec.relationshipToPartner ?? 'RESELLER',
    directRelationship: spec.directRelationship ?? 'NONE',
    preferredLanguage: spec.preferredLanguage ?? 'en',
    createdAt: spec.createdAt ?? new Date(Date.UTC(2025, 0, 1) + index * 3_600_000),
    nextCommitmentEndAt: spec.nextCommitmentEndAt ?? null,
  }));
  for (let i = 0; i < rows.length; i += 2000) {
    await testDb().customer.createMany({ data: rows.slice(i, i + 2000).map((row) => ({ ...row, partnerId, updatedAt: row.createdAt })) });
  }
  return rows;
}
