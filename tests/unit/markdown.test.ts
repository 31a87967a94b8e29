import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALLOWED_ATTRIBUTES,
  ALLOWED_TAGS,
  ALLOWED_URL_SCHEMES,
  decodeCharacterReferences,
  escapeHtml,
  renderMarkdown,
  safeUrl,
} from '@/lib/domain/markdown';

const html = (source: string) => renderMarkdown(source).html;
const text = (source: string) => renderMarkdown(source).text;

/**
 * Checks the output against the allowlist, independently of the renderer: every tag is an
 * allowed element with allowed attributes only (double-quoted, no markup inside), every href an
 * allowed absolute URL, links carry rel="noopener noreferrer", and once the tags are taken out no
 * "<" or ">" is left (all text is escaped). Returns the problems found.
 */
function allowlistViolations(output: string): string[] {
  const problems: string[] = [];
  const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z-]+="[^"<>]*")*)\s*>/g;
  for (const match of output.matchAll(tag)) {
    const [, closing, name = '', attributes = ''] = match;
    if (!(ALLOWED_TAGS as readonly string[]).includes(name)) problems.push(`tag <${name}>`);
    if (closing && attributes.trim()) problems.push(`attributes on </${name}>`);
    const allowed = ALLOWED_ATTRIBUTES[name] ?? [];
    const seen = new Map<string, string>();
    for (const attribute of attributes.matchAll(/([a-zA-Z-]+)="([^"]*)"/g)) {
      const [, key = '', value = ''] = attribute;
      if (!allowed.includes(key)) problems.push(`attribute ${key} on <${name}>`);
      seen.set(key, value);
      if (key === 'href' && !/^(https?:\/\/[^/]|mailto:)/.test(value)) problems.push(`href ${value}`);
      if (key === 'rel' && value !== 'noopener noreferrer') problems.push(`rel ${value}`);
      if (key === 'start' && !/^\d+$/.test(value)) problems.push(`start ${value}`);
      if (key === 'align' && !['left', 'center', 'right'].includes(value)) problems.push(`align ${value}`);
    }
    if (name === 'a' && !closing && (!seen.has('href') || !seen.has('rel'))) problems.push('<a> without href and rel');
  }
  const rest = output.replace(tag, '');
  if (/[<>]/.test(rest)) problems.push(`unescaped markup: ${rest.slice(Math.max(0, rest.search(/[<>]/) - 20), rest.search(/[<>]/) + 20)}`);
  return problems;
}

/**
 * An attribute whose value is a script or data URL once its character references are resolved
 * (independently of the renderer: numeric ones and the named ones that spell a scheme) and the
 * characters browsers skip are removed.
 */
function hasScriptUrlInTag(output: string): boolean {
  const named: Record<string, string> = { colon: ':', tab: '', newline: '', amp: '&', quot: '"', lt: '<', gt: '>' };
  return [...output.matchAll(/<[^>]*>/g)].some(([tag]) =>
    [...tag.matchAll(/=\s*"([^"]*)"/g)].some(([, value = '']) => {
      const decoded = value
        .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16) % 0x110000))
        .replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Number(dec) % 0x110000))
        .replace(/&([a-z]+);/gi, (whole, name: string) => named[name.toLowerCase()] ?? whole)
        .replace(/[\u0000-\u0020]/g, '');
      return /^(javascript|vbscript|data):/i.test(decoded);
    }),
  );
}

describe('the allowlist checker used below', () => {
  it('accepts allowed markup and flags everything else', () => {
    expect(
      allowlistViolations('<p>a <a href="https://x.example/" rel="noopener noreferrer">b</a></p><ol start="2"><li>c</li></ol>'),
    ).toEqual([]);
    expect(allowlistViolations('<script>alert(1)</script>')).toEqual(['tag <script>', 'tag <script>']);
    expect(allowlistViolations('<p onclick="x">a</p>')).toEqual(['attribute onclick on <p>']);
    expect(allowlistViolations('<a href="javascript:x" rel="noopener noreferrer">a</a>')).toEqual(['href javascript:x']);
    expect(allowlistViolations('<a href="https://x.example/">a</a>')).toEqual(['<a> without href and rel']);
    expect(allowlistViolations('<p>a < b</p>')).toHaveLength(1);
    expect(allowlistViolations('<img src=x onerror=alert(1)>')).toHaveLength(1);
  });

  it('finds script URLs however they are spelled in an attribute', () => {
    expect(hasScriptUrlInTag('<a href="&#106;avascript:x">')).toBe(true);
    expect(hasScriptUrlInTag('<a href=" JaVaScRiPt&colon;x">')).toBe(true);
    expect(hasScriptUrlInTag('<a href="data:text/html,x">')).toBe(true);
    expect(hasScriptUrlInTag('<a href="https://x.example/javascript:">')).toBe(false);
    expect(hasScriptUrlInTag('<p>javascript:alert(1)</p>')).toBe(false);
  });
});

describe('renderMarkdown: Markdown', () => {
  it('paragraphs, emphasis, line breaks', () => {
    expect(renderMarkdown('Hello **world**, *you* and ~~them~~.\nSecond line\n\nNew paragraph')).toEqual({
      html: '<p>Hello <strong>world</strong>, <em>you</em> and <del>them</del>.<br>Second line</p>\n<p>New paragraph</p>',
      text: 'Hello world, you and them.\nSecond line\n\nNew paragraph',
    });
  });

  it('headings, rules, quotes', () => {
    expect(renderMarkdown('# Title\n\n### Sub\n\n---\n\n> quoted\n> more')).toEqual({
      html: '<h1>Title</h1>\n<h3>Sub</h3>\n<hr>\n<blockquote>\n<p>quoted<br>more</p>\n</blockquote>',
      text: 'Title\n\nSub\n\n----------\n\n> quoted\n> more',
    });
  });

  it('lists: bullets, numbers with a start, nesting, tasks, loose items', () => {
    expect(renderMarkdown('- a\n- b\n  - c\n\n3. x\n4. y')).toEqual({
      html: '<ul>\n<li>a</li>\n<li>b\n<ul>\n<li>c</li>\n</ul></li>\n</ul>\n<ol start="3">\n<li>x</li>\n<li>y</li>\n</ol>',
      text: '- a\n- b\n  - c\n\n3. x\n4. y',
    });
    expect(renderMarkdown('1. one\n2. two')).toEqual({ html: '<ol>\n<li>one</li>\n<li>two</li>\n</ol>', text: '1. one\n2. two' });
    expect(renderMarkdown('- [ ] to do\n- [x] done')).toEqual({
      html: '<ul>\n<li>[ ] to do</li>\n<li>[x] done</li>\n</ul>',
      text: '- [ ] to do\n- [x] done',
    });
    expect(renderMarkdown('- a\n\n- b\n\n  more')).toEqual({
      html: '<ul>\n<li><p>a</p></li>\n<li><p>b</p>\n<p>more</p></li>\n</ul>',
      text: '- a\n- b\n\n  more',
    });
  });

  it('code, escaped and untouched', () => {
    expect(renderMarkdown('Use `<b>&amp;</b>`:\n\n```html\n<script>alert(1)</script>\n```')).toEqual({
      html: '<p>Use <code>&lt;b&gt;&amp;amp;&lt;/b&gt;</code>:</p>\n<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></pre>',
      text: 'Use <b>&amp;</b>:\n\n<script>alert(1)</script>',
    });
  });

  it('tables, with alignment as a fixed attribute', () => {
    expect(renderMarkdown('| Offer | Qty |\n|:--|--:|\n| E3 | 25 |')).toEqual({
      html:
        '<table>\n<thead>\n<tr><th align="left">Offer</th><th align="right">Qty</th></tr>\n</thead>\n' +
        '<tbody>\n<tr><td align="left">E3</td><td align="right">25</td></tr>\n</tbody>\n</table>',
      text: 'Offer | Qty\nE3 | 25',
    });
  });

  it('links: allowed schemes, rel, plain-text form', () => {
    expect(renderMarkdown('[Renew](https://partner.example/renew?a=1&b=2) or [mail us](mailto:help@partner.example)')).toEqual({
      html:
        '<p><a href="https://partner.example/renew?a=1&amp;b=2" rel="noopener noreferrer">Renew</a> or ' +
        '<a href="mailto:help@partner.example" rel="noopener noreferrer">mail us</a></p>',
      text: 'Renew (https://partner.example/renew?a=1&b=2) or mail us (mailto:help@partner.example)',
    });
  });

  it('autolinks and bare URLs', () => {
    expect(renderMarkdown('<https://a.example> www.b.example c@d.example')).toEqual({
      html:
        '<p><a href="https://a.example/" rel="noopener noreferrer">https://a.example</a> ' +
        '<a href="http://www.b.example/" rel="noopener noreferrer">www.b.example</a> ' +
        '<a href="mailto:c@d.example" rel="noopener noreferrer">c@d.example</a></p>',
      text: 'https://a.example www.b.example c@d.example',
    });
  });

  it('character references and escapes', () => {
    expect(renderMarkdown('AT&T &copy; &amp;lt; &#38;lt; &#x4E2D; &bogus; \\*not em\\*')).toEqual({
      html: '<p>AT&amp;T © &amp;lt; &amp;lt; 中 &amp;bogus; *not em*</p>',
      text: 'AT&T © &lt; &lt; 中 &bogus; *not em*',
    });
  });

  it('Traditional Chinese text passes through', () => {
    expect(renderMarkdown('**續約通知**：您的訂閱將於 2026年3月31日 到期。')).toEqual({
      html: '<p><strong>續約通知</strong>：您的訂閱將於 2026年3月31日 到期。</p>',
      text: '續約通知：您的訂閱將於 2026年3月31日 到期。',
    });
  });

  it('empty input renders nothing', () => {
    expect(renderMarkdown('')).toEqual({ html: '', text: '' });
    expect(renderMarkdown('  \n\n  ')).toEqual({ html: '', text: '' });
    expect(renderMarkdown(undefined as unknown as string)).toEqual({ html: '', text: '' });
  });
});

describe('renderMarkdown: hostile input', () => {
  const hostile: [string, string][] = [
    ['script block', '<script>alert(1)</script>'],
    ['script inline', 'Hello <script>alert(1)</script> there'],
    ['script split over lines', '<scr\nipt>alert(1)</script>'],
    ['img onerror', '<img src=x onerror=alert(1)>'],
    ['img onerror inline', 'text <img src="x" onerror="alert(1)"> text'],
    ['javascript link', '[x](javascript:alert(1))'],
    ['mixed-case scheme', '[x](JaVaScRiPt:alert(1))'],
    ['decimal reference', '[x](&#106;avascript:alert(1))'],
    ['hex reference', '[x](&#x6A;&#x61;vascript:alert(1))'],
    ['named colon', '[x](javascript&colon;alert(1))'],
    ['tab in scheme', '[x](java&#x09;script:alert(1))'],
    ['Tab entity in scheme', '[x](java&Tab;script:alert(1))'],
    ['newline entity in scheme', '[x](java&NewLine;script:alert(1))'],
    ['leading spaces', '[x](   javascript:alert(1))'],
    ['angle destination', '[x](<javascript:alert(1)>)'],
    ['reference definition', '[x][r]\n\n[r]: javascript:alert(1)'],
    ['autolink', '<javascript:alert(1)>'],
    ['vbscript', '[x](vbscript:msgbox(1))'],
    ['data link', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['raw data anchor', '<a href="data:text/html;base64,PHNjcmlwdD4=">click</a>'],
    ['raw javascript anchor', '<a href="javascript:alert(1)">click</a>'],
    ['image link to javascript', '![x](javascript:alert(1))'],
    ['tracking pixel', '![](https://tracker.example/p.gif)'],
    ['tracking pixel with alt', '![Our logo](https://tracker.example/logo.png?u=42)'],
    ['reference image', '![logo][l]\n\n[l]: https://tracker.example/l.png'],
    ['raw html block', '<div onclick="alert(1)">\n\n*x*\n\n</div>'],
    ['svg onload', '<svg onload=alert(1)>'],
    ['svg block', '<svg><script>alert(1)</script></svg>'],
    ['iframe', '<iframe src="https://evil.example"></iframe>'],
    ['iframe srcdoc', '<iframe srcdoc="<script>alert(1)</script>">'],
    ['style block', '<style>body { background: url(https://tracker.example/x) }</style>'],
    ['style attribute', '<p style="background:url(javascript:alert(1))">x</p>'],
    ['nested tags', '<div><p><b><i onmouseover=alert(1)>x</i></b></p></div>'],
    ['unclosed tags', '<b>bold <i onclick=alert(1)>and <a href="javascript:alert(1)">'],
    ['unclosed attribute', '<img src="x onerror=alert(1)//'],
    ['comment', '<!-- <script>alert(1)</script> -->'],
    ['cdata', '<![CDATA[<script>alert(1)</script>]]>'],
    ['object', '<object data="javascript:alert(1)"></object>'],
    ['form', '<form action="https://evil.example"><input name=p></form>'],
    ['meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'],
    ['base', '<base href="javascript:alert(1)//">'],
    ['link in emphasis', '**[x](javascript:alert(1))**'],
    ['link in table', '| a |\n|---|\n| [x](javascript:alert(1)) |'],
    ['link in list', '- [x](javascript:alert(1))'],
    ['link in quote', '> [x](javascript:alert(1))'],
    ['attribute breakout', '[x](https://a.example/"onmouseover="alert(1))'],
    ['quote breakout in title', '[x](https://a.example "a\\" onmouseover=\\"alert(1)")'],
    ['file scheme', '[x](file:///etc/passwd)'],
    ['relative link', '[x](/admin)'],
    ['protocol-relative', '[x](//evil.example/)'],
    ['fragment', '[x](#top)'],
  ];

  it.each(hostile)('%s: only allowlisted markup, nothing executable', (_name, source) => {
    const out = renderMarkdown(source);
    expect(allowlistViolations(out.html)).toEqual([]);
    expect(out.html).not.toMatch(/<(script|img|iframe|svg|style|object|form|input|meta|base|div|span|i|b)\b/i);
    expect([...out.html.matchAll(/<[^>]*>/g)].some(([tag]) => /\son[a-z]+\s*=/i.test(tag))).toBe(false);
    expect(hasScriptUrlInTag(out.html)).toBe(false);
    expect(out.html).not.toMatch(/<a [^>]*href="(?!https?:\/\/|mailto:)/);
  });

  it('refused links keep their text and lose their destination', () => {
    for (const source of ['[click me](javascript:alert(1))', '[click me](JaVaScRiPt:alert(1))', '[click me](&#106;avascript:alert(1))']) {
      expect(renderMarkdown(source)).toEqual({ html: '<p>click me</p>', text: 'click me' });
    }
    expect(renderMarkdown('[here](/relative) [there](#x)')).toEqual({ html: '<p>here there</p>', text: 'here there' });
  });

  it('raw HTML is shown as the text that was typed, never interpreted', () => {
    expect(renderMarkdown('<script>alert(1)</script>')).toEqual({
      html: '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>',
      text: '<script>alert(1)</script>',
    });
    expect(html('Hi <img src=x onerror=alert(1)> there')).toBe('<p>Hi &lt;img src=x onerror=alert(1)&gt; there</p>');
    expect(html('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>')).toBe(
      '<p>&lt;a href=&quot;data:text/html;base64,PHNjcmlwdD4=&quot;&gt;x&lt;/a&gt;</p>',
    );
    expect(html('<iframe src="https://evil.example"></iframe>\n<style>p{}</style>')).toBe(
      '<p>&lt;iframe src=&quot;https://evil.example&quot;&gt;&lt;/iframe&gt;<br>\n&lt;style&gt;p{}&lt;/style&gt;</p>',
    );
  });

  it('images become their alt text: no request leaves the reader’s mail client', () => {
    expect(renderMarkdown('![](https://tracker.example/p.gif)')).toEqual({ html: '', text: '' });
    expect(renderMarkdown('Before ![Our *logo*](https://tracker.example/l.png) after')).toEqual({
      html: '<p>Before Our logo after</p>',
      text: 'Before Our logo after',
    });
    expect(html('[![Logo](https://tracker.example/l.png)](https://partner.example)')).toBe(
      '<p><a href="https://partner.example/" rel="noopener noreferrer">Logo</a></p>',
    );
    expect(html('![a<b>"c"](https://t.example/x.png)')).toBe('<p>a&lt;b&gt;&quot;c&quot;</p>');
  });

  it('thousands of nested quotes (beyond the parser) are still shown, escaped, without an error', () => {
    const source = `${'> '.repeat(5_000)}<script>alert(1)</script>`;
    const out = renderMarkdown(source);
    expect(allowlistViolations(out.html)).toEqual([]);
    expect(out.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out.text.endsWith('<script>alert(1)</script>')).toBe(true);
  });

  it('an attribute cannot be broken out of', () => {
    expect(html('[x](https://a.example/"onmouseover="alert(1))')).toBe(
      '<p><a href="https://a.example/%22onmouseover=%22alert(1)" rel="noopener noreferrer">x</a></p>',
    );
  });
});

describe('safeUrl', () => {
  it.each([
    ['https://partner.example', 'https://partner.example/'],
    ['http://partner.example/a?b=1#c', 'http://partner.example/a?b=1#c'],
    ['HTTPS://Partner.Example/Path', 'https://partner.example/Path'],
    ['  https://partner.example/x  ', 'https://partner.example/x'],
    ['https://part\tner.example/', 'https://partner.example/'],
    ['mailto:help@partner.example', 'mailto:help@partner.example'],
    ['MAILTO:help@partner.example?subject=Hi', 'mailto:help@partner.example?subject=Hi'],
  ])('allows %j', (input, expected) => {
    expect(safeUrl(input)).toBe(expected);
  });

  it.each([
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    '\u0001javascript:alert(1)',
    'vbscript:msgbox(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    'ftp://files.example/x',
    'blob:https://a.example/uuid',
    'https:',
    'https://bank.example@evil.example/',
    'https://user:secret@partner.example/',
    '//evil.example',
    '/relative',
    '#fragment',
    '?q=1',
    '',
    '   ',
    'https://a.example/\u0000x',
    'https://a.example/\u007Fx',
  ])('refuses %j', (input) => {
    expect(safeUrl(input)).toBeNull();
  });

  it('allows exactly the listed schemes', () => {
    expect(ALLOWED_URL_SCHEMES).toEqual(['http:', 'https:', 'mailto:']);
  });
});

describe('decodeCharacterReferences and escapeHtml', () => {
  it('resolves numeric and known named references once', () => {
    expect(decodeCharacterReferences('&#106;&#x61;&#X76;a &amp;amp; &lt;b&gt; &colon; &copy;')).toBe('java &amp; <b> : ©');
    expect(decodeCharacterReferences('&#0; &#xD800; &#1114112;')).toBe('\uFFFD \uFFFD \uFFFD');
    expect(decodeCharacterReferences('&unknown; & &; &#; &#xZZ;')).toBe('&unknown; & &; &#; &#xZZ;');
    expect(decodeCharacterReferences('no references')).toBe('no references');
  });

  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});

describe('renderMarkdown: properties', () => {
  const fragments = [
    '<script>',
    '</script>',
    '<img src=x onerror=alert(1)>',
    '<svg onload=alert(1)>',
    '<iframe src=//x>',
    '<style>',
    '<a href="javascript:alert(1)">',
    '</a>',
    'javascript:',
    'JaVaScRiPt:',
    'data:text/html,',
    'vbscript:',
    '&#106;',
    '&#x6A;',
    '&colon;',
    '&Tab;',
    '&amp;',
    '&lt;',
    '[',
    ']',
    '(',
    ')',
    '![',
    '<',
    '>',
    '"',
    "'",
    '`',
    '```',
    '*',
    '_',
    '~~',
    '#',
    '> ',
    '- ',
    '1. ',
    '|',
    '---',
    '\\',
    '\n',
    '\n\n',
    ' ',
    '    ',
    'alert(1)',
    'https://a.example',
    'www.b.example',
    'c@d.example',
    'x',
    '中文',
    '\u0000',
    '\t',
  ];
  const hostileText = fc.array(fc.constantFrom(...fragments), { maxLength: 40 }).map((parts) => parts.join(''));

  it('never throws, and the HTML only ever holds allowlisted markup (hostile fragments)', () => {
    fc.assert(
      fc.property(hostileText, (source) => {
        const out = renderMarkdown(source);
        expect(allowlistViolations(out.html)).toEqual([]);
        expect(out.html.toLowerCase()).not.toContain('<script');
        expect(hasScriptUrlInTag(out.html)).toBe(false);
        expect(typeof out.text).toBe('string');
      }),
      { numRuns: 2_000 },
    );
  }, 30_000);

  it('never throws on arbitrary strings, and never lets markup through', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (source) => {
        const out = renderMarkdown(source);
        expect(allowlistViolations(out.html)).toEqual([]);
        expect(out.html.toLowerCase()).not.toContain('<script');
        expect(hasScriptUrlInTag(out.html)).toBe(false);
      }),
      { numRuns: 500 },
    );
  }, 30_000);

  it('is deterministic', () => {
    fc.assert(
      fc.property(hostileText, (source) => {
        expect(renderMarkdown(source)).toEqual(renderMarkdown(source));
      }),
      { numRuns: 200 },
    );
  });

  it('plain text with no Markdown in it comes through unchanged', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9中文][A-Za-z0-9中文 ]{0,59}$/), (words) => {
        const expected = words.trimEnd();
        expect(text(words)).toBe(expected);
        expect(html(words).replace(/ +<\/p>$/, '</p>')).toBe(`<p>${expected}</p>`);
      }),
      { numRuns: 200 },
    );
  });
});
