// The /communications filters as they live in the URL query. Every value is checked; a value
// that does not fit is dropped and named in `ignored` (the page says so), never a crash.
import { z } from '../zod';
import { CATEGORIES, type CommunicationCategory } from '../domain/policy';
import { isStorableText } from '../domain/text';
import { isIsoDay, nextIsoDay, startOfDayIn } from '../domain/zoned-day';

export const COMMUNICATIONS_PAGE_SIZE = 25;

export const COMMUNICATION_PARAMS = [
  'category',
  'classification',
  'status',
  'service',
  'customerId',
  'from',
  'to',
  'state',
  'conflict',
  'cursor',
] as const;
export type CommunicationParam = (typeof COMMUNICATION_PARAMS)[number];

export type CommunicationFilters = {
  category?: CommunicationCategory;
  classification?: 'incident' | 'advisory';
  /** A Graph serviceHealthStatus value as stored (message-center posts: serviceOperational). */
  status?: string;
  /** The affected service exactly as stored. */
  service?: string;
  customerId?: string;
  /** Start of the first day (inclusive), in the viewer's time zone. */
  startFrom?: Date;
  /** Start of the day after the last one (exclusive), in the viewer's time zone. */
  startBefore?: Date;
  /** open: not resolved; resolved: resolved. */
  state?: 'open' | 'resolved';
  /** Only communications with at least one policy conflict. */
  conflict?: boolean;
};

/** Each filter on its own (the page drops a bad one; the API answers 400). */
export const COMMUNICATION_PARAM_SCHEMAS = {
  category: z.enum(CATEGORIES),
  classification: z.enum(['incident', 'advisory']),
  status: z.string().regex(/^[A-Za-z]{1,60}$/),
  service: z.string().trim().min(1).max(200).refine(isStorableText),
  customerId: z.uuid(),
  from: z.string().refine(isIsoDay),
  to: z.string().refine(isIsoDay),
  state: z.enum(['open', 'resolved']),
  conflict: z.literal('1'),
  cursor: z.string().regex(/^[A-Za-z0-9_-]{1,400}$/),
} satisfies Record<CommunicationParam, z.ZodType>;

export type CommunicationSearch = {
  filters: CommunicationFilters;
  cursor: string | undefined;
  /** The accepted values, as strings, to fill the form and build links. */
  values: Partial<Record<CommunicationParam, string>>;
  /** Parameters whose value was not understood and was dropped. */
  ignored: CommunicationParam[];
};

type SearchParams = Record<string, string | string[] | undefined>;

export function parseCommunicationSearch(params: SearchParams, timeZone: string): CommunicationSearch {
  const values: Partial<Record<CommunicationParam, string>> = {};
  const ignored: CommunicationParam[] = [];
  for (const name of COMMUNICATION_PARAMS) {
    const raw = params[name];
    const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
    if (value === undefined || value === '') continue; // "All" in the form
    const parsed = COMMUNICATION_PARAM_SCHEMAS[name].safeParse(value);
    if (parsed.success) values[name] = name === 'customerId' ? value.toLowerCase() : value;
    else ignored.push(name);
  }
  if (values.from && values.to && values.from > values.to) {
    delete values.to;
    ignored.push('to');
  }
  const filters = communicationFiltersOf(values, timeZone);
  return { filters, cursor: values.cursor, values, ignored };
}

/** The filters of accepted parameter values (`from`/`to`: days in `timeZone`). */
export function communicationFiltersOf(values: Partial<Record<CommunicationParam, string>>, timeZone: string): CommunicationFilters {
  const filters: CommunicationFilters = {};
  if (values.category) filters.category = values.category as CommunicationCategory;
  if (values.classification) filters.classification = values.classification as 'incident' | 'advisory';
  if (values.status) filters.status = values.status;
  if (values.service) filters.service = values.service;
  if (values.customerId) filters.customerId = values.customerId;
  if (values.from) filters.startFrom = startOfDayIn(values.from, timeZone);
  if (values.to) filters.startBefore = startOfDayIn(nextIsoDay(values.to), timeZone);
  if (values.state) filters.state = values.state as 'open' | 'resolved';
  if (values.conflict) filters.conflict = true;
  return filters;
}

/** A /communications URL with these values (empty ones left out), e.g. for pagination links. */
export function communicationsHref(values: Partial<Record<CommunicationParam, string>>): string {
  const query = new URLSearchParams();
  for (const name of COMMUNICATION_PARAMS) {
    const value = values[name];
    if (value) query.set(name, value);
  }
  const text = query.toString();
  return text ? `/communications?${text}` : '/communications';
}
