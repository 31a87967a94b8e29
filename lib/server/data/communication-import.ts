import 'server-only';
import type { Prisma } from '../../generated/prisma/client';
import { getDb } from '../db';
import { actorOf, partnerScope, type Actor, type Viewer } from '../viewer';
import type { MappedCommunication } from '../../domain/graph-mapping';
import { writeAudit } from './audit';
import { COMMUNICATION_SELECT } from './communications';
import { recordCommunicationChanges } from './service-update-evaluation';
import { runWrite } from './transaction';
import { enqueueWebhookEvents, subscribedEventTypes, type WebhookEvent } from './webhook-outbox';
import { decide, isPolicyConflict, type Cloud, type DirectRelationship, type RelationshipToPartner } from '../../domain/policy';
import type { CommunicationEventData } from '../../schemas/webhooks';

// The import of what Microsoft told a partner's customers (npm run import:microsoft; later the API
// and the Graph connector): upsert by partner + Graph id, links to the partner's affected customers.

export type ImportActor = { actor: Actor; address?: string | null };

export type ImportResult = {
  created: string[];
  updated: string[];
  unchanged: string[];
  /** Records older than the stored version (by lastModifiedDateTime): left as stored. */
  skippedOlder: string[];
  /** Per record, the affected tenant ids that are none of this partner's customers (not linked). */
  unknownTenants: { externalId: string; tenantIds: string[] }[];
};

export class PartnerNotFoundError extends Error {
  constructor(partnerId: string) {
    super(`No partner with id ${partnerId}.`);
  }
}

/**
 * The partner with this Partner ID (partnerNumber), for the import script's `--partner`. Not
 * scoped by a viewer: the operator who runs the script names the partner (see importCommunications).
 */
export async function findPartnerByNumber(partnerNumber: string): Promise<{ id: string; name: string; partnerNumber: string } | null> {
  return getDb().partner.findUnique({ where: { partnerNumber }, select: { id: true, name: true, partnerNumber: true } });
}

/** Deep equality of JSON values, ignoring the order of object keys (jsonb reorders them). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((value, index) => sameJson(value, b[index]));
  const ka = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const sameTime = (a: Date | null, b: Date | null) => (a === null || b === null ? a === b : a.getTime() === b.getTime());

const AUDIT_LIST_LIMIT = 1000;

type EventCustomer = {
  id: string;
  tenantId: string;
  companyName: string;
  cloud: Cloud;
  relationshipToPartner: RelationshipToPartner;
  directRelationship: DirectRelationship;
};

/** Affected customers listed in a communication webhook at most (conflicts first, then by name). */
export const WEBHOOK_AFFECTED_LIMIT = 1000;

/** A communication.created / .updated payload: the communication and, per affected customer, the policy's answer. */
function communicationEventData(id: string, record: MappedCommunication, cloud: Cloud, customers: EventCustomer[]): CommunicationEventData {
  const entries = customers.map((customer) => {
    const decision = decide(customer, record.category);
    return {
      customerId: customer.id,
      companyName: customer.companyName,
      tenantId: customer.tenantId,
      relationshipToPartner: customer.relationshipToPartner,
      directRelationship: customer.directRelationship,
      cloud: customer.cloud,
      outcome: decision.outcome,
      reason: decision.reason,
      isConflict: isPolicyConflict(customer, record.category),
    };
  });
  entries.sort(
    (a, b) =>
      Number(b.isConflict) - Number(a.isConflict) || a.companyName.localeCompare(b.companyName) || a.customerId.localeCompare(b.customerId),
  );
  const iso = (date: Date | null) => (date ? date.toISOString() : null);
  return {
    communication: {
      id,
      externalId: record.externalId,
      category: record.category,
      title: record.title,
      affectedService: record.affectedService,
      classification: record.classification,
      status: record.status,
      severity: record.severity,
      startAt: record.startAt.toISOString(),
      endAt: iso(record.endAt),
      lastModifiedAt: record.lastModifiedAt.toISOString(),
      isResolved: record.isResolved,
      cloud,
    },
    affectedCount: entries.length,
    conflictCount: entries.filter((entry) => entry.isConflict).length,
    affectedCustomers: entries.slice(0, WEBHOOK_AFFECTED_LIMIT),
    affectedCustomersTruncated: entries.length > WEBHOOK_AFFECTED_LIMIT,
  };
}

/**
 * Upserts Microsoft communications for one partner, by (partnerId, Graph id), and replaces each
 * one's affected-customer links with the partner's customers whose tenant id is listed. Tenant ids
 * that are none of this partner's customers are reported, never matched to anything else.
 *
 * It takes a partner id, not a viewer: it is run by an operator (npm run import:microsoft, with
 * the database at hand, outside any signed-in session) or by a trusted integration that has
 * already resolved its API token to a partner; there is no user to act as. The partner is still
 * the scope of every read and write, so nothing of another partner is ever touched or linked.
 *
 * One transaction, serialised per partner: a failure imports nothing. Importing the same
 * records again changes nothing (no row is written when a record equals what is stored); each
 * run is recorded as one audit event with its counts.
 */
export async function importCommunications(
  partnerId: string,
  records: readonly MappedCommunication[],
  actor: ImportActor,
): Promise<ImportResult> {
  const imported = await runWrite(
    async (tx) => {
      const partner = await tx.partner.findUnique({ where: { id: partnerId }, select: { id: true, cloud: true } });
      if (!partner) throw new PartnerNotFoundError(partnerId);
      // Two imports for the same partner at once would race on the same Graph ids.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('import:microsoft'), hashtext(${partnerId}))`;

      const tenantIds = [...new Set(records.flatMap((record) => record.affectedTenantIds))];
      const customers =
        tenantIds.length === 0
          ? []
          : await tx.$queryRaw<EventCustomer[]>`
              SELECT "id"::text AS "id", "tenantId"::text AS "tenantId", "companyName", "cloud"::text AS "cloud",
                     "relationshipToPartner"::text AS "relationshipToPartner", "directRelationship"::text AS "directRelationship"
              FROM "Customer"
              WHERE "partnerId" = ${partnerId}::uuid AND "tenantId" = ANY(${tenantIds}::uuid[])`;
      const customerByTenant = new Map(customers.map((row) => [row.tenantId.toLowerCase(), row.id]));
      const customerById = new Map(customers.map((row) => [row.id, row]));
      // communication.created / .updated webhooks, in this transaction (built only when someone listens).
      const listening = await subscribedEventTypes(tx, partnerId);
      const events: WebhookEvent[] = [];
      const now = new Date();
      const eventOf = (
        type: 'communication.created' | 'communication.updated',
        id: string,
        record: MappedCommunication,
        customerIds: Iterable<string>,
      ) => {
        if (!listening.has(type)) return;
        const affected = [...customerIds].flatMap((customerId) => customerById.get(customerId) ?? []);
        events.push({ type, at: now, data: communicationEventData(id, record, partner.cloud, affected) });
      };

      const existingRows = await tx.microsoftCommunication.findMany({
        where: { partnerId, externalId: { in: records.map((record) => record.externalId) } },
        select: { ...COMMUNICATION_SELECT, raw: true },
      });
      const existing = new Map(existingRows.map((row) => [row.externalId, row]));
      const links = await tx.communicationAffectedCustomer.findMany({
        where: { partnerId, communicationId: { in: existingRows.map((row) => row.id) } },
        select: { communicationId: true, customerId: true },
      });
      const linked = new Map<string, Set<string>>();
      for (const link of links) {
        const set = linked.get(link.communicationId) ?? new Set<string>();
        set.add(link.customerId);
        linked.set(link.communicationId, set);
      }

      const result: ImportResult = { created: [], updated: [], unchanged: [], skippedOlder: [], unknownTenants: [] };
      // The communications created or changed, for the automatic service-update rules (the hook below).
      const changedIds: string[] = [];
      for (const record of records) {
        const wanted = new Set<string>();
        const unknown: string[] = [];
        for (const tenantId of record.affectedTenantIds) {
          const customerId = customerByTenant.get(tenantId);
          if (customerId) wanted.add(customerId);
          else unknown.push(tenantId);
        }
        if (unknown.length > 0) result.unknownTenants.push({ externalId: record.externalId, tenantIds: unknown });

        const fields = {
          category: record.category,
          title: record.title,
          summary: record.summary,
          affectedService: record.affectedService,
          classification: record.classification,
          status: record.status,
          severity: record.severity,
          startAt: record.startAt,
          endAt: record.endAt,
          lastModifiedAt: record.lastModifiedAt,
          isResolved: record.isResolved,
          cloud: partner.cloud,
          raw: record.raw as Prisma.InputJsonObject,
        };
        const stored = existing.get(record.externalId);
        if (!stored) {
          const row = await tx.microsoftCommunication.create({
            data: { partnerId, externalId: record.externalId, ...fields },
            select: { id: true },
          });
          if (wanted.size > 0) {
            await tx.communicationAffectedCustomer.createMany({
              data: [...wanted].map((customerId) => ({ partnerId, communicationId: row.id, customerId })),
            });
          }
          result.created.push(record.externalId);
          eventOf('communication.created', row.id, record, wanted);
          changedIds.push(row.id);
          continue;
        }
        if (record.lastModifiedAt.getTime() < stored.lastModifiedAt.getTime()) {
          result.skippedOlder.push(record.externalId);
          continue;
        }
        const current = linked.get(stored.id) ?? new Set<string>();
        const toAdd = [...wanted].filter((id) => !current.has(id));
        const toRemove = [...current].filter((id) => !wanted.has(id));
        const fieldsSame =
          stored.category === fields.category &&
          stored.title === fields.title &&
          stored.summary === fields.summary &&
          stored.affectedService === fields.affectedService &&
          stored.classification === fields.classification &&
          stored.status === fields.status &&
          stored.severity === fields.severity &&
          sameTime(stored.startAt, fields.startAt) &&
          sameTime(stored.endAt, fields.endAt) &&
          sameTime(stored.lastModifiedAt, fields.lastModifiedAt) &&
          stored.isResolved === fields.isResolved &&
          stored.cloud === fields.cloud &&
          sameJson(stored.raw, fields.raw);
        if (fieldsSame && toAdd.length === 0 && toRemove.length === 0) {
          result.unchanged.push(record.externalId);
          continue;
        }
        if (!fieldsSame) {
          await tx.microsoftCommunication.updateMany({ where: { id: stored.id, partnerId }, data: fields });
        }
        if (toRemove.length > 0) {
          await tx.communicationAffectedCustomer.deleteMany({
            where: { partnerId, communicationId: stored.id, customerId: { in: toRemove } },
          });
        }
        if (toAdd.length > 0) {
          await tx.communicationAffectedCustomer.createMany({
            data: toAdd.map((customerId) => ({ partnerId, communicationId: stored.id, customerId })),
          });
        }
        result.updated.push(record.externalId);
        eventOf('communication.updated', stored.id, record, wanted);
        changedIds.push(stored.id);
      }
      await enqueueWebhookEvents(tx, partnerId, events, now);
      await recordCommunicationChanges(tx, partnerId, changedIds);

      const cap = (list: string[]) => list.slice(0, AUDIT_LIST_LIMIT);
      await writeAudit(tx, [
        {
          actor: actor.actor,
          partnerId,
          address: actor.address ?? null,
          action: 'communications.imported',
          targetType: 'MicrosoftCommunication',
          targetId: null,
          after: {
            records: records.length,
            created: cap(result.created),
            updated: cap(result.updated),
            unchanged: result.unchanged.length,
            skippedOlder: cap(result.skippedOlder),
            unknownTenantIds: cap([...new Set(result.unknownTenants.flatMap((entry) => entry.tenantIds))]),
          },
        },
      ]);
      return { ok: true as const, result };
    },
    { limits: { maxWait: 5_000, timeout: 60_000 } },
  );
  return imported.result;
}

/**
 * The REST API's ingest (`POST /api/v1/communications`): the same import, for the partner of an
 * API token with the `communications:write` scope, recorded as that token's.
 */
export async function ingestCommunications(
  viewer: Viewer,
  records: readonly MappedCommunication[],
  context: { address?: string | null } = {},
): Promise<{ ok: true; result: ImportResult } | { ok: false; code: 'FORBIDDEN' }> {
  if (!viewer.apiToken?.scopes.includes('communications:write')) return { ok: false, code: 'FORBIDDEN' };
  const partnerId = partnerScope(viewer);
  const result = await importCommunications(partnerId, records, { actor: actorOf(viewer), address: context.address ?? null });
  return { ok: true, result };
}
