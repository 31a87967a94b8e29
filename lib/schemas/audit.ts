// The audit trail's filters as they live in the URL query (/admin/audit and its CSV export).
// Every value is checked on its own; one that does not fit is dropped (the page names it), never
// an error. An empty value means "not chosen".
import { z } from '../zod';
import { AUDIT_ACTION_PATTERN, AUDIT_ACTION_PREFIX_PATTERN, AUDIT_TARGET_TYPE_PATTERN } from '../domain/audit';
import { isIsoDay } from '../domain/zoned-day';

export const AUDIT_PAGE_SIZE = 50;

export const AUDIT_PARAMS = ['actor', 'action', 'actionPrefix', 'targetType', 'targetId', 'partner', 'from', 'to', 'cursor'] as const;
export type AuditParam = (typeof AUDIT_PARAMS)[number];

const noControlCharacters = (value: string) => !/[\u0000-\u001f\u007f]/.test(value);

const fields = {
  /** Who acted, as recorded: a user's e-mail, `api-token:<name>`, `system:<process>`. Matched exactly. */
  actor: z.string().trim().min(1).max(320).refine(noControlCharacters),
  /** One action code exactly. */
  action: z.string().trim().regex(AUDIT_ACTION_PATTERN).max(80),
  /** The start of the action code. */
  actionPrefix: z.string().trim().regex(AUDIT_ACTION_PREFIX_PATTERN),
  targetType: z.string().trim().regex(AUDIT_TARGET_TYPE_PATTERN),
  targetId: z.string().trim().min(1).max(200).refine(noControlCharacters),
  /** A partner's id (portal admins only; a partner admin's events are always their own partner's). */
  partner: z.uuid().transform((id) => id.toLowerCase()),
  /** Calendar days (YYYY-MM-DD) in the viewer's time zone, both included. */
  from: z.string().refine(isIsoDay),
  to: z.string().refine(isIsoDay),
  cursor: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/),
} satisfies Record<AuditParam, z.ZodType<string>>;

export type AuditQuery = Partial<Record<AuditParam, string>>;
export type AuditFilters = Omit<AuditQuery, 'cursor'>;

type SearchParams = Record<string, string | string[] | undefined>;

/** The usable values of the URL query, and the parameters that were given but dropped. */
export function parseAuditQuery(params: SearchParams): { query: AuditQuery; ignored: AuditParam[] } {
  const query: AuditQuery = {};
  const ignored: AuditParam[] = [];
  for (const name of AUDIT_PARAMS) {
    const raw = params[name];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined || value.trim() === '') continue;
    const parsed = fields[name].safeParse(value);
    if (parsed.success) query[name] = parsed.data;
    else ignored.push(name);
  }
  if (query.from && query.to && query.from > query.to) {
    delete query.to;
    ignored.push('to');
  }
  return { query, ignored };
}

/** `path?…` with the query's values (empty ones left out), e.g. for the next page and the export. */
export function auditHref(path: string, query: AuditQuery): string {
  const params = new URLSearchParams();
  for (const name of AUDIT_PARAMS) {
    const value = query[name];
    if (value) params.set(name, value);
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export function hasAuditFilters(query: AuditQuery): boolean {
  return AUDIT_PARAMS.some((name) => name !== 'cursor' && Boolean(query[name]));
}
