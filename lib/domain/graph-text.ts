// Readable plain text from Microsoft Graph's itemBody (a post's body, an incident's updates), for
// the portal's pages and summaries. HTML goes through html-to-text (a maintained converter:
// paragraphs and line breaks, lists as "* item", links as "text [address]", tables as text);
// plain text is only tidied. Pure.
import { compile } from 'html-to-text';

/** Summaries are cut to this length (the full text stays in `raw`). */
export const SUMMARY_MAX_LENGTH = 4000;

const heading = (selector: string) => ({ selector, options: { uppercase: false, leadingLineBreaks: 2, trailingLineBreaks: 1 } });

const htmlToText = compile({
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true, linkBrackets: ['[', ']'] } },
    { selector: 'img', format: 'skip' },
    { selector: 'ul', options: { itemPrefix: '* ' } },
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map(heading),
    { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
  ],
});

/** Whether a body marked as HTML holds any markup; Graph marks some plain-text bodies (with line breaks) as HTML. */
function hasMarkup(content: string): boolean {
  return /<\/?[a-z][^>]*>|&(#\d+|#x[0-9a-f]+|[a-z]+);/i.test(content);
}

/** Spaces tidied, at most one blank line; a converted HTML body keeps its lines' indentation (nested lists). */
function tidy(text: string, keepIndent: boolean): string {
  return text
    .split('\n')
    .map((line) => {
      const tidied = line.replace(/[ \t\f\v\r\u00a0]+/g, ' ');
      return keepIndent ? tidied.trimEnd() : tidied.trim();
    })
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Cut to `max` characters (an ellipsis at the end when cut), never inside a surrogate pair. */
export function cut(text: string, max = SUMMARY_MAX_LENGTH): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** Plain text from Graph's itemBody; `contentType` as Graph gives it (html/Html/text/Text). */
export function bodyToText(content: string, contentType: string, max = SUMMARY_MAX_LENGTH): string {
  const html = contentType.toLowerCase() === 'html' && hasMarkup(content);
  return cut(html ? tidy(htmlToText(content), true) : tidy(content, false), max);
}
