import 'server-only';
import { mailSettings } from '../mail/settings';
import type { Viewer } from '../viewer';
import { isUuid } from '../../domain/ids';
import { checkSchedule, checkTransition, planRetry, requeueFields, type NoticeStatus } from '../../domain/notice-lifecycle';
import { auditBy, writeAudit } from './audit';
import { bump, withNotice, type LockedNotice } from './notice-lock';
import { createDeliveries, syncQueuedDeliveries } from './notice-outbox';
import {
  INVALID_VERSION,
  validVersion,
  type NoticeRef,
  type NoticeRefResult,
  type NoticeResult,
  type WriteContext,
} from './notice-results';
import { checkNoticeTargets, loadNoticeTargets, recipientsOf } from './notice-targets';
import type { Tx } from './transaction';

// A notice's life cycle (DESIGN.md's transition table, lib/domain/notice-lifecycle.ts): schedule,
// send now, unschedule, cancel, archive, and retrying failed deliveries.

// ---------------------------------------------------------------------------------------------
// Status changes

/** The notice's targets, checked; its recipients when it passes. */
async function checkedRecipients(tx: Tx, partnerId: string, notice: LockedNotice) {
  const targets = await loadNoticeTargets(tx, partnerId, notice.id);
  const errors = checkNoticeTargets(notice.content, targets, notice.recipientRoles, notice.communicationId !== null);
  if (errors.length > 0) return { ok: false as const, failure: { ok: false as const, code: 'NOTICE_INVALID' as const, errors } };
  return { ok: true as const, recipients: recipientsOf(targets, notice.recipientRoles) };
}

/**
 * Schedules a DRAFT for `at` (strictly later than `now`), creating its deliveries in the same
 * transaction, or gives a SCHEDULED notice a new time (its queued deliveries follow, and its
 * recipients are brought up to date). The notice must pass checkNotice.
 */
export async function scheduleNotice(
  viewer: Viewer,
  id: string,
  expectedVersion: number | undefined,
  at: Date,
  now: Date = new Date(),
  ctx: WriteContext = {},
): Promise<NoticeResult<{ id: string; status: NoticeStatus; version: number; scheduledAt: Date }>> {
  if (expectedVersion !== undefined && !validVersion(expectedVersion)) return INVALID_VERSION;
  return withNotice<NoticeRef & { scheduledAt: Date }>(viewer, id, expectedVersion, async (tx, notice, partnerId) => {
    const plan = checkSchedule(notice.status, at, now);
    if (!plan.ok) {
      if (plan.code === 'TRANSITION_NOT_ALLOWED') return { ok: false, code: plan.code, from: plan.from, to: plan.to };
      if (plan.code === 'SCHEDULE_NOT_IN_FUTURE') return { ok: false, code: plan.code, scheduledAt: plan.scheduledAt, now: plan.now };
      return { ok: false, code: plan.code };
    }
    const checked = await checkedRecipients(tx, partnerId, notice);
    if (!checked.ok) return checked.failure;
    const result = await bump(tx, notice, partnerId, { status: 'SCHEDULED', scheduledAt: plan.scheduledAt });
    const outbox = { partnerId, noticeId: notice.id, recipients: checked.recipients, messageIdHost: mailSettings().messageIdHost, now };
    const deliveries = plan.reschedule
      ? await syncQueuedDeliveries(tx, { ...outbox, dueAt: plan.scheduledAt, removal: 'delete' })
      : { added: (await createDeliveries(tx, { ...outbox, nextAttemptAt: plan.scheduledAt })).length };
    await writeAudit(tx, [
      auditBy(viewer, partnerId, ctx.address, {
        action: plan.reschedule ? 'notice.rescheduled' : 'notice.scheduled',
        targetType: 'Notice',
        targetId: notice.id,
        before: { status: notice.status, version: notice.version, scheduledAt: notice.scheduledAt },
        after: { status: 'SCHEDULED', version: result.version, scheduledAt: plan.scheduledAt, deliveries },
      }),
    ]);
    return { ok: true, ...result, scheduledAt: plan.scheduledAt };
  });
}

/**
 * Sends a DRAFT or SCHEDULED notice now: it moves to SENDING and its deliveries (created now for a
 * draft; brought up to date and made due now for a scheduled one) go to the worker. Other
 * statuses: TRANSITION_NOT_ALLOWED (a failed notice is retried with retryFailedDeliveries).
 */
export async function sendNoticeNow(
  viewer: Viewer,
  id: string,
  expectedVersion: number | undefined,
  now: Date = new Date(),
  ctx: WriteContext = {},
): Promise<NoticeRefResult> {
  if (expectedVersion !== undefined && !validVersion(expectedVersion)) return INVALID_VERSION;
  return withNotice(viewer, id, expectedVersion, async (tx, notice, partnerId) => {
    if (notice.status !== 'DRAFT' && notice.status !== 'SCHEDULED')
      return { ok: false, code: 'TRANSITION_NOT_ALLOWED', from: notice.status, to: 'SENDING' };
    const transition = checkTransition(notice.status, 'SENDING');
    if (!transition.ok) return { ok: false, code: transition.code, from: transition.from, to: transition.to };
    const checked = await checkedRecipients(tx, partnerId, notice);
    if (!checked.ok) return checked.failure;
    const result = await bump(tx, notice, partnerId, { status: 'SENDING' });
    const outbox = { partnerId, noticeId: notice.id, recipients: checked.recipients, messageIdHost: mailSettings().messageIdHost, now };
    const deliveries =
      notice.status === 'SCHEDULED'
        ? await syncQueuedDeliveries(tx, { ...outbox, dueAt: now, removal: 'delete' })
        : { added: (await createDeliveries(tx, { ...outbox, nextAttemptAt: now })).length };
    await writeAudit(tx, [
      auditBy(viewer, partnerId, ctx.address, {
        action: 'notice.sending',
        targetType: 'Notice',
        targetId: notice.id,
        before: { status: notice.status, version: notice.version },
        after: { status: 'SENDING', version: result.version, reason: 'SEND_NOW', deliveries },
      }),
    ]);
    return { ok: true, ...result };
  });
}

/** SCHEDULED → DRAFT: the time is cleared and the queued (never attempted) deliveries removed. */
export async function unscheduleNotice(
  viewer: Viewer,
  id: string,
  expectedVersion: number,
  ctx: WriteContext = {},
): Promise<NoticeRefResult> {
  if (!validVersion(expectedVersion)) return INVALID_VERSION;
  return withNotice(viewer, id, expectedVersion, async (tx, notice, partnerId) => {
    const transition = checkTransition(notice.status, 'DRAFT');
    if (!transition.ok) return { ok: false, code: transition.code, from: transition.from, to: transition.to };
    const result = await bump(tx, notice, partnerId, { status: 'DRAFT', scheduledAt: null });
    const removed = await tx.noticeDelivery.deleteMany({ where: { partnerId, noticeId: notice.id, status: 'QUEUED' } });
    await writeAudit(tx, [
      auditBy(viewer, partnerId, ctx.address, {
        action: 'notice.unscheduled',
        targetType: 'Notice',
        targetId: notice.id,
        before: { status: notice.status, version: notice.version, scheduledAt: notice.scheduledAt },
        after: { status: 'DRAFT', version: result.version, deliveriesRemoved: removed.count },
      }),
    ]);
    return { ok: true, ...result };
  });
}

/** DRAFT or SCHEDULED → CANCELLED; a scheduled notice's queued deliveries become CANCELLED with it. */
export async function cancelNotice(
  viewer: Viewer,
  id: string,
  expectedVersion: number | undefined,
  ctx: WriteContext = {},
): Promise<NoticeRefResult> {
  if (expectedVersion !== undefined && !validVersion(expectedVersion)) return INVALID_VERSION;
  const now = ctx.now ?? new Date();
  return withNotice(viewer, id, expectedVersion, async (tx, notice, partnerId) => {
    const transition = checkTransition(notice.status, 'CANCELLED');
    if (!transition.ok) return { ok: false, code: transition.code, from: transition.from, to: transition.to };
    const result = await bump(tx, notice, partnerId, { status: 'CANCELLED', cancelledAt: now });
    const cancelled = await tx.noticeDelivery.updateMany({
      where: { partnerId, noticeId: notice.id, status: 'QUEUED' },
      data: { status: 'CANCELLED', nextAttemptAt: null },
    });
    await writeAudit(tx, [
      auditBy(viewer, partnerId, ctx.address, {
        action: 'notice.cancelled',
        targetType: 'Notice',
        targetId: notice.id,
        before: { status: notice.status, version: notice.version, scheduledAt: notice.scheduledAt },
        after: { status: 'CANCELLED', version: result.version, deliveriesCancelled: cancelled.count },
      }),
    ]);
    return { ok: true, ...result };
  });
}

/** SENT, PARTIALLY_FAILED or FAILED → ARCHIVED. */
export async function archiveNotice(viewer: Viewer, id: string, expectedVersion: number, ctx: WriteContext = {}): Promise<NoticeRefResult> {
  if (!validVersion(expectedVersion)) return INVALID_VERSION;
  const now = ctx.now ?? new Date();
  return withNotice(viewer, id, expectedVersion, async (tx, notice, partnerId) => {
    const transition = checkTransition(notice.status, 'ARCHIVED');
    if (!transition.ok) return { ok: false, code: transition.code, from: transition.from, to: transition.to };
    const result = await bump(tx, notice, partnerId, { status: 'ARCHIVED', archivedAt: now });
    await writeAudit(tx, [
      auditBy(viewer, partnerId, ctx.address, {
        action: 'notice.archived',
        targetType: 'Notice',
        targetId: notice.id,
        before: { status: notice.status, version: notice.version },
        after: { status: 'ARCHIVED', version: result.version },
      }),
    ]);
    return { ok: true, ...result };
  });
}

/**
 * A user retries the FAILED deliveries of a PARTIALLY_FAILED or FAILED notice — all of them, or
 * only `deliveryIds` — per the domain's planRetry: they are QUEUED again (attempts from 0, due
 * now, same Message-ID) and the notice goes back to SENDING. `ctx.expectedVersion`, when given,
 * must be the current version.
 */
export async function retryFailedDeliveries(
  viewer: Viewer,
  id: string,
  deliveryIds?: readonly string[],
  ctx: WriteContext & { expectedVersion?: number } = {},
): Promise<NoticeResult<{ id: string; status: NoticeStatus; version: number; requeued: number }>> {
  if (ctx.expectedVersion !== undefined && !validVersion(ctx.expectedVersion)) return INVALID_VERSION;
  const now = ctx.now ?? new Date();
  return withNotice<NoticeRef & { requeued: number }>(viewer, id, ctx.expectedVersion, async (tx, notice, partnerId) => {
    if (deliveryIds?.some((deliveryId) => !isUuid(deliveryId)))
      return { ok: false, code: 'DELIVERY_NOT_FOUND', deliveryId: deliveryIds.find((d) => !isUuid(d)) ?? '' };
    const deliveries = await tx.noticeDelivery.findMany({ where: { partnerId, noticeId: notice.id }, select: { id: true, status: true } });
    const plan = planRetry(
      notice.status,
      deliveries,
      deliveryIds?.map((deliveryId) => deliveryId.toLowerCase()),
    );
    if (!plan.ok) {
      switch (plan.code) {
        case 'TRANSITION_NOT_ALLOWED':
          return { ok: false, code: plan.code, from: plan.from, to: plan.to };
        case 'DELIVERY_NOT_FOUND':
          return { ok: false, code: plan.code, deliveryId: plan.deliveryId };
        case 'DELIVERY_NOT_RETRYABLE':
          return { ok: false, code: plan.code, deliveryId: plan.deliveryId, status: plan.status };
        default:
          return { ok: false, code: 'NOTHING_TO_RETRY' };
      }
    }
    const result = await bump(tx, notice, partnerId, { status: 'SENDING' });
    const requeued = await tx.noticeDelivery.updateMany({
      where: { partnerId, noticeId: notice.id, id: { in: plan.requeue }, status: 'FAILED' },
      data: requeueFields(now),
    });
    await writeAudit(tx, [
      auditBy(viewer, partnerId, ctx.address, {
        action: 'notice.retried',
        targetType: 'Notice',
        targetId: notice.id,
        before: { status: notice.status, version: notice.version },
        after: { status: 'SENDING', version: result.version, requeued: requeued.count, deliveryIds: plan.requeue.slice(0, 1000) },
      }),
    ]);
    return { ok: true, ...result, requeued: requeued.count };
  });
}
