// GET /notices/[noticeId]/deliveries.csv: the notice's delivery ledger as CSV — proof of who was
// told what and when (UTF-8 with a BOM for Excel, RFC 4180, formula injection neutralised),
// streamed in batches. Another partner's notice answers 404, exactly like one that does not exist.
import { requirePermission } from '@/lib/server/guards';
import { DELIVERY_CSV_COLUMNS, iterateDeliveryCsvRows, listDeliveries } from '@/lib/server/data/delivery-ledger';
import { isUuid } from '@/lib/domain/ids';
import { csvFileName } from '@/lib/domain/csv';
import { batchesOf, csvResponse } from '@/lib/server/csv-response';

export const dynamic = 'force-dynamic';

const BATCH_ROWS = 500;

function notFoundResponse(): Response {
  return new Response('Not found', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'private, no-store' },
  });
}

export async function GET(request: Request, { params }: { params: Promise<{ noticeId: string }> }): Promise<Response> {
  const viewer = await requirePermission('partner:read');
  const { noticeId } = await params;
  if (!isUuid(noticeId)) return notFoundResponse();
  // Scoped by the viewer's partner: null for an unknown or foreign notice.
  const found = await listDeliveries(viewer, noticeId, null, { limit: 1 });
  if (!found) return notFoundResponse();

  return csvResponse({
    request,
    header: DELIVERY_CSV_COLUMNS,
    batches: batchesOf(iterateDeliveryCsvRows(viewer, found.notice.id), BATCH_ROWS),
    fileName: csvFileName(`notice-${found.notice.id.slice(0, 8)}-deliveries`, new Date(), viewer.timeZone),
    name: 'deliveries',
  });
}
