/**
 * The URL a filter form goes to: `path` with the form's non-empty values, trimmed, in the form's
 * order, minus those equal to their default (e.g. the default sort: the URL stays short and
 * canonical). Files are ignored; a name given twice keeps its last value.
 */
export function filterUrl(
  path: string,
  entries: Iterable<[string, FormDataEntryValue]>,
  defaults: Readonly<Record<string, string>> = {},
): string {
  const params = new URLSearchParams();
  for (const [name, raw] of entries) {
    if (typeof raw !== 'string') continue;
    const value = raw.trim();
    if (value === '' || (Object.hasOwn(defaults, name) && defaults[name] === value)) continue;
    params.set(name, value);
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}
