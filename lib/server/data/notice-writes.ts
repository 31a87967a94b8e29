import 'server-only';
import { mailSettings } from '../mail/settings';
import { actorOf, partnerScope, type Viewer } from '../viewer';
import { can } from '../../domain/permissions';
import { isUuid } from '../../domain/ids';
import { isEditable } from '../../domain/notice-lifecycle';
import { noticeFieldErrorsOf, noticeInputSchema, noticePatchSchema, type NoticeInput, type NoticePatch } from '../../schemas/notices';
import { auditBy, writeAudit } from './audit';
import { contentToRow, noticeSnapshot } from './notice-content';
import { bump, withNotice } from './notice-lock';
import { syncQueuedDeliveries } from './notice-outbox';
import {
  FORBIDDEN,
  INVALID_VERSION,
  NOT_FOUND,
  noticeWrite,
  validVersion,
  type NoticeRef,
  type NoticeRefResult,
  type WriteContext,
} from './notice-results';
import { checkNoticeTargets, loadTargetCustomers, recipientsOf, replaceTargets, resolveTargets } from './notice-targets';
import type { Tx } from './transaction';

// Creating and editing notices: a new draft, an edit of a draft or scheduled one, a copy.

async function templateExists(db: Tx, partnerId: string, templateId: string | null | undefined): Promise<boolean> {
  if (!templateId) return true;
  return Boolean(await db.noticeTemplate.findFirst({ where: { id: templateId, partnerId }, select: { id: true } }));
}

/** A notice about a Microsoft communication is a SERVICE_UPDATE notice. */
const KIND_NEEDS_SERVICE_UPDATE = { ok: false, code: 'INVALID', fieldErrors: { kind: 'kindInvalid' } } as const;

// ---------------------------------------------------------------------------------------------
// Creating and editing

/**
 * A new DRAFT notice. `input` is parsed with noticeInputSchema (→ INVALID); the template and
 * every target must be the partner's (→ TEMPLATE_NOT_FOUND, CUSTOMER_NOT_FOUND,
 * SUBSCRIPTION_NOT_FOUND); checkNotice must find nothing (→ NOTICE_INVALID). A notice about a
 * Microsoft communication (`communicationId`, the partner's: else COMMUNICATION_NOT_FOUND) is a
 * SERVICE_UPDATE notice (else INVALID) and records the communication's status of the moment.
 */
export async function createNotice(viewer: Viewer, input: NoticeInput, ctx: WriteContext = {}): Promise<NoticeRefResult> {
  if (!can(viewer.role, 'notice:write')) return FORBIDDEN;
  const partnerId = partnerScope(viewer);
  const parsed = noticeInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, code: 'INVALID', fieldErrors: noticeFieldErrorsOf(parsed.error.issues) };
  const data = parsed.data;
  const communicationId = data.communicationId?.toLowerCase() ?? null;
  if (communicationId && data.kind !== 'SERVICE_UPDATE') return KIND_NEEDS_SERVICE_UPDATE;
  const now = ctx.now ?? new Date();
  return noticeWrite<NoticeRef>(async (tx) => {
    if (!(await templateExists(tx, partnerId, data.templateId))) return { ok: false, code: 'TEMPLATE_NOT_FOUND' };
    const communication = communicationId
      ? await tx.microsoftCommunication.findFirst({ where: { id: communicationId, partnerId }, select: { status: true } })
      : null;
    if (communicationId && !communication) return { ok: false, code: 'COMMUNICATION_NOT_FOUND' };
    const resolved = await resolveTargets(tx, partnerId, data.target, now, communicationId);
    if (!resolved.ok) return resolved;
    const targets = await loadTargetCustomers(tx, partnerId, resolved.customerIds, resolved.subscriptionIds);
    const errors = checkNoticeTargets(data.content, targets, data.recipientRoles, communicationId !== null);
    if (errors.length > 0) return { ok: false, code: 'NOTICE_INVALID', errors };
    const notice = await tx.notice.create({
      data: {
        partnerId,
        kind: data.kind,
        status: 'DRAFT',
        ...contentToRow(data.content),
        recipientRoles: data.recipientRoles,
        templateId: data.templateId ?? null,
        communicationId,
        communicationStatus: communication?.status ?? null,
        createdById: actorOf(viewer).userId,
        createdAt: now,
      },
      select: { id: true, status: true, version: true },
    });
    await replaceTargets(tx, partnerId, notice.id, resolved.customerIds, resolved.subscriptionIds);
    await writeAudit(tx, [
      auditBy(viewer, partnerId, ctx.address, {
        action: 'notice.created',
        targetType: 'Notice',
        targetId: notice.id,
        after: {
          status: 'DRAFT',
          version: notice.version,
          ...noticeSnapshot({ ...data, ...resolved, communicationId }),
          ...(communication ? { communicationStatus: communication.status } : {}),
        },
      }),
    ]);
    return { ok: true, ...notice };
  });
}

/**
 * Changes a DRAFT or SCHEDULED notice (else NOT_EDITABLE). Fields left out of `patch` stay;
 * `target` replaces the customers and subscriptions. The result must pass checkNotice. A
 * scheduled notice's queued deliveries follow its new recipients.
 */
export async function updateNotice(
  viewer: Viewer,
  id: string,
  expectedVersion: number,
  patch: NoticePatch,
  ctx: WriteContext = {},
): Promise<NoticeRefResult> {
  if (!validVersion(expectedVersion)) return INVALID_VERSION;
  const parsed = noticePatchSchema.safeParse(patch);
  if (!parsed.success) {
    if (!can(viewer.role, 'notice:write')) return FORBIDDEN;
    return { ok: false, code: 'INVALID', fieldErrors: noticeFieldErrorsOf(parsed.error.issues) };
  }
  const changes = parsed.data;
  const now = ctx.now ?? new Date();
  return withNotice<NoticeRef>(viewer, id, expectedVersion, async (tx, notice, partnerId) => {
    if (!isEditable(notice.status)) return { ok: false, code: 'NOT_EDITABLE', status: notice.status };
    if (notice.communicationId && changes.kind !== undefined && changes.kind !== 'SERVICE_UPDATE') return KIND_NEEDS_SERVICE_UPDATE;
    if (changes.templateId !== undefined && !(await templateExists(tx, partnerId, changes.templateId)))
      return { ok: false, code: 'TEMPLATE_NOT_FOUND' };
    let customerIds: string[];
    let subscriptionIds: string[];
    if (changes.target) {
      const resolved = await resolveTargets(tx, partnerId, changes.target, now, notice.communicationId);
      if (!resolved.ok) return resolved;
      ({ customerIds, subscriptionIds } = resolved);
    } else {
      const [customers, subscriptions] = await Promise.all([
        tx.noticeCustomer.findMany({ where: { noticeId: notice.id }, select: { customerId: true } }),
        tx.noticeSubscription.findMany({ where: { noticeId: notice.id }, select: { subscriptionId: true } }),
      ]);
      customerIds = customers.map((row) => row.customerId);
      subscriptionIds = subscriptions.map((row) => row.subscriptionId);
    }
    const next = {
      kind: changes.kind ?? notice.kind,
      content: changes.content ?? notice.content,
      recipientRoles: changes.recipientRoles ?? notice.recipientRoles,
      templateId: changes.templateId === undefined ? notice.templateId : changes.templateId,
    };
    const targets = await loadTargetCustomers(tx, partnerId, customerIds, subscriptionIds);
    const errors = checkNoticeTargets(next.content, targets, next.recipientRoles, notice.communicationId !== null);
    if (errors.length > 0) return { ok: false, code: 'NOTICE_INVALID', errors };
    const result = await bump(tx, notice, partnerId, {
      kind: next.kind,
      ...contentToRow(next.content),
      recipientRoles: next.recipientRoles,
      templateId: next.templateId,
    });
    if (changes.target) await replaceTargets(tx, partnerId, notice.id, customerIds, subscriptionIds);
    let deliveries: object | undefined;
    if (notice.status === 'SCHEDULED') {
      deliveries = await syncQueuedDeliveries(tx, {
        partnerId,
        noticeId: notice.id,
        recipients: recipientsOf(targets, next.recipientRoles),
        dueAt: notice.scheduledAt ?? now,
        removal: 'delete',
        messageIdHost: mailSettings().messageIdHost,
        now,
      });
    }
    await writeAudit(tx, [
      auditBy(viewer, partnerId, ctx.address, {
        action: 'notice.updated',
        targetType: 'Notice',
        targetId: notice.id,
        before: { version: notice.version, ...noticeSnapshot(notice) },
        after: {
          version: result.version,
          ...noticeSnapshot({ ...next, ...(changes.target ? { customerIds, subscriptionIds } : {}) }),
          ...(deliveries ? { deliveries } : {}),
        },
      }),
    ]);
    return { ok: true, ...result };
  });
}

/**
 * A new DRAFT with the same kind, content, recipient roles, template, communication and targets
 * (those still there) as any of the partner's notices; a copy about a communication records its
 * status now. Not checked: the copy is for the user to adjust, and getNotice reports its problems.
 */
export async function duplicateNotice(viewer: Viewer, id: string, ctx: WriteContext = {}): Promise<NoticeRefResult> {
  if (!can(viewer.role, 'notice:write')) return FORBIDDEN;
  const partnerId = partnerScope(viewer);
  if (!isUuid(id)) return NOT_FOUND;
  const now = ctx.now ?? new Date();
  return noticeWrite<NoticeRef>(async (tx) => {
    const source = await tx.notice.findFirst({
      where: { id, partnerId },
      select: {
        id: true,
        kind: true,
        subjectEn: true,
        bodyEn: true,
        subjectZhTw: true,
        bodyZhTw: true,
        recipientRoles: true,
        templateId: true,
        communicationId: true,
        communication: { select: { status: true } },
        customers: { select: { customerId: true } },
        subscriptions: { select: { subscriptionId: true } },
      },
    });
    if (!source) return NOT_FOUND;
    const notice = await tx.notice.create({
      data: {
        partnerId,
        kind: source.kind,
        status: 'DRAFT',
        subjectEn: source.subjectEn,
        bodyEn: source.bodyEn,
        subjectZhTw: source.subjectZhTw,
        bodyZhTw: source.bodyZhTw,
        recipientRoles: source.recipientRoles,
        templateId: source.templateId,
        communicationId: source.communicationId,
        communicationStatus: source.communication?.status ?? null,
        createdById: actorOf(viewer).userId,
        createdAt: now,
      },
      select: { id: true, status: true, version: true },
    });
    const customerIds = source.customers.map((row) => row.customerId);
    const subscriptionIds = source.subscriptions.map((row) => row.subscriptionId);
    await replaceTargets(tx, partnerId, notice.id, customerIds, subscriptionIds);
    await writeAudit(tx, [
      auditBy(viewer, partnerId, ctx.address, {
        action: 'notice.duplicated',
        targetType: 'Notice',
        targetId: notice.id,
        after: {
          status: 'DRAFT',
          version: notice.version,
          sourceId: source.id,
          customerCount: customerIds.length,
          subscriptionCount: subscriptionIds.length,
        },
      }),
    ]);
    return { ok: true, ...notice };
  });
}
