import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCsvBytes, detectSeparator, parseCsv, type CsvParseResult } from '@/lib/domain/csv-parse';

function ok(result: CsvParseResult) {
  if (!result.ok) throw new Error(`expected a parse, got ${JSON.stringify(result.error)}`);
  return result;
}
const rows = (result: CsvParseResult) => ok(result).records.map((r) => r.fields);
const lines = (result: CsvParseResult) => ok(result).records.map((r) => r.line);

describe('parseCsv', () => {
  it('reads a header and rows, with the line each row starts on', () => {
    const result = ok(parseCsv('a,b,c\n1,2,3\n4,5,6\n'));
    expect(result.header).toEqual({ line: 1, fields: ['a', 'b', 'c'] });
    expect(rows(result)).toEqual([
      ['1', '2', '3'],
      ['4', '5', '6'],
    ]);
    expect(lines(result)).toEqual([2, 3]);
    expect(result.separator).toBe(',');
  });

  it('accepts CRLF, LF and lone CR line ends, and a last line without one', () => {
    expect(rows(parseCsv('h1,h2\r\n1,2\r\n3,4'))).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(rows(parseCsv('h1,h2\r1,2\r3,4\r'))).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(lines(parseCsv('h\r\nx\ry\nz'))).toEqual([2, 3, 4]);
  });

  it('handles quoted fields: separators, doubled quotes, empty quotes', () => {
    expect(rows(parseCsv('name,note\n"Woodgrove Bank, Ltd.","He said ""hi"""\n"",x\n'))).toEqual([
      ['Woodgrove Bank, Ltd.', 'He said "hi"'],
      ['', 'x'],
    ]);
  });

  it('keeps line breaks inside quotes and counts lines as an editor does', () => {
    const result = ok(parseCsv('a,b\n"line one\nline two",x\n"three\r\nfour",y\nlast,z\n'));
    expect(rows(result)).toEqual([
      ['line one\nline two', 'x'],
      ['three\r\nfour', 'y'],
      ['last', 'z'],
    ]);
    // The second row starts on line 4 (the first took lines 2 and 3), the third on line 6.
    expect(lines(result)).toEqual([2, 4, 6]);
  });

  it('removes a byte-order mark', () => {
    expect(ok(parseCsv('\uFEFFMicrosoft ID,Name\n1,2')).header.fields).toEqual(['Microsoft ID', 'Name']);
  });

  it('skips empty lines and lines of empty fields, keeping the line numbers of the file', () => {
    const result = ok(parseCsv('\n\na,b\n\n1,2\n,\n ,  \n3,4\n\n'));
    expect(result.header).toEqual({ line: 3, fields: ['a', 'b'] });
    expect(rows(result)).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(lines(result)).toEqual([5, 8]);
  });

  it('keeps empty fields at the ends of a row', () => {
    expect(rows(parseCsv('a,b,c\n,2,\n'))).toEqual([['', '2', '']]);
    expect(rows(parseCsv('a,b\n1,'))).toEqual([['1', '']]);
  });

  it('detects ; and tab separators from the header, outside quotes', () => {
    expect(ok(parseCsv('a;b;c\n1;2,5;3')).separator).toBe(';');
    expect(rows(parseCsv('a;b;c\n1;2,5;3'))).toEqual([['1', '2,5', '3']]);
    expect(rows(parseCsv('a\tb\n1\t2'))).toEqual([['1', '2']]);
    expect(detectSeparator('"a;b;c",d\n1,2')).toBe(',');
    expect(detectSeparator('\n\nx;y\n')).toBe(';');
    expect(detectSeparator('single')).toBe(',');
  });

  it('refuses an unterminated quote, naming the line where the value starts', () => {
    expect(parseCsv('a,b\n1,2\n3,"never closed\nmore\n')).toEqual({ ok: false, error: { code: 'UNTERMINATED_QUOTE', line: 3, column: 2 } });
  });

  it('refuses text after a closing quote and a quote inside an unquoted field, with line and column', () => {
    expect(parseCsv('a,b\n1,"x"y\n')).toEqual({ ok: false, error: { code: 'TEXT_AFTER_QUOTE', line: 2, column: 2 } });
    expect(parseCsv('a,b,c\n1,2,3\n4,5 "inch",6\n')).toEqual({ ok: false, error: { code: 'QUOTE_IN_FIELD', line: 3, column: 2 } });
  });

  it('refuses an empty file and a file of blank lines', () => {
    expect(parseCsv('')).toEqual({ ok: false, error: { code: 'EMPTY', line: 1, column: null } });
    expect(parseCsv('\r\n\n  \n')).toMatchObject({ ok: false, error: { code: 'EMPTY' } });
    expect(parseCsv('\uFEFF')).toMatchObject({ ok: false, error: { code: 'EMPTY' } });
  });

  it('a header alone is a file without rows', () => {
    const result = ok(parseCsv('a,b\n'));
    expect(result.records).toEqual([]);
  });

  it('refuses binary data (NUL), e.g. an Excel workbook', () => {
    expect(parseCsv('PK\u0003\u0004\u0000\u0000rest')).toMatchObject({ ok: false, error: { code: 'NOT_TEXT', line: 1 } });
    expect(parseCsv('a,b\n1,2\n\u0000')).toMatchObject({ ok: false, error: { code: 'NOT_TEXT', line: 3 } });
  });

  it('enforces its limits: rows, columns, field length', () => {
    const limits = { maxRecords: 2, maxColumns: 3, maxFieldLength: 5 };
    expect(parseCsv('a\n1\n2\n', limits).ok).toBe(true);
    expect(parseCsv('a\n1\n2\n3\n', limits)).toEqual({ ok: false, error: { code: 'TOO_MANY_RECORDS', line: 4, column: null, limit: 2 } });
    expect(parseCsv('a,b,c,d\n', limits)).toEqual({ ok: false, error: { code: 'TOO_MANY_COLUMNS', line: 1, column: 4, limit: 3 } });
    expect(parseCsv('a\n123456\n', limits)).toEqual({ ok: false, error: { code: 'FIELD_TOO_LONG', line: 2, column: 1, limit: 5 } });
    expect(parseCsv('a\n"12345"\n', limits).ok).toBe(true);
    expect(parseCsv('a\n"12""345"\n', limits)).toMatchObject({ ok: false, error: { code: 'FIELD_TOO_LONG' } });
    // Blank lines do not count against the row limit.
    expect(parseCsv('a\n1\n\n\n\n2\n', limits).ok).toBe(true);
  });

  it('survives hostile input quickly: a huge quoted field, thousands of separators, deep quote runs', () => {
    const started = Date.now();
    expect(parseCsv(`a\n"${'x'.repeat(2_000_000)}"`)).toMatchObject({ ok: false, error: { code: 'FIELD_TOO_LONG' } });
    expect(parseCsv(`a\n${','.repeat(100_000)}`)).toMatchObject({ ok: false, error: { code: 'TOO_MANY_COLUMNS' } });
    expect(parseCsv(`a\n"${'""'.repeat(100_000)}`)).toMatchObject({ ok: false, error: { code: 'UNTERMINATED_QUOTE' } });
    expect(parseCsv('\n'.repeat(1_000_000))).toMatchObject({ ok: false, error: { code: 'EMPTY' } });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('reads 20,000 rows', () => {
    const text = ['id,name', ...Array.from({ length: 20_000 }, (_, i) => `${i},"Company ${i}, Inc."`)].join('\r\n');
    const result = ok(parseCsv(text));
    expect(result.records).toHaveLength(20_000);
    expect(result.records[19_999]).toEqual({ line: 20_001, fields: ['19999', 'Company 19999, Inc.'] });
  });

  it('round-trips any table written the RFC 4180 way (property)', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'Z', '1', ' ', ',', ';', '"', '\n', '\r\n', '中', 'é'), maxLength: 12 });
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 5 })
          .chain((width) =>
            fc.tuple(fc.constant(width), fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 })),
          ),
        ([width, table]) => {
          const header = Array.from({ length: width }, (_, i) => `h${i}`);
          const quote = (value: string) => `"${value.replaceAll('"', '""')}"`;
          const text = [header, ...table].map((row) => row.map(quote).join(',')).join('\r\n');
          const result = parseCsv(text);
          expect(result.ok).toBe(true);
          if (!result.ok) return;
          const expected = table.filter((row) => row.some((value) => value.trim() !== ''));
          expect(result.records.map((r) => r.fields)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws, whatever the input (fuzz)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', ',', ';', '\t', '"', '\n', '\r', ' ', '\uFEFF', '\u0000'), maxLength: 60 }),
        (text) => {
          const result = parseCsv(text, { maxRecords: 5, maxColumns: 6, maxFieldLength: 10 });
          if (result.ok) {
            expect(result.records.length).toBeLessThanOrEqual(5);
            for (const record of [result.header, ...result.records]) {
              expect(record.fields.length).toBeLessThanOrEqual(6);
              expect(record.line).toBeGreaterThanOrEqual(1);
            }
          } else {
            expect(result.error.line).toBeGreaterThanOrEqual(1);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('decodeCsvBytes', () => {
  it('reads UTF-8 with and without a BOM', () => {
    const text = 'Company name\n林美玲';
    expect(decodeCsvBytes(new TextEncoder().encode(text))).toBe(text);
    expect(decodeCsvBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]))).toBe(text);
  });

  it('reads UTF-16 little and big endian with a BOM (Excel “Unicode text”)', () => {
    const text = 'a,b\n中,é';
    const le = new Uint8Array(2 + text.length * 2);
    const be = new Uint8Array(2 + text.length * 2);
    le.set([0xff, 0xfe]);
    be.set([0xfe, 0xff]);
    for (let i = 0; i < text.length; i += 1) {
      const code = text.charCodeAt(i);
      le[2 + i * 2] = code & 0xff;
      le[3 + i * 2] = code >> 8;
      be[2 + i * 2] = code >> 8;
      be[3 + i * 2] = code & 0xff;
    }
    expect(decodeCsvBytes(le)).toBe(text);
    expect(decodeCsvBytes(be)).toBe(text);
  });

  it('refuses bytes that are not UTF-8 (e.g. Big5 or Latin-1)', () => {
    expect(decodeCsvBytes(new Uint8Array([0x61, 0x2c, 0xa4, 0xa4]))).toBeNull();
    expect(decodeCsvBytes(new Uint8Array([0x63, 0x61, 0x66, 0xe9]))).toBeNull();
  });
});
