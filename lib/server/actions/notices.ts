'use server';
import 'server-only';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getViewer } from '../guards';
import { requestAddress } from '../request';
import type { Viewer } from '../viewer';
import {
  archiveNotice,
  cancelNotice,
  retryFailedDeliveries,
  scheduleNotice,
  sendNoticeNow,
  unscheduleNotice,
} from '../data/notice-transitions';
import { duplicateNotice } from '../data/notice-writes';
import { getNotice } from '../data/notice-reads';
import type { NoticeErrorCode, NoticeFailure } from '../data/notice-results';
import { noticeIdSchema, noticeVersionSchema, retrySchema, scheduleSchema } from '../../schemas/notices';
import { localDateTimeToInstant } from '../../domain/local-date-time';
import type { DeliveryStatus, NoticeStatus } from '../../domain/notice-lifecycle';

// The notice page's status actions. Every export is a public endpoint: parse (zod) → guard (the
// viewer may write notices) → data (scoped to the viewer's partner, carrying the version the page
// was rendered with, audited) → revalidate → a typed result. A refusal changes nothing and comes
// back as a code with the details the page words in its language (the notice's status now, …).

export type NoticeActionKind = 'schedule' | 'sendNow' | 'unschedule' | 'cancel' | 'archive' | 'retry';

export type NoticeActionCode = 'notAllowed' | 'invalid' | 'timeInvalid' | 'unexpected' | NoticeErrorCode;

export type NoticeActionResult =
  | { ok: true; action: NoticeActionKind; scheduledAt?: string; requeued?: number }
  | {
      ok: false;
      code: NoticeActionCode;
      /** STALE / NOT_EDITABLE: the notice's status now (when it could be read). */
      status?: NoticeStatus;
      /** TRANSITION_NOT_ALLOWED: from → to. */
      from?: NoticeStatus;
      to?: NoticeStatus;
      /** DELIVERY_NOT_RETRYABLE: the delivery's status now. */
      deliveryStatus?: DeliveryStatus;
    };

const formObject = (form: FormData) =>
  Object.fromEntries([...form.entries()].filter(([, value]) => typeof value === 'string')) as Record<string, string>;

function revalidateNotice(id: string) {
  revalidatePath('/notices');
  revalidatePath(`/notices/${id}`);
  revalidatePath('/notices/renewals');
  revalidatePath('/dashboard');
}

/** The data layer's refusal as the page's result; a stale version reads the notice's status now. */
async function refused(viewer: Viewer, id: string, failure: NoticeFailure): Promise<NoticeActionResult> {
  switch (failure.code) {
    case 'STALE': {
      const current = await getNotice(viewer, id);
      return current ? { ok: false, code: 'STALE', status: current.status } : { ok: false, code: 'NOT_FOUND' };
    }
    case 'TRANSITION_NOT_ALLOWED':
      return { ok: false, code: failure.code, from: failure.from, to: failure.to };
    case 'NOT_EDITABLE':
      return { ok: false, code: failure.code, status: failure.status };
    case 'DELIVERY_NOT_RETRYABLE':
      return { ok: false, code: failure.code, deliveryStatus: failure.status as DeliveryStatus };
    case 'INVALID':
      return { ok: false, code: 'invalid' };
    default:
      return { ok: false, code: failure.code };
  }
}

type VersionedWrite = (viewer: Viewer, id: string, version: number, address: string | null) => Promise<{ ok: true } | NoticeFailure>;

async function versionedAction(action: NoticeActionKind, form: FormData, write: VersionedWrite): Promise<NoticeActionResult> {
  const parsed = noticeVersionSchema.safeParse(formObject(form));
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'notAllowed' };
  if (!parsed.success) return { ok: false, code: 'invalid' };
  const { id, version } = parsed.data;
  const result = await write(viewer, id, version, await requestAddress());
  if (!result.ok) return refused(viewer, id, result);
  revalidateNotice(id);
  return { ok: true, action };
}

/** DRAFT → SCHEDULED, or a new time for a SCHEDULED notice. `at` is a wall-clock time in the viewer's time zone. */
export async function scheduleNoticeAction(_: NoticeActionResult | null, form: FormData): Promise<NoticeActionResult> {
  const values = formObject(form);
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'notAllowed' };
  const local = localDateTimeToInstant(values.at ?? '', viewer.timeZone);
  if (!local.ok) return { ok: false, code: 'timeInvalid' };
  const parsed = scheduleSchema.safeParse({ id: values.id, version: values.version, at: local.iso });
  if (!parsed.success) return { ok: false, code: parsed.error.issues.some((issue) => issue.path[0] === 'at') ? 'timeInvalid' : 'invalid' };
  const { id, version } = parsed.data;
  const result = await scheduleNotice(viewer, id, version, parsed.data.at, new Date(), { address: await requestAddress() });
  if (!result.ok) return refused(viewer, id, result);
  revalidateNotice(id);
  return { ok: true, action: 'schedule', scheduledAt: result.scheduledAt.toISOString() };
}

export async function sendNoticeNowAction(_: NoticeActionResult | null, form: FormData): Promise<NoticeActionResult> {
  return versionedAction('sendNow', form, (viewer, id, version, address) => sendNoticeNow(viewer, id, version, new Date(), { address }));
}

export async function unscheduleNoticeAction(_: NoticeActionResult | null, form: FormData): Promise<NoticeActionResult> {
  return versionedAction('unschedule', form, (viewer, id, version, address) => unscheduleNotice(viewer, id, version, { address }));
}

export async function cancelNoticeAction(_: NoticeActionResult | null, form: FormData): Promise<NoticeActionResult> {
  return versionedAction('cancel', form, (viewer, id, version, address) => cancelNotice(viewer, id, version, { address }));
}

export async function archiveNoticeAction(_: NoticeActionResult | null, form: FormData): Promise<NoticeActionResult> {
  return versionedAction('archive', form, (viewer, id, version, address) => archiveNotice(viewer, id, version, { address }));
}

/** Retries the FAILED deliveries: all of them, or the one named by `deliveryId`. */
export async function retryDeliveriesAction(_: NoticeActionResult | null, form: FormData): Promise<NoticeActionResult> {
  const values = formObject(form);
  const parsed = retrySchema.safeParse({
    id: values.id,
    version: values.version || undefined,
    deliveryIds: values.deliveryId ? [values.deliveryId] : undefined,
  });
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'notAllowed' };
  if (!parsed.success) return { ok: false, code: 'invalid' };
  const { id, version, deliveryIds } = parsed.data;
  const result = await retryFailedDeliveries(viewer, id, deliveryIds, { address: await requestAddress(), expectedVersion: version });
  if (!result.ok) return refused(viewer, id, result);
  revalidateNotice(id);
  return { ok: true, action: 'retry', requeued: result.requeued };
}

/** A new DRAFT copy of the notice; the user goes to it. */
export async function duplicateNoticeAction(_: NoticeActionResult | null, form: FormData): Promise<NoticeActionResult> {
  const parsed = noticeIdSchema.safeParse(formObject(form).id);
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'notAllowed' };
  if (!parsed.success) return { ok: false, code: 'invalid' };
  const result = await duplicateNotice(viewer, parsed.data, { address: await requestAddress() });
  if (!result.ok) return refused(viewer, parsed.data, result);
  revalidatePath('/notices');
  revalidatePath('/dashboard');
  redirect(`/notices/${result.id}`);
}
