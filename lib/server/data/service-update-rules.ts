import 'server-only';
import type { Prisma } from '../../generated/prisma/client';
import { getDb } from '../db';
import { partnerScope, type Viewer } from '../viewer';
import { can } from '../../domain/permissions';
import { isUuid } from '../../domain/ids';
import type { CommunicationCategory } from '../../domain/policy';
import type { ContactRole } from '../../domain/notice-template';
import { isSeverity, type Severity } from '../../domain/service-updates';
import { noticeFieldErrorsOf } from '../../schemas/notices';
import { serviceUpdateRuleSchema, type ServiceUpdateAction, type ServiceUpdateRuleInput } from '../../schemas/service-updates';
import { auditBy, writeAudit } from './audit';
import { lockTemplateKind } from './notice-templates';
import { FORBIDDEN, INVALID_VERSION, NOT_FOUND, noticeWrite, validVersion, type NoticeResult, type WriteContext } from './notice-results';
import type { Tx } from './transaction';

// A partner's automatic service-update rules and the customers that opted out of them (partner
// admins write them: settings:notices; any partner role reads them). The worker evaluates the
// rules (service-update-evaluation.ts).
//
//   listServiceUpdateRules(viewer) / getServiceUpdateRule(viewer, id)
//   saveServiceUpdateRule(viewer, { id?, expectedVersion? }, input, ctx)   NAME_TAKEN, TEMPLATE_NOT_FOUND,
//        TEMPLATE_NOT_SERVICE_UPDATE (the template must be a SERVICE_UPDATE one of the partner), STALE
//   deleteServiceUpdateRule(viewer, id, expectedVersion, ctx)              its notices stay (rule cleared)
//   listServiceUpdateOptOuts(viewer) / isServiceUpdateOptOut(viewer, customerId)
//   setServiceUpdateOptOut(viewer, customerId, optedOut, ctx)              NOT_FOUND for another partner's customer

export type ServiceUpdateRuleView = {
  id: string;
  name: string;
  enabled: boolean;
  action: ServiceUpdateAction;
  categories: CommunicationCategory[];
  services: string[];
  minSeverity: Severity | null;
  recipientRoles: ContactRole[];
  template: { id: string; name: string } | null;
  version: number;
  /** Notices it has made. */
  noticeCount: number;
  updatedAt: Date;
};

const RULE_SELECT = {
  id: true,
  name: true,
  enabled: true,
  action: true,
  categories: true,
  services: true,
  minSeverity: true,
  recipientRoles: true,
  version: true,
  updatedAt: true,
  template: { select: { id: true, name: true } },
  _count: { select: { notices: true } },
} satisfies Prisma.ServiceUpdateRuleSelect;

type RuleRow = Prisma.ServiceUpdateRuleGetPayload<{ select: typeof RULE_SELECT }>;

function ruleView(row: RuleRow): ServiceUpdateRuleView {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    action: row.action,
    categories: row.categories,
    services: row.services,
    minSeverity: isSeverity(row.minSeverity) ? row.minSeverity : null,
    recipientRoles: row.recipientRoles,
    template: row.template,
    version: row.version,
    noticeCount: row._count.notices,
    updatedAt: row.updatedAt,
  };
}

/** The partner's rules by name. */
export async function listServiceUpdateRules(viewer: Viewer): Promise<ServiceUpdateRuleView[]> {
  const partnerId = partnerScope(viewer);
  const rows = await getDb().serviceUpdateRule.findMany({
    where: { partnerId },
    select: RULE_SELECT,
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
  });
  return rows.map(ruleView);
}

/** One rule of the partner; null for another partner's id or a malformed one. */
export async function getServiceUpdateRule(viewer: Viewer, id: string): Promise<ServiceUpdateRuleView | null> {
  const partnerId = partnerScope(viewer);
  if (!isUuid(id)) return null;
  const row = await getDb().serviceUpdateRule.findFirst({ where: { id: id.toLowerCase(), partnerId }, select: RULE_SELECT });
  return row ? ruleView(row) : null;
}

/** The template a rule names must be a SERVICE_UPDATE template of the partner (locked until the write commits). */
async function checkTemplate(tx: Tx, partnerId: string, templateId: string | null): Promise<NoticeResult | null> {
  if (!templateId) return null;
  const kind = await lockTemplateKind(tx, partnerId, templateId);
  if (!kind) return { ok: false, code: 'TEMPLATE_NOT_FOUND' };
  if (kind !== 'SERVICE_UPDATE') return { ok: false, code: 'TEMPLATE_NOT_SERVICE_UPDATE' };
  return null;
}

/** Creates a rule (`target.id` absent) or changes one (`target.id` with `target.expectedVersion`); partner admins only. */
export async function saveServiceUpdateRule(
  viewer: Viewer,
  target: { id?: string | null; expectedVersion?: number | null },
  input: ServiceUpdateRuleInput,
  ctx: WriteContext = {},
): Promise<NoticeResult<{ id: string; version: number }>> {
  if (!can(viewer.role, 'settings:notices')) return FORBIDDEN;
  const partnerId = partnerScope(viewer);
  const parsed = serviceUpdateRuleSchema.safeParse(input);
  if (!parsed.success) return { ok: false, code: 'INVALID', fieldErrors: noticeFieldErrorsOf(parsed.error.issues) };
  const data = parsed.data;
  if (target.id && !isUuid(target.id)) return NOT_FOUND;
  if (target.id && !validVersion(target.expectedVersion)) return INVALID_VERSION;
  const fields = { ...data, templateId: data.templateId?.toLowerCase() ?? null };
  return noticeWrite<{ id: string; version: number }>(async (tx) => {
    const refused = await checkTemplate(tx, partnerId, fields.templateId);
    if (refused && !refused.ok) return refused;
    if (!target.id) {
      // A name already used: the unique key answers NAME_TAKEN (noticeWrite).
      const created = await tx.serviceUpdateRule.create({ data: { partnerId, ...fields }, select: { id: true, version: true } });
      await writeAudit(tx, [
        auditBy(viewer, partnerId, ctx.address, {
          action: 'service_update_rule.created',
          targetType: 'ServiceUpdateRule',
          targetId: created.id,
          after: fields,
        }),
      ]);
      return { ok: true, ...created };
    }
    const id = target.id.toLowerCase();
    const before = await tx.serviceUpdateRule.findFirst({ where: { id, partnerId }, select: RULE_SELECT });
    if (!before) return NOT_FOUND;
    const updated = await tx.serviceUpdateRule.updateMany({
      where: { id, partnerId, version: target.expectedVersion ?? -1 },
      data: { ...fields, version: { increment: 1 } },
    });
    if (updated.count !== 1) return { ok: false, code: 'STALE', currentVersion: before.version };
    const { _count: _notices, template, updatedAt: _at, ...kept } = before;
    await writeAudit(tx, [
      auditBy(viewer, partnerId, ctx.address, {
        action: 'service_update_rule.updated',
        targetType: 'ServiceUpdateRule',
        targetId: id,
        before: { ...kept, templateId: template?.id ?? null },
        after: { ...fields, version: before.version + 1 },
      }),
    ]);
    return { ok: true, id, version: before.version + 1 };
  });
}

/** Deletes a rule (partner admins). The notices it made stay, without their rule. */
export async function deleteServiceUpdateRule(
  viewer: Viewer,
  id: string,
  expectedVersion: number,
  ctx: WriteContext = {},
): Promise<NoticeResult<{ id: string }>> {
  if (!can(viewer.role, 'settings:notices')) return FORBIDDEN;
  const partnerId = partnerScope(viewer);
  if (!isUuid(id)) return NOT_FOUND;
  if (!validVersion(expectedVersion)) return INVALID_VERSION;
  const ruleId = id.toLowerCase();
  return noticeWrite<{ id: string }>(async (tx) => {
    const before = await tx.serviceUpdateRule.findFirst({ where: { id: ruleId, partnerId }, select: { name: true, version: true } });
    if (!before) return NOT_FOUND;
    const deleted = await tx.serviceUpdateRule.deleteMany({ where: { id: ruleId, partnerId, version: expectedVersion } });
    if (deleted.count !== 1) return { ok: false, code: 'STALE', currentVersion: before.version };
    await writeAudit(tx, [
      auditBy(viewer, partnerId, ctx.address, {
        action: 'service_update_rule.deleted',
        targetType: 'ServiceUpdateRule',
        targetId: ruleId,
        before,
      }),
    ]);
    return { ok: true, id: ruleId };
  });
}

// ---------------------------------------------------------------------------------------------
// Opt-outs

export type ServiceUpdateOptOutView = { customerId: string; companyName: string; since: Date };

/** The partner's customers that receive no automatic service-update notice, by name. */
export async function listServiceUpdateOptOuts(viewer: Viewer): Promise<ServiceUpdateOptOutView[]> {
  const partnerId = partnerScope(viewer);
  const rows = await getDb().serviceUpdateOptOut.findMany({
    where: { partnerId },
    orderBy: [{ customer: { companyName: 'asc' } }, { customerId: 'asc' }],
    select: { customerId: true, createdAt: true, customer: { select: { companyName: true } } },
  });
  return rows.map((row) => ({ customerId: row.customerId, companyName: row.customer.companyName, since: row.createdAt }));
}

/** Whether the customer (of the viewer's partner) opted out; false for an unknown or foreign one. */
export async function isServiceUpdateOptOut(viewer: Viewer, customerId: string): Promise<boolean> {
  const partnerId = partnerScope(viewer);
  if (!isUuid(customerId)) return false;
  return Boolean(
    await getDb().serviceUpdateOptOut.findFirst({
      where: { partnerId, customerId: customerId.toLowerCase() },
      select: { customerId: true },
    }),
  );
}

/** Opts a customer out of the automatic service-update notices, or back in (partner admins). Setting what is already set changes nothing. */
export async function setServiceUpdateOptOut(
  viewer: Viewer,
  customerId: string,
  optedOut: boolean,
  ctx: WriteContext = {},
): Promise<NoticeResult<{ optedOut: boolean; changed: boolean }>> {
  if (!can(viewer.role, 'settings:notices')) return FORBIDDEN;
  const partnerId = partnerScope(viewer);
  if (!isUuid(customerId)) return NOT_FOUND;
  const id = customerId.toLowerCase();
  return noticeWrite<{ optedOut: boolean; changed: boolean }>(async (tx) => {
    const customer = await tx.customer.findFirst({ where: { id, partnerId }, select: { id: true } });
    if (!customer) return NOT_FOUND;
    const changed = optedOut
      ? (await tx.$executeRaw`
          INSERT INTO "ServiceUpdateOptOut" ("partnerId", "customerId") VALUES (${partnerId}::uuid, ${id}::uuid)
          ON CONFLICT ("customerId") DO NOTHING`) > 0
      : (await tx.serviceUpdateOptOut.deleteMany({ where: { partnerId, customerId: id } })).count > 0;
    if (changed) {
      await writeAudit(tx, [
        auditBy(viewer, partnerId, ctx.address, {
          action: optedOut ? 'customer.service_updates_opted_out' : 'customer.service_updates_opted_in',
          targetType: 'Customer',
          targetId: id,
          after: { serviceUpdateOptOut: optedOut },
        }),
      ]);
    }
    return { ok: true, optedOut, changed };
  });
}
