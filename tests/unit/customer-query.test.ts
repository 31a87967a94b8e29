import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CUSTOMER_SORTS,
  cursorKey,
  customerQueryToSearchParams,
  decodeCursor,
  encodeCursor,
  escapeLike,
  hasFilters,
  parseCustomerQuery,
  searchTerms,
  sortSpec,
  withQuery,
  type CustomerCursor,
} from '@/lib/domain/customer-query';
import { isUuid } from '@/lib/domain/ids';

const ID = '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b';
const cursor = (overrides: Partial<CustomerCursor> = {}): CustomerCursor => ({
  sort: 'name',
  direction: 'after',
  key: 'Adatum Corporation',
  id: ID,
  ...overrides,
});

describe('the cursor', () => {
  it('is opaque base64url text that decodes to what was encoded', () => {
    const text = encodeCursor(cursor());
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(text).not.toContain('Adatum');
    expect(decodeCursor(text)).toEqual(cursor());
  });

  it('keeps the direction, a null key for a nullable sort, and non-ASCII names', () => {
    for (const value of [
      cursor({ direction: 'before' }),
      cursor({ sort: '-nextCommitmentEnd', key: null }),
      cursor({ sort: 'nextCommitmentEnd', key: '2026-12-21T00:00:00.000Z' }),
      cursor({ sort: '-created', key: '2024-06-06T22:39:36.908Z' }),
      cursor({ sort: '-name', key: '台灣大哥大股份有限公司 "引號" ,逗號' }),
    ]) {
      expect(decodeCursor(encodeCursor(value))).toEqual(value);
    }
  });

  it('property: any name cursor round-trips', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('name' as const, '-name' as const),
        fc.string({ maxLength: 200 }),
        fc.uuid(),
        fc.boolean(),
        (sort, key, id, before) => {
          const value: CustomerCursor = { sort, key, id, direction: before ? 'before' : 'after' };
          expect(decodeCursor(encodeCursor(value))).toEqual(value);
        },
      ),
    );
  });

  it.each([
    ['empty', ''],
    ['not base64url', '!!!not-a-cursor'],
    ['base64 that is not JSON', btoa('hello')],
    ['JSON that is not a cursor', btoa(JSON.stringify({ a: 1 }))],
    ['a wrong version', btoa(JSON.stringify([2, 'name', 'a', 'x', ID]))],
    ['an unknown sort', btoa(JSON.stringify([1, 'price', 'a', 'x', ID]))],
    ['an unknown direction', btoa(JSON.stringify([1, 'name', 'z', 'x', ID]))],
    ['an id that is not a UUID', btoa(JSON.stringify([1, 'name', 'a', 'x', "1' OR '1'='1"]))],
    ['a null key for a sort that has no nulls', btoa(JSON.stringify([1, 'name', 'a', null, ID]))],
    ['a date sort with a key that is not a time', btoa(JSON.stringify([1, 'created', 'a', 'yesterday', ID]))],
    ['a date sort with an impossible time', btoa(JSON.stringify([1, 'created', 'a', '2026-13-45T99:99:99.999Z', ID]))],
    ['a number key', btoa(JSON.stringify([1, 'name', 'a', 42, ID]))],
    ['invalid UTF-8', btoa('\xff\xfe\xfd')],
    ['too long', 'A'.repeat(5000)],
  ])('decodes %s to null', (_label, text) => {
    expect(decodeCursor(text.replace(/=+$/, ''))).toBeNull();
  });

  it('property: decoding never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const result = decodeCursor(text);
        expect(result === null || typeof result.id === 'string').toBe(true);
      }),
    );
  });
});

describe('parseCustomerQuery', () => {
  it('defaults to sorting by name, no filters', () => {
    expect(parseCustomerQuery({})).toEqual({ query: { sort: 'name' }, invalid: [] });
  });

  it('reads every parameter', () => {
    const text = encodeCursor(cursor({ sort: '-created', key: '2024-06-06T22:39:36.908Z' }));
    const result = parseCustomerQuery({
      q: '  adatum  ',
      cloud: 'GERMANY',
      relationshipToPartner: 'ADVISOR',
      directRelationship: 'DECLARED',
      sort: '-created',
      cursor: text,
    });
    expect(result.invalid).toEqual([]);
    expect(result.query).toEqual({
      q: 'adatum',
      cloud: 'GERMANY',
      relationshipToPartner: 'ADVISOR',
      directRelationship: 'DECLARED',
      sort: '-created',
      cursor: cursor({ sort: '-created', key: '2024-06-06T22:39:36.908Z' }),
    });
  });

  it('accepts every sort', () => {
    for (const sort of CUSTOMER_SORTS) expect(parseCustomerQuery({ sort }).query.sort).toBe(sort);
  });

  it('treats empty values as not chosen', () => {
    expect(parseCustomerQuery({ q: '   ', cloud: '', sort: '', cursor: '' })).toEqual({ query: { sort: 'name' }, invalid: [] });
  });

  it('ignores bad values one by one and names them', () => {
    const result = parseCustomerQuery({
      q: 'x'.repeat(201),
      cloud: 'MARS',
      relationshipToPartner: 'reseller',
      directRelationship: 'MAYBE',
      sort: 'price',
      cursor: 'garbage',
    });
    expect(result.query).toEqual({ sort: 'name' });
    expect(result.invalid).toEqual(['sort', 'q', 'cloud', 'relationshipToPartner', 'directRelationship', 'cursor']);
  });

  it('refuses a search without any letter or digit', () => {
    for (const q of ['%', '--', '"\'', '...', '＿']) {
      expect(parseCustomerQuery({ q })).toEqual({ query: { sort: 'name' }, invalid: ['q'] });
    }
    expect(parseCustomerQuery({ q: 'a-' }).query.q).toBe('a-');
    expect(parseCustomerQuery({ q: '3M' }).query.q).toBe('3M');
    expect(parseCustomerQuery({ q: '陳' }).query.q).toBe('陳');
  });

  it('ignores a search or a cursor holding a NUL character, which PostgreSQL refuses in any text', () => {
    expect(parseCustomerQuery({ q: 'tail\u0000' })).toEqual({ query: { sort: 'name' }, invalid: ['q'] });
    expect(decodeCursor(encodeCursor(cursor({ key: 'Adatum\u0000' })))).toBeNull();
    expect(decodeCursor(encodeCursor(cursor({ key: 'Adatum' })))).toEqual(cursor({ key: 'Adatum' }));
  });

  it('keeps the good values next to a bad one', () => {
    const result = parseCustomerQuery({ q: 'tail', cloud: 'NOPE', sort: '-name' });
    expect(result.query).toEqual({ q: 'tail', sort: '-name' });
    expect(result.invalid).toEqual(['cloud']);
  });

  it('ignores a cursor written for another sort order', () => {
    const result = parseCustomerQuery({ sort: 'created', cursor: encodeCursor(cursor({ sort: 'name' })) });
    expect(result.query).toEqual({ sort: 'created' });
    expect(result.invalid).toEqual(['cursor']);
  });

  it('takes the first of repeated parameters', () => {
    expect(parseCustomerQuery({ cloud: ['PUBLIC', 'GERMANY'] }).query.cloud).toBe('PUBLIC');
  });

  it('property: never throws on any input', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom('q', 'cloud', 'relationshipToPartner', 'directRelationship', 'sort', 'cursor', 'other'),
          fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 3 }), fc.constant(undefined)),
        ),
        (params) => {
          const { query } = parseCustomerQuery(params);
          expect(CUSTOMER_SORTS).toContain(query.sort);
        },
      ),
    );
  });
});

describe('customerQueryToSearchParams', () => {
  it('leaves defaults out and round-trips through parseCustomerQuery', () => {
    expect(customerQueryToSearchParams({ sort: 'name' }).toString()).toBe('');
    const query = {
      q: 'a&b=c',
      cloud: 'US_GOVERNMENT' as const,
      relationshipToPartner: 'RESELLER' as const,
      directRelationship: 'VERIFIED' as const,
      sort: '-nextCommitmentEnd' as const,
      cursor: cursor({ sort: '-nextCommitmentEnd', key: null, direction: 'before' }),
    };
    const params = customerQueryToSearchParams(query);
    expect(parseCustomerQuery(Object.fromEntries(params)).query).toEqual(query);
    expect(customerQueryToSearchParams(query, { cursor: false }).has('cursor')).toBe(false);
  });

  it('builds links', () => {
    expect(withQuery('/customers', new URLSearchParams())).toBe('/customers');
    expect(withQuery('/customers/export.csv', new URLSearchParams({ q: 'x y' }))).toBe('/customers/export.csv?q=x+y');
  });

  it('knows when a query filters', () => {
    expect(hasFilters({})).toBe(false);
    expect(hasFilters({ q: 'a' })).toBe(true);
    expect(hasFilters({ directRelationship: 'NONE' })).toBe(true);
  });
});

describe('search terms and sorting', () => {
  it('escapes LIKE wildcards and the escape character', () => {
    expect(escapeLike('50%_off\\now')).toBe('50\\%\\_off\\\\now');
    expect(searchTerms(' 100% ')).toEqual({ kind: 'contains', text: '100\\%' });
  });

  it('searches three characters or more anywhere, one or two at the start (counting characters, not bytes)', () => {
    expect(searchTerms('abc')).toEqual({ kind: 'contains', text: 'abc' });
    expect(searchTerms('ab')).toEqual({ kind: 'startsWith', text: 'ab' });
    expect(searchTerms(' h ')).toEqual({ kind: 'startsWith', text: 'h' });
    expect(searchTerms('企業')).toEqual({ kind: 'startsWith', text: '企業' });
    expect(searchTerms('氏企業')).toEqual({ kind: 'contains', text: '氏企業' });
    expect(searchTerms('a_')).toEqual({ kind: 'startsWith', text: 'a\\_' });
  });

  it('recognises a tenant id (any case) and matches it exactly, in lower case', () => {
    expect(searchTerms(ID.toUpperCase())).toEqual({ kind: 'tenantId', tenantId: ID });
    expect(isUuid(ID)).toBe(true);
    expect(isUuid(`${ID}0`)).toBe(false);
    expect(isUuid('3f2b8c1e')).toBe(false);
  });

  it('maps each sort to its column, direction and null handling', () => {
    expect(sortSpec('name')).toEqual({ field: 'companyName', descending: false, nullable: false });
    expect(sortSpec('-name')).toEqual({ field: 'companyName', descending: true, nullable: false });
    expect(sortSpec('created')).toEqual({ field: 'createdAt', descending: false, nullable: false });
    expect(sortSpec('-created')).toEqual({ field: 'createdAt', descending: true, nullable: false });
    expect(sortSpec('nextCommitmentEnd')).toEqual({ field: 'nextCommitmentEndAt', descending: false, nullable: true });
    expect(sortSpec('-nextCommitmentEnd')).toEqual({ field: 'nextCommitmentEndAt', descending: true, nullable: true });
  });

  it('takes a row’s cursor key from the sort column', () => {
    const row = { companyName: 'Tailspin Toys', createdAt: new Date('2025-01-02T03:04:05.678Z'), nextCommitmentEndAt: null };
    expect(cursorKey(sortSpec('name'), row)).toBe('Tailspin Toys');
    expect(cursorKey(sortSpec('-created'), row)).toBe('2025-01-02T03:04:05.678Z');
    expect(cursorKey(sortSpec('nextCommitmentEnd'), row)).toBeNull();
    expect(cursorKey(sortSpec('nextCommitmentEnd'), { ...row, nextCommitmentEndAt: new Date('2026-12-01T00:00:00Z') })).toBe(
      '2026-12-01T00:00:00.000Z',
    );
  });
});
