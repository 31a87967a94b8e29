import 'server-only';
import { getDb } from '../db';
import { partnerScope, type Viewer } from '../viewer';
import { mailSettings } from '../mail/settings';
import { can } from '../../domain/permissions';
import { senderIdentitySchema, noticeFieldErrorsOf, type SenderIdentityInput } from '../../schemas/notices';
import { auditBy, writeAudit } from './audit';
import { FORBIDDEN, INVALID_VERSION, NOT_FOUND, noticeWrite, type NoticeResult, type WriteContext } from './notice-results';

// Who a partner's notices come from: the From display name and Reply-To (partner admins set them
// at /settings/notices); the address itself is the portal's (MAIL_FROM).

export type SenderView = { name: string; address: string; replyTo: string | null };

export function senderOf(partner: { name: string; senderName: string | null; senderReplyTo: string | null }): SenderView {
  return {
    name: partner.senderName?.trim() || partner.name,
    address: mailSettings().fromAddress,
    replyTo: partner.senderReplyTo?.trim() || null,
  };
}

// ---------------------------------------------------------------------------------------------
// Sender identity

export type SenderIdentity = {
  partnerName: string;
  /** The From display name (the partner's name when none is set). */
  senderName: string | null;
  senderReplyTo: string | null;
  /** The portal's From address (MAIL_FROM): the same for every partner. */
  fromAddress: string;
  /** Send it back as `expectedVersion` (the partner's last change). */
  version: string;
};

/** The partner's sender identity (partner admins). */
export async function getSenderIdentity(viewer: Viewer): Promise<NoticeResult<{ identity: SenderIdentity }>> {
  if (!can(viewer.role, 'settings:notices')) return FORBIDDEN;
  const partnerId = partnerScope(viewer);
  const partner = await getDb().partner.findFirst({
    where: { id: partnerId },
    select: { name: true, senderName: true, senderReplyTo: true, updatedAt: true },
  });
  if (!partner) return NOT_FOUND;
  return {
    ok: true,
    identity: {
      partnerName: partner.name,
      senderName: partner.senderName,
      senderReplyTo: partner.senderReplyTo,
      fromAddress: mailSettings().fromAddress,
      version: partner.updatedAt.toISOString(),
    },
  };
}

/** Sets the From name and Reply-To of every notice the partner sends (partner admins). */
export async function saveSenderIdentity(
  viewer: Viewer,
  expectedVersion: string,
  input: SenderIdentityInput,
  ctx: WriteContext = {},
): Promise<NoticeResult<{ identity: SenderIdentity }>> {
  if (!can(viewer.role, 'settings:notices')) return FORBIDDEN;
  const partnerId = partnerScope(viewer);
  const parsed = senderIdentitySchema.safeParse(input);
  if (!parsed.success) return { ok: false, code: 'INVALID', fieldErrors: noticeFieldErrorsOf(parsed.error.issues) };
  const expected = new Date(expectedVersion);
  if (Number.isNaN(expected.getTime())) return INVALID_VERSION;
  return noticeWrite<{ identity: SenderIdentity }>(async (tx) => {
    const before = await tx.partner.findFirst({
      where: { id: partnerId },
      select: { name: true, senderName: true, senderReplyTo: true, updatedAt: true },
    });
    if (!before) return NOT_FOUND;
    if (before.updatedAt.getTime() !== expected.getTime())
      return { ok: false, code: 'STALE', currentVersion: before.updatedAt.toISOString() };
    const updated = await tx.partner.updateMany({
      where: { id: partnerId, updatedAt: before.updatedAt },
      data: { senderName: parsed.data.senderName, senderReplyTo: parsed.data.senderReplyTo },
    });
    if (updated.count !== 1) return { ok: false, code: 'STALE', currentVersion: before.updatedAt.toISOString() };
    const after = await tx.partner.findFirstOrThrow({
      where: { id: partnerId },
      select: { name: true, senderName: true, senderReplyTo: true, updatedAt: true },
    });
    await writeAudit(tx, [
      auditBy(viewer, partnerId, ctx.address, {
        action: 'partner.sender_updated',
        targetType: 'Partner',
        targetId: partnerId,
        before: { senderName: before.senderName, senderReplyTo: before.senderReplyTo },
        after: { senderName: after.senderName, senderReplyTo: after.senderReplyTo },
      }),
    ]);
    return {
      ok: true,
      identity: {
        partnerName: after.name,
        senderName: after.senderName,
        senderReplyTo: after.senderReplyTo,
        fromAddress: mailSettings().fromAddress,
        version: after.updatedAt.toISOString(),
      },
    };
  });
}
