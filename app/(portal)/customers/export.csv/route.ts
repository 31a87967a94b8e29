// GET /customers/export.csv?<the list's filters and sort>: every matching customer of the
// viewer's partner as CSV (UTF-8 with a BOM for Excel, RFC 4180, formula injection neutralised),
// streamed in keyset batches so that memory stays at one batch whatever the partner's size.
import type { NextRequest } from 'next/server';
import { requirePermission } from '@/lib/server/guards';
import { logRequestError, requestFields } from '@/lib/runtime/logger';
import { getTranslator } from '@/lib/server/locale';
import { exportCustomers, type CustomerListRow } from '@/lib/server/data/customers';
import { parseCustomerQuery } from '@/lib/domain/customer-query';
import { attachmentDisposition, CSV_BOM, CSV_CONTENT_TYPE, csvFileName, csvRow, isoDay } from '@/lib/domain/csv';
import type { Translate } from '@/lib/i18n/translate';

export const dynamic = 'force-dynamic';

function header(t: Translate): string[] {
  return [
    t('customers.columns.companyName'),
    t('customers.columns.domain'),
    t('customers.columns.tenantId'),
    t('customers.columns.cloud'),
    t('customers.columns.relationshipToPartner'),
    t('customers.columns.directRelationship'),
    t('customers.columns.preferredLanguage'),
    t('customers.columns.nextCommitmentEnd'),
    t('customers.columns.createdAt'),
    t('customers.columns.customerId'),
  ];
}

function cells(row: CustomerListRow, t: Translate, timeZone: string): string[] {
  return [
    row.companyName,
    row.domain,
    row.tenantId,
    t(`clouds.${row.cloud}`),
    t(`customers.relationshipToPartner.${row.relationshipToPartner}`),
    t(`customers.directRelationship.${row.directRelationship}`),
    t(`customers.languages.${row.preferredLanguage}`),
    // A calendar day (the subscription's commitment end date): the same day in every zone.
    row.nextCommitmentEndAt ? isoDay(row.nextCommitmentEndAt, 'UTC') : '',
    isoDay(row.createdAt, timeZone),
    row.id,
  ];
}

export async function GET(request: NextRequest): Promise<Response> {
  const viewer = await requirePermission('partner:read');
  const { t } = await getTranslator();
  const { query } = parseCustomerQuery(Object.fromEntries(request.nextUrl.searchParams));
  const { cursor: _ignored, ...filters } = query;
  const batches = exportCustomers(viewer, filters);
  // The first batch is read before answering: a database failure is a plain error response, not a cut-off file.
  const first = await batches.next();
  const encoder = new TextEncoder();
  const encode = (rows: CustomerListRow[]) => encoder.encode(rows.map((row) => csvRow(cells(row, t, viewer.timeZone))).join(''));

  // Set when the client goes away (download cancelled): a read in flight then ends quietly.
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(CSV_BOM + csvRow(header(t))));
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
        logRequestError(error, requestFields(request), 'customers export failed part-way');
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
      'Content-Disposition': attachmentDisposition(csvFileName('customers', new Date(), viewer.timeZone)),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
