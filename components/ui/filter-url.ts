/**
 * The URL a filter form goes to: `path` with the form's non-empty values, trimmed, in the form's
 * order, minus those `omit` leaves out (e.g. the default sort). Files are ignored; a name given
 * twice keeps its last value.
 */
export function filterUrl(
  path: string,
  entries: Iterable<[string, FormDataEntryValue]>,
  omit?: (name: string, value: string) => boolean,
): string {
  const params = new URLSearchParams();
  for (const [name, raw] of entries) {
    if (typeof raw !== 'string') continue;
    const value = raw.trim();
    if (value === '' || omit?.(name, value)) continue;
    params.set(name, value);
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}
