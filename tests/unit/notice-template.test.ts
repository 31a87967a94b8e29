import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '@/lib/domain/markdown';
import {
  TEMPLATE_VARIABLES,
  checkLanguages,
  checkNotice,
  escapeMarkdown,
  findVariables,
  formatCalendarDate,
  formatDateTime,
  formatNumber,
  neededLanguages,
  orderSubscriptions,
  recipientLanguage,
  renderNotice,
  renderTemplate,
  selectRecipients,
  usesSubscriptionVariables,
  validateTemplate,
  type NoticeContent,
  type NoticeTarget,
  type TemplateContext,
} from '@/lib/domain/notice-template';

const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

const TAILSPIN: TemplateContext = {
  customer: { name: 'Tailspin Toys' },
  partner: { name: 'Contoso Cloud Partners' },
  subscriptions: [
    { offerName: 'Microsoft 365 E3', quantity: 1250, endDate: day('2026-06-30') },
    { offerName: 'Microsoft Teams Rooms Pro', quantity: 4, endDate: day('2026-03-31') },
  ],
};

const BODY_EN = [
  'Dear {{customer.name}},',
  '',
  'Your subscription {{subscription.offerName}} ({{subscription.quantity}} licences) ends on {{subscription.endDate}}.',
  'Your subscriptions:',
  '{{subscriptions}}',
  'Regards,',
  '{{partner.name}}',
].join('\n');

const BODY_ZH = [
  '{{customer.name}} 您好：',
  '',
  '您的訂閱 {{subscription.offerName}}（{{subscription.quantity}} 個授權）將於 {{subscription.endDate}} 到期。',
  '{{subscriptions}}',
  '{{partner.name}} 敬上',
].join('\n');

describe('variables', () => {
  it('are the six of DESIGN.md and the six of a notice about a Microsoft communication', () => {
    expect(TEMPLATE_VARIABLES).toEqual([
      'customer.name',
      'partner.name',
      'subscription.offerName',
      'subscription.endDate',
      'subscription.quantity',
      'subscriptions',
      'communication.title',
      'communication.id',
      'communication.service',
      'communication.status',
      'communication.summary',
      'communication.startDateTime',
    ]);
  });
});

describe('findVariables', () => {
  it('finds every well-formed variable with its position', () => {
    const text = 'Hi {{customer.name}},\n\nfrom {{ partner.name }} and {{nope}}';
    expect(findVariables(text)).toEqual([
      { name: 'customer.name', raw: '{{customer.name}}', length: 17, known: true, offset: 3, line: 1, column: 4 },
      { name: 'partner.name', raw: '{{ partner.name }}', length: 18, known: true, offset: 28, line: 3, column: 6 },
      { name: 'nope', raw: '{{nope}}', length: 8, known: false, offset: 51, line: 3, column: 29 },
    ]);
  });

  it('finds nothing in plain text', () => {
    expect(findVariables('')).toEqual([]);
    expect(findVariables('no variables { here } }}')).toEqual([]);
  });
});

describe('validateTemplate', () => {
  it('accepts every variable in a body, and all but the block in a subject', () => {
    const all = TEMPLATE_VARIABLES.map((name) => `{{${name}}}`).join(' ');
    expect(validateTemplate(all, 'body', { communication: true })).toEqual([]);
    const withoutCommunication = TEMPLATE_VARIABLES.filter((name) => !name.startsWith('communication.'))
      .map((name) => `{{${name}}}`)
      .join(' ');
    expect(validateTemplate(withoutCommunication)).toEqual([]);
    expect(validateTemplate(withoutCommunication, 'body')).toEqual([]);
    expect(validateTemplate(BODY_EN)).toEqual([]);
    expect(validateTemplate(BODY_ZH)).toEqual([]);
    expect(validateTemplate('Renewal: {{subscription.offerName}} for {{customer.name}}', 'subject')).toEqual([]);
    expect(validateTemplate('Text without variables', 'subject')).toEqual([]);
  });

  it('reports unknown variables with their line and column', () => {
    expect(validateTemplate('Hello {{customer.nam}}\nand {{ foo.bar }}, {{}}')).toEqual([
      { code: 'UNKNOWN_VARIABLE', name: 'customer.nam', offset: 6, line: 1, column: 7 },
      { code: 'UNKNOWN_VARIABLE', name: 'foo.bar', offset: 27, line: 2, column: 5 },
      { code: 'UNKNOWN_VARIABLE', name: '', offset: 42, line: 2, column: 20 },
    ]);
  });

  it('suggests the known variable that differs only in case or punctuation', () => {
    expect(validateTemplate('{{Customer.Name}} {{subscription_end_date}} {{SUBSCRIPTIONS}}')).toEqual([
      { code: 'UNKNOWN_VARIABLE', name: 'Customer.Name', suggestion: 'customer.name', offset: 0, line: 1, column: 1 },
      { code: 'UNKNOWN_VARIABLE', name: 'subscription_end_date', suggestion: 'subscription.endDate', offset: 18, line: 1, column: 19 },
      { code: 'UNKNOWN_VARIABLE', name: 'SUBSCRIPTIONS', suggestion: 'subscriptions', offset: 44, line: 1, column: 45 },
    ]);
  });

  it('reports malformed variables: unclosed, split over lines, braces inside, triple braces', () => {
    expect(validateTemplate('a {{customer.name')).toEqual([{ code: 'MALFORMED_VARIABLE', offset: 2, line: 1, column: 3 }]);
    expect(validateTemplate('a {{customer.name}')).toEqual([{ code: 'MALFORMED_VARIABLE', offset: 2, line: 1, column: 3 }]);
    expect(validateTemplate('{{customer\n.name}}')).toEqual([{ code: 'MALFORMED_VARIABLE', offset: 0, line: 1, column: 1 }]);
    expect(validateTemplate('{{a{b}}')).toEqual([{ code: 'MALFORMED_VARIABLE', offset: 0, line: 1, column: 1 }]);
    expect(validateTemplate('{{{customer.name}}}')).toEqual([{ code: 'MALFORMED_VARIABLE', offset: 0, line: 1, column: 1 }]);
    expect(validateTemplate('x\n  {{{{')).toEqual([{ code: 'MALFORMED_VARIABLE', offset: 4, line: 2, column: 3 }]);
  });

  it('refuses the subscriptions block in a subject', () => {
    expect(validateTemplate('Your renewals {{ subscriptions }}', 'subject')).toEqual([
      { code: 'VARIABLE_NOT_ALLOWED_IN_SUBJECT', name: 'subscriptions', offset: 14, line: 1, column: 15 },
    ]);
  });

  it('lists errors in the order of the text', () => {
    const errors = validateTemplate('{{x\n{{y}} {{customer.name}} {{', 'subject');
    expect(errors.map((error) => [error.code, error.line, error.column])).toEqual([
      ['MALFORMED_VARIABLE', 1, 1],
      ['UNKNOWN_VARIABLE', 2, 1],
      ['MALFORMED_VARIABLE', 2, 25],
    ]);
  });

  it('a valid text renders without leftovers; an unknown variable stays visible (property)', () => {
    const piece = fc.constantFrom(
      '{{customer.name}}',
      '{{partner.name}}',
      '{{ subscription.quantity }}',
      'text ',
      '\n',
      '{{bad}}',
      '{{',
      '}}',
      '{',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const source = pieces.join('');
        const errors = validateTemplate(source);
        const rendered = renderTemplate(source, TAILSPIN, 'en');
        if (errors.length === 0) expect(rendered).not.toContain('{{');
        if (rendered.includes('{{')) expect(errors.length).toBeGreaterThan(0);
        for (const error of errors) {
          if (error.code !== 'UNKNOWN_VARIABLE') continue;
          const name = error.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          expect(rendered).toMatch(new RegExp(`\\{\\{\\s*${name}\\s*\\}\\}`));
        }
      }),
    );
  });
});

describe('usesSubscriptionVariables', () => {
  it('is true for any subscription variable and the block', () => {
    expect(usesSubscriptionVariables('{{customer.name}} {{partner.name}}')).toBe(false);
    expect(usesSubscriptionVariables('{{subscription.endDate}}')).toBe(true);
    expect(usesSubscriptionVariables('{{ subscriptions }}')).toBe(true);
    expect(usesSubscriptionVariables('{{subscription.nope}}')).toBe(false);
  });
});

describe('formatting for the language', () => {
  it('writes calendar dates in each language, the same day in every time zone', () => {
    expect(formatCalendarDate(day('2026-03-31'), 'en')).toBe('March 31, 2026');
    expect(formatCalendarDate(day('2026-03-31'), 'zh-TW')).toBe('2026年3月31日');
    expect(formatCalendarDate(day('2026-01-01'), 'en')).toBe('January 1, 2026');
    expect(formatCalendarDate(new Date(Number.NaN), 'en')).toBe('');
  });

  it('writes numbers in each language', () => {
    expect(formatNumber(1250, 'en')).toBe('1,250');
    expect(formatNumber(1250, 'zh-TW')).toBe('1,250');
    expect(formatNumber(4, 'zh-TW')).toBe('4');
    expect(formatNumber(1234567.891, 'en')).toBe('1,234,567.89');
    expect(formatNumber(Number.NaN, 'en')).toBe('');
    expect(formatNumber(Number.POSITIVE_INFINITY, 'en')).toBe('');
  });

  it('writes a point in time in the reader’s time zone', () => {
    const instant = new Date('2026-03-31T10:00:00.000Z');
    const normal = (value: string) => value.replace(/[\u202F\u00A0]/g, ' ');
    expect(normal(formatDateTime(instant, 'en', 'America/New_York'))).toBe('Mar 31, 2026, 6:00 AM');
    expect(normal(formatDateTime(instant, 'en', 'Asia/Taipei'))).toBe('Mar 31, 2026, 6:00 PM');
    expect(formatDateTime(instant, 'zh-TW', 'Asia/Taipei')).toBe('2026年3月31日 下午6:00');
    expect(formatDateTime(instant, 'en', 'Not/AZone')).toBe('');
    expect(formatDateTime(new Date(Number.NaN), 'en', 'UTC')).toBe('');
  });
});

describe('orderSubscriptions', () => {
  it('puts the earliest commitment end first, then the offer name, ties as given', () => {
    const a = { offerName: 'B offer', quantity: 1, endDate: day('2026-05-01') };
    const b = { offerName: 'A offer', quantity: 2, endDate: day('2026-05-01') };
    const c = { offerName: 'Z offer', quantity: 3, endDate: day('2026-04-01') };
    const d1 = { offerName: 'Same', quantity: 4, endDate: day('2026-06-01') };
    const d2 = { offerName: 'Same', quantity: 5, endDate: day('2026-06-01') };
    const bad = { offerName: 'Bad date', quantity: 6, endDate: new Date(Number.NaN) };
    expect(orderSubscriptions([bad, d1, a, d2, b, c])).toEqual([c, b, a, d1, d2, bad]);
  });

  it('does not change its argument', () => {
    const list = [...TAILSPIN.subscriptions];
    orderSubscriptions(list);
    expect(list).toEqual(TAILSPIN.subscriptions);
  });
});

describe('renderTemplate', () => {
  it('fills a body in English; {{subscription.*}} is the first subscription to end', () => {
    expect(renderTemplate(BODY_EN, TAILSPIN, 'en')).toBe(
      [
        'Dear Tailspin Toys,',
        '',
        'Your subscription Microsoft Teams Rooms Pro (4 licences) ends on March 31\\, 2026.',
        'Your subscriptions:',
        '- **Microsoft Teams Rooms Pro** — Quantity: 4 · Ends: March 31\\, 2026',
        '- **Microsoft 365 E3** — Quantity: 1\\,250 · Ends: June 30\\, 2026',
        '',
        'Regards,',
        'Contoso Cloud Partners',
      ].join('\n'),
    );
  });

  it('fills a body in Traditional Chinese, with its dates and numbers', () => {
    expect(renderTemplate(BODY_ZH, TAILSPIN, 'zh-TW')).toBe(
      [
        'Tailspin Toys 您好：',
        '',
        '您的訂閱 Microsoft Teams Rooms Pro（4 個授權）將於 2026年3月31日 到期。',
        '- **Microsoft Teams Rooms Pro** — 數量：4 · 結束日期：2026年3月31日',
        '- **Microsoft 365 E3** — 數量：1\\,250 · 結束日期：2026年6月30日',
        '',
        'Contoso Cloud Partners 敬上',
      ].join('\n'),
    );
  });

  it('writes the labels of the block in the recipient’s language whatever the text’s language', () => {
    expect(renderTemplate('{{subscriptions}}', TAILSPIN, 'zh-TW')).toContain('數量：4');
    expect(renderTemplate('{{subscriptions}}', TAILSPIN, 'en')).toContain('Quantity: 4');
  });

  it('fills a subject as one line of plain text, values unescaped', () => {
    const context = { ...TAILSPIN, customer: { name: 'Tailspin *Toys*\n(Taiwan)' } };
    expect(
      renderTemplate('Renewal: {{subscription.offerName}} ends {{subscription.endDate}} — {{customer.name}}', context, 'en', 'subject'),
    ).toBe('Renewal: Microsoft Teams Rooms Pro ends March 31, 2026 — Tailspin *Toys* (Taiwan)');
    expect(renderTemplate('  Line one\r\nline two  ', context, 'en', 'subject')).toBe('Line one line two');
    expect(renderTemplate('{{customer.name}}', { ...context, customer: { name: 'A\u0000B\u0007C\u001BD\u0085E' } }, 'en', 'subject')).toBe(
      'ABCDE',
    );
    expect(renderTemplate('Renewals: {{subscriptions}}', context, 'en', 'subject')).toBe(
      'Renewals: Microsoft Teams Rooms Pro, Microsoft 365 E3',
    );
  });

  it('lists the subscriptions in a quote, and within a line of text', () => {
    const one = { ...TAILSPIN, subscriptions: [{ offerName: 'E5', quantity: 10, endDate: day('2026-04-30') }] };
    expect(renderTemplate('> Yours:\n> {{subscriptions}}\n> Thanks', one, 'en')).toBe(
      '> Yours:\n> - **E5** — Quantity: 10 · Ends: April 30\\, 2026\n>\n> Thanks',
    );
    expect(renderTemplate('Yours: {{subscriptions}} Thanks', one, 'en')).toBe(
      'Yours:\n\n- **E5** — Quantity: 10 · Ends: April 30\\, 2026\n\nThanks',
    );
    expect(renderMarkdown(renderTemplate('Yours: {{subscriptions}} Thanks', one, 'en')).text).toBe(
      'Yours:\n\n- E5 — Quantity: 10 · Ends: April 30, 2026\n\nThanks',
    );
  });

  it('renders the subscription variables empty for a customer without a targeted subscription', () => {
    const none = { ...TAILSPIN, subscriptions: [] };
    expect(
      renderTemplate('[{{subscription.offerName}}|{{subscription.endDate}}|{{subscription.quantity}}]\n{{subscriptions}}\nend', none, 'en'),
    ).toBe('[||]\n\nend');
  });

  it('renders an invalid date or quantity empty rather than failing', () => {
    const odd = { ...TAILSPIN, subscriptions: [{ offerName: 'X', quantity: Number.NaN, endDate: new Date(Number.NaN) }] };
    expect(renderTemplate('{{subscription.endDate}}/{{subscription.quantity}}', odd, 'en')).toBe('/');
  });

  it('leaves unknown and malformed variables as written', () => {
    expect(renderTemplate('{{nope}} {{customer.name {{ Customer.Name }}', TAILSPIN, 'en')).toBe(
      '{{nope}} {{customer.name {{ Customer.Name }}',
    );
  });

  it('substitutes once: a value that looks like a variable stays text', () => {
    const sneaky = { ...TAILSPIN, customer: { name: '{{partner.name}}' } };
    expect(renderTemplate('{{customer.name}}', sneaky, 'en', 'subject')).toBe('{{partner.name}}');
    expect(renderNotice({ subject: '{{customer.name}}', body: 'Hi {{customer.name}}' }, sneaky, 'en').text).toBe('Hi {{partner.name}}');
  });

  it('falls back to English for a language it does not know', () => {
    expect(renderTemplate('{{subscription.endDate}}', TAILSPIN, 'fr' as 'en')).toBe('March 31\\, 2026');
  });
});

describe('escapeMarkdown', () => {
  it('escapes ASCII punctuation and flattens whitespace', () => {
    expect(escapeMarkdown('[a](b) <i> & *c* _d_ `e` #1 !x | ~y~ \\')).toBe(
      '\\[a\\]\\(b\\) \\<i\\> \\& \\*c\\* \\_d\\_ \\`e\\` \\#1 \\!x \\| \\~y\\~ \\\\',
    );
    expect(escapeMarkdown('  line\n\n# two\r\n    - three\t\u2028four  ')).toBe('line \\# two \\- three four');
    expect(escapeMarkdown('台灣 Tailspin 玩具')).toBe('台灣 Tailspin 玩具');
    expect(escapeMarkdown('a\u0000b')).toBe('a\uFFFDb');
  });
});

describe('customer data cannot inject markup', () => {
  const hostileNames = [
    '[Click here](javascript:alert(1))',
    '[Pay now](https://evil.example/pay)',
    '<img src=x onerror=alert(1)>',
    '<script>alert(1)</script>',
    '![pixel](https://tracker.example/p.gif)',
    'https://evil.example/login',
    'www.evil.example',
    'billing@evil.example',
    '&lt;b&gt; &#106;',
    '**bold** _em_ `code`',
    '# Heading\n- item\n> quote',
    '    indented code',
    'Tailspin\n\n[x]: https://evil.example\n\n[Toys][x]',
    '<https://evil.example>',
    '| a | b |\n|---|---|',
  ];

  it.each(hostileNames)('customer named %j: shown as text, no link, image or tag', (name) => {
    const context = { ...TAILSPIN, customer: { name } };
    const rendered = renderNotice({ subject: 'To {{customer.name}}', body: 'Dear {{customer.name}}, thank you.' }, context, 'en');
    const flat = name.replace(/\s+/g, ' ').trim();
    expect(rendered.html).toMatch(/^<p>Dear .*, thank you\.<\/p>$/);
    expect(rendered.html.replace(/^<p>|<\/p>$/g, '')).not.toMatch(/<[a-z]/i);
    expect(rendered.text).toBe(`Dear ${flat}, thank you.`);
    expect(rendered.subject).toBe(`To ${flat}`);
  });

  it('holds for any value (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ maxLength: 40 }), (name, offer) => {
        const context = { ...TAILSPIN, customer: { name }, subscriptions: [{ offerName: offer, quantity: 3, endDate: day('2026-05-01') }] };
        const rendered = renderNotice(
          { subject: 's', body: 'Dear {{customer.name}}, about {{subscription.offerName}}.\n\n{{subscriptions}}' },
          context,
          'en',
        );
        const tags = [...rendered.html.matchAll(/<\/?([a-z0-9]+)/g)].map((match) => match[1]);
        expect(tags).toContain('li');
        expect(tags.every((tag) => ['p', 'ul', 'li', 'strong'].includes(tag ?? ''))).toBe(true);
        expect(tags.includes('strong')).toBe(offer.trim() !== '');
        const flat = (value: string) =>
          value
            .replace(/\u0000/g, '\uFFFD')
            .replace(/[\s\u2028\u2029]+/g, ' ')
            .trim();
        expect(rendered.text.split('\n')[0]).toBe(`Dear ${flat(name)}, about ${flat(offer)}.`.replace(/[ \t]+$/, ''));
      }),
      { numRuns: 300 },
    );
  }, 30_000);
});

describe('renderNotice: one renderer for the preview and the e-mail', () => {
  it('gives the subject, the Markdown and its HTML and text, in English', () => {
    const rendered = renderNotice(
      { subject: 'Renewal of {{subscription.offerName}} for {{customer.name}}', body: BODY_EN },
      TAILSPIN,
      'en',
    );
    expect(rendered.locale).toBe('en');
    expect(rendered.subject).toBe('Renewal of Microsoft Teams Rooms Pro for Tailspin Toys');
    expect(rendered.markdown).toBe(renderTemplate(BODY_EN, TAILSPIN, 'en'));
    expect(rendered.html).toBe(
      [
        '<p>Dear Tailspin Toys,</p>',
        '<p>Your subscription Microsoft Teams Rooms Pro (4 licences) ends on March 31, 2026.<br>Your subscriptions:</p>',
        '<ul>',
        '<li><strong>Microsoft Teams Rooms Pro</strong> — Quantity: 4 · Ends: March 31, 2026</li>',
        '<li><strong>Microsoft 365 E3</strong> — Quantity: 1,250 · Ends: June 30, 2026</li>',
        '</ul>',
        '<p>Regards,<br>Contoso Cloud Partners</p>',
      ].join('\n'),
    );
    expect(rendered.text).toBe(
      [
        'Dear Tailspin Toys,',
        '',
        'Your subscription Microsoft Teams Rooms Pro (4 licences) ends on March 31, 2026.',
        'Your subscriptions:',
        '',
        '- Microsoft Teams Rooms Pro — Quantity: 4 · Ends: March 31, 2026',
        '- Microsoft 365 E3 — Quantity: 1,250 · Ends: June 30, 2026',
        '',
        'Regards,',
        'Contoso Cloud Partners',
      ].join('\n'),
    );
  });

  it('in Traditional Chinese', () => {
    const rendered = renderNotice({ subject: '{{customer.name}}：{{subscription.offerName}} 續約通知', body: BODY_ZH }, TAILSPIN, 'zh-TW');
    expect(rendered.locale).toBe('zh-TW');
    expect(rendered.subject).toBe('Tailspin Toys：Microsoft Teams Rooms Pro 續約通知');
    expect(rendered.html).toBe(
      [
        '<p>Tailspin Toys 您好：</p>',
        '<p>您的訂閱 Microsoft Teams Rooms Pro（4 個授權）將於 2026年3月31日 到期。</p>',
        '<ul>',
        '<li><strong>Microsoft Teams Rooms Pro</strong> — 數量：4 · 結束日期：2026年3月31日</li>',
        '<li><strong>Microsoft 365 E3</strong> — 數量：1,250 · 結束日期：2026年6月30日</li>',
        '</ul>',
        '<p>Contoso Cloud Partners 敬上</p>',
      ].join('\n'),
    );
    expect(rendered.text).toContain('- Microsoft 365 E3 — 數量：1,250 · 結束日期：2026年6月30日');
  });

  it('its HTML and text are renderMarkdown’s of its Markdown', () => {
    const rendered = renderNotice({ subject: 'x', body: BODY_EN }, TAILSPIN, 'en');
    expect({ html: rendered.html, text: rendered.text }).toEqual(renderMarkdown(rendered.markdown));
  });
});

describe('recipientLanguage', () => {
  it.each([
    ['zh-TW', 'en', 'zh-TW'],
    ['en', 'zh-TW', 'en'],
    [null, 'zh-TW', 'zh-TW'],
    [undefined, 'zh-TW', 'zh-TW'],
    [null, 'en', 'en'],
    [null, null, 'en'],
    [undefined, undefined, 'en'],
    ['zh_TW', 'zh-TW', 'zh-TW'],
    ['fr', null, 'en'],
  ] as const)('contact %s, customer %s → %s', (contact, customer, expected) => {
    expect(recipientLanguage({ language: contact as 'en' | null }, { preferredLanguage: customer })).toBe(expected);
  });

  it('without a contact or customer: English', () => {
    expect(recipientLanguage(null, null)).toBe('en');
    expect(recipientLanguage(undefined, { preferredLanguage: 'zh-TW' })).toBe('zh-TW');
  });
});

describe('selectRecipients', () => {
  const customers = [
    {
      id: 'tailspin',
      preferredLanguage: 'en' as const,
      contacts: [
        { id: 'c1', name: 'Ana', email: 'ana@tailspin.example', role: 'BILLING' as const, language: null },
        { id: 'c2', name: 'Ana', email: 'ANA@tailspin.example ', role: 'PRIMARY' as const, language: 'zh-TW' as const },
        { id: 'c3', name: 'Tom', email: 'tom@tailspin.example', role: 'TECHNICAL' as const },
        { id: 'c4', name: 'Lin', email: 'lin@tailspin.example', role: 'PRIMARY' as const, language: 'zh-TW' as const },
        { id: 'c5', name: 'No mail', email: '  ', role: 'BILLING' as const },
      ],
    },
    {
      id: 'litware',
      preferredLanguage: 'zh-TW' as const,
      contacts: [
        { id: 'c6', name: 'Chen', email: 'chen@litware.example', role: 'BILLING' as const },
        { id: 'c7', name: 'Ana again', email: 'ana@tailspin.example', role: 'BILLING' as const },
      ],
    },
  ];

  it('takes the contacts of the chosen roles, each address once, with their language', () => {
    expect(selectRecipients(customers, ['BILLING', 'PRIMARY'])).toEqual([
      { customerId: 'tailspin', contactId: 'c1', name: 'Ana', email: 'ana@tailspin.example', language: 'en' },
      { customerId: 'tailspin', contactId: 'c4', name: 'Lin', email: 'lin@tailspin.example', language: 'zh-TW' },
      { customerId: 'litware', contactId: 'c6', name: 'Chen', email: 'chen@litware.example', language: 'zh-TW' },
    ]);
  });

  it('takes nobody for no role, and only the role asked for', () => {
    expect(selectRecipients(customers, [])).toEqual([]);
    expect(selectRecipients(customers, ['TECHNICAL']).map((recipient) => recipient.contactId)).toEqual(['c3']);
  });
});

const CONTENT: NoticeContent = {
  en: {
    subject: 'Renewal for {{customer.name}}',
    body: 'Dear {{customer.name}}, {{subscription.offerName}} ends {{subscription.endDate}}.',
  },
  'zh-TW': { subject: '{{customer.name}} 續約通知', body: '{{customer.name}} 您好：{{subscriptions}}' },
};
const target = (overrides: Partial<NoticeTarget> = {}): NoticeTarget => ({
  customerId: 'tailspin',
  preferredLanguage: 'en',
  contacts: [{ language: null }],
  subscriptionCount: 1,
  ...overrides,
});

describe('checkLanguages and neededLanguages', () => {
  it('needs a subject and a body in each language a recipient reads', () => {
    const empty: NoticeContent = { en: { subject: ' ', body: '' }, 'zh-TW': { subject: '', body: '\n\t' } };
    expect(checkLanguages(empty, ['zh-TW'])).toEqual([
      { code: 'SUBJECT_REQUIRED', language: 'zh-TW' },
      { code: 'BODY_REQUIRED', language: 'zh-TW' },
    ]);
    expect(checkLanguages(empty, ['en', 'zh-TW']).map((error) => `${error.code}:${error.language}`)).toEqual([
      'SUBJECT_REQUIRED:en',
      'BODY_REQUIRED:en',
      'SUBJECT_REQUIRED:zh-TW',
      'BODY_REQUIRED:zh-TW',
    ]);
    expect(checkLanguages(empty, [])).toEqual([]);
    expect(checkLanguages({ ...empty, en: { subject: 'S', body: '' } }, ['en'])).toEqual([{ code: 'BODY_REQUIRED', language: 'en' }]);
    expect(checkLanguages(CONTENT, ['en', 'zh-TW'])).toEqual([]);
  });

  it('finds the languages from contacts, then customers', () => {
    expect(neededLanguages([])).toEqual([]);
    expect(neededLanguages([target()])).toEqual(['en']);
    expect(neededLanguages([target({ contacts: [{ language: 'zh-TW' }] })])).toEqual(['zh-TW']);
    expect(neededLanguages([target({ preferredLanguage: 'zh-TW', contacts: [{ language: null }, { language: 'en' }] })])).toEqual([
      'en',
      'zh-TW',
    ]);
    expect(neededLanguages([target({ contacts: [] })])).toEqual([]);
  });
});

describe('checkNotice', () => {
  it('passes a complete notice', () => {
    expect(checkNotice({ content: CONTENT, targets: [target(), target({ customerId: 'litware', preferredLanguage: 'zh-TW' })] })).toEqual(
      [],
    );
  });

  it('does not need a language nobody reads', () => {
    const content = { ...CONTENT, 'zh-TW': { subject: '', body: '' } };
    expect(checkNotice({ content, targets: [target()] })).toEqual([]);
    expect(checkNotice({ content, targets: [target({ contacts: [{ language: 'zh-TW' }] })] })).toEqual([
      { code: 'SUBJECT_REQUIRED', language: 'zh-TW' },
      { code: 'BODY_REQUIRED', language: 'zh-TW' },
    ]);
  });

  it('reports template errors in every language, with the language and field', () => {
    const content: NoticeContent = {
      en: { subject: 'Hi {{subscriptions}}', body: 'x {{custmer.name}}' },
      'zh-TW': { subject: '{{customer.name', body: '' },
    };
    expect(checkNotice({ content, targets: [target()] })).toEqual([
      { code: 'VARIABLE_NOT_ALLOWED_IN_SUBJECT', name: 'subscriptions', offset: 3, line: 1, column: 4, language: 'en', field: 'subject' },
      { code: 'UNKNOWN_VARIABLE', name: 'custmer.name', offset: 2, line: 1, column: 3, language: 'en', field: 'body' },
      { code: 'MALFORMED_VARIABLE', offset: 0, line: 1, column: 1, language: 'zh-TW', field: 'subject' },
    ]);
  });

  it('refuses a notice without a target, and a target without a recipient', () => {
    expect(checkNotice({ content: CONTENT, targets: [] })).toEqual([{ code: 'NO_TARGET' }]);
    expect(checkNotice({ content: CONTENT, targets: [target(), target({ customerId: 'proseware', contacts: [] })] })).toEqual([
      { code: 'TARGET_WITHOUT_RECIPIENT', customerId: 'proseware' },
    ]);
  });

  it('refuses a target without a subscription only when its language uses subscription variables', () => {
    const general: NoticeContent = {
      en: { subject: 'News', body: 'Hello {{customer.name}}' },
      'zh-TW': { subject: '消息', body: '{{subscriptions}}' },
    };
    expect(checkNotice({ content: general, targets: [target({ subscriptionCount: 0 })] })).toEqual([]);
    expect(checkNotice({ content: general, targets: [target({ subscriptionCount: 0, contacts: [{ language: 'zh-TW' }] })] })).toEqual([
      { code: 'TARGET_WITHOUT_SUBSCRIPTION', customerId: 'tailspin' },
    ]);
    expect(checkNotice({ content: CONTENT, targets: [target({ subscriptionCount: 0 })] })).toEqual([
      { code: 'TARGET_WITHOUT_SUBSCRIPTION', customerId: 'tailspin' },
    ]);
  });

  it('reports everything at once, in a stable order', () => {
    const content: NoticeContent = { en: { subject: '', body: '{{oops}}' }, 'zh-TW': { subject: '', body: '' } };
    const codes = checkNotice({
      content,
      targets: [
        target({ subscriptionCount: 0, contacts: [{ language: 'zh-TW' }, { language: 'en' }] }),
        target({ customerId: 'b', contacts: [] }),
      ],
    }).map((error) => error.code);
    expect(codes).toEqual(['UNKNOWN_VARIABLE', 'SUBJECT_REQUIRED', 'SUBJECT_REQUIRED', 'BODY_REQUIRED', 'TARGET_WITHOUT_RECIPIENT']);
  });
});

describe('the {{communication.*}} variables of a notice about a Microsoft communication', () => {
  const INCIDENT: TemplateContext = {
    ...TAILSPIN,
    communication: {
      externalId: 'EX123456',
      title: 'Users may see [delays] in *Exchange*',
      summary: 'Mail is delayed.\n\n# Not a heading',
      service: 'Exchange Online',
      status: 'serviceRestored',
      startAt: new Date('2026-03-31T18:05:00Z'),
    },
  };
  const TEXT =
    '{{communication.id}} | {{communication.title}} | {{communication.service}} | {{communication.status}} | {{communication.startDateTime}} | {{communication.summary}}';

  it('are filled from the communication in the recipient’s language, the time in UTC saying so', () => {
    expect(renderTemplate(TEXT, INCIDENT, 'en', 'subject')).toBe(
      'EX123456 | Users may see [delays] in *Exchange* | Exchange Online | Service restored | March 31, 2026 at 6:05 PM UTC | Mail is delayed. # Not a heading',
    );
    expect(renderTemplate(TEXT, INCIDENT, 'zh-TW', 'subject')).toBe(
      'EX123456 | Users may see [delays] in *Exchange* | Exchange Online | 服務已還原 | 2026年3月31日 下午6:05 [UTC] | Mail is delayed. # Not a heading',
    );
  });

  it('are escaped in a body like any value: Microsoft’s text adds no markup', () => {
    const rendered = renderNotice({ subject: 's', body: '{{communication.title}}\n\n{{communication.summary}}' }, INCIDENT, 'en');
    expect(rendered.html).not.toContain('<em>');
    expect(rendered.html).not.toContain('<h1>');
    expect(rendered.text).toContain('Users may see [delays] in *Exchange*');
  });

  it('show a status the portal does not know as it is, and are empty without a communication', () => {
    const unknown = { ...INCIDENT, communication: { ...INCIDENT.communication!, status: 'somethingNew' } };
    expect(renderTemplate('{{communication.status}}', unknown, 'zh-TW', 'subject')).toBe('somethingNew');
    expect(renderTemplate(TEXT, TAILSPIN, 'en', 'subject')).toBe('| | | | |');
    expect(renderTemplate('{{communication.title}}', { ...TAILSPIN, communication: null }, 'en')).toBe('');
  });

  it('are refused where there is no communication, clearly, and accepted where there is one', () => {
    expect(validateTemplate('Hi {{communication.title}}', 'subject')).toEqual([
      { code: 'VARIABLE_NEEDS_COMMUNICATION', name: 'communication.title', offset: 3, line: 1, column: 4 },
    ]);
    expect(validateTemplate('Hi {{communication.title}}', 'subject', { communication: true })).toEqual([]);
    expect(validateTemplate('{{Communication.Status}}', 'body', { communication: true })).toEqual([
      { code: 'UNKNOWN_VARIABLE', name: 'Communication.Status', suggestion: 'communication.status', offset: 0, line: 1, column: 1 },
    ]);
    const content: NoticeContent = { en: { subject: '{{communication.id}}', body: 'b' }, 'zh-TW': { subject: 's', body: 'b' } };
    const targets = [target()];
    expect(checkNotice({ content, targets })).toEqual([
      { code: 'VARIABLE_NEEDS_COMMUNICATION', name: 'communication.id', offset: 0, line: 1, column: 1, language: 'en', field: 'subject' },
    ]);
    expect(checkNotice({ content, targets, communication: true })).toEqual([]);
  });
});
