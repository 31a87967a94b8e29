import 'server-only';
import type { Prisma } from '../../generated/prisma/client';
import { partnerScope, type Viewer } from '../viewer';
import { can } from '../../domain/permissions';
import { isUuid } from '../../domain/ids';
import type { NoticeStatus } from '../../domain/notice-lifecycle';
import type { ContactRole, NoticeContent } from '../../domain/notice-template';
import type { NoticeKind } from '../../schemas/notices';
import { contentFromRow } from './notice-content';
import { FORBIDDEN, NOT_FOUND, noticeWrite, type NoticeResult } from './notice-results';
import { Refusal, type Tx } from './transaction';

// Every change to an existing notice runs on the notice's row, locked for its transaction: a
// concurrent change waits, and a change based on an older version is refused (STALE).

export type LockedNotice = {
  id: string;
  status: NoticeStatus;
  version: number;
  kind: NoticeKind;
  content: NoticeContent;
  recipientRoles: ContactRole[];
  templateId: string | null;
  scheduledAt: Date | null;
  /** The Microsoft communication it is about (a SERVICE_UPDATE notice), if any. */
  communicationId: string | null;
};

/** The notice, locked for this transaction (a concurrent change waits); null when not the partner's. */
export async function lockNotice(tx: Tx, partnerId: string, id: string): Promise<LockedNotice | null> {
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id"::text AS "id" FROM "Notice" WHERE "id" = ${id}::uuid AND "partnerId" = ${partnerId}::uuid FOR UPDATE`;
  if (locked.length === 0) return null;
  const row = await tx.notice.findFirst({
    where: { id, partnerId },
    select: {
      id: true,
      status: true,
      version: true,
      kind: true,
      subjectEn: true,
      bodyEn: true,
      subjectZhTw: true,
      bodyZhTw: true,
      recipientRoles: true,
      templateId: true,
      scheduledAt: true,
      communicationId: true,
    },
  });
  if (!row) return null;
  return {
    id: row.id,
    status: row.status,
    version: row.version,
    kind: row.kind,
    content: contentFromRow(row),
    recipientRoles: row.recipientRoles,
    templateId: row.templateId,
    scheduledAt: row.scheduledAt,
    communicationId: row.communicationId,
  };
}

/**
 * Runs `work` on the locked notice after the common checks: the viewer may write notices, the
 * notice is the partner's, and (when given) `expectedVersion` is its current version.
 */
export async function withNotice<T extends object>(
  viewer: Viewer,
  id: string,
  expectedVersion: number | undefined,
  work: (tx: Tx, notice: LockedNotice, partnerId: string) => Promise<NoticeResult<T>>,
): Promise<NoticeResult<T>> {
  if (!can(viewer.role, 'notice:write')) return FORBIDDEN;
  const partnerId = partnerScope(viewer);
  if (!isUuid(id)) return NOT_FOUND;
  return noticeWrite(async (tx) => {
    const notice = await lockNotice(tx, partnerId, id.toLowerCase());
    if (!notice) return NOT_FOUND;
    if (expectedVersion !== undefined && notice.version !== expectedVersion)
      return { ok: false, code: 'STALE', currentVersion: notice.version };
    return work(tx, notice, partnerId);
  });
}

/** Writes the notice's new fields and bumps its version (the row is locked and its version checked). */
export async function bump(
  tx: Tx,
  notice: LockedNotice,
  partnerId: string,
  data: Prisma.NoticeUncheckedUpdateManyInput,
): Promise<{ id: string; status: NoticeStatus; version: number }> {
  const result = await tx.notice.updateMany({
    where: { id: notice.id, partnerId, version: notice.version },
    data: { ...data, version: { increment: 1 } },
  });
  if (result.count !== 1) throw new Refusal({ ok: false, code: 'STALE', currentVersion: notice.version });
  const status = (typeof data.status === 'string' ? data.status : notice.status) as NoticeStatus;
  return { id: notice.id, status, version: notice.version + 1 };
}
