import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantToIsoWithOffset, instantToLocalDateTime, isTimeZone, localDateTimeToInstant } from '@/lib/domain/local-date-time';

function instant(value: string, timeZone: string) {
  const result = localDateTimeToInstant(value, timeZone);
  if (!result.ok) throw new Error(`refused: ${result.code}`);
  return result;
}

describe('localDateTimeToInstant', () => {
  it('reads the wall time in the given zone and writes it back with its offset', () => {
    expect(instant('2026-03-31T09:00', 'Asia/Taipei').instant.toISOString()).toBe('2026-03-31T01:00:00.000Z');
    expect(instant('2026-03-31T09:00', 'Asia/Taipei').iso).toBe('2026-03-31T09:00:00+08:00');
    expect(instant('2026-03-31T09:00', 'UTC').iso).toBe('2026-03-31T09:00:00+00:00');
    expect(instant('2026-01-15T18:30', 'America/Los_Angeles').iso).toBe('2026-01-15T18:30:00-08:00');
    expect(instant('2026-07-15T18:30', 'America/Los_Angeles').iso).toBe('2026-07-15T18:30:00-07:00');
    expect(instant('2026-07-15T18:30:15', 'Asia/Kolkata').iso).toBe('2026-07-15T18:30:15+05:30');
  });

  it('crosses the date line the way the clock does', () => {
    expect(instant('2026-01-01T07:30', 'Asia/Taipei').instant.toISOString()).toBe('2025-12-31T23:30:00.000Z');
    expect(instant('2026-12-31T23:30', 'Pacific/Kiritimati').instant.toISOString()).toBe('2026-12-31T09:30:00.000Z');
  });

  it('refuses a wall time skipped by daylight saving time (clocks forward)', () => {
    // New York, 8 March 2026: 02:00 becomes 03:00.
    expect(localDateTimeToInstant('2026-03-08T02:30', 'America/New_York')).toEqual({ ok: false, code: 'NONEXISTENT' });
    expect(instant('2026-03-08T01:59', 'America/New_York').iso).toBe('2026-03-08T01:59:00-05:00');
    expect(instant('2026-03-08T03:00', 'America/New_York').iso).toBe('2026-03-08T03:00:00-04:00');
    // Berlin, 29 March 2026: 02:00 becomes 03:00.
    expect(localDateTimeToInstant('2026-03-29T02:15', 'Europe/Berlin')).toEqual({ ok: false, code: 'NONEXISTENT' });
  });

  it('takes the earlier instant of a wall time met twice (clocks back)', () => {
    // New York, 1 November 2026: 02:00 becomes 01:00; 01:30 happens at -04:00 and at -05:00.
    const twice = instant('2026-11-01T01:30', 'America/New_York');
    expect(twice.instant.toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(twice.iso).toBe('2026-11-01T01:30:00-04:00');
    expect(instant('2026-11-01T02:30', 'America/New_York').iso).toBe('2026-11-01T02:30:00-05:00');
  });

  it('refuses what is not a wall time or not a time zone', () => {
    for (const value of [
      '',
      'tomorrow',
      '2026-02-30T10:00',
      '2026-13-01T10:00',
      '2026-01-01T24:00',
      '2026-01-01T10:60',
      '2026-01-01',
      '2026-01-01T10:00Z',
      '2026-01-01T10:00+08:00',
      '1969-12-31T23:00',
    ]) {
      expect(localDateTimeToInstant(value, 'UTC')).toEqual({ ok: false, code: 'INVALID' });
    }
    expect(localDateTimeToInstant('2026-01-01T10:00', 'Mars/Olympus_Mons')).toEqual({ ok: false, code: 'TIME_ZONE_INVALID' });
    expect(localDateTimeToInstant('2026-01-01T10:00', '')).toEqual({ ok: false, code: 'TIME_ZONE_INVALID' });
    expect(isTimeZone('Asia/Taipei')).toBe(true);
    expect(isTimeZone('nowhere')).toBe(false);
  });

  it('round-trips every minute it accepts, in zones with and without daylight saving time', () => {
    const zones = ['Asia/Taipei', 'America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'UTC'];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2020, 0, 1) / 60_000, max: Date.UTC(2035, 0, 1) / 60_000 }),
        fc.constantFrom(...zones),
        (minute, zone) => {
          const at = new Date(minute * 60_000);
          const local = instantToLocalDateTime(at, zone);
          const back = localDateTimeToInstant(local, zone);
          expect(back.ok).toBe(true);
          if (!back.ok) return;
          // The same wall time; the same instant unless that wall time is met twice (then the earlier).
          expect(instantToLocalDateTime(back.instant, zone)).toBe(local);
          expect(back.instant.getTime()).toBeLessThanOrEqual(at.getTime());
          expect(new Date(back.iso).getTime()).toBe(back.instant.getTime());
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('instantToLocalDateTime and instantToIsoWithOffset', () => {
  it('show an instant in a zone', () => {
    const at = new Date('2026-03-31T01:00:00Z');
    expect(instantToLocalDateTime(at, 'Asia/Taipei')).toBe('2026-03-31T09:00');
    expect(instantToLocalDateTime(at, 'America/Los_Angeles')).toBe('2026-03-30T18:00');
    expect(instantToIsoWithOffset(at, 'America/Los_Angeles')).toBe('2026-03-30T18:00:00-07:00');
  });

  it('give nothing for an invalid instant or zone', () => {
    expect(instantToLocalDateTime(new Date('nope'), 'UTC')).toBe('');
    expect(instantToLocalDateTime(new Date(), 'nowhere')).toBe('');
    expect(instantToIsoWithOffset(new Date('nope'), 'UTC')).toBe('');
  });
});
