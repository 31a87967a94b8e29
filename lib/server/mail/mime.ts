import 'server-only';
import { domainToASCII } from 'node:url';
import mimeFuncs from 'nodemailer/lib/mime-funcs';

// The RFC 5322 / MIME form of one notice e-mail, written directly: a multipart/alternative of a
// text/plain and a text/html part, UTF-8, each part quoted-printable (mostly ASCII text) or
// base64 (mostly other scripts, e.g. zh-TW), every line CRLF-terminated and at most 76
// characters (headers fold at white space; an unbreakable token may run longer, within RFC 5322's
// 998). Headers follow nodemailer's rules (quoting of names, punycode domains, Q or B words,
// folding with its foldLines); the encoders themselves are this file's.
// One fixed message shape, composed without nodemailer's general MIME tree: the worker builds
// one message per recipient, and the tree cost more CPU than everything else the worker does per
// message (docs/decisions/0013-composing-notice-mail.md).

export type Address = { name: string; address: string };

export type MimeMessage = {
  from: Address;
  to: Address;
  replyTo: string | null;
  subject: string;
  messageId: string;
  date: Date;
  /** Content-Language. */
  language: string;
  text: string;
  /** The complete HTML document. */
  html: string;
  /** The message this one follows up (RFC 5322 §3.6.4): In-Reply-To and References. None: a message of its own. */
  thread?: MessageThread | null;
};

/** Message-IDs with their angle brackets: the one replied to, and the thread's ids from its first message on. */
export type MessageThread = { inReplyTo: string; references: readonly string[] };

const CRLF = '\r\n';
const LINE = 76;

// ---------------------------------------------------------------------------------------------
// Bodies

const HEX = '0123456789ABCDEF';
/** Each byte as it stands in quoted-printable: itself when printable ASCII other than '=', else =XX. */
const QP_TOKEN: string[] = Array.from({ length: 256 }, (_, byte) =>
  (byte >= 33 && byte <= 126 && byte !== 61) || byte === 32 || byte === 9
    ? String.fromCharCode(byte)
    : `=${HEX[byte >> 4]}${HEX[byte & 15]}`,
);

/** One line of text (no line break inside) as quoted-printable lines with soft breaks. */
function quotedPrintableLine(line: string, out: string[]): void {
  const bytes = Buffer.from(line, 'utf8');
  const last = bytes.length - 1;
  let current = '';
  for (let i = 0; i <= last; i += 1) {
    const byte = bytes[i]!;
    // White space at the end of a line would be lost in transport: encoded there.
    const token = i === last && (byte === 32 || byte === 9) ? `=${HEX[byte >> 4]}${HEX[byte & 15]}` : QP_TOKEN[byte]!;
    // A soft break ("=") ends the line: at most LINE - 1 characters before it.
    if (current.length + token.length > LINE - 1) {
      out.push(`${current}=`);
      current = '';
    }
    current += token;
  }
  out.push(current);
}

/** Text as quoted-printable (RFC 2045 §6.7): line breaks become CRLF, lines at most 76 characters. */
export function encodeQuotedPrintable(text: string): string {
  const out: string[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) quotedPrintableLine(line, out);
  return out.join(CRLF);
}

/** Text as base64 in lines of 76 characters, its line breaks made CRLF first. */
export function encodeBase64(text: string): string {
  const encoded = Buffer.from(text.replace(/\r\n|\r|\n/g, CRLF), 'utf8').toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < encoded.length; i += LINE) lines.push(encoded.slice(i, i + LINE));
  return lines.join(CRLF);
}

/** Quoted-printable when it is the shorter form (mostly ASCII), else base64. */
export function bodyEncoding(text: string): 'quoted-printable' | 'base64' {
  let ascii = 0;
  let other = 0;
  for (let i = 0; i < text.length; i += 1) {
    if (text.charCodeAt(i) < 128) ascii += 1;
    else other += 1;
  }
  // Quoted-printable spends 3 characters per non-ASCII byte (2–3 bytes a character), base64 4 per 3 bytes.
  return other * 5 < ascii ? 'quoted-printable' : 'base64';
}

function encodeBody(text: string): { encoding: 'quoted-printable' | 'base64'; body: string } {
  const encoding = bodyEncoding(text);
  return { encoding, body: encoding === 'base64' ? encodeBase64(text) : encodeQuotedPrintable(text) };
}

// ---------------------------------------------------------------------------------------------
// Headers

/** Header text on one line: line breaks and other control characters become spaces (no header injection). */
function oneLine(value: string): string {
  return value.replace(/[\x00-\x1f\x7f]+/g, ' ').trim();
}

/** Q when there are more Latin letters than other characters (shorter), else B: nodemailer's rule. */
function wordEncoding(value: string): 'Q' | 'B' {
  const other = (value.match(/[\x00-\x08\x0B\x0C\x0E-\x1F\u0080-\uFFFF]/g) ?? []).length;
  const latin = (value.match(/[a-z]/gi) ?? []).length;
  return other < latin ? 'Q' : 'B';
}

/** Characters a Q-encoded word may carry as themselves in any header (RFC 2047 §5 (3)). */
const Q_SAFE = /^[A-Za-z0-9!*+\-/]$/;
const WORD_PAYLOAD = 75 - '=?UTF-8?Q??='.length;

/**
 * The whole value as RFC 2047 encoded words (UTF-8), each at most 75 characters, split between
 * characters only: a character is never cut in two, whatever its UTF-8 length or whether it is
 * a surrogate pair in JavaScript. (nodemailer's own splitter cuts astral characters, such as
 * emoji, when a B word is split: the name arrives with replacement characters.)
 */
export function encodeWordsUtf8(value: string): string {
  const encoding = wordEncoding(value);
  const words: string[] = [];
  let payload = '';
  let bytes: number[] = [];
  const flush = () => {
    if (encoding === 'B' ? bytes.length === 0 : payload === '') return;
    words.push(`=?UTF-8?${encoding}?${encoding === 'B' ? Buffer.from(bytes).toString('base64') : payload}?=`);
    payload = '';
    bytes = [];
  };
  for (const char of value) {
    const utf8 = Buffer.from(char, 'utf8');
    if (encoding === 'B') {
      // 4 base64 characters per 3 bytes, rounded up.
      if (Math.ceil((bytes.length + utf8.length) / 3) * 4 > WORD_PAYLOAD) flush();
      bytes.push(...utf8);
    } else {
      const piece = char === ' ' ? '_' : Q_SAFE.test(char) ? char : [...utf8].map((byte) => `=${HEX[byte >> 4]}${HEX[byte & 15]}`).join('');
      if (payload.length + piece.length > WORD_PAYLOAD) flush();
      payload += piece;
    }
  }
  flush();
  return words.join(' ');
}

/** An unstructured header value (Subject): ASCII as is, anything else in RFC 2047 encoded words. */
export function encodeUnstructured(value: string): string {
  const text = oneLine(value);
  return /^[\x20-\x7e]*$/.test(text) ? text : encodeWordsUtf8(text);
}

/** An address as nodemailer writes it: the domain in punycode, a local part with spaces quoted. */
function normalizeAddress(value: string): string {
  const address = value.replace(/[\x00-\x1F<>]+/g, ' ').trim();
  const at = address.lastIndexOf('@');
  if (at < 0) return address;
  let user = address.slice(0, at);
  let domain = address.slice(at + 1);
  // An internationalised domain in punycode ('jõgeva.ee' → 'xn--jgeva-dua.ee'); one that is not a domain stays as it is.
  domain = domain.toLowerCase();

  if (!/^[\x00-\x7f]*$/.test(domain)) domain = domainToASCII(domain) || domain;
  if (user.includes(' ')) user = `"${user.replace(/^"|"$/g, '')}"`;
  return `${user}@${domain}`;
}

/** A display name: as is when it is words, quoted when it has other ASCII, encoded words otherwise. */
function encodeName(name: string): string {
  if (/^[\w ]*$/.test(name)) return name;
  if (/^[\x20-\x7e]*$/.test(name)) return `"${name.replace(/([\\"])/g, '\\$1')}"`;
  return encodeWordsUtf8(name);
}

export function formatAddress(address: Address): string {
  const name = oneLine(address.name);
  const email = normalizeAddress(address.address);
  return name ? `${encodeName(name)} <${email}>` : email;
}

/** "Sun, 06 Dec 2026 04:40:09 +0000". */
export function formatDate(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

function header(name: string, value: string): string {
  return mimeFuncs.foldLines(`${name}: ${value}`, LINE);
}

/**
 * A boundary that cannot occur in a quoted-printable or base64 body ("=_" never does there),
 * stable per message: made of the Message-ID's letters and digits (unique per delivery).
 */
export function boundaryFor(messageId: string): string {
  return `=_notice_${messageId.replace(/[^A-Za-z0-9]/g, '').slice(0, 56)}`;
}

// ---------------------------------------------------------------------------------------------

/** A Message-ID as a header carries it: one line, in angle brackets. */
function messageIdValue(value: string): string {
  const id = oneLine(value);
  return id.startsWith('<') ? id : `<${id}>`;
}

function threadHeaders(thread: MessageThread | null | undefined): string[] {
  if (!thread) return [];
  const references = thread.references.map(messageIdValue).filter((id) => id !== '<>');
  return [
    header('In-Reply-To', messageIdValue(thread.inReplyTo)),
    ...(references.length > 0 ? [header('References', references.join(' '))] : []),
  ];
}

/** The message's bytes (CRLF line ends; 7-bit unless an address's local part is not ASCII). */
export function buildMimeMessage(message: MimeMessage): Buffer {
  const boundary = boundaryFor(message.messageId);
  const headers = [
    header('From', formatAddress(message.from)),
    header('To', formatAddress(message.to)),
    ...(message.replyTo ? [header('Reply-To', formatAddress({ name: '', address: message.replyTo }))] : []),
    header('Subject', encodeUnstructured(message.subject)),
    header('Message-ID', messageIdValue(message.messageId)),
    ...threadHeaders(message.thread),
    header('Date', formatDate(message.date)),
    'MIME-Version: 1.0',
    header('Content-Language', oneLine(message.language)),
    // RFC 3834: an automatic message; auto-responders must not answer it.
    'Auto-Submitted: auto-generated',
    `Content-Type: multipart/alternative;${CRLF} boundary="${boundary}"`,
  ];
  const part = (type: string, content: string) => {
    const { encoding, body } = encodeBody(content);
    return `--${boundary}${CRLF}Content-Type: ${type}; charset=utf-8${CRLF}Content-Transfer-Encoding: ${encoding}${CRLF}${CRLF}${body}${CRLF}`;
  };
  const raw =
    headers.join(CRLF) + CRLF + CRLF + part('text/plain', message.text) + part('text/html', message.html) + `--${boundary}--${CRLF}`;
  // ASCII throughout, but for an address's local part in another script (SMTPUTF8), kept as UTF-8.
  return Buffer.from(raw, 'utf8');
}
