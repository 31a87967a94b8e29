import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Prisma } from '../../generated/prisma/client';
import type { PrismaClient } from '../../runtime/prisma';
import { getDb } from '../db';
import { actorOf, partnerScope, type Actor, type Viewer } from '../viewer';
import type { MappedCommunication } from '../../domain/graph-mapping';
import { baseCategory, categoryForCustomer, type CategoryRules } from '../../domain/communication-category';
import {
  decide,
  isPolicyConflict,
  type Cloud,
  type CommunicationCategory,
  type DirectRelationship,
  type RelationshipToPartner,
} from '../../domain/policy';
import { writeAudit } from './audit';
import { loadCategoryRules, recategorizeLinks } from './communication-links';
import { COMMUNICATION_SELECT } from './communications';
import { recordCommunicationChanges } from './service-update-evaluation';
import { runWrite, type Tx, type TxLimits } from './transaction';
import { enqueueWebhookEvents, subscribedEventTypes, type WebhookEvent } from './webhook-outbox';
import type { CommunicationEventData } from '../../schemas/webhooks';

// What Microsoft told a partner's customers, stored: the one write path of the import command
// (npm run import:microsoft), the REST API's ingest and the Graph connector (lib/worker/graph-sync.ts).
// Upsert by partner + Graph id (one communication however many tenants saw it); never an older
// lastModifiedDateTime over a newer one; the category decided with the partner's rules, and per
// affected customer (docs/decisions/0030-categories-per-customer.md).
//
// Who says which customers are affected (each link remembers it):
// - an import (a file, the API) names every affected tenant of the partner: its links replace the
//   links earlier imports made for the record; links the connector made stay;
// - the connector read the record in one customer's tenant: it links that customer and touches no
//   other link (a sync of one tenant never removes another tenant's link).

export type ImportActor = { actor: Actor; address?: string | null };

/** Where the records come from (see above). */
export type ImportSource = { kind: 'import' } | { kind: 'connector'; tenantId: string };

/** What one record did. Automatic follow-ups (notices about a communication) start from these. */
export type RecordChange = {
  externalId: string;
  communicationId: string;
  change: 'created' | 'updated' | 'unchanged' | 'skippedOlder';
  /** Its stored fields changed (title, status, summary, …): always true when created. */
  fieldsChanged: boolean;
  /** Its status or resolution changed (false when created). */
  statusChanged: boolean;
  /** Customers linked to it by this write. */
  linked: string[];
  /** Customers no longer linked to it after this write (an import that no longer names them). */
  unlinked: string[];
};

export type ImportResult = {
  created: string[];
  updated: string[];
  unchanged: string[];
  /** Records older than the stored version (by lastModifiedDateTime): their fields left as stored. */
  skippedOlder: string[];
  /** Per record, the affected tenant ids that are none of this partner's customers (not linked). */
  unknownTenants: { externalId: string; tenantIds: string[] }[];
  changes: RecordChange[];
};

export type ImportOptions = {
  /** The client to run on: the web process's by default; the worker passes its own. */
  db?: PrismaClient;
  source?: ImportSource;
  /**
   * The write's audit event: by default `communications.imported` with the counts, always; the
   * connector's `communications.synced`, only when a record changed.
   */
  audit?: { action: string; onlyWhenChanged: boolean; details?: Record<string, unknown> };
  /** More work in the same transaction once the records are written (the connector checks its lease and counts). */
  alsoInTransaction?: (tx: Tx, result: ImportResult) => Promise<void>;
  limits?: TxLimits;
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
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((value, i) => value === b[i]);

const AUDIT_LIST_LIMIT = 1000;

type StoredRow = Prisma.MicrosoftCommunicationGetPayload<{ select: typeof STORED_SELECT }>;
const STORED_SELECT = { ...COMMUNICATION_SELECT, raw: true } satisfies Prisma.MicrosoftCommunicationSelect;

type Fields = ReturnType<typeof fieldsOf>;

function fieldsOf(record: MappedCommunication, category: CommunicationCategory, cloud: StoredRow['cloud']) {
  return {
    category,
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
    cloud,
    kind: record.kind,
    messageCategory: record.messageCategory,
    services: record.services,
    tags: record.tags,
    feature: record.feature,
    featureGroup: record.featureGroup,
    isMajorChange: record.isMajorChange,
    highImpact: record.highImpact,
    actionRequiredBy: record.actionRequiredBy,
    raw: record.raw as Prisma.InputJsonObject,
  };
}

function sameFields(stored: StoredRow, fields: Fields): boolean {
  return (
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
    stored.kind === fields.kind &&
    stored.messageCategory === fields.messageCategory &&
    sameList(stored.services, fields.services) &&
    sameList(stored.tags, fields.tags) &&
    stored.feature === fields.feature &&
    stored.featureGroup === fields.featureGroup &&
    stored.isMajorChange === fields.isMajorChange &&
    stored.highImpact === fields.highImpact &&
    sameTime(stored.actionRequiredBy, fields.actionRequiredBy) &&
    sameJson(stored.raw, fields.raw)
  );
}

type CustomerRow = { id: string; tenantId: string; directRelationship: DirectRelationship; directServices: string[] | null };
type LinkRow = { communicationId: string; customerId: string; fromImport: boolean; fromConnector: boolean };
type NewLink = {
  communicationId: string;
  customerId: string;
  category: CommunicationCategory;
  fromImport: boolean;
  fromConnector: boolean;
};

/** An affected customer as a communication webhook tells of it, with the communication's category for it. */
type EventCustomer = {
  id: string;
  tenantId: string;
  companyName: string;
  cloud: Cloud;
  relationshipToPartner: RelationshipToPartner;
  directRelationship: DirectRelationship;
  category: CommunicationCategory;
};

/** Affected customers listed in a communication webhook at most (conflicts first, then by name). */
export const WEBHOOK_AFFECTED_LIMIT = 1000;

/**
 * A communication.created / .updated payload: the communication (in its base category) and, per
 * affected customer, the communication's category for that customer and the policy's answer to it.
 */
function communicationEventData(
  id: string,
  record: MappedCommunication,
  category: CommunicationCategory,
  cloud: Cloud,
  customers: readonly EventCustomer[],
): CommunicationEventData {
  const entries = customers.map((customer) => {
    const decision = decide(customer, customer.category);
    return {
      customerId: customer.id,
      companyName: customer.companyName,
      tenantId: customer.tenantId,
      relationshipToPartner: customer.relationshipToPartner,
      directRelationship: customer.directRelationship,
      cloud: customer.cloud,
      category: customer.category,
      outcome: decision.outcome,
      reason: decision.reason,
      isConflict: isPolicyConflict(customer, customer.category),
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
      category,
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
 * Upserts Microsoft communications for one partner, by (partnerId, Graph id), and links them to
 * the partner's customers whose tenant id is listed (see the top of this file for whose links a
 * write replaces). Tenant ids that are none of this partner's customers are reported, never
 * matched to anything else.
 *
 * It takes a partner id, not a viewer: it is run by an operator (npm run import:microsoft, with
 * the database at hand, outside any signed-in session), by a trusted integration that has already
 * resolved its API token to a partner, or by the connector for the partner whose tenants it reads;
 * there is no user to act as. The partner is still the scope of every read and write, so nothing
 * of another partner is ever touched or linked.
 *
 * One transaction: a failure writes nothing. Imports, and connector writes that create or change a
 * communication, wait for each other on the same Graph ids of a partner (a lock per id, taken in one
 * order); a connector write that only links its customer to unchanged communications takes none.
 * Writing the same records again changes nothing (no row is written when a record equals what is
 * stored).
 */
export async function importCommunications(
  partnerId: string,
  records: readonly MappedCommunication[],
  actor: ImportActor,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const source = options.source ?? { kind: 'import' };
  const audit = options.audit ?? { action: 'communications.imported', onlyWhenChanged: false };
  const imported = await runWrite(
    async (tx) => {
      const partner = await tx.partner.findUnique({ where: { id: partnerId }, select: { id: true, cloud: true } });
      if (!partner) throw new PartnerNotFoundError(partnerId);
      const ids = [...new Set(records.map((record) => record.externalId))].sort();
      const rules = await loadCategoryRules(tx, partnerId);
      const tenantIds = [...new Set(records.flatMap((record) => record.affectedTenantIds))];
      const customers =
        tenantIds.length === 0
          ? []
          : await tx.$queryRaw<CustomerRow[]>`
              SELECT "id"::text AS "id", "tenantId"::text AS "tenantId", "directRelationship"::text AS "directRelationship", "directServices"
              FROM "Customer" WHERE "partnerId" = ${partnerId}::uuid AND "tenantId" = ANY(${tenantIds}::uuid[])`;
      const customerByTenant = new Map(customers.map((row) => [row.tenantId.toLowerCase(), row]));
      const connectorCustomer = source.kind === 'connector' ? (customerByTenant.get(source.tenantId.toLowerCase()) ?? null) : null;

      const readStored = (externalIds: string[]) =>
        tx.microsoftCommunication.findMany({ where: { partnerId, externalId: { in: externalIds } }, select: STORED_SELECT });
      const existing = new Map((await readStored(ids)).map((row) => [row.externalId, row]));
      // Writers of the same Graph ids would race on their rows: a record that creates or changes its
      // communication takes a lock per id (always in the same order) and reads the row again under
      // it, and so does every record of an import (it may remove links). A connector's record that
      // only links its customer to an unchanged communication takes none, so that the tenants of
      // many workers that saw the same incident do not wait for each other.
      const writing =
        source.kind === 'import'
          ? ids
          : [
              ...new Set(
                records
                  .filter((record) => {
                    const stored = existing.get(record.externalId);
                    if (!stored) return true;
                    if (record.lastModifiedAt.getTime() < stored.lastModifiedAt.getTime()) return false;
                    return !sameFields(stored, fieldsOf(record, baseCategory(record, rules), partner.cloud));
                  })
                  .map((record) => record.externalId),
              ),
            ].sort();
      if (writing.length > 0) {
        await tx.$queryRaw`
          SELECT count(pg_advisory_xact_lock(hashtext(${partnerId}), hashtext(s.id)))::int AS n
          FROM (SELECT id FROM unnest(${writing}::text[]) AS u(id) ORDER BY id) AS s`;
        for (const row of await readStored(writing)) existing.set(row.externalId, row);
      }
      const existingRows = [...existing.values()];
      // The connector needs only its own customer's links; an import replaces its links, so reads them all.
      const links =
        existingRows.length === 0 || (source.kind === 'connector' && !connectorCustomer)
          ? []
          : await tx.communicationAffectedCustomer.findMany({
              where: {
                partnerId,
                communicationId: { in: existingRows.map((row) => row.id) },
                ...(connectorCustomer ? { customerId: connectorCustomer.id } : {}),
              },
              select: { communicationId: true, customerId: true, fromImport: true, fromConnector: true },
            });
      const linksOf = new Map<string, LinkRow[]>();
      for (const link of links) linksOf.set(link.communicationId, [...(linksOf.get(link.communicationId) ?? []), link]);

      const result: ImportResult = { created: [], updated: [], unchanged: [], skippedOlder: [], unknownTenants: [], changes: [] };
      const toCreate: Prisma.MicrosoftCommunicationCreateManyInput[] = [];
      const newLinks: NewLink[] = [];
      const flagChanges: LinkRow[] = [];
      const removed: { communicationId: string; customerId: string }[] = [];
      const recategorize: string[] = [];

      for (const record of records) {
        const category = baseCategory(record, rules);
        const linkCategory = (customer: CustomerRow) =>
          categoryForCustomer(category, record, {
            directRelationship: customer.directRelationship,
            directServices: customer.directServices ?? [],
          });
        // The customers this record names: all its tenants (an import), or the connector's one.
        const wanted = new Map<string, CustomerRow>();
        const unknown: string[] = [];
        for (const tenantId of record.affectedTenantIds) {
          const customer = customerByTenant.get(tenantId);
          if (source.kind === 'connector' && customer !== connectorCustomer) continue;
          if (customer) wanted.set(customer.id, customer);
          else unknown.push(tenantId);
        }
        if (unknown.length > 0) result.unknownTenants.push({ externalId: record.externalId, tenantIds: unknown });

        const fields = fieldsOf(record, category, partner.cloud);
        const stored = existing.get(record.externalId);
        const fromImport = source.kind === 'import';
        if (!stored) {
          const id = randomUUID();
          toCreate.push({ id, partnerId, externalId: record.externalId, ...fields });
          for (const customer of wanted.values()) {
            newLinks.push({
              communicationId: id,
              customerId: customer.id,
              category: linkCategory(customer),
              fromImport,
              fromConnector: !fromImport,
            });
          }
          result.created.push(record.externalId);
          result.changes.push({
            externalId: record.externalId,
            communicationId: id,
            change: 'created',
            fieldsChanged: true,
            statusChanged: false,
            linked: [...wanted.keys()],
            unlinked: [],
          });
          continue;
        }

        // An older version than the stored one changes nothing of the communication; it is still
        // news for the connector's tenant (that tenant is affected), never for an import's links.
        const older = record.lastModifiedAt.getTime() < stored.lastModifiedAt.getTime();
        const linked: string[] = [];
        const unlinked: string[] = [];
        // A new link's category follows the version that is kept.
        const keptCategory = (customer: CustomerRow) =>
          older
            ? categoryForCustomer(stored.category, stored, {
                directRelationship: customer.directRelationship,
                directServices: customer.directServices ?? [],
              })
            : linkCategory(customer);
        if (!older || !fromImport) {
          // Links: who this source says is affected, against what the same source said before.
          const current = new Map((linksOf.get(stored.id) ?? []).map((link) => [link.customerId, link]));
          for (const customer of wanted.values()) {
            const link = current.get(customer.id);
            if (!link) {
              newLinks.push({
                communicationId: stored.id,
                customerId: customer.id,
                category: keptCategory(customer),
                fromImport,
                fromConnector: !fromImport,
              });
              linked.push(customer.id);
            } else if (fromImport ? !link.fromImport : !link.fromConnector) {
              flagChanges.push({ ...link, fromImport: link.fromImport || fromImport, fromConnector: link.fromConnector || !fromImport });
            }
          }
          if (fromImport) {
            for (const link of current.values()) {
              if (wanted.has(link.customerId) || !link.fromImport) continue;
              if (link.fromConnector) flagChanges.push({ ...link, fromImport: false });
              else {
                removed.push(link);
                unlinked.push(link.customerId);
              }
            }
          }
        }
        const fieldsChanged = !older && !sameFields(stored, fields);
        const change: RecordChange['change'] = older
          ? 'skippedOlder'
          : fieldsChanged || linked.length > 0 || unlinked.length > 0
            ? 'updated'
            : 'unchanged';
        result[change].push(record.externalId);
        result.changes.push({
          externalId: record.externalId,
          communicationId: stored.id,
          change,
          fieldsChanged,
          statusChanged: fieldsChanged && (stored.status !== fields.status || stored.isResolved !== fields.isResolved),
          linked,
          unlinked,
        });
        if (fieldsChanged) {
          await tx.microsoftCommunication.updateMany({ where: { id: stored.id, partnerId }, data: fields });
          if (stored.category !== fields.category || !sameList(stored.services, fields.services) || stored.kind !== fields.kind) {
            recategorize.push(stored.id);
          }
        }
      }
      if (toCreate.length > 0) await tx.microsoftCommunication.createMany({ data: toCreate });
      if (removed.length > 0) {
        await tx.$executeRaw`
          DELETE FROM "CommunicationAffectedCustomer" AS l
          USING unnest(${removed.map((l) => l.communicationId)}::uuid[], ${removed.map((l) => l.customerId)}::uuid[]) AS u("communicationId", "customerId")
          WHERE l."partnerId" = ${partnerId}::uuid AND l."communicationId" = u."communicationId" AND l."customerId" = u."customerId"`;
      }
      if (flagChanges.length > 0) {
        await tx.$executeRaw`
          UPDATE "CommunicationAffectedCustomer" AS l SET "fromImport" = u."fromImport", "fromConnector" = u."fromConnector"
          FROM unnest(${flagChanges.map((l) => l.communicationId)}::uuid[], ${flagChanges.map((l) => l.customerId)}::uuid[],
                      ${flagChanges.map((l) => l.fromImport)}::boolean[], ${flagChanges.map((l) => l.fromConnector)}::boolean[])
            AS u("communicationId", "customerId", "fromImport", "fromConnector")
          WHERE l."partnerId" = ${partnerId}::uuid AND l."communicationId" = u."communicationId" AND l."customerId" = u."customerId"`;
      }
      if (newLinks.length > 0)
        await tx.communicationAffectedCustomer.createMany({ data: newLinks.map((link) => ({ partnerId, ...link })) });
      // A changed post (its category, its services) may fall in another category for the customers already linked.
      await recategorizeLinks(tx, partnerId, { communicationIds: recategorize });

      // The communications created or changed (their fields or who is affected), in this transaction:
      // queued for the partner's automatic service-update rules, and told to the webhooks that listen.
      const changes = result.changes.filter((change) => change.change === 'created' || change.change === 'updated');
      await recordCommunicationChanges(
        tx,
        partnerId,
        changes.map((change) => change.communicationId),
      );
      await enqueueCommunicationEvents(tx, partnerId, partner.cloud, changes, records, rules);

      const changed = result.created.length + result.updated.length > 0;
      if (changed || !audit.onlyWhenChanged) {
        const cap = (list: string[]) => list.slice(0, AUDIT_LIST_LIMIT);
        await writeAudit(tx, [
          {
            actor: actor.actor,
            partnerId,
            address: actor.address ?? null,
            action: audit.action,
            targetType: 'MicrosoftCommunication',
            targetId: null,
            after: {
              ...audit.details,
              records: records.length,
              created: cap(result.created),
              updated: cap(result.updated),
              unchanged: result.unchanged.length,
              skippedOlder: cap(result.skippedOlder),
              unknownTenantIds: cap([...new Set(result.unknownTenants.flatMap((entry) => entry.tenantIds))]),
            },
          },
        ]);
      }
      await options.alsoInTransaction?.(tx, result);
      return { ok: true as const, result };
    },
    { limits: options.limits ?? { maxWait: 5_000, timeout: 60_000 }, db: options.db },
  );
  return imported.result;
}

/**
 * communication.created / .updated webhooks for the changes of one write, when the partner has an
 * endpoint that listens: each with every customer the communication is linked to after the write
 * (whichever source linked it) and the link's category for that customer.
 */
async function enqueueCommunicationEvents(
  tx: Tx,
  partnerId: string,
  cloud: Cloud,
  changes: readonly RecordChange[],
  records: readonly MappedCommunication[],
  rules: CategoryRules,
): Promise<void> {
  if (changes.length === 0) return;
  const listening = await subscribedEventTypes(tx, partnerId);
  const typeOf = (change: RecordChange) => (change.change === 'created' ? 'communication.created' : 'communication.updated');
  const told = changes.filter((change) => listening.has(typeOf(change)));
  if (told.length === 0) return;
  const affected = await tx.$queryRaw<(EventCustomer & { communicationId: string })[]>`
    SELECT l."communicationId"::text AS "communicationId", l."category"::text AS "category", c."id"::text AS "id",
           c."tenantId"::text AS "tenantId", c."companyName", c."cloud"::text AS "cloud",
           c."relationshipToPartner"::text AS "relationshipToPartner", c."directRelationship"::text AS "directRelationship"
    FROM "CommunicationAffectedCustomer" AS l
    JOIN "Customer" AS c ON c."id" = l."customerId" AND c."partnerId" = l."partnerId"
    WHERE l."partnerId" = ${partnerId}::uuid AND l."communicationId" = ANY(${told.map((change) => change.communicationId)}::uuid[])`;
  const customersOf = new Map<string, EventCustomer[]>();
  for (const row of affected) customersOf.set(row.communicationId, [...(customersOf.get(row.communicationId) ?? []), row]);
  // The last record of an id wins, as it did when it was written.
  const recordOf = new Map(records.map((record) => [record.externalId, record]));
  const now = new Date();
  const events: WebhookEvent[] = told.flatMap((change) => {
    const record = recordOf.get(change.externalId);
    if (!record) return [];
    const data = communicationEventData(
      change.communicationId,
      record,
      baseCategory(record, rules),
      cloud,
      customersOf.get(change.communicationId) ?? [],
    );
    return [{ type: typeOf(change), at: now, data }];
  });
  await enqueueWebhookEvents(tx, partnerId, events, now);
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
