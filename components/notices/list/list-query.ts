import { z } from '@/lib/zod';
import { noticeListQuerySchema } from '@/lib/schemas/notices';
import type { NoticeStatus } from '@/lib/domain/notice-lifecycle';
import type { SearchParams } from '@/lib/domain/customer-query';

// The notice list's URL query: the data layer's filters (status, kind, customerId, communicationId,
// from, to, cursor) plus `customerSearch`, the text typed to find a customer for the customer filter.
// Unusable values are dropped, never an error.

export type NoticeListUrlQuery = {
  status?: NoticeStatus;
  kind?: string;
  customerId?: string;
  /** Notices about this Microsoft communication (the links from a communication and a customer page). */
  communicationId?: string;
  from?: string;
  to?: string;
  cursor?: string;
  customerSearch?: string;
};

const customerSearchSchema = z
  .string()
  .trim()
  .max(200)
  .refine((value) => /[\p{L}\p{N}]/u.test(value));

const first = (value: string | string[] | undefined) => {
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text.trim() === '' ? undefined : text;
};

export function parseNoticeListQuery(params: SearchParams): NoticeListUrlQuery {
  const raw = Object.fromEntries(
    ['status', 'kind', 'customerId', 'communicationId', 'from', 'to', 'cursor'].map((name) => [name, first(params[name])]),
  );
  const parsed = noticeListQuerySchema.parse(raw);
  const query: NoticeListUrlQuery = {};
  if (parsed.status) query.status = parsed.status;
  if (parsed.kind) query.kind = parsed.kind;
  if (parsed.customerId) query.customerId = parsed.customerId.toLowerCase();
  if (parsed.communicationId) query.communicationId = parsed.communicationId.toLowerCase();
  if (parsed.from) query.from = parsed.from;
  if (parsed.to) query.to = parsed.to;
  if (parsed.cursor) query.cursor = parsed.cursor;
  const search = customerSearchSchema.safeParse(first(params.customerSearch));
  if (search.success) query.customerSearch = search.data;
  return query;
}

/** `/notices?…` for `query` with `changes` applied (undefined removes a parameter). */
export function noticeListHref(
  query: NoticeListUrlQuery,
  changes: Partial<Record<keyof NoticeListUrlQuery, string | undefined>> = {},
): string {
  const merged: Record<string, string | undefined> = { ...query, ...changes };
  const params = new URLSearchParams();
  for (const name of ['status', 'kind', 'customerId', 'communicationId', 'customerSearch', 'from', 'to', 'cursor'] as const) {
    const value = merged[name];
    if (value) params.set(name, value);
  }
  const text = params.toString();
  return text ? `/notices?${text}` : '/notices';
}

export function hasNoticeFilters(query: NoticeListUrlQuery): boolean {
  return Boolean(query.status || query.kind || query.customerId || query.communicationId || query.from || query.to);
}
