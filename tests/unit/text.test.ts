import { describe, expect, it } from 'vitest';
import { isStorableJson, isStorableText } from '@/lib/domain/text';

describe('storable text', () => {
  it('is any text without U+0000', () => {
    expect(isStorableText('Adatum Corporation 台灣 ☁')).toBe(true);
    expect(isStorableText('')).toBe(true);
    expect(isStorableText('a\u0000b')).toBe(false);
  });

  it('looks at every string of a JSON value, keys included', () => {
    expect(isStorableJson({ content: { en: { subject: 'Renewal', body: ['x', 1, null, true] } } })).toBe(true);
    expect(isStorableJson({ content: { en: { subject: 'Re\u0000newal' } } })).toBe(false);
    expect(isStorableJson({ list: ['ok', ['deep\u0000']] })).toBe(false);
    expect(isStorableJson({ 'key\u0000': 1 })).toBe(false);
    expect(isStorableJson(42)).toBe(true);
  });
});
