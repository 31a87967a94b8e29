import 'server-only';
import { z } from '../../zod';
import { PAGE_LIMIT_MAX } from '../../schemas/notices';

// Pieces every operation's schemas share: page size and cursor, ids in paths, times and days as
// the API writes them, the list envelope and the problem body.

export const API_PAGE_SIZE = 25;

export const limitSchema = z.coerce
  .number({ error: 'limitInvalid' })
  .int({ error: 'limitInvalid' })
  .min(1, { error: 'limitInvalid' })
  .max(PAGE_LIMIT_MAX, { error: 'limitInvalid' })
  .default(API_PAGE_SIZE)
  .meta({ description: `Items per page, 1–${PAGE_LIMIT_MAX}.` });

export const cursorSchema = z
  .string()
  .min(1, { error: 'cursorInvalid' })
  .max(1024, { error: 'cursorInvalid' })
  .optional()
  .meta({ description: 'The `nextCursor` of the previous page (opaque).' });

/** A path id: lower case; anything that is not a UUID is not found (404), like an unknown one. */
export const pathId = z.uuid().transform((id) => id.toLowerCase());

/** An instant as the API writes it (ISO 8601, UTC, milliseconds). */
export const instant = z.iso.datetime();
/** A calendar day (YYYY-MM-DD). */
export const day = z.iso.date();

export const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** `{ data: [ … ], nextCursor }`: one page of a list in a stable order. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    nextCursor: z.string().nullable().meta({ description: 'Send it as `cursor` for the next page; null on the last page.' }),
  });
}

/** RFC 9457 problem details, as every error answers (`application/problem+json`). */
export const problemSchema = z
  .looseObject({
    type: z.string().meta({ description: 'The kind of error: a URI reference to its section of /api/v1/docs (stable).' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    code: z.string().optional().meta({ description: 'The data layer’s reason, where one kind of error has several.' }),
    errors: z
      .union([z.record(z.string(), z.string()), z.array(z.looseObject({ code: z.string() }))])
      .optional()
      .meta({ description: 'Per field (or header), a code saying what is wrong with it; for NOTICE_INVALID, the findings.' }),
    requestId: z.string().optional().meta({ description: 'The id of the log line (500).' }),
  })
  .meta({ id: 'Problem' });
