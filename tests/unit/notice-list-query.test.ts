import { describe, expect, it } from 'vitest';
import { hasNoticeFilters, noticeListHref, parseNoticeListQuery } from '@/components/notices/list/list-query';

const ID = '1b4e28ba-2fa1-41d2-883f-0016d3cca427';

describe('parseNoticeListQuery', () => {
  it('keeps usable filters and drops the rest', () => {
    expect(
      parseNoticeListQuery({ status: 'SENT', kind: 'RENEWAL', customerId: ID, from: '2026-11-01', to: '2026-11-30', cursor: 'abc' }),
    ).toEqual({
      status: 'SENT',
      kind: 'RENEWAL',
      customerId: ID,
      from: '2026-11-01',
      to: '2026-11-30',
      cursor: 'abc',
    });
    expect(parseNoticeListQuery({ status: 'sent', kind: 'NOPE', customerId: 'not-an-id', from: '2026-02-30', to: 'tomorrow' })).toEqual({});
  });

  it('takes the first of repeated parameters and ignores empty ones', () => {
    expect(parseNoticeListQuery({ status: ['DRAFT', 'SENT'], kind: '', customerSearch: '  ' })).toEqual({ status: 'DRAFT' });
  });

  it('keeps a customer search with a letter or digit, trimmed', () => {
    expect(parseNoticeListQuery({ customerSearch: '  Litware ' })).toEqual({ customerSearch: 'Litware' });
    expect(parseNoticeListQuery({ customerSearch: '%%%' })).toEqual({});
    expect(parseNoticeListQuery({ customerSearch: 'x'.repeat(201) })).toEqual({});
  });

  it('writes customer ids in lower case', () => {
    expect(parseNoticeListQuery({ customerId: ID.toUpperCase() })).toEqual({ customerId: ID });
  });
});

describe('noticeListHref', () => {
  it('writes the query in a stable order and applies changes', () => {
    const query = { status: 'SENT' as const, kind: 'RENEWAL', cursor: 'c1' };
    expect(noticeListHref({})).toBe('/notices');
    expect(noticeListHref(query)).toBe('/notices?status=SENT&kind=RENEWAL&cursor=c1');
    expect(noticeListHref(query, { status: undefined, cursor: undefined })).toBe('/notices?kind=RENEWAL');
    expect(noticeListHref(query, { customerId: ID, cursor: undefined })).toBe(`/notices?status=SENT&kind=RENEWAL&customerId=${ID}`);
  });

  it('escapes what it writes', () => {
    expect(noticeListHref({ customerSearch: 'a&b=c' })).toBe('/notices?customerSearch=a%26b%3Dc');
  });
});

describe('hasNoticeFilters', () => {
  it('is about the filters, not the page or the customer search', () => {
    expect(hasNoticeFilters({})).toBe(false);
    expect(hasNoticeFilters({ cursor: 'c', customerSearch: 'x' })).toBe(false);
    expect(hasNoticeFilters({ to: '2026-11-30' })).toBe(true);
    expect(hasNoticeFilters({ communicationId: ID })).toBe(true);
  });
});

describe('the communication filter (notices about one Microsoft communication)', () => {
  it('keeps an id, in lower case, and writes it after the customer', () => {
    expect(parseNoticeListQuery({ communicationId: ID.toUpperCase() })).toEqual({ communicationId: ID });
    expect(parseNoticeListQuery({ communicationId: 'EX123456' })).toEqual({});
    expect(noticeListHref({ customerId: ID, communicationId: ID, kind: 'SERVICE_UPDATE' })).toBe(
      `/notices?kind=SERVICE_UPDATE&customerId=${ID}&communicationId=${ID}`,
    );
    expect(noticeListHref({ communicationId: ID, cursor: 'c' }, { communicationId: undefined })).toBe('/notices?cursor=c');
  });
});
