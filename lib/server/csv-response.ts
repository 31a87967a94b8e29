import 'server-only';
import { attachmentDisposition, CSV_BOM, CSV_CONTENT_TYPE, csvRow, type CsvValue } from '../domain/csv';
import { logRequestError, requestFields } from '../runtime/logger';

// A CSV download streamed from batches of rows (UTF-8 with a BOM for Excel, RFC 4180, formula
// injection neutralised by csvRow), so that memory stays at one batch whatever the size. The
// first batch is read before answering: a database failure is then a plain error response, not a
// cut-off file. A failure later is logged with the request and ends the stream with an error (the
// download fails visibly).

export async function csvResponse({
  request,
  header,
  batches,
  fileName,
  name,
}: {
  request: Request;
  header: readonly CsvValue[];
  batches: AsyncGenerator<readonly (readonly CsvValue[])[]>;
  fileName: string;
  /** What is exported, for the server log when it fails part-way. */
  name: string;
}): Promise<Response> {
  const first = await batches.next();
  const encoder = new TextEncoder();
  const encode = (rows: readonly (readonly CsvValue[])[]) => encoder.encode(rows.map((row) => csvRow(row)).join(''));

  // Set when the client goes away (download cancelled): a read in flight then ends quietly.
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(CSV_BOM + csvRow(header)));
      if (first.done) controller.close();
      else controller.enqueue(encode(first.value));
    },
    async pull(controller) {
      try {
        const next = await batches.next();
        if (cancelled) return;
        if (next.done) controller.close();
        else controller.enqueue(encode(next.value));
      } catch (error) {
        if (cancelled) return;
        logRequestError(error, requestFields(request), `${name} export failed part-way`);
        controller.error(new Error('The export could not be completed.'));
      }
    },
    async cancel() {
      cancelled = true;
      await batches.return(undefined);
    },
  });

  return new Response(stream, {
    headers: {
      'Content-Type': CSV_CONTENT_TYPE,
      'Content-Disposition': attachmentDisposition(fileName),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

// (A `for await` loop closes the generator it reads when it is itself closed early.)

/** The rows of `batches`, each turned into cells by `cells`. */
export async function* cellsOf<T>(batches: AsyncGenerator<T[]>, cells: (row: T) => CsvValue[]): AsyncGenerator<CsvValue[][]> {
  for await (const batch of batches) yield batch.map(cells);
}

/** Rows one at a time, gathered into batches of `size`. */
export async function* batchesOf<T>(rows: AsyncGenerator<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
