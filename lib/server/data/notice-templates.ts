import 'server-only';
import type { Prisma } from '../../generated/prisma/client';
import { getDb } from '../db';
import { partnerScope, type Viewer } from '../viewer';
import { can } from '../../domain/permissions';
import { isUuid } from '../../domain/ids';
import { validateTemplate, type NoticeContent } from '../../domain/notice-template';
import { LOCALES } from '../../i18n/locales';
import { noticeFieldErrorsOf, templateInputSchema, type NoticeKind, type TemplateInput } from '../../schemas/notices';
import { auditBy, writeAudit } from './audit';
import { contentFromRow, contentToRow } from './notice-content';
import {
  FORBIDDEN,
  INVALID_VERSION,
  NOT_FOUND,
  noticeWrite,
  validVersion,
  type NoticeResult,
  type TemplateCheckError,
  type WriteContext,
} from './notice-results';
import type { Tx } from './transaction';

// A partner's notice templates (partner admins write them; every partner role reads them, the
// composer prefills from them).

// ---------------------------------------------------------------------------------------------
// Templates

export type NoticeTemplateView = {
  id: string;
  name: string;
  kind: NoticeKind;
  content: NoticeContent;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  /** The renewal-reminder rule uses it. */
  usedByReminderRule: boolean;
};

const TEMPLATE_SELECT = {
  id: true,
  name: true,
  kind: true,
  subjectEn: true,
  bodyEn: true,
  subjectZhTw: true,
  bodyZhTw: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { reminderRules: true } },
} satisfies Prisma.NoticeTemplateSelect;

type TemplateRecord = Prisma.NoticeTemplateGetPayload<{ select: typeof TEMPLATE_SELECT }>;

function templateView(row: TemplateRecord): NoticeTemplateView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    content: contentFromRow(row),
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    usedByReminderRule: row._count.reminderRules > 0,
  };
}

/** The partner's templates by name (any partner role: the composer prefills from them). */
export async function listTemplates(viewer: Viewer, options: { kind?: NoticeKind } = {}): Promise<NoticeTemplateView[]> {
  const partnerId = partnerScope(viewer);
  const rows = await getDb().noticeTemplate.findMany({
    where: { partnerId, ...(options.kind ? { kind: options.kind } : {}) },
    select: TEMPLATE_SELECT,
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
  });
  return rows.map(templateView);
}

export async function getTemplate(viewer: Viewer, id: string): Promise<NoticeTemplateView | null> {
  const partnerId = partnerScope(viewer);
  if (!isUuid(id)) return null;
  const row = await getDb().noticeTemplate.findFirst({ where: { id, partnerId }, select: TEMPLATE_SELECT });
  return row ? templateView(row) : null;
}

/**
 * The kind of the partner's template `templateId` (null: none such), the template locked (shared)
 * until the caller's transaction ends: an automatic rule that is choosing it relies on its kind,
 * and saveTemplate locks it to change it.
 */
export async function lockTemplateKind(tx: Tx, partnerId: string, templateId: string): Promise<NoticeKind | null> {
  const [template] = await tx.$queryRaw<{ kind: NoticeKind }[]>`
    SELECT "kind"::text AS "kind" FROM "NoticeTemplate" WHERE "id" = ${templateId}::uuid AND "partnerId" = ${partnerId}::uuid FOR SHARE`;
  return template?.kind ?? null;
}

/** A template's variable problems; {{communication.*}} belong in SERVICE_UPDATE templates only (they prefill notices about a communication). */
function templateErrors(content: NoticeContent, kind: NoticeKind): TemplateCheckError[] {
  const errors: TemplateCheckError[] = [];
  const use = { communication: kind === 'SERVICE_UPDATE' };
  for (const language of LOCALES) {
    for (const field of ['subject', 'body'] as const) {
      for (const error of validateTemplate(content[language][field], field, use)) errors.push({ ...error, language, field });
    }
  }
  return errors;
}

/**
 * Creates a template (`target.id` absent) or changes one (`target.id` with `target.expectedVersion`).
 * Partner admins only. Both languages are required; variables are validated (TEMPLATE_INVALID);
 * names are unique per partner (NAME_TAKEN).
 */
export async function saveTemplate(
  viewer: Viewer,
  target: { id?: string | null; expectedVersion?: number | null },
  input: TemplateInput,
  ctx: WriteContext = {},
): Promise<NoticeResult<{ id: string; version: number }>> {
  if (!can(viewer.role, 'settings:notices')) return FORBIDDEN;
  const partnerId = partnerScope(viewer);
  const parsed = templateInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, code: 'INVALID', fieldErrors: noticeFieldErrorsOf(parsed.error.issues) };
  const data = parsed.data;
  const errors = templateErrors(data.content, data.kind);
  if (errors.length > 0) return { ok: false, code: 'TEMPLATE_INVALID', errors };
  const fields = { name: data.name, kind: data.kind, ...contentToRow(data.content) };
  return noticeWrite<{ id: string; version: number }>(async (tx) => {
    const taken = await tx.noticeTemplate.findFirst({
      where: { partnerId, name: data.name, ...(target.id && isUuid(target.id) ? { id: { not: target.id } } : {}) },
      select: { id: true },
    });
    if (taken) return { ok: false, code: 'NAME_TAKEN' };
    if (!target.id) {
      const created = await tx.noticeTemplate.create({ data: { partnerId, ...fields }, select: { id: true, version: true } });
      await writeAudit(tx, [
        auditBy(viewer, partnerId, ctx.address, {
          action: 'template.created',
          targetType: 'NoticeTemplate',
          targetId: created.id,
          after: fields,
        }),
      ]);
      return { ok: true, ...created };
    }
    if (!isUuid(target.id)) return NOT_FOUND;
    // Locked first: a reminder rule choosing this template at the same moment waits (it locks the
    // template to read its kind), so the kind a rule relies on cannot change underneath it.
    await tx.$queryRaw`SELECT "id" FROM "NoticeTemplate" WHERE "id" = ${target.id}::uuid AND "partnerId" = ${partnerId}::uuid FOR UPDATE`;
    const before = await tx.noticeTemplate.findFirst({ where: { id: target.id, partnerId }, select: TEMPLATE_SELECT });
    if (!before) return NOT_FOUND;
    if (!validVersion(target.expectedVersion)) return INVALID_VERSION;
    if (data.kind !== 'RENEWAL' && (await tx.renewalReminderRule.count({ where: { partnerId, templateId: target.id } })) > 0) {
      return { ok: false, code: 'TEMPLATE_KIND_LOCKED' };
    }
    // An automatic service-update rule uses it: it stays a SERVICE_UPDATE template.
    if (data.kind !== 'SERVICE_UPDATE' && (await tx.serviceUpdateRule.count({ where: { partnerId, templateId: target.id } })) > 0) {
      return { ok: false, code: 'TEMPLATE_KIND_LOCKED' };
    }
    const updated = await tx.noticeTemplate.updateMany({
      where: { id: target.id, partnerId, version: target.expectedVersion },
      data: { ...fields, version: { increment: 1 } },
    });
    if (updated.count !== 1) return { ok: false, code: 'STALE', currentVersion: before.version };
    await writeAudit(tx, [
      auditBy(viewer, partnerId, ctx.address, {
        action: 'template.updated',
        targetType: 'NoticeTemplate',
        targetId: target.id,
        before: { name: before.name, kind: before.kind, ...contentToRow(contentFromRow(before)), version: before.version },
        after: { ...fields, version: before.version + 1 },
      }),
    ]);
    return { ok: true, id: target.id, version: before.version + 1 };
  });
}

/** Deletes a template (partner admins); refused while the enabled reminder rule uses it. Notices made from it keep their text. */
export async function deleteTemplate(
  viewer: Viewer,
  id: string,
  expectedVersion: number,
  ctx: WriteContext = {},
): Promise<NoticeResult<{ id: string }>> {
  if (!can(viewer.role, 'settings:notices')) return FORBIDDEN;
  const partnerId = partnerScope(viewer);
  if (!isUuid(id)) return NOT_FOUND;
  return noticeWrite<{ id: string }>(async (tx) => {
    const before = await tx.noticeTemplate.findFirst({ where: { id, partnerId }, select: TEMPLATE_SELECT });
    if (!before) return NOT_FOUND;
    if (before.version !== expectedVersion) return { ok: false, code: 'STALE', currentVersion: before.version };
    const rule = await tx.renewalReminderRule.findFirst({ where: { partnerId, templateId: id, enabled: true }, select: { id: true } });
    if (rule) return { ok: false, code: 'TEMPLATE_IN_USE' };
    const deleted = await tx.noticeTemplate.deleteMany({ where: { id, partnerId, version: expectedVersion } });
    if (deleted.count !== 1) return { ok: false, code: 'STALE', currentVersion: before.version };
    await writeAudit(tx, [
      auditBy(viewer, partnerId, ctx.address, {
        action: 'template.deleted',
        targetType: 'NoticeTemplate',
        targetId: id,
        before: { name: before.name, kind: before.kind, version: before.version },
      }),
    ]);
    return { ok: true, id };
  });
}
