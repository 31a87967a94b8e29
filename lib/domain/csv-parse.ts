// A strict, small CSV reader for the customer import (RFC 4180), pure: no I/O, no framework.
//
// What it accepts (docs/samples/*.csv are examples):
// - encodings: UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark
//   (Excel's "Unicode text"); anything else that is not valid UTF-8 is refused (`ENCODING`);
// - the separator: `,`, `;` or a tab, whichever occurs most often in the header row outside
//   quotes (`,` when none does) — Excel writes `;` in many locales;
// - line ends: CRLF, LF or a lone CR;
// - fields in double quotes may hold separators, line breaks and doubled quotes (`""` → `"`);
//   a quote inside an unquoted field, or text after a closing quote, is an error (with its line
//   and column) instead of a guess;
// - empty lines, and lines whose every field is empty (`,,,` as spreadsheets write them), are skipped;
// - limits against hostile input: records, columns per record and characters per field; a NUL
//   character means "not a text file" (e.g. an .xlsx workbook).
// Line numbers are those of the file as a text editor shows them (1 = the header), the line on
// which a record starts; columns are 1-based field positions.

export type CsvSeparator = ',' | ';' | '\t';

export type CsvRecord = { line: number; fields: string[] };

export type CsvErrorCode =
  | 'ENCODING'
  | 'NOT_TEXT'
  | 'EMPTY'
  | 'UNTERMINATED_QUOTE'
  | 'TEXT_AFTER_QUOTE'
  | 'QUOTE_IN_FIELD'
  | 'TOO_MANY_RECORDS'
  | 'TOO_MANY_COLUMNS'
  | 'FIELD_TOO_LONG';

export type CsvError = { code: CsvErrorCode; line: number; column: number | null; limit?: number };

export type CsvLimits = { maxRecords: number; maxColumns: number; maxFieldLength: number };

export const DEFAULT_CSV_LIMITS: CsvLimits = { maxRecords: 20_000, maxColumns: 100, maxFieldLength: 10_000 };

export type CsvParseResult =
  { ok: true; separator: CsvSeparator; header: CsvRecord; records: CsvRecord[] } | { ok: false; error: CsvError };

/** Bytes of an uploaded file to text: UTF-8 (BOM optional) or UTF-16 with a BOM; null when neither. */
export function decodeCsvBytes(bytes: Uint8Array): string | null {
  try {
    if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
      return new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
    if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff)
      return new TextDecoder('utf-16be', { fatal: true }).decode(bytes.subarray(2));
    // The UTF-8 decoder drops a leading byte-order mark itself (ignoreBOM: false).
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

const SEPARATORS: readonly CsvSeparator[] = [',', ';', '\t'];

/** The separator used in the first record: the most frequent of `,` `;` tab outside quotes. */
export function detectSeparator(text: string): CsvSeparator {
  const counts = new Map<CsvSeparator, number>(SEPARATORS.map((s) => [s, 0]));
  let inQuotes = false;
  let seenText = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === '"') {
      inQuotes = !inQuotes;
      seenText = true;
    } else if (!inQuotes && (ch === '\n' || ch === '\r')) {
      // The header ends here, unless only empty lines came so far.
      if (seenText) break;
    } else if (!inQuotes && (ch === ',' || ch === ';' || ch === '\t')) {
      counts.set(ch, (counts.get(ch) ?? 0) + 1);
      seenText = true;
    } else if (ch !== ' ') seenText = true;
  }
  let best: CsvSeparator = ',';
  for (const separator of SEPARATORS) if ((counts.get(separator) ?? 0) > (counts.get(best) ?? 0)) best = separator;
  return best;
}

function isBlank(fields: readonly string[]): boolean {
  return fields.every((field) => field.trim() === '');
}

/**
 * Parses CSV text into a header and data records. `limits.maxRecords` counts data records (not
 * the header, not skipped blank lines).
 */
export function parseCsv(input: string, limits: CsvLimits = DEFAULT_CSV_LIMITS): CsvParseResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const nul = text.indexOf('\u0000');
  if (nul >= 0) return { ok: false, error: { code: 'NOT_TEXT', line: lineOf(text, nul), column: null } };
  const separator = detectSeparator(text);
  const records: CsvRecord[] = [];
  let header: CsvRecord | null = null;

  let line = 1; // physical line of the current position
  let recordLine = 1; // line where the current record started
  let fields: string[] = [];
  let i = 0;
  const n = text.length;

  const fail = (code: CsvErrorCode, column: number | null, at = line, limit?: number): CsvParseResult => ({
    ok: false,
    error: limit === undefined ? { code, line: at, column } : { code, line: at, column, limit },
  });

  const endRecord = (): CsvParseResult | null => {
    if (!isBlank(fields)) {
      if (header === null) header = { line: recordLine, fields };
      else {
        if (records.length >= limits.maxRecords) return fail('TOO_MANY_RECORDS', null, recordLine, limits.maxRecords);
        records.push({ line: recordLine, fields });
      }
    }
    fields = [];
    return null;
  };

  while (i <= n) {
    // At the start of a field.
    const column = fields.length + 1;
    if (column > limits.maxColumns) return fail('TOO_MANY_COLUMNS', column, recordLine, limits.maxColumns);
    let value: string;
    if (i < n && text[i] === '"') {
      const startLine = line;
      const parts: string[] = [];
      let length = 0;
      i += 1;
      let segment = i;
      for (;;) {
        if (i >= n) return fail('UNTERMINATED_QUOTE', column, startLine);
        const ch = text[i];
        if (ch === '"') {
          if (text[i + 1] === '"') {
            parts.push(text.slice(segment, i + 1));
            length += i + 1 - segment;
            i += 2;
            segment = i;
            continue;
          }
          parts.push(text.slice(segment, i));
          length += i - segment;
          i += 1;
          break;
        }
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line += 1;
        i += 1;
        if (length + (i - segment) > limits.maxFieldLength) return fail('FIELD_TOO_LONG', column, startLine, limits.maxFieldLength);
      }
      value = parts.join('');
      if (value.length > limits.maxFieldLength) return fail('FIELD_TOO_LONG', column, startLine, limits.maxFieldLength);
      if (i < n && text[i] !== separator && text[i] !== '\n' && text[i] !== '\r') return fail('TEXT_AFTER_QUOTE', column);
    } else {
      const start = i;
      while (i < n && text[i] !== separator && text[i] !== '\n' && text[i] !== '\r') {
        if (text[i] === '"') return fail('QUOTE_IN_FIELD', column);
        i += 1;
      }
      if (i - start > limits.maxFieldLength) return fail('FIELD_TOO_LONG', column, line, limits.maxFieldLength);
      value = text.slice(start, i);
    }
    fields.push(value);
    // After a field: a separator, a line end, or the end of the text.
    if (i >= n) {
      const failed = endRecord();
      if (failed) return failed;
      break;
    }
    if (text[i] === separator) {
      i += 1;
      continue;
    }
    // A line end: CRLF, LF or CR.
    i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
    line += 1;
    const failed = endRecord();
    if (failed) return failed;
    recordLine = line;
    if (i >= n) break;
  }

  if (header === null) return fail('EMPTY', null, 1);
  return { ok: true, separator, header, records };
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i += 1) {
    if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) line += 1;
  }
  return line;
}
