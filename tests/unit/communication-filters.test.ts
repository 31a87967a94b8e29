import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { communicationsHref, parseCommunicationSearch } from '@/lib/schemas/communications';
import { isIsoDay, nextIsoDay, startOfDayIn } from '@/lib/domain/zoned-day';

describe('calendar days in a time zone', () => {
  it('knows real days', () => {
    expect(isIsoDay('2026-11-24')).toBe(true);
    expect(isIsoDay('2028-02-29')).toBe(true);
    for (const bad of ['2026-02-30', '2026-13-01', '2026-1-01', '26-11-24', '2026-11-24T00:00', '', 'today'])
      expect(isIsoDay(bad), bad).toBe(false);
  });

  it('finds where a day begins', () => {
    expect(startOfDayIn('2026-11-24', 'UTC').toISOString()).toBe('2026-11-24T00:00:00.000Z');
    expect(startOfDayIn('2026-11-24', 'Asia/Taipei').toISOString()).toBe('2026-11-23T16:00:00.000Z');
    expect(startOfDayIn('2026-11-24', 'America/New_York').toISOString()).toBe('2026-11-24T05:00:00.000Z');
    expect(startOfDayIn('2026-07-01', 'America/New_York').toISOString()).toBe('2026-07-01T04:00:00.000Z');
    // Days on which the clocks change.
    expect(startOfDayIn('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfDayIn('2026-11-01', 'America/New_York').toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(() => startOfDayIn('2026-02-30', 'UTC')).toThrow(RangeError);
  });

  it('a day is 23 to 25 hours long, and the next day follows (property)', () => {
    const zones = ['UTC', 'Asia/Taipei', 'America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'America/Santiago'];
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2040-12-31'), noInvalidDate: true }),
        fc.constantFrom(...zones),
        (date, zone) => {
          const day = date.toISOString().slice(0, 10);
          const length = startOfDayIn(nextIsoDay(day), zone).getTime() - startOfDayIn(day, zone).getTime();
          return length >= 23 * 3_600_000 && length <= 25 * 3_600_000;
        },
      ),
    );
  });
});

describe('the /communications query', () => {
  it('reads every filter', () => {
    const search = parseCommunicationSearch(
      {
        category: 'SUBSCRIPTION_BILLING',
        classification: 'incident',
        status: 'serviceDegradation',
        service: ' Exchange Online ',
        customerId: 'D351AB46-6765-4026-8ADA-1A49984462D1',
        from: '2026-11-01',
        to: '2026-11-24',
        state: 'open',
        conflict: '1',
        cursor: 'bnwyMDI2',
      },
      'Asia/Taipei',
    );
    expect(search.ignored).toEqual([]);
    expect(search.cursor).toBe('bnwyMDI2');
    expect(search.filters).toEqual({
      category: 'SUBSCRIPTION_BILLING',
      classification: 'incident',
      status: 'serviceDegradation',
      service: 'Exchange Online',
      customerId: 'd351ab46-6765-4026-8ada-1a49984462d1',
      startFrom: new Date('2026-10-31T16:00:00Z'),
      startBefore: new Date('2026-11-24T16:00:00Z'),
      state: 'open',
      conflict: true,
    });
  });

  it('treats empty values as "all" and drops values it does not understand, naming them', () => {
    const search = parseCommunicationSearch(
      {
        category: 'MARKETING',
        classification: '',
        status: 'bad status!',
        customerId: 'not-an-id',
        from: '2026-02-30',
        state: 'maybe',
        conflict: 'yes',
        cursor: '../../etc',
        other: 'x',
      },
      'UTC',
    );
    expect(search.filters).toEqual({});
    expect(search.ignored.sort()).toEqual(['category', 'conflict', 'cursor', 'customerId', 'from', 'state', 'status'].sort());
  });

  it('drops a service holding a NUL character, which PostgreSQL refuses in any text', () => {
    const search = parseCommunicationSearch({ service: 'Exchange\u0000Online' }, 'UTC');
    expect(search.filters).toEqual({});
    expect(search.ignored).toEqual(['service']);
  });

  it('takes the first of repeated values; a "to" before "from" is dropped', () => {
    const search = parseCommunicationSearch({ category: ['OPERATIONAL', 'NON_CSP_PRODUCTS'], from: '2026-11-10', to: '2026-11-01' }, 'UTC');
    expect(search.filters).toEqual({ category: 'OPERATIONAL', startFrom: new Date('2026-11-10T00:00:00Z') });
    expect(search.ignored).toEqual(['to']);
  });

  it('never throws, whatever the query (fuzz)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom('category', 'status', 'from', 'to', 'customerId', 'cursor', 'service', 'x'),
          fc.oneof(fc.string(), fc.array(fc.string())),
        ),
        (params) => {
          parseCommunicationSearch(params, 'Asia/Taipei');
        },
      ),
    );
  });

  it('builds links with the values set, in a stable order', () => {
    expect(communicationsHref({})).toBe('/communications');
    expect(communicationsHref({ cursor: 'abc', category: 'OPERATIONAL', service: 'Microsoft Teams' })).toBe(
      '/communications?category=OPERATIONAL&service=Microsoft+Teams&cursor=abc',
    );
  });
});
