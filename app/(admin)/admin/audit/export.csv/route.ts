// GET /admin/audit/export.csv?<the audit trail's filters>: every event the viewer may read under
// those filters, newest first, as CSV — scoped exactly like the page (a partner admin's own
// partner only), streamed in batches (lib/server/csv-response.ts).
import type { NextRequest } from 'next/server';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { exportAuditEvents, type AuditRow } from '@/lib/server/data/audit-trail';
import { cellsOf, csvResponse } from '@/lib/server/csv-response';
import { actionLabel } from '@/components/audit/labels';
import { csvFileName, type CsvValue } from '@/lib/domain/csv';
import { parseAuditQuery } from '@/lib/schemas/audit';
import type { Translate } from '@/lib/i18n/translate';

export const dynamic = 'force-dynamic';

const json = (value: unknown) => (value === null || value === undefined ? '' : JSON.stringify(value));

function header(t: Translate): string[] {
  return [
    t('audit.csv.time'),
    t('audit.csv.eventId'),
    t('audit.csv.actor'),
    t('audit.csv.actorId'),
    t('audit.csv.partner'),
    t('audit.csv.partnerId'),
    t('audit.csv.action'),
    t('audit.csv.actionCode'),
    t('audit.csv.targetType'),
    t('audit.csv.targetId'),
    t('audit.csv.address'),
    t('audit.csv.before'),
    t('audit.csv.after'),
  ];
}

function cells(row: AuditRow, t: Translate): CsvValue[] {
  return [
    row.createdAt.toISOString(),
    row.id,
    row.actorLabel,
    row.actorId,
    row.partnerName ?? t('audit.portal'),
    row.partnerId,
    actionLabel(t, row.action),
    row.action,
    row.targetType,
    row.targetId,
    row.address,
    json(row.before),
    json(row.after),
  ];
}

export async function GET(request: NextRequest): Promise<Response> {
  const viewer = await requirePermission('audit:read:all', 'audit:read:partner');
  const { t } = await getTranslator();
  const { query } = parseAuditQuery(Object.fromEntries(request.nextUrl.searchParams));
  const { cursor: _ignored, ...filters } = query;
  return csvResponse({
    request,
    header: header(t),
    batches: cellsOf(exportAuditEvents(viewer, filters), (row) => cells(row, t)),
    fileName: csvFileName('audit-trail', new Date(), viewer.timeZone),
    name: 'audit trail',
  });
}
