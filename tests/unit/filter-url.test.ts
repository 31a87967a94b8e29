import { describe, expect, it } from 'vitest';
import { filterUrl } from '@/components/ui/filter-url';

describe('filterUrl', () => {
  it('is the bare path when every value is empty or blank', () => {
    expect(filterUrl('/notices', [])).toBe('/notices');
    expect(
      filterUrl('/notices', [
        ['kind', ''],
        ['from', '   '],
      ]),
    ).toBe('/notices');
  });

  it("keeps non-empty values, trimmed, in the form's order, encoded", () => {
    expect(
      filterUrl('/customers', [
        ['q', '  Tailspin & Co '],
        ['cloud', ''],
        ['relationshipToPartner', 'RESELLER'],
      ]),
    ).toBe('/customers?q=Tailspin+%26+Co&relationshipToPartner=RESELLER');
    expect(filterUrl('/notices', [['customerSearch', '台灣']])).toBe('/notices?customerSearch=%E5%8F%B0%E7%81%A3');
  });

  it('leaves out values equal to their default, and files', () => {
    const defaults = { sort: 'name' };
    expect(
      filterUrl(
        '/customers',
        [
          ['sort', 'name'],
          ['q', 'a'],
        ],
        defaults,
      ),
    ).toBe('/customers?q=a');
    expect(filterUrl('/customers', [['sort', 'created']], defaults)).toBe('/customers?sort=created');
    expect(filterUrl('/x', [['upload', new File(['x'], 'x.txt')]])).toBe('/x');
  });

  it('keeps the last value of a name given twice', () => {
    expect(
      filterUrl('/notices', [
        ['status', 'DRAFT'],
        ['status', 'SENT'],
      ]),
    ).toBe('/notices?status=SENT');
  });
});
