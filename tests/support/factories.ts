// Test data of its own for each test (a partner with users, customers, subscriptions…), removed
// again afterwards — except what the audit trail keeps (see removePartnerData). Demo data is read,
// never changed, by the data tests.
import { randomUUID } from 'node:crypto';
import { createPrismaClient, type PrismaClient } from '../../lib/runtime/prisma';
import type { UserViewer } from '../../lib/server/viewer';

let client: PrismaClient | undefined;
export function testDb(): PrismaClient {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set for the data tests.');
  client ??= createPrismaClient(url, { max: 4 });
  return client;
}

export type TestPartner = {
  partnerId: string;
  admin: UserViewer;
  agent: UserViewer;
  cleanup: () => Promise<void>;
};

const DAY = 86_400_000;

/**
 * Removes a test partner's data (webhooks, notices, deliveries, templates, rules, reviews,
 * communications, the Microsoft connector and its sync state, customers, tokens). The partner, its users and its audit events stay: audit events cannot be
 * deleted (PostgreSQL refuses it), and the partner and the users they name cannot be deleted while
 * they are named. Every test run starts on a database of its own, so nothing piles up.
 */
export async function removePartnerData(db: PrismaClient, partnerId: string): Promise<void> {
  // In an order the foreign keys allow (a notice takes its targets along).
  for (const table of PARTNER_DATA) await db.$executeRawUnsafe(`DELETE FROM "${table}" WHERE "partnerId" = $1::uuid`, partnerId);
}

const PARTNER_DATA = [
  'WebhookDelivery',
  'WebhookEndpoint',
  'NoticeDelivery',
  'Notice',
  'ServiceUpdateRule',
  'RenewalReminderRule',
  'NoticeTemplate',
  'RelationshipReview',
  'CommunicationChange',
  'CommunicationAffectedCustomer',
  'MicrosoftCommunication',
  'MicrosoftTenantSync',
  'MicrosoftSyncRun',
  'MicrosoftConnector',
  'CommunicationCategoryRules',
  'Subscription',
  'ServiceUpdateOptOut',
  'Contact',
  'Customer',
  'ApiToken',
  'EmbedToken',
] as const;

/** A portal admin of its own (it belongs to no partner). */
export async function createPortalAdmin(): Promise<UserViewer> {
  const email = `portal-admin-${randomUUID().slice(0, 8)}@test.example`;
  const user = await testDb().user.create({ data: { email, displayName: 'Portal Admin', role: 'PORTAL_ADMIN' }, select: { id: true } });
  return {
    userId: user.id,
    email,
    name: 'Portal Admin',
    role: 'PORTAL_ADMIN',
    partnerId: null,
    partnerName: null,
    locale: 'en',
    timeZone: 'UTC',
  };
}

/** A partner with an admin and an agent, `customers` customers, each with one active subscription ending in `endsInDays`. */
export async function createTestPartner(options: { customers?: number; endsInDays?: number; name?: string } = {}): Promise<TestPartner> {
  const db = testDb();
  const suffix = randomUUID().slice(0, 8);
  const partner = await db.partner.create({
    data: { name: options.name ?? `Test Partner ${suffix}`, partnerNumber: `T${suffix}`, cloud: 'PUBLIC' },
    select: { id: true, name: true },
  });
  const mkUser = async (role: 'PARTNER_ADMIN' | 'PARTNER_AGENT'): Promise<UserViewer> => {
    const user = await db.user.create({
      data: { email: `${role.toLowerCase()}-${suffix}@test.example`, displayName: `${role} ${suffix}`, role, partnerId: partner.id },
      select: { id: true, email: true, displayName: true },
    });
    return {
      userId: user.id,
      email: user.email,
      name: user.displayName,
      role,
      partnerId: partner.id,
      partnerName: partner.name,
      locale: 'en',
      timeZone: 'UTC',
    };
  };
  const admin = await mkUser('PARTNER_ADMIN');
  const agent = await mkUser('PARTNER_AGENT');
  const now = Date.now();
  for (let i = 0; i < (options.customers ?? 0); i += 1) {
    const customer = await db.customer.create({
      data: { partnerId: partner.id, companyName: `Customer ${i} ${suffix}`, domain: `c${i}-${suffix}.example`, tenantId: randomUUID() },
      select: { id: true },
    });
    await db.subscription.create({
      data: {
        partnerId: partner.id,
        customerId: customer.id,
        offerName: 'Microsoft 365 E3',
        quantity: 10,
        term: 'P1Y',
        billingCycle: 'ANNUAL',
        startDate: new Date(now - 300 * DAY),
        commitmentEndDate: new Date(now + (options.endsInDays ?? 30) * DAY),
      },
    });
  }
  const cleanup = () => removePartnerData(db, partner.id);
  return { partnerId: partner.id, admin, agent, cleanup };
}

/**
 * A user of its own (no cleanup: audit events that name it are never deleted), as a viewer in a
 * session of its own; `password` is hashed as the portal stores it.
 */
export async function createTestUser(options: {
  role: 'PORTAL_ADMIN' | 'PARTNER_ADMIN' | 'PARTNER_AGENT' | 'PARTNER_VIEWER';
  partnerId?: string | null;
  password?: string;
  twoStepExempt?: boolean;
  active?: boolean;
}): Promise<UserViewer & { sessionId: string }> {
  const db = testDb();
  const { hashPassword } = await import('../../lib/runtime/password');
  const email = `user-${randomUUID().slice(0, 8)}@test.example`;
  const user = await db.user.create({
    data: {
      email,
      displayName: `Test ${email.slice(5, 13)}`,
      role: options.role,
      partnerId: options.role === 'PORTAL_ADMIN' ? null : (options.partnerId ?? null),
      passwordHash: options.password ? await hashPassword(options.password) : null,
      twoStepExempt: options.twoStepExempt ?? false,
      active: options.active ?? true,
    },
    select: { id: true, email: true, displayName: true, partner: { select: { name: true } } },
  });
  const session = await db.userSession.create({
    data: { userId: user.id, method: 'PASSWORD', address: '192.0.2.10', expiresAt: new Date(Date.now() + 86_400_000) },
    select: { id: true },
  });
  return {
    userId: user.id,
    sessionId: session.id,
    email: user.email,
    name: user.displayName,
    role: options.role,
    partnerId: options.role === 'PORTAL_ADMIN' ? null : (options.partnerId ?? null),
    partnerName: user.partner?.name ?? null,
    locale: 'en',
    timeZone: 'UTC',
  };
}
