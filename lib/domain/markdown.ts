// Markdown → safe HTML and a plain-text part: the one renderer of notice bodies, for the
// composer's preview and for the e-mail alike (so the preview is exactly what is sent).
//
// `marked` only parses (its lexer turns the source into tokens); the HTML is written here, token
// by token, from an allowlist: the elements of ALLOWED_TAGS with the attributes of
// ALLOWED_ATTRIBUTES and nothing else, whatever the source says. So:
// - raw HTML in the source (blocks and inline tags alike: <script>, <iframe>, <style>, <svg>,
//   <img onerror>, <a href="data:…">…) is never interpreted: it is shown as the literal text the
//   author typed, escaped, in the preview and the e-mail alike;
// - a link keeps its href only when it is an absolute http:, https: or mailto: URL (after
//   character references are resolved and the characters browsers ignore are removed, so that
//   `JaVaScRiPt:`, `&#106;avascript:` or `java\tscript:` cannot slip through); otherwise only its
//   text remains. Every link gets rel="noopener noreferrer";
// - images are replaced by their alt text: a remote image in an e-mail tells its sender when and
//   where the message was opened;
// - no class, style, id or event-handler attribute is ever written.
// Pure: no I/O, never throws.
import { Lexer, getDefaults, type Token, type Tokens } from 'marked';

/**
 * A sensible upper bound for a notice body, for the schemas that accept one: the parser's time
 * grows faster than linearly on some pathological input (20,000 characters of `a_a_…` take about
 * a second), and nobody writes a longer notice.
 */
export const MARKDOWN_MAX_LENGTH = 20_000;

export const ALLOWED_TAGS = [
  'p',
  'br',
  'strong',
  'em',
  'del',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'a',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
] as const;

/** The only attributes written, per element (values: a checked URL, a number, an alignment). */
export const ALLOWED_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  a: ['href', 'rel'],
  ol: ['start'],
  th: ['align'],
  td: ['align'],
};

export const ALLOWED_URL_SCHEMES = ['http:', 'https:', 'mailto:'] as const;

export type RenderedMarkdown = { html: string; text: string };

/**
 * Renders a notice body. `html` is a fragment (no <html>/<body>), `text` the plain-text part:
 * the same content with the markup removed (links as "text (URL)", list items as "- " or "1. ",
 * quotes as "> "). GitHub-flavoured Markdown, with a single line break kept as a line break
 * (people write e-mails that way).
 */
export function renderMarkdown(source: string): RenderedMarkdown {
  const markdown = typeof source === 'string' ? source : '';
  try {
    const tokens = new Lexer({ ...getDefaults(), gfm: true, breaks: true, pedantic: false, silent: false }).lex(markdown);
    return {
      html: htmlBlocks(tokens),
      text: textBlocks(tokens)
        .join('\n\n')
        .replace(/[ \t]+$/gm, ''),
    };
  } catch {
    // Only pathological input gets here (the parser's recursion runs out of stack on thousands
    // of nested lists or quotes): the text is still shown, escaped, as typed.
    const text = markdown
      .replace(/\r\n?/g, '\n')
      .replace(/[ \t]+$/gm, '')
      .trim();
    return { html: text ? `<p>${escapeHtml(text).replace(/\n/g, '<br>\n')}</p>` : '', text };
  }
}

/**
 * The URL a link may point to, or null: absolute http:, https: or mailto: URLs only (http(s)
 * with a host and without credentials — `https://bank.example@evil.example` goes to
 * evil.example, a classic of phishing mail), normalised by the URL parser. Leading and trailing spaces and control
 * characters, and tabs and line breaks inside, are ignored as browsers do; any other control
 * character refuses the URL. Character references must have been resolved by the caller.
 */
export function safeUrl(raw: string): string | null {
  const cleaned = raw.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
  if (cleaned === '' || /[\u0000-\u001F\u007F-\u009F]/.test(cleaned)) return null;
  let url: URL;
  try {
    url = new URL(cleaned);
  } catch {
    return null;
  }
  if (!(ALLOWED_URL_SCHEMES as readonly string[]).includes(url.protocol)) return null;
  if (url.protocol !== 'mailto:' && (url.hostname === '' || url.username !== '' || url.password !== '')) return null;
  return url.href;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

// Named character references resolved in text and link destinations. Unknown names stay as
// typed (and are then shown literally): the complete HTML table is 2,000 names for no use here.
const NAMED_REFERENCES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00A0',
  ensp: '\u2002',
  emsp: '\u2003',
  thinsp: '\u2009',
  shy: '\u00AD',
  copy: '©',
  reg: '®',
  trade: '™',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  sbquo: '‚',
  ldquo: '“',
  rdquo: '”',
  bdquo: '„',
  laquo: '«',
  raquo: '»',
  lsaquo: '‹',
  rsaquo: '›',
  bull: '•',
  middot: '·',
  deg: '°',
  plusmn: '±',
  times: '×',
  divide: '÷',
  micro: 'µ',
  para: '¶',
  sect: '§',
  cent: '¢',
  pound: '£',
  yen: '¥',
  euro: '€',
  curren: '¤',
  iexcl: '¡',
  iquest: '¿',
  frac12: '½',
  frac14: '¼',
  frac34: '¾',
  sup1: '¹',
  sup2: '²',
  sup3: '³',
  larr: '←',
  rarr: '→',
  uarr: '↑',
  darr: '↓',
  harr: '↔',
  check: '✓',
  colon: ':',
  semi: ';',
  comma: ',',
  period: '.',
  excl: '!',
  quest: '?',
  num: '#',
  dollar: '$',
  percnt: '%',
  lpar: '(',
  rpar: ')',
  ast: '*',
  plus: '+',
  sol: '/',
  bsol: '\\',
  equals: '=',
  commat: '@',
  lsqb: '[',
  rsqb: ']',
  lbrack: '[',
  rbrack: ']',
  lcub: '{',
  rcub: '}',
  lbrace: '{',
  rbrace: '}',
  vert: '|',
  verbar: '|',
  grave: '`',
  Hat: '^',
  lowbar: '_',
  tilde: '˜',
  Tab: '\t',
  NewLine: '\n',
};

/** Resolves character references (`&amp;`, `&#106;`, `&#x6A;`) in one pass. */
export function decodeCharacterReferences(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/g, (whole, dec, hex, name) => {
    if (name !== undefined) return NAMED_REFERENCES[name as string] ?? whole;
    const code = dec !== undefined ? Number.parseInt(dec as string, 10) : Number.parseInt(hex as string, 16);
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\uFFFD';
    return String.fromCodePoint(code);
  });
}

// ---------------------------------------------------------------------------------------------
// HTML
// ---------------------------------------------------------------------------------------------

function htmlBlocks(tokens: readonly Token[]): string {
  return tokens
    .map(htmlBlock)
    .filter((part) => part !== '')
    .join('\n');
}

function htmlBlock(token: Token): string {
  const t = token as Token & Record<string, unknown>;
  switch (token.type) {
    case 'space':
    case 'def':
      return '';
    case 'paragraph': {
      const inner = htmlInline((t as Tokens.Paragraph).tokens ?? []);
      return inner.trim() === '' ? '' : `<p>${inner}</p>`;
    }
    case 'text': {
      const text = t as Tokens.Text;
      return text.tokens ? htmlInline(text.tokens) : escapeHtml(decodeCharacterReferences(text.text ?? ''));
    }
    case 'heading': {
      const heading = t as Tokens.Heading;
      const depth = Math.min(6, Math.max(1, Math.trunc(Number(heading.depth)) || 1));
      const inner = htmlInline(heading.tokens ?? []);
      return inner.trim() === '' ? '' : `<h${depth}>${inner}</h${depth}>`;
    }
    case 'code':
      return `<pre><code>${escapeHtml(String((t as Tokens.Code).text ?? ''))}</code></pre>`;
    case 'blockquote':
      return `<blockquote>\n${htmlBlocks((t as Tokens.Blockquote).tokens ?? [])}\n</blockquote>`;
    case 'hr':
      return '<hr>';
    case 'list': {
      const list = t as Tokens.List;
      const start = Number(list.start);
      const open = list.ordered
        ? Number.isInteger(start) && start >= 0 && start !== 1 && start < 1e9
          ? `<ol start="${start}">`
          : '<ol>'
        : '<ul>';
      const items = (list.items ?? []).map((item) => `<li>${htmlListItem(item)}</li>`).join('\n');
      return `${open}\n${items}\n${list.ordered ? '</ol>' : '</ul>'}`;
    }
    case 'table': {
      const table = t as Tokens.Table;
      const head = `<tr>${(table.header ?? []).map((cell) => htmlCell('th', cell)).join('')}</tr>`;
      const rows = (table.rows ?? []).map((row) => `<tr>${row.map((cell) => htmlCell('td', cell)).join('')}</tr>`).join('\n');
      return `<table>\n<thead>\n${head}\n</thead>\n<tbody>\n${rows}\n</tbody>\n</table>`.replace('<tbody>\n\n</tbody>', '<tbody></tbody>');
    }
    case 'html':
      return literalBlock(String(t.text ?? token.raw ?? ''));
    case 'checkbox':
      return checkboxText(t as Tokens.Checkbox);
    default:
      // Anything else a future parser may produce is shown as the text it came from.
      return literalBlock(String(token.raw ?? ''));
  }
}

/** A task item's checkbox becomes "[ ] " or "[x] " in front of the item's first block. */
function htmlListItem(item: Tokens.ListItem): string {
  const parts: string[] = [];
  let prefix = '';
  for (const token of item.tokens ?? []) {
    if (token.type === 'checkbox') {
      prefix += checkboxText(token as Tokens.Checkbox);
      continue;
    }
    const html = htmlBlock(token);
    if (html === '') continue;
    parts.push(prefix === '' ? html : html.startsWith('<p>') ? `<p>${escapeHtml(prefix)}${html.slice(3)}` : escapeHtml(prefix) + html);
    prefix = '';
  }
  if (prefix !== '') parts.push(escapeHtml(prefix.trimEnd()));
  return parts.join('\n');
}

function htmlCell(tag: 'th' | 'td', cell: Tokens.TableCell): string {
  const align = cell.align === 'left' || cell.align === 'center' || cell.align === 'right' ? ` align="${cell.align}"` : '';
  return `<${tag}${align}>${htmlInline(cell.tokens ?? [])}</${tag}>`;
}

function literalBlock(text: string): string {
  const trimmed = text.replace(/^\n+|\n+$/g, '');
  return trimmed === '' ? '' : `<p>${escapeHtml(trimmed).replace(/\n/g, '<br>\n')}</p>`;
}

/** `literal`: inside an autolink, whose text is the URL as typed (no references resolved). */
function htmlInline(tokens: readonly Token[], literal = false): string {
  return tokens.map((token) => htmlSpan(token, literal)).join('');
}

function htmlSpan(token: Token, literal: boolean): string {
  const t = token as Token & Record<string, unknown>;
  switch (token.type) {
    case 'text': {
      const text = t as Tokens.Text;
      if (text.tokens) return htmlInline(text.tokens, literal);
      const value = String(text.text ?? '');
      return escapeHtml(literal || text.escaped ? value : decodeCharacterReferences(value));
    }
    case 'escape':
      return escapeHtml(String(t.text ?? ''));
    case 'strong':
      return `<strong>${htmlInline((t as Tokens.Strong).tokens ?? [], literal)}</strong>`;
    case 'em':
      return `<em>${htmlInline((t as Tokens.Em).tokens ?? [], literal)}</em>`;
    case 'del':
      return `<del>${htmlInline((t as Tokens.Del).tokens ?? [], literal)}</del>`;
    case 'codespan':
      return `<code>${escapeHtml(String(t.text ?? ''))}</code>`;
    case 'br':
      return '<br>';
    case 'link': {
      const link = t as Tokens.Link;
      const inner = htmlInline(link.tokens ?? [], !!link.autolink);
      const href = linkHref(link);
      return href === null ? inner : `<a href="${escapeHtml(href)}" rel="noopener noreferrer">${inner}</a>`;
    }
    case 'image':
      return escapeHtml(textInline((t as Tokens.Image).tokens ?? [], false));
    case 'checkbox':
      return checkboxText(t as Tokens.Checkbox);
    case 'html':
      return escapeHtml(String(t.text ?? token.raw ?? ''));
    default:
      return escapeHtml(String(token.raw ?? ''));
  }
}

function linkHref(link: Tokens.Link): string | null {
  const raw = String(link.href ?? '');
  return safeUrl(link.autolink ? raw : decodeCharacterReferences(raw));
}

function checkboxText(token: Tokens.Checkbox): string {
  return token.checked ? '[x] ' : '[ ] ';
}

// ---------------------------------------------------------------------------------------------
// Plain text
// ---------------------------------------------------------------------------------------------

function textBlocks(tokens: readonly Token[]): string[] {
  return tokens.map(textBlock).filter((part) => part.trim() !== '');
}

function textBlock(token: Token): string {
  const t = token as Token & Record<string, unknown>;
  switch (token.type) {
    case 'space':
    case 'def':
      return '';
    case 'paragraph':
    case 'heading':
      // As in the HTML, where they do not show: no spaces at the start of a line.
      return textInline((t as Tokens.Paragraph).tokens ?? [], false).replace(/^[ \t]+/gm, '');
    case 'text': {
      const text = t as Tokens.Text;
      return text.tokens ? textInline(text.tokens, false) : decodeCharacterReferences(String(text.text ?? ''));
    }
    case 'code':
      return String(t.text ?? '');
    case 'blockquote':
      return textBlocks((t as Tokens.Blockquote).tokens ?? [])
        .join('\n\n')
        .split('\n')
        .map((line) => (line === '' ? '>' : `> ${line}`))
        .join('\n');
    case 'hr':
      return '----------';
    case 'list': {
      const list = t as Tokens.List;
      const first = Number.isInteger(Number(list.start)) && list.start !== '' ? Number(list.start) : 1;
      return (list.items ?? [])
        .map((item, index) => {
          const marker = list.ordered ? `${first + index}. ` : '- ';
          const body = listItemText(item);
          const indent = ' '.repeat(marker.length);
          return marker + body.replace(/\n(?!\n|$)/g, `\n${indent}`);
        })
        .join('\n');
    }
    case 'table': {
      const table = t as Tokens.Table;
      const row = (cells: readonly Tokens.TableCell[]) => cells.map((cell) => textInline(cell.tokens ?? [], false)).join(' | ');
      return [row(table.header ?? []), ...(table.rows ?? []).map(row)].join('\n');
    }
    case 'html':
      return String(t.text ?? token.raw ?? '').replace(/^\n+|\n+$/g, '');
    case 'checkbox':
      return checkboxText(t as Tokens.Checkbox);
    default:
      return String(token.raw ?? '');
  }
}

function listItemText(item: Tokens.ListItem): string {
  const parts: string[] = [];
  let prefix = '';
  for (const token of item.tokens ?? []) {
    if (token.type === 'checkbox') {
      prefix += checkboxText(token as Tokens.Checkbox);
      continue;
    }
    const text = textBlock(token);
    if (text.trim() === '') continue;
    parts.push(prefix + text);
    prefix = '';
  }
  if (prefix !== '') parts.push(prefix.trimEnd());
  return parts.join(item.loose ? '\n\n' : '\n');
}

function textInline(tokens: readonly Token[], literal: boolean): string {
  return tokens.map((token) => textSpan(token, literal)).join('');
}

function textSpan(token: Token, literal: boolean): string {
  const t = token as Token & Record<string, unknown>;
  switch (token.type) {
    case 'text': {
      const text = t as Tokens.Text;
      if (text.tokens) return textInline(text.tokens, literal);
      const value = String(text.text ?? '');
      return literal || text.escaped ? value : decodeCharacterReferences(value);
    }
    case 'escape':
    case 'codespan':
      return String(t.text ?? '');
    case 'strong':
    case 'em':
    case 'del':
      return textInline((t as Tokens.Strong).tokens ?? [], literal);
    case 'br':
      return '\n';
    case 'link': {
      const link = t as Tokens.Link;
      const text = textInline(link.tokens ?? [], !!link.autolink);
      const href = linkHref(link);
      if (href === null || sameAsText(href, text)) return text;
      return text.trim() === '' ? href : `${text} (${href})`;
    }
    case 'image':
      return textInline((t as Tokens.Image).tokens ?? [], false);
    case 'checkbox':
      return checkboxText(t as Tokens.Checkbox);
    case 'html':
      return String(t.text ?? token.raw ?? '');
    default:
      return String(token.raw ?? '');
  }
}

function sameAsText(href: string, text: string): boolean {
  const bare = (value: string) =>
    value
      .trim()
      .replace(/^(?:https?:\/\/|mailto:)/i, '')
      .replace(/\/$/, '')
      .toLowerCase();
  return bare(href) === bare(text);
}
