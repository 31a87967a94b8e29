import 'server-only';
import { Prisma } from '../../generated/prisma/client';
import { queryRows, type PrismaClient } from '../../runtime/prisma';
import type { MessageThread } from '../mail/mime';
import type { ClaimedDelivery, NoticeMessageContext } from './delivery-worker';

// The delivery worker's threading of updates about a Microsoft communication (system scope, no
// viewer: never call it from a page). A message of a notice about a communication follows up the
// first message its recipient received about that communication: In-Reply-To and References carry
// the Message-ID of that recipient's earliest SENT delivery of another notice linked to the same
// communication. A recipient who received none gets a message of its own (no such headers).
// Addresses are compared as the deliveries store them (through the (noticeId, recipientEmail)
// unique index), so the lookup costs one index probe per earlier notice, whatever their size.

/** Per claimed delivery id, the thread its message belongs to (only deliveries that have one). */
export async function loadThreads(
  db: PrismaClient,
  claims: readonly Pick<ClaimedDelivery, 'id' | 'noticeId' | 'partnerId' | 'recipientEmail'>[],
  notices: ReadonlyMap<string, Pick<NoticeMessageContext, 'communicationId'>>,
): Promise<Map<string, MessageThread>> {
  const linked = claims.flatMap((claim) => {
    const communicationId = notices.get(claim.noticeId)?.communicationId;
    return communicationId ? [{ ...claim, communicationId }] : [];
  });
  const threads = new Map<string, MessageThread>();
  if (linked.length === 0) return threads;
  const rows = await queryRows<{ deliveryId: string; messageId: string }>(
    db,
    Prisma.sql`
    SELECT v."deliveryId"::text AS "deliveryId", f."messageId"
    FROM unnest(
      ${linked.map((c) => c.id)}::uuid[], ${linked.map((c) => c.noticeId)}::uuid[], ${linked.map((c) => c.partnerId)}::uuid[],
      ${linked.map((c) => c.communicationId)}::uuid[], ${linked.map((c) => c.recipientEmail)}::text[]
    ) AS v("deliveryId", "noticeId", "partnerId", "communicationId", "email")
    CROSS JOIN LATERAL (
      SELECT d."messageId" FROM "Notice" AS n
      JOIN "NoticeDelivery" AS d ON d."noticeId" = n."id" AND d."partnerId" = n."partnerId" AND d."recipientEmail" = v."email"
      WHERE n."partnerId" = v."partnerId" AND n."communicationId" = v."communicationId" AND n."id" <> v."noticeId"
        AND d."status" = 'SENT'
      ORDER BY d."sentAt", d."id"
      LIMIT 1
    ) AS f`,
  );
  for (const row of rows) threads.set(row.deliveryId, { inReplyTo: row.messageId, references: [row.messageId] });
  return threads;
}
