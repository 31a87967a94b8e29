// Text the database can hold. PostgreSQL refuses U+0000 in any text value (stored or only
// compared): a search, filter or cursor holding one would fail the whole query. Inputs are
// checked with this where they enter (search params, cursors, API bodies).

export function isStorableText(value: string): boolean {
  return !value.includes('\u0000');
}

/** Whether every string of a parsed JSON value (its keys included) is storable text. */
export function isStorableJson(value: unknown): boolean {
  if (typeof value === 'string') return isStorableText(value);
  if (Array.isArray(value)) return value.every(isStorableJson);
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).every(([key, item]) => isStorableText(key) && isStorableJson(item));
  return true;
}
