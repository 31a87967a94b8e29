import fc from 'fast-check';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { parseTimestamptz } from '@/lib/runtime/pg-dates';

const pgParse = pg.types.getTypeParser(1184, 'text') as (value: string) => Date;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

describe('parseTimestamptz', () => {
  it('reads what PostgreSQL writes exactly as pg does', () => {
    for (const value of [
      '2026-12-07 06:15:02.123+00',
      '2026-12-07 06:15:02.12+00',
      '2026-12-07 06:15:02+00',
      '2024-02-29 23:59:59.999+05:30',
      '1999-01-01 00:00:00.5-08',
      '2026-01-31 10:00:00.123456+00',
      '1970-01-01 00:00:00-09:30',
    ]) {
      expect(parseTimestamptz(value).toISOString(), value).toBe(pgParse(value).toISOString());
    }
  });

  it('hands every other form to pg', () => {
    for (const value of ['infinity', '-infinity', '0044-03-15 12:00:00+00 BC', '0050-01-01 00:00:00+00', '2026-12-07 06:15:02+00:00:30']) {
      expect(String(parseTimestamptz(value)), value).toBe(String(pgParse(value)));
    }
  });

  it('agrees with pg on any instant, fraction and offset', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 59 }),
        fc.option(fc.stringMatching(/^[0-9]{1,6}$/), { nil: undefined }),
        fc.integer({ min: -15, max: 15 }),
        fc.constantFrom(0, 30, 45),
        (year, month, day, hour, minute, second, fraction, offsetHours, offsetMinutes) => {
          const offset = `${offsetHours < 0 ? '-' : '+'}${pad(Math.abs(offsetHours))}` + (offsetMinutes ? `:${pad(offsetMinutes)}` : '');
          const value = `${pad(year, 4)}-${pad(month)}-${pad(day)} ${pad(hour)}:${pad(minute)}:${pad(second)}${fraction === undefined ? '' : `.${fraction}`}${offset}`;
          expect(parseTimestamptz(value).getTime(), value).toBe(pgParse(value).getTime());
        },
      ),
      { numRuns: 2000 },
    );
  });
});
