// Writing CSV (RFC 4180) that is safe to open in a spreadsheet. Pure: no I/O.
//
// Formula injection: a spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and, in
// some programs, a tab or a carriage return before them) as a formula, so a customer name such
// as `=HYPERLINK("http://evil.example","click")` would become a live link or worse. Every text
// cell that starts with one of those characters is prefixed with an apostrophe, which the
// spreadsheet shows as text (OWASP, "CSV Injection"). The full-width forms (＝＋－＠) are
// treated the same way, since some spreadsheet programs convert them to their ASCII forms.

/** Excel reads a UTF-8 file as UTF-8 only when it starts with a byte-order mark. */
export const CSV_BOM = '\uFEFF';
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
const LINE_END = '\r\n';

const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠']);

export type CsvValue = string | number | boolean | null | undefined;

/** A text value that would start a formula gets a leading apostrophe; anything else is unchanged. */
export function neutralizeFormula(value: string): string {
  const first = value.charAt(0);
  return FORMULA_TRIGGERS.has(first) ? `'${value}` : value;
}

/** RFC 4180 quoting: a field with a comma, a double quote, CR or LF is quoted, and its quotes doubled. */
export function quoteCsvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * One cell. Text is neutralised, then quoted. Numbers and booleans come from the portal itself
 * (never from user input) and are written as they are, so that -3 stays a number.
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return quoteCsvField(neutralizeFormula(value));
}

/** One record, CRLF-terminated as RFC 4180 says. */
export function csvRow(values: readonly CsvValue[]): string {
  return values.map(csvCell).join(',') + LINE_END;
}

/** Several records. */
export function csvRows(rows: readonly (readonly CsvValue[])[]): string {
  return rows.map(csvRow).join('');
}

// One formatter per time zone: building an Intl.DateTimeFormat costs far more than using one, and
// an export formats two days per row.
const dayFormatters = new Map<string, Intl.DateTimeFormat | null>();

function dayFormatter(timeZone: string): Intl.DateTimeFormat | null {
  let format = dayFormatters.get(timeZone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    } catch {
      format = null;
    }
    if (dayFormatters.size < 1000) dayFormatters.set(timeZone, format);
  }
  return format;
}

/** The calendar day of `date` in `timeZone`, as YYYY-MM-DD (UTC when the zone is unknown). */
export function isoDay(date: Date, timeZone = 'UTC'): string {
  const format = dayFormatter(timeZone) ?? dayFormatter('UTC')!;
  const parts = format.formatToParts(date);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** `customers-2026-11-24.csv`: the file name for a download made on `date`, in the viewer's zone. */
export function csvFileName(prefix: string, date: Date, timeZone = 'UTC'): string {
  const safePrefix = prefix.replace(/[^A-Za-z0-9_-]/g, '') || 'export';
  return `${safePrefix}-${isoDay(date, timeZone)}.csv`;
}

/** A Content-Disposition header for an attachment with a plain ASCII file name. */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"`;
}
