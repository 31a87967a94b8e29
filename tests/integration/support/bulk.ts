// Many customers at once for the worker tests: each with one BILLING contact (alternately en and
// zh-TW) and one active subscription.
import { randomUUID } from 'node:crypto';
import { testDb } from '../../support/factories';

const DAY = 86_400_000;

export async function addBulkCustomers(partnerId: string, count: number, tag: string): Promise<string[]> {
  const db = testDb();
  const today = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()));
  const customers = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    partnerId,
    companyName: `Bulk ${tag} ${String(i).padStart(5, '0')}`,
    domain: `bulk-${tag}-${i}.example`,
    tenantId: randomUUID(),
    preferredLanguage: i % 2 === 0 ? ('en' as const) : ('zh_TW' as const),
  }));
  for (let i = 0; i < customers.length; i += 2000) await db.customer.createMany({ data: customers.slice(i, i + 2000) });
  const contacts = customers.map((customer, i) => ({
    partnerId,
    customerId: customer.id,
    name: `Billing ${i}`,
    email: `billing-${tag}-${i}@bulk.example`,
    role: 'BILLING' as const,
  }));
  for (let i = 0; i < contacts.length; i += 2000) await db.contact.createMany({ data: contacts.slice(i, i + 2000) });
  const subscriptions = customers.map((customer) => ({
    partnerId,
    customerId: customer.id,
    offerName: 'Microsoft 365 E3',
    quantity: 25,
    term: 'P1Y' as const,
    billingCycle: 'ANNUAL' as const,
    startDate: new Date(today.getTime() - 300 * DAY),
    commitmentEndDate: new Date(today.getTime() + 40 * DAY),
  }));
  for (let i = 0; i < subscriptions.length; i += 2000) await db.subscription.createMany({ data: subscriptions.slice(i, i + 2000) });
  return customers.map((customer) => customer.id);
}
