import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, startOfUtcDay } from '@/lib/domain/dates';

const d = (iso: string) => new Date(iso);

describe('startOfUtcDay', () => {
  it('truncates to midnight UTC', () => {
    expect(startOfUtcDay(d('2026-03-15T17:45:12.345Z')).toISOString()).toBe('2026-03-15T00:00:00.000Z');
    expect(startOfUtcDay(d('2026-03-15T23:59:59.999Z')).toISOString()).toBe('2026-03-15T00:00:00.000Z');
    expect(startOfUtcDay(d('2026-03-15T00:00:00.000Z')).toISOString()).toBe('2026-03-15T00:00:00.000Z');
  });

  it('uses the UTC calendar day, not a local one', () => {
    // 2026-01-02 07:30 in Taipei is still 2026-01-01 in UTC.
    expect(startOfUtcDay(d('2026-01-01T23:30:00+00:00')).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(startOfUtcDay(d('2026-01-02T07:30:00+08:00')).toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('does not change its argument', () => {
    const value = d('2026-03-15T17:45:00Z');
    startOfUtcDay(value);
    expect(value.toISOString()).toBe('2026-03-15T17:45:00.000Z');
  });
});

describe('addDays', () => {
  it('adds and subtracts whole days', () => {
    expect(addDays(d('2026-01-31T10:00:00Z'), 1).toISOString()).toBe('2026-02-01T10:00:00.000Z');
    expect(addDays(d('2026-03-01T00:00:00Z'), -1).toISOString()).toBe('2026-02-28T00:00:00.000Z');
    expect(addDays(d('2028-03-01T00:00:00Z'), -1).toISOString()).toBe('2028-02-29T00:00:00.000Z');
    expect(addDays(d('2026-12-31T00:00:00Z'), 365).toISOString()).toBe('2027-12-31T00:00:00.000Z');
    expect(addDays(d('2026-05-05T05:05:05Z'), 0).toISOString()).toBe('2026-05-05T05:05:05.000Z');
  });

  it('returns a new Date', () => {
    const value = d('2026-01-01T00:00:00Z');
    const result = addDays(value, 3);
    expect(result).not.toBe(value);
    expect(value.toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });
});

describe('daysBetween', () => {
  it('counts calendar days in UTC, whatever the time of day', () => {
    expect(daysBetween(d('2026-01-01T00:00:00Z'), d('2026-01-01T23:59:59Z'))).toBe(0);
    expect(daysBetween(d('2026-01-01T23:59:00Z'), d('2026-01-02T00:01:00Z'))).toBe(1);
    expect(daysBetween(d('2026-01-01T00:00:00Z'), d('2026-03-02T12:00:00Z'))).toBe(60);
    expect(daysBetween(d('2026-02-28T00:00:00Z'), d('2026-03-01T00:00:00Z'))).toBe(1);
    expect(daysBetween(d('2028-02-28T00:00:00Z'), d('2028-03-01T00:00:00Z'))).toBe(2);
    expect(daysBetween(d('2026-01-01T00:00:00Z'), d('2027-01-01T00:00:00Z'))).toBe(365);
  });

  it('is negative when `to` is earlier', () => {
    expect(daysBetween(d('2026-01-02T00:01:00Z'), d('2026-01-01T23:59:00Z'))).toBe(-1);
    expect(daysBetween(d('2026-03-02T00:00:00Z'), d('2026-01-01T00:00:00Z'))).toBe(-60);
  });

  it('inverts addDays (property)', () => {
    const date = fc.date({ min: d('1990-01-01T00:00:00Z'), max: d('2100-01-01T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(date, fc.integer({ min: -3650, max: 3650 }), (from, days) => {
        // `+ 0` turns -0 into 0: the day count, not the sign of zero, is under test.
        expect(daysBetween(from, addDays(from, days)) + 0).toBe(days + 0);
        expect(daysBetween(addDays(from, days), from) + 0).toBe(-days + 0);
      }),
    );
  });
});
