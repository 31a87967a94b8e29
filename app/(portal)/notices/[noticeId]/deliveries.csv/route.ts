// GET /notices/[noticeId]/deliveries.csv: the notice's delivery ledger as CSV — proof of who was
// told what and when (UTF-8 with a BOM for Excel, RFC 4180, formula injection neutralised),
// streamed in batches. Another partner's notice answers 404, exactly like one that does not exist.
import { requirePermission } from '@/lib/server/guards';
import { logRequestError, requestFields } from '@/lib/runtime/logger';
import { DELIVERY_CSV_COLUMNS, iterateDeliveryCsvRows, listDeliveries } from '@/lib/server/data/delivery-ledger';
import { isUuid } from '@/lib/domain/ids';
import { attachmentDisposition, CSV_BOM, CSV_CONTENT_TYPE, csvFileName, csvRow, type CsvValue } from '@/lib/domain/csv';

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

  const rows = iterateDeliveryCsvRows(viewer, found.notice.id);
  // The first row is read before answering: a database failure is a plain error response, not a cut-off file.
  const first = await rows.next();
  const encoder = new TextEncoder();

  /** Up to BATCH_ROWS rows from the iterator, as one chunk; done when it ends. */
  async function batch(): Promise<{ text: string; done: boolean }> {
    const lines: CsvValue[][] = [];
    for (;;) {
      const next = await rows.next();
      if (next.done) return { text: lines.map((line) => csvRow(line)).join(''), done: true };
      lines.push(next.value);
      if (lines.length >= BATCH_ROWS) return { text: lines.map((line) => csvRow(line)).join(''), done: false };
    }
  }

  // Set when the client goes away (download cancelled): a read in flight then ends quietly.
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(CSV_BOM + csvRow([...DELIVERY_CSV_COLUMNS])));
      if (first.done) controller.close();
      else controller.enqueue(encoder.encode(csvRow(first.value)));
    },
    async pull(controller) {
      if (first.done) return;
      try {
        const next = await batch();
        if (cancelled) return;
        if (next.text) controller.enqueue(encoder.encode(next.text));
        if (next.done) controller.close();
      } catch (error) {
        if (cancelled) return;
        logRequestError(error, requestFields(request), 'deliveries export failed part-way');
        controller.error(new Error('The export could not be completed.'));
      }
    },
    async cancel() {
      cancelled = true;
      await rows.return(undefined);
    },
  });

  return new Response(stream, {
    headers: {
      'Content-Type': CSV_CONTENT_TYPE,
      'Content-Disposition': attachmentDisposition(
        csvFileName(`notice-${found.notice.id.slice(0, 8)}-deliveries`, new Date(), viewer.timeZone),
      ),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
