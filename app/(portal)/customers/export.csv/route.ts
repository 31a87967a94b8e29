// GET /customers/export.csv?<the list's filters and sort>: every matching customer of the
// viewer's partner as CSV (UTF-8 with a BOM for Excel, RFC 4180, formula injection neutralised),
// streamed in keyset batches so that memory stays at one batch whatever the partner's size.
import type { NextRequest } from 'next/server';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { exportCustomers, type CustomerListRow } from '@/lib/server/data/customers';
import { parseCustomerQuery } from '@/lib/domain/customer-query';
import { csvFileName, isoDay } from '@/lib/domain/csv';
import { cellsOf, csvResponse } from '@/lib/server/csv-response';
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
  return csvResponse({
    request,
    header: header(t),
    batches: cellsOf(exportCustomers(viewer, filters), (row) => cells(row, t, viewer.timeZone)),
    fileName: csvFileName('customers', new Date(), viewer.timeZone),
    name: 'customers',
  });
}
