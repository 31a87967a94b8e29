// The customer list's query (search, filters, sort, keyset cursor): parsed from the URL, turned
// back into URLs, and the opaque cursor's encoding. Pure: no I/O, no framework.
import { z } from '../zod';
import { fromBase64Url, toBase64Url } from './cursor';
import { isUuid } from './ids';
import { isStorableText } from './text';
import {
  CLOUDS,
  DIRECT_RELATIONSHIPS,
  RELATIONSHIPS_TO_PARTNER,
  type Cloud,
  type DirectRelationship,
  type RelationshipToPartner,
} from './policy';

export const CUSTOMER_SORTS = ['name', '-name', 'created', '-created', 'nextCommitmentEnd', '-nextCommitmentEnd'] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];
export const DEFAULT_CUSTOMER_SORT: CustomerSort = 'name';

/** The sort key columns: `name` and `created` are never null; `nextCommitmentEnd` is, and its nulls come last. */
export type SortField = 'companyName' | 'createdAt' | 'nextCommitmentEndAt';
export type SortSpec = { field: SortField; descending: boolean; nullable: boolean };

export function sortSpec(sort: CustomerSort): SortSpec {
  const descending = sort.startsWith('-');
  const name = descending ? sort.slice(1) : sort;
  switch (name) {
    case 'created':
      return { field: 'createdAt', descending, nullable: false };
    case 'nextCommitmentEnd':
      return { field: 'nextCommitmentEndAt', descending, nullable: true };
    default:
      return { field: 'companyName', descending, nullable: false };
  }
}

export const CUSTOMER_PAGE_SIZE = 25;
/** The list counts matches up to this many and says "more than …" beyond (no count over the whole partner). */
export const CUSTOMER_COUNT_LIMIT = 1000;
export const SEARCH_MAX_LENGTH = 200;
/**
 * Searches shorter than this (in characters) match the start of the name, of a word in the name,
 * or of the domain, instead of any part: the trigram index needs three characters to find a
 * substring, and a one- or two-character substring search would read every customer of the partner.
 */
export const SUBSTRING_MIN_LENGTH = 3;

export type CustomerFilters = {
  q?: string;
  cloud?: Cloud;
  relationshipToPartner?: RelationshipToPartner;
  directRelationship?: DirectRelationship;
};

/**
 * Where a page starts: `after` the row (next page) or `before` it (previous page). `key` is the
 * row's sort key as text (company name, or an ISO time), null for a row without a next commitment end.
 */
export type CustomerCursor = { sort: CustomerSort; direction: 'after' | 'before'; key: string | null; id: string };

export type CustomerQuery = CustomerFilters & { sort: CustomerSort; cursor?: CustomerCursor };

export const QUERY_PARAMS = ['q', 'cloud', 'relationshipToPartner', 'directRelationship', 'sort', 'cursor'] as const;
export type QueryParam = (typeof QUERY_PARAMS)[number];

// ---------------------------------------------------------------------------------------------
// The cursor: base64url of a small JSON array [version, sort, direction, key, id].

const CURSOR_VERSION = 1;
const MAX_CURSOR_LENGTH = 1024;

export function encodeCursor(cursor: CustomerCursor): string {
  return toBase64Url(JSON.stringify([CURSOR_VERSION, cursor.sort, cursor.direction === 'before' ? 'b' : 'a', cursor.key, cursor.id]));
}

function isIsoTime(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value) && !Number.isNaN(Date.parse(value));
}

/** The cursor, or null for anything that is not one this module wrote (never throws). */
export function decodeCursor(value: string): CustomerCursor | null {
  if (value.length === 0 || value.length > MAX_CURSOR_LENGTH) return null;
  const json = fromBase64Url(value);
  if (json === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 5) return null;
  const [version, sort, direction, key, id] = parsed as unknown[];
  if (version !== CURSOR_VERSION) return null;
  if (typeof sort !== 'string' || !(CUSTOMER_SORTS as readonly string[]).includes(sort)) return null;
  if (direction !== 'a' && direction !== 'b') return null;
  if (typeof id !== 'string' || !isUuid(id)) return null;
  const spec = sortSpec(sort as CustomerSort);
  if (key === null) {
    if (!spec.nullable) return null;
  } else if (typeof key !== 'string') {
    return null;
  } else if (spec.field === 'companyName' ? key.length > 1000 || !isStorableText(key) : !isIsoTime(key)) {
    return null;
  }
  return { sort: sort as CustomerSort, direction: direction === 'b' ? 'before' : 'after', key, id: id.toLowerCase() };
}

// ---------------------------------------------------------------------------------------------
// The URL query.

export type SearchParams = Record<string, string | string[] | undefined>;

/** Each list parameter on its own (the pages ignore a bad one; the API answers 400). */
export const CUSTOMER_QUERY_FIELDS = z.object({
  // At least one letter or digit: punctuation alone cannot use the search index and finds nothing useful.
  q: z
    .string()
    .trim()
    .max(SEARCH_MAX_LENGTH)
    .refine((value) => /[\p{L}\p{N}]/u.test(value) && isStorableText(value)),
  cloud: z.enum(CLOUDS),
  relationshipToPartner: z.enum(RELATIONSHIPS_TO_PARTNER),
  directRelationship: z.enum(DIRECT_RELATIONSHIPS),
  sort: z.enum(CUSTOMER_SORTS),
  cursor: z.string(),
});

export type ParsedCustomerQuery = {
  query: CustomerQuery;
  /** The parameters that were present but not usable; they were ignored. */
  invalid: QueryParam[];
};

/**
 * The list query from the URL. Every parameter is checked on its own: an unusable value is
 * ignored (and reported in `invalid`), never an error. An empty value means "not chosen".
 * A cursor written for another sort order is ignored (the list starts at the first page).
 */
export function parseCustomerQuery(params: SearchParams): ParsedCustomerQuery {
  const invalid: QueryParam[] = [];
  const raw = (name: QueryParam): string | undefined => {
    const value = params[name];
    const first = Array.isArray(value) ? value[0] : value;
    return first === undefined || first.trim() === '' ? undefined : first;
  };
  const field = <K extends QueryParam>(name: K): z.infer<typeof CUSTOMER_QUERY_FIELDS>[K] | undefined => {
    const value = raw(name);
    if (value === undefined) return undefined;
    const result = CUSTOMER_QUERY_FIELDS.shape[name].safeParse(value);
    if (!result.success) {
      invalid.push(name);
      return undefined;
    }
    return result.data as z.infer<typeof CUSTOMER_QUERY_FIELDS>[K];
  };

  const query: CustomerQuery = { sort: field('sort') ?? DEFAULT_CUSTOMER_SORT };
  const q = field('q');
  if (q) query.q = q;
  const cloud = field('cloud');
  if (cloud) query.cloud = cloud;
  const relationshipToPartner = field('relationshipToPartner');
  if (relationshipToPartner) query.relationshipToPartner = relationshipToPartner;
  const directRelationship = field('directRelationship');
  if (directRelationship) query.directRelationship = directRelationship;
  const cursorText = field('cursor');
  if (cursorText !== undefined) {
    const cursor = decodeCursor(cursorText);
    if (cursor && cursor.sort === query.sort) query.cursor = cursor;
    else invalid.push('cursor');
  }
  return { query, invalid };
}

/** The URL query for `query` (defaults left out), e.g. for links and the CSV export. */
export function customerQueryToSearchParams(query: CustomerQuery, options: { cursor?: boolean } = {}): URLSearchParams {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.cloud) params.set('cloud', query.cloud);
  if (query.relationshipToPartner) params.set('relationshipToPartner', query.relationshipToPartner);
  if (query.directRelationship) params.set('directRelationship', query.directRelationship);
  if (query.sort !== DEFAULT_CUSTOMER_SORT) params.set('sort', query.sort);
  if (options.cursor !== false && query.cursor) params.set('cursor', encodeCursor(query.cursor));
  return params;
}

/** `path?query`, or `path` alone when the query is empty. */
export function withQuery(path: string, params: URLSearchParams): string {
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export function hasFilters(query: CustomerFilters): boolean {
  return Boolean(query.q || query.cloud || query.relationshipToPartner || query.directRelationship);
}

// ---------------------------------------------------------------------------------------------
// Search terms.

/**
 * How a search is matched (case-insensitively):
 * - a tenant id (a GUID): that tenant id exactly;
 * - three characters or more: anywhere in the company name or the domain;
 * - one or two characters: the start of the company name, of a word in it, or of the domain.
 * `text` has LIKE's wildcards escaped.
 */
export type SearchTerms =
  { kind: 'tenantId'; tenantId: string } | { kind: 'contains'; text: string } | { kind: 'startsWith'; text: string };

/** `%` and `_` are wildcards in LIKE, and `\\` its escape: searching for them finds them literally. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function searchTerms(q: string): SearchTerms {
  const text = q.trim();
  if (isUuid(text)) return { kind: 'tenantId', tenantId: text.toLowerCase() };
  const length = [...text].length;
  return { kind: length >= SUBSTRING_MIN_LENGTH ? 'contains' : 'startsWith', text: escapeLike(text) };
}

// ---------------------------------------------------------------------------------------------
// Keyset paging.

/** A row's key for a cursor: the sort column as text (ISO time for dates), or null. */
export function cursorKey(spec: SortSpec, row: { companyName: string; createdAt: Date; nextCommitmentEndAt: Date | null }): string | null {
  switch (spec.field) {
    case 'companyName':
      return row.companyName;
    case 'createdAt':
      return row.createdAt.toISOString();
    default:
      return row.nextCommitmentEndAt ? row.nextCommitmentEndAt.toISOString() : null;
  }
}
