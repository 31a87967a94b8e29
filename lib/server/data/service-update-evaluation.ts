import 'server-only';
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../runtime/prisma';
import { mailSettings } from '../mail/settings';
import { SYSTEM_ACTORS } from '../viewer';
import type { ContactRole } from '../../domain/notice-template';
import type { CommunicationCategory } from '../../domain/policy';
import {
  DEFAULT_SERVICE_UPDATE_CONTENT,
  DEFAULT_SERVICE_UPDATE_FOLLOW_UP_CONTENT,
  GONE_OUT_STATUSES,
  isSeverity,
  ruleMatches,
} from '../../domain/service-updates';
import { writeAudit } from './audit';
import { contentFromRow, contentToRow } from './notice-content';
import { createDeliveries } from './notice-outbox';
import { checkNoticeTargets, checkTargetsOf, loadTargetCustomers, recipientsOf, replaceTargets } from './notice-targets';
import { SERVICE_UPDATE_DEFAULT_ROLES } from './service-updates';
import { runWrite, type Tx } from './transaction';

// The automatic service-update rules at work (system scope, no viewer: the worker and the import's
// hook; never call these from a page).
//
// When a Microsoft communication is created or changes, the code that wrote it (the import today,
// the connector later) calls recordCommunicationChanges in its own transaction: one row per
// communication in CommunicationChange — the outbox — when the partner has an enabled rule. The
// worker's evaluateServiceUpdateRules takes one row at a time (FOR UPDATE SKIP LOCKED: any number
// of workers), reads the communication as it is then, and for each enabled rule it matches makes a
// SERVICE_UPDATE notice to the affected customers it matches for — a rule's categories are compared
// with the communication's category for each customer (its link's, docs/decisions/0030), so a rule
// for NON_CSP_PRODUCTS targets only those who buy the service outside CSP — less those who opted
// out and those without a contact of the rule's roles: a DRAFT for review, or SENDING with its deliveries ("send at once";
// a DRAFT when it fails its checks). Each row is one bounded transaction, its deletion included: a
// crash evaluates it again. A rule makes at most one notice per communication and status — the
// Notice_service_update_rule_once_key unique index, met with ON CONFLICT DO NOTHING: a second
// evaluation, or a second worker at the same moment, creates nothing
// (docs/decisions/0031-telling-affected-customers.md).

/**
 * The hook for whatever writes Microsoft communications: `communicationIds` (the partner's) were
 * created or changed in the caller's transaction. Queued for the worker only when the partner has
 * an enabled rule; returns the rows written.
 */
export async function recordCommunicationChanges(tx: Tx, partnerId: string, communicationIds: readonly string[]): Promise<number> {
  const ids = [...new Set(communicationIds)];
  if (ids.length === 0) return 0;
  return tx.$executeRaw`
    INSERT INTO "CommunicationChange" ("partnerId", "communicationId")
    SELECT ${partnerId}::uuid, c FROM unnest(${ids}::uuid[]) AS c
    WHERE EXISTS (SELECT 1 FROM "ServiceUpdateRule" WHERE "partnerId" = ${partnerId}::uuid AND "enabled")`;
}

export type ServiceUpdateEvaluation = {
  /** Changes taken from the outbox. */
  changes: number;
  /** Notices made as drafts for review (or because a "send at once" notice failed its checks). */
  drafts: number;
  /** Notices sent at once. */
  sending: number;
  /** Matching rules that made nothing: their notice for that status exists, or nobody could receive it. */
  skipped: number;
};

/** How long one change may take: a "send at once" rule writes a delivery per recipient (set-based). */
const EVALUATION_TX_LIMITS = { maxWait: 5_000, timeout: 60_000 } as const;

const NOTHING_QUEUED = { ok: false, code: 'NOTHING_QUEUED' } as const;

/** Takes up to `limit` queued changes, one transaction each, and makes the notices the rules call for. */
export async function evaluateServiceUpdateRules(
  db: PrismaClient,
  now: Date = new Date(),
  options: { limit?: number; messageIdHost?: string } = {},
): Promise<ServiceUpdateEvaluation> {
  const messageIdHost = options.messageIdHost ?? mailSettings().messageIdHost;
  const total: ServiceUpdateEvaluation = { changes: 0, drafts: 0, sending: 0, skipped: 0 };
  for (let i = 0; i < (options.limit ?? 100); i += 1) {
    const done = await runWrite(
      async (tx) => {
        const outcome = await evaluateOne(tx, now, messageIdHost);
        return outcome ? { ok: true as const, outcome } : NOTHING_QUEUED;
      },
      { db, limits: EVALUATION_TX_LIMITS },
    );
    if (!done.ok) break;
    total.changes += 1;
    total.drafts += done.outcome.drafts;
    total.sending += done.outcome.sending;
    total.skipped += done.outcome.skipped;
  }
  return total;
}

async function evaluateOne(tx: Tx, now: Date, messageIdHost: string): Promise<Omit<ServiceUpdateEvaluation, 'changes'> | null> {
  const [change] = await tx.$queryRaw<{ id: bigint; partnerId: string; communicationId: string }[]>`
    SELECT "id", "partnerId"::text AS "partnerId", "communicationId"::text AS "communicationId"
    FROM "CommunicationChange" ORDER BY "id" LIMIT 1 FOR UPDATE SKIP LOCKED`;
  if (!change) return null;
  await tx.$executeRaw`DELETE FROM "CommunicationChange" WHERE "id" = ${change.id}`;
  const outcome = { drafts: 0, sending: 0, skipped: 0 };
  const { partnerId, communicationId } = change;
  const communication = await tx.microsoftCommunication.findFirst({
    where: { id: communicationId, partnerId },
    select: { id: true, affectedService: true, severity: true, classification: true, status: true },
  });
  if (!communication) return outcome;
  // Each affected customer with the communication's category for it (its link's: 0030).
  const affected = await tx.$queryRaw<{ id: string; category: CommunicationCategory; optedOut: boolean }[]>`
    SELECT l."customerId"::text AS "id", l."category"::text AS "category", (o."customerId" IS NOT NULL) AS "optedOut"
    FROM "CommunicationAffectedCustomer" AS l
    LEFT JOIN "ServiceUpdateOptOut" AS o ON o."customerId" = l."customerId" AND o."partnerId" = l."partnerId"
    WHERE l."partnerId" = ${partnerId}::uuid AND l."communicationId" = ${communicationId}::uuid`;
  const categoryOf = new Map(affected.map((row) => [row.id, row.category]));
  const categories = [...new Set(affected.map((row) => row.category))];
  const rules = (
    await tx.serviceUpdateRule.findMany({
      where: { partnerId, enabled: true },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
      select: {
        id: true,
        action: true,
        categories: true,
        services: true,
        minSeverity: true,
        recipientRoles: true,
        template: { select: { id: true, kind: true, subjectEn: true, bodyEn: true, subjectZhTw: true, bodyZhTw: true } },
      },
    })
  )
    .map((rule) => {
      const criteria = {
        categories: rule.categories,
        services: rule.services,
        minSeverity: isSeverity(rule.minSeverity) ? rule.minSeverity : null,
      };
      // The categories (of those the communication has for its customers) for which the rule applies.
      const matching = new Set(categories.filter((category) => ruleMatches(criteria, { ...communication, category })));
      return { ...rule, matching };
    })
    // A rule applies when it matches the communication for at least one of its customers.
    .filter((rule) => rule.matching.size > 0);
  if (rules.length === 0) return outcome;

  const optedOut = affected.filter((row) => row.optedOut).map((row) => row.id);
  const targets = await loadTargetCustomers(
    tx,
    partnerId,
    affected.filter((row) => !row.optedOut).map((row) => row.id),
    [],
  );
  // Once a notice about it has gone out, the built-in text is the update's.
  const toldBefore = (await tx.notice.count({ where: { partnerId, communicationId, status: { in: [...GONE_OUT_STATUSES] } } })) > 0;

  for (const rule of rules) {
    const already = await tx.notice.findFirst({
      where: { partnerId, serviceUpdateRuleId: rule.id, communicationId, communicationStatus: communication.status },
      select: { id: true },
    });
    if (already) {
      outcome.skipped += 1;
      continue;
    }
    const roles: ContactRole[] = rule.recipientRoles.length > 0 ? rule.recipientRoles : [...SERVICE_UPDATE_DEFAULT_ROLES];
    // Only the customers for whom the communication is of one of the rule's categories.
    const candidates = targets.filter((customer) => rule.matching.has(categoryOf.get(customer.id)!));
    const reachable = checkTargetsOf(candidates, roles);
    const chosen = candidates.filter((_, index) => reachable[index]!.contacts.length > 0);
    if (chosen.length === 0) {
      outcome.skipped += 1;
      continue;
    }
    const template = rule.template?.kind === 'SERVICE_UPDATE' ? rule.template : null;
    const content = template
      ? contentFromRow(template)
      : toldBefore
        ? DEFAULT_SERVICE_UPDATE_FOLLOW_UP_CONTENT
        : DEFAULT_SERVICE_UPDATE_CONTENT;
    const problems = checkNoticeTargets(content, chosen, roles, true);
    const status = rule.action === 'SEND' && problems.length === 0 ? 'SENDING' : 'DRAFT';
    const id = randomUUID();
    const row = contentToRow(content);
    const inserted = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO "Notice" ("id", "partnerId", "kind", "status", "subjectEn", "bodyEn", "subjectZhTw", "bodyZhTw", "recipientRoles",
                            "templateId", "communicationId", "communicationStatus", "serviceUpdateRuleId", "createdAt", "updatedAt")
      VALUES (${id}::uuid, ${partnerId}::uuid, 'SERVICE_UPDATE', ${status}::"NoticeStatus", ${row.subjectEn}, ${row.bodyEn},
              ${row.subjectZhTw}, ${row.bodyZhTw}, ${roles}::"ContactRole"[], ${template?.id ?? null}::uuid, ${communicationId}::uuid,
              ${communication.status}, ${rule.id}::uuid, ${now}, ${now})
      ON CONFLICT ("serviceUpdateRuleId", "communicationId", "communicationStatus") DO NOTHING
      RETURNING "id"::text AS "id"`;
    // Another evaluation made it first (it committed while this one waited): nothing more.
    if (inserted.length === 0) {
      outcome.skipped += 1;
      continue;
    }
    const customerIds = chosen.map((customer) => customer.id);
    const told = new Set(customerIds);
    await replaceTargets(tx, partnerId, id, customerIds, []);
    const deliveries =
      status === 'SENDING'
        ? (
            await createDeliveries(tx, {
              partnerId,
              noticeId: id,
              recipients: recipientsOf(chosen, roles),
              nextAttemptAt: now,
              messageIdHost,
              now,
            })
          ).length
        : 0;
    await writeAudit(tx, [
      {
        actor: SYSTEM_ACTORS.serviceUpdates,
        partnerId,
        action: status === 'SENDING' ? 'notice.service_update_sending' : 'notice.service_update_drafted',
        targetType: 'Notice',
        targetId: id,
        after: {
          status,
          version: 1,
          ruleId: rule.id,
          communicationId,
          communicationStatus: communication.status,
          templateId: template?.id ?? null,
          customerIds: customerIds.slice(0, 1000),
          customerCount: customerIds.length,
          optedOut: optedOut.filter((customerId) => rule.matching.has(categoryOf.get(customerId)!)).slice(0, 1000),
          withoutRecipient: candidates
            .filter((customer) => !told.has(customer.id))
            .map((customer) => customer.id)
            .slice(0, 1000),
          ...(status === 'SENDING' ? { deliveries } : { problems }),
        },
      },
    ]);
    outcome[status === 'SENDING' ? 'sending' : 'drafts'] += 1;
  }
  return outcome;
}
