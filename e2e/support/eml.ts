// Reads the .eml files the portal writes (DATA_DIR/mail/<Message-ID>.eml) back into subject,
// plain text and HTML, so a test can compare a delivered message with what the preview showed.
// Enough MIME for what the portal writes (nodemailer: one multipart/alternative of a text/plain
// and a text/html part, quoted-printable or base64, UTF-8, RFC 2047 encoded headers); anything
// else is an error rather than a guess.

export type ParsedMessage = { headers: Map<string, string>; subject: string; text: string; html: string };

function splitHead(raw: string): { head: string; body: string } {
  const index = raw.indexOf('\r\n\r\n') >= 0 ? raw.indexOf('\r\n\r\n') : raw.indexOf('\n\n');
  if (index < 0) throw new Error('not a MIME message: no blank line after the headers');
  const gap = raw.startsWith('\r\n\r\n', index) ? 4 : 2;
  return { head: raw.slice(0, index), body: raw.slice(index + gap) };
}

function parseHeaders(head: string): Map<string, string> {
  const headers = new Map<string, string>();
  // Unfold: a line starting with white space continues the previous one.
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function decodeQuotedPrintable(text: string): Buffer {
  const soft = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i += 1) {
    const char = soft[i]!;
    if (char === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(char, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= / =?UTF-8?B?…?=); the white space between two of them is dropped. */
export function decodeHeader(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[QqBb]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, charset: string, encoding: string, data: string) => {
      if (!/^utf-8$/i.test(charset)) throw new Error(`unexpected header charset ${charset}`);
      const bytes = encoding.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : decodeQuotedPrintable(data.replace(/_/g, ' '));
      return bytes.toString('utf8');
    });
}

function decodePart(headers: Map<string, string>, body: string): string {
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const charset = /charset="?([^";]+)"?/i.exec(headers.get('content-type') ?? '')?.[1] ?? 'utf-8';
  if (!/^utf-8$/i.test(charset)) throw new Error(`unexpected charset ${charset}`);
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body).toString('utf8');
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === '7bit' || encoding === '8bit') return body;
  throw new Error(`unexpected transfer encoding ${encoding}`);
}

export function parseEml(raw: string): ParsedMessage {
  const { head, body } = splitHead(raw);
  const headers = parseHeaders(head);
  const type = headers.get('content-type') ?? '';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!/^multipart\/alternative/i.test(type) || !boundary) throw new Error(`expected multipart/alternative, got "${type}"`);
  const parts = body
    .split(`--${boundary}`)
    .slice(1)
    .filter((part) => !part.startsWith('--'))
    .map((part) => {
      const section = splitHead(part.replace(/^\r?\n/, ''));
      // The line break before the next boundary belongs to the boundary.
      return { headers: parseHeaders(section.head), body: section.body.replace(/\r?\n$/, '') };
    });
  const find = (mime: string) => {
    const part = parts.find((p) => (p.headers.get('content-type') ?? '').toLowerCase().startsWith(mime));
    if (!part) throw new Error(`no ${mime} part`);
    return decodePart(part.headers, part.body);
  };
  return { headers, subject: decodeHeader(headers.get('subject') ?? ''), text: find('text/plain'), html: find('text/html') };
}

/** What is inside the HTML part's <body>. */
export function htmlBody(html: string): string {
  const match = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html);
  if (!match) throw new Error('the HTML part has no <body>');
  return match[1]!;
}
