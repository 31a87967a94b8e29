// Test data for telling affected customers: a Microsoft communication of a notice-test partner,
// affecting some of its customers, written straight to the database (the import is tested on its own).
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../lib/runtime/prisma';
import type { CommunicationCategory } from '../../lib/domain/policy';
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
