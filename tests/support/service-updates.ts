// Test data for telling affected customers: a Microsoft communication of a notice-test partner,
// affecting some of its customers, written straight to the database (the import is tested on its own).
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../lib/runtime/prisma';
import type { CommunicationCategory } from '../../lib/domain/policy';
import { importCommunications } from '../../lib/server/data/communication-import';
import { record } from './communications';
import { testDb } from './factories';

export type TestCommunication = { id: string; externalId: string; title: string };

export async function addCommunication(
  partnerId: string,
  affected: readonly { id: string }[],
  overrides: {
    category?: CommunicationCategory;
    status?: string;
    title?: string;
    affectedService?: string;
    severity?: string | null;
    classification?: 'incident' | 'advisory';
    db?: PrismaClient;
  } = {},
): Promise<TestCommunication> {
  const db = overrides.db ?? testDb();
  const externalId = `EX${String(Math.floor(Math.random() * 900_000) + 100_000)}`;
  const title = overrides.title ?? `Users may see delays ${randomUUID().slice(0, 6)}`;
  const row = await db.microsoftCommunication.create({
    data: {
      partnerId,
      externalId,
      category: overrides.category ?? 'SERVICE_INCIDENT',
      title,
      summary: 'Some users may see delays when sending mail.',
      affectedService: overrides.affectedService ?? 'Exchange Online',
      classification: overrides.classification ?? 'incident',
      status: overrides.status ?? 'investigating',
      severity: overrides.severity ?? null,
      startAt: new Date('2026-11-20T08:00:00Z'),
      lastModifiedAt: new Date('2026-11-20T09:00:00Z'),
    },
    select: { id: true },
  });
  if (affected.length > 0) {
    await db.communicationAffectedCustomer.createMany({
      data: affected.map((customer) => ({
        partnerId,
        communicationId: row.id,
        customerId: customer.id,
        category: overrides.category ?? 'SERVICE_INCIDENT',
      })),
    });
  }
  return { id: row.id, externalId, title };
}

/** The communication changes status (as an import of a newer version would). */
export async function setCommunicationStatus(id: string, status: string, isResolved = false, db: PrismaClient = testDb()): Promise<void> {
  await db.microsoftCommunication.update({ where: { id }, data: { status, isResolved, lastModifiedAt: new Date() } });
}

/** The customer buys these services from Microsoft outside CSP, under a direct relationship a portal admin verified. */
export async function buysDirectly(customerId: string, services: string[], db: PrismaClient = testDb()): Promise<void> {
  await db.customer.update({ where: { id: customerId }, data: { directRelationship: 'VERIFIED', directServices: services } });
}

/**
 * A message-center post about these services affecting these customers, written by the import, so
 * that each link gets the category for its customer (docs/decisions/0030-categories-per-customer.md).
 */
export async function importPost(
  partnerId: string,
  affected: readonly { id: string }[],
  post: { title: string; services: string[] },
  db: PrismaClient = testDb(),
): Promise<TestCommunication> {
  const tenants = await db.customer.findMany({
    where: { id: { in: affected.map((customer) => customer.id) } },
    select: { tenantId: true },
  });
  const mapped = record({
    category: 'OPERATIONAL',
    title: post.title,
    services: post.services,
    affectedService: post.services.join(', '),
    affectedTenantIds: tenants.map((row) => row.tenantId),
  });
  await importCommunications(partnerId, [mapped], { actor: { userId: null, label: 'data-test' } });
  const row = await db.microsoftCommunication.findUniqueOrThrow({
    where: { partnerId_externalId: { partnerId, externalId: mapped.externalId } },
    select: { id: true },
  });
  return { id: row.id, externalId: mapped.externalId, title: post.title };
}
