import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attachmentDisposition,
  CSV_BOM,
  CSV_CONTENT_TYPE,
  csvCell,
  csvFileName,
  csvRow,
  csvRows,
  isoDay,
  neutralizeFormula,
  quoteCsvField,
} from '@/lib/domain/csv';

/** A strict RFC 4180 reader, written here so that the writer is checked against the standard, not itself. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i += 1;
        if (i < text.length && text[i] !== ',' && text[i] !== '\r') throw new Error(`text after a closing quote at ${i}`);
      } else {
        cell += c;
        i += 1;
      }
    } else if (c === '"') {
      if (cell !== '') throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
      i += 1;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
      i += 1;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 2;
    } else if (c === '\r' || c === '\n') {
      throw new Error(`bare line break in an unquoted field at ${i}`);
    } else {
      cell += c;
      i += 1;
    }
  }
  if (quoted) throw new Error('unterminated quote');
  if (cell !== '' || row.length > 0) throw new Error('the last record is not terminated by CRLF');
  return rows;
}

const TRIGGERS = ['=', '+', '-', '@', '\t', '\r'];

describe('neutralizeFormula', () => {
  it.each([
    ['=1+2', "'=1+2"],
    ['=HYPERLINK("http://evil.example","Click")', `'=HYPERLINK("http://evil.example","Click")`],
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ['+1', "'+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['＝1+1', "'＝1+1"],
    ['＋1', "'＋1"],
    ['－1', "'－1"],
    ['＠x', "'＠x"],
  ])('prefixes %j with an apostrophe', (input, expected) => {
    expect(neutralizeFormula(input)).toBe(expected);
  });

  it.each([
    'Adatum Corporation',
    'adatum.example',
    '',
    ' =1 starts with a space',
    "'already quoted",
    '1-2',
    'a=b',
    '台灣公司',
    'x@y.example',
  ])('leaves %j as it is', (input) => {
    expect(neutralizeFormula(input)).toBe(input);
  });
});

describe('quoteCsvField', () => {
  it('quotes a field with a comma, a double quote, CR or LF, doubling the quotes', () => {
    expect(quoteCsvField('a,b')).toBe('"a,b"');
    expect(quoteCsvField('say "hi"')).toBe('"say ""hi"""');
    expect(quoteCsvField('line1\nline2')).toBe('"line1\nline2"');
    expect(quoteCsvField('line1\r\nline2')).toBe('"line1\r\nline2"');
    expect(quoteCsvField('"')).toBe('""""');
  });

  it('leaves a plain field unquoted', () => {
    expect(quoteCsvField('Litware, Inc'.replace(',', ''))).toBe('Litware Inc');
    expect(quoteCsvField('')).toBe('');
    expect(quoteCsvField('陳怡君')).toBe('陳怡君');
  });
});

describe('csvCell and csvRow', () => {
  it('neutralises, then quotes', () => {
    expect(csvCell('=1,2')).toBe(`"'=1,2"`);
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-"a"')).toBe(`"'-""a"""`);
  });

  it('writes empty cells for null and undefined, numbers and booleans as they are', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(2.5)).toBe('2.5');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(false)).toBe('false');
  });

  it('ends every record with CRLF', () => {
    expect(csvRow(['a', 'b'])).toBe('a,b\r\n');
    expect(csvRow([])).toBe('\r\n');
    expect(csvRows([['a'], ['b', 'c']])).toBe('a\r\nb,c\r\n');
  });

  it('round-trips hostile values through an RFC 4180 reader, neutralised', () => {
    const hostile = [
      '=1+1',
      '"quoted", with comma',
      'multi\nline',
      'carriage\rreturn',
      '\r\n',
      '@import',
      '-10',
      '+sign',
      '\t=tab',
      'Contoso, Ltd.',
      '',
      '""',
      '台灣 "引號", 逗號',
    ];
    const [parsed] = parseCsv(csvRow(hostile));
    expect(parsed).toEqual(hostile.map(neutralizeFormula));
  });

  it('property: any text row reads back as the neutralised values, and no cell can start a formula', () => {
    const text = fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', ',', 'a', ' ', '台', "'", '＝') });
    fc.assert(
      fc.property(fc.array(fc.oneof(text, fc.string()), { minLength: 1, maxLength: 8 }), (values) => {
        const rows = parseCsv(csvRow(values));
        expect(rows).toHaveLength(1);
        expect(rows[0]).toEqual(values.map(neutralizeFormula));
        for (const cell of rows[0]!) expect(TRIGGERS.includes(cell.charAt(0))).toBe(false);
      }),
    );
  });

  it('property: several rows read back as several records', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string(), { minLength: 1, maxLength: 4 }), { maxLength: 6 }), (rows) => {
        expect(parseCsv(csvRows(rows))).toEqual(rows.map((row) => row.map(neutralizeFormula)));
      }),
    );
  });
});

describe('file details', () => {
  it('uses a UTF-8 byte-order mark and the CSV content type', () => {
    expect(new TextEncoder().encode(CSV_BOM)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
    expect(CSV_CONTENT_TYPE).toBe('text/csv; charset=utf-8');
  });

  it('names the file after the day in the viewer’s time zone', () => {
    const instant = new Date('2026-11-23T20:30:00Z');
    expect(isoDay(instant, 'UTC')).toBe('2026-11-23');
    expect(isoDay(instant, 'Asia/Taipei')).toBe('2026-11-24');
    expect(isoDay(instant, 'America/New_York')).toBe('2026-11-23');
    expect(isoDay(instant, 'Not/AZone')).toBe('2026-11-23');
    expect(csvFileName('customers', instant, 'Asia/Taipei')).toBe('customers-2026-11-24.csv');
    expect(csvFileName('../evil"name', instant)).toBe('evilname-2026-11-23.csv');
  });

  it('writes an attachment header with a safe ASCII name', () => {
    expect(attachmentDisposition('customers-2026-11-24.csv')).toBe('attachment; filename="customers-2026-11-24.csv"');
    expect(attachmentDisposition('a"b\\c\r\n客戶.csv')).toBe('attachment; filename="a_b_c____.csv"');
  });
});
