import 'server-only';
import { z } from 'zod';
import { revalidatePath } from 'next/cache';
import { getViewer } from './guards';
import { requestAddress } from './request';
import { readBodyUpTo } from './request-body';
import { applyImport, previewImport, type ImportPreview } from './data/customer-import';
import { decodeCsvBytes } from '../domain/csv-parse';
import { IMPORT_MAX_BYTES } from '../domain/customer-import/fields';
import { IMPORT_KINDS, type ImportKind } from '../domain/customer-import/columns';
import type { ImportIssue } from '../domain/customer-import/issues';
import type { PlanAction, PlanEntry } from '../domain/customer-import/plan';
import { can } from '../domain/permissions';
import { dataResponseHeaders, isHttpsUrl } from '../domain/security-headers';

// The CSV import's two requests (route handlers under /customers/import/): `preview` validates
// and plans, `apply` re-validates and writes. Route handlers rather than server actions because
// a server action's body is limited to 1 MB by default and the import takes files of up to
// IMPORT_MAX_BYTES. Each request guards itself (a partner admin; anyone else gets 404 like an
// unknown URL), refuses another origin (the CSRF check server actions do themselves), and
// answers JSON with codes that the page words in the user's language.

/** How many problems and planned rows a response carries (the counts are always complete). */
export const IMPORT_SHOWN_ROWS = 500;

export type ImportPreviewBody = {
  kind: ImportKind;
  fileName: string;
  rowCount: number;
  ignoredColumns: string[];
  issues: ImportIssue[];
  issueCount: number;
  counts: Record<PlanAction, number>;
  entries: PlanEntry[];
  entryCount: number;
  fingerprint: string | null;
};

export type ImportRequestError = 'notFound' | 'crossOrigin' | 'badRequest' | 'fileMissing' | 'kindInvalid' | 'fileTooLarge';

export type ImportResponse =
  | { ok: true; mode: 'preview'; preview: ImportPreviewBody }
  | { ok: true; mode: 'apply'; kind: ImportKind; counts: Record<PlanAction, number> }
  | { ok: false; code: 'invalid'; preview: ImportPreviewBody }
  | { ok: false; code: 'stale' }
  | { ok: false; code: ImportRequestError; limit?: number };

// These two routes are left out of proxy.ts (which would read the whole upload before the handler
// could refuse it), so their answers carry the security headers themselves.
function json(status: number, body: ImportResponse): Response {
  return Response.json(body, {
    status,
    headers: { 'Cache-Control': 'no-store', ...dataResponseHeaders({ https: isHttpsUrl(process.env.NEXTAUTH_URL) }) },
  });
}

/** The request comes from a page of this portal (the Origin header names our own host). */
function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get('origin');
  if (!origin) return false;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  const forwarded = request.headers.get('x-forwarded-host')?.split(',')[0]?.trim();
  return host === (forwarded || request.headers.get('host'));
}

function bodyOf(preview: ImportPreview, fileName: string): ImportPreviewBody {
  const entries = preview.plan?.entries ?? [];
  return {
    kind: preview.kind,
    fileName,
    rowCount: preview.rowCount,
    ignoredColumns: preview.ignoredColumns.slice(0, 50),
    issues: preview.issues.slice(0, IMPORT_SHOWN_ROWS),
    issueCount: preview.issues.length,
    counts: preview.plan?.counts ?? { create: 0, update: 0, unchanged: 0 },
    entries: entries.slice(0, IMPORT_SHOWN_ROWS),
    entryCount: entries.length,
    fingerprint: preview.fingerprint,
  };
}

const kindSchema = z.enum(IMPORT_KINDS);

/** Room for the form's other parts and multipart headers around a file of IMPORT_MAX_BYTES. */
const MULTIPART_ALLOWANCE = 64 * 1024;

/**
 * The request's form, read only up to the file limit and the multipart allowance: a longer body
 * (declared, or sent chunked without Content-Length) is refused with 413 once it passes the limit.
 */
async function readImportForm(request: Request): Promise<{ ok: true; form: FormData } | { ok: false; response: Response }> {
  const bytes = await readBodyUpTo(request, IMPORT_MAX_BYTES + MULTIPART_ALLOWANCE);
  if (bytes === null) return { ok: false, response: json(413, { ok: false, code: 'fileTooLarge', limit: IMPORT_MAX_BYTES }) };
  try {
    const body = new Response(bytes, { headers: { 'content-type': request.headers.get('content-type') ?? '' } });
    return { ok: true, form: await body.formData() };
  } catch {
    return { ok: false, response: json(400, { ok: false, code: 'badRequest' }) };
  }
}

export async function handleImportRequest(request: Request, mode: 'preview' | 'apply'): Promise<Response> {
  const viewer = await getViewer();
  if (!viewer || !can(viewer.role, 'customer:write')) return json(404, { ok: false, code: 'notFound' });
  if (!isSameOrigin(request)) return json(403, { ok: false, code: 'crossOrigin' });
  const read = await readImportForm(request);
  if (!read.ok) return read.response;
  const { form } = read;
  const kind = kindSchema.safeParse(form.get('kind'));
  if (!kind.success) return json(400, { ok: false, code: 'kindInvalid' });
  const file = form.get('file');
  if (!(file instanceof File) || file.size === 0) return json(400, { ok: false, code: 'fileMissing' });
  if (file.size > IMPORT_MAX_BYTES) return json(413, { ok: false, code: 'fileTooLarge', limit: IMPORT_MAX_BYTES });
  const fileName = file.name.slice(0, 255);
  const text = decodeCsvBytes(new Uint8Array(await file.arrayBuffer()));
  if (text === null) {
    const preview: ImportPreview = {
      kind: kind.data,
      rowCount: 0,
      ignoredColumns: [],
      issues: [{ line: 1, column: null, header: null, code: 'csv.ENCODING', value: null }],
      plan: null,
      fingerprint: null,
    };
    return json(200, { ok: false, code: 'invalid', preview: bodyOf(preview, fileName) });
  }

  if (mode === 'preview') {
    const preview = await previewImport(viewer, kind.data, text);
    return json(
      200,
      preview.fingerprint
        ? { ok: true, mode, preview: bodyOf(preview, fileName) }
        : { ok: false, code: 'invalid', preview: bodyOf(preview, fileName) },
    );
  }

  const fingerprint = form.get('fingerprint');
  if (typeof fingerprint !== 'string' || !/^[0-9a-f]{64}$/.test(fingerprint)) return json(400, { ok: false, code: 'badRequest' });
  const result = await applyImport(viewer, { kind: kind.data, text, fileName, fingerprint }, await requestAddress());
  if (!result.ok) {
    if (result.code === 'INVALID') return json(200, { ok: false, code: 'invalid', preview: bodyOf(result.preview, fileName) });
    return result.code === 'STALE' ? json(409, { ok: false, code: 'stale' }) : json(404, { ok: false, code: 'notFound' });
  }
  revalidatePath('/customers', 'layout');
  revalidatePath('/dashboard');
  return json(200, { ok: true, mode, kind: result.kind, counts: result.counts });
}
