import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  UPDATE_MESSAGE_STATUS,
  formatGraphError,
  graphDetails,
  isOpen,
  parseGraphCommunications,
  parseGraphPage,
  type GraphParseResult,
  type MappedCommunication,
} from '@/lib/domain/graph-mapping';
import { detectGraphKind } from '@/lib/domain/graph-records';
import { bodyToText } from '@/lib/domain/graph-text';
import { DEFAULT_CATEGORY_RULES, baseCategory } from '@/lib/domain/communication-category';
import { MAX_RECORDS_PER_IMPORT } from '@/lib/schemas/graph';

/** The category the default rules give a mapped record. */
const categoryOf = (record: MappedCommunication) => baseCategory(record, DEFAULT_CATEGORY_RULES);

const TENANT_A = '6f2c1c0e-3b1d-4a8e-9f10-2d5e7b8c9a01';
const TENANT_B = '0b8e6a52-7c44-4d1f-8a3b-5e9f0c1d2e3f';

function issue(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'EX123456',
    title: 'Users may experience delays sending or receiving email',
    impactDescription: 'Some users may see delays of up to an hour.',
    classification: 'incident',
    status: 'serviceDegradation',
    service: 'Exchange Online',
    feature: 'E-Mail and calendar access',
    featureGroup: 'E-Mail and calendar access',
    origin: 'microsoft',
    startDateTime: '2026-11-20T08:00:00Z',
    endDateTime: null,
    lastModifiedDateTime: '2026-11-20T10:30:00.1234567Z',
    isResolved: false,
    details: [],
    posts: [
      {
        createdDateTime: '2026-11-20T08:10:00Z',
        postType: 'regular',
        description: { contentType: 'html', content: '<p>Title: Delays</p><p>User impact: users may see delays.</p>' },
      },
    ],
    affectedTenantIds: [TENANT_A],
    ...overrides,
  };
}

function message(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'MC654321',
    title: 'Retirement of Exchange Web Services in Exchange Online',
    category: 'planForChange',
    severity: 'high',
    services: ['Exchange Online'],
    tags: ['Retirement', 'Admin impact'],
    isMajorChange: true,
    actionRequiredByDateTime: '2026-10-01T00:00:00Z',
    body: {
      contentType: 'html',
      content: '<p>EWS requests will be <b>blocked</b> after the retirement date.</p><p>Move to Microsoft&nbsp;Graph &amp; test.</p>',
    },
    startDateTime: '2026-11-06T00:00:00Z',
    endDateTime: '2027-01-31T00:00:00Z',
    lastModifiedDateTime: '2026-11-15T12:00:00Z',
    details: [{ name: 'Platforms', value: 'Web' }],
    viewPoint: null,
    affectedTenantIds: [TENANT_A, TENANT_B],
    ...overrides,
  };
}

function only(result: GraphParseResult): MappedCommunication {
  if (!result.ok) throw new Error(`expected success, got ${result.errors.map(formatGraphError).join('\n')}`);
  expect(result.records).toHaveLength(1);
  return result.records[0]!;
}

function errorsOf(result: GraphParseResult) {
  if (result.ok) throw new Error('expected errors, got success');
  return result.errors;
}

describe('telling the two Graph shapes apart', () => {
  it('by @odata.type when present', () => {
    expect(detectGraphKind({ '@odata.type': '#microsoft.graph.serviceHealthIssue' })).toEqual({ kind: 'serviceHealthIssue' });
    expect(detectGraphKind({ '@odata.type': '#microsoft.graph.serviceUpdateMessage', service: 'x' })).toEqual({
      kind: 'serviceUpdateMessage',
    });
    expect(detectGraphKind({ '@odata.type': '#microsoft.graph.user' }).kind).toBeNull();
  });

  it('by the fields only one shape has', () => {
    expect(detectGraphKind(issue())).toEqual({ kind: 'serviceHealthIssue' });
    expect(detectGraphKind(message())).toEqual({ kind: 'serviceUpdateMessage' });
    expect(detectGraphKind({ id: 'X', service: 'Exchange Online' })).toEqual({ kind: 'serviceHealthIssue' });
    expect(detectGraphKind({ id: 'X', tags: [] })).toEqual({ kind: 'serviceUpdateMessage' });
  });

  it('refuses an object with fields of both shapes, or of neither', () => {
    const both = detectGraphKind({ ...issue(), services: ['Exchange Online'] });
    expect(both.kind).toBeNull();
    expect(both).toMatchObject({ problem: expect.stringContaining('both shapes') });
    const neither = detectGraphKind({ id: 'X', title: 'Y', startDateTime: '2026-11-20T08:00:00Z' });
    expect(neither.kind).toBeNull();
  });
});

describe('serviceHealthIssue → SERVICE_INCIDENT', () => {
  it('maps every field', () => {
    const mapped = only(parseGraphCommunications(issue()));
    const { raw, ...rest } = mapped;
    expect(rest).toEqual({
      kind: 'serviceHealthIssue',
      externalId: 'EX123456',
      title: 'Users may experience delays sending or receiving email',
      summary: 'Some users may see delays of up to an hour.',
      affectedService: 'Exchange Online',
      classification: 'incident',
      status: 'serviceDegradation',
      severity: null,
      messageCategory: null,
      services: ['Exchange Online'],
      tags: [],
      feature: 'E-Mail and calendar access',
      featureGroup: 'E-Mail and calendar access',
      isMajorChange: false,
      highImpact: false,
      actionRequiredBy: null,
      startAt: new Date('2026-11-20T08:00:00Z'),
      endAt: null,
      lastModifiedAt: new Date('2026-11-20T10:30:00.123Z'),
      isResolved: false,
      affectedTenantIds: [TENANT_A],
    });
    expect(categoryOf(mapped)).toBe('SERVICE_INCIDENT');
    // Stored as received, minus the tenant ids (kept as links).
    expect(raw).not.toHaveProperty('affectedTenantIds');
    expect(raw).toMatchObject({ id: 'EX123456', feature: 'E-Mail and calendar access', posts: [{ postType: 'regular' }] });
  });

  it('an advisory is still a service incident; resolved issues keep their end and status', () => {
    const mapped = only(
      parseGraphCommunications(
        issue({ classification: 'advisory', status: 'serviceRestored', isResolved: true, endDateTime: '2026-11-20T12:00:00+02:00' }),
      ),
    );
    expect(mapped).toMatchObject({ classification: 'advisory', status: 'serviceRestored', isResolved: true });
    expect(categoryOf(mapped)).toBe('SERVICE_INCIDENT');
    expect(mapped.endAt).toEqual(new Date('2026-11-20T10:00:00Z'));
  });

  it('without an impact description, the summary is the newest post in plain text', () => {
    const posts = [
      { createdDateTime: '2026-11-20T08:10:00Z', description: { contentType: 'text', content: 'First update.' } },
      {
        createdDateTime: '2026-11-20T09:10:00Z',
        description: { contentType: 'html', content: '<p>Second&nbsp;update: <i>fixed</i>.</p>' },
      },
    ];
    expect(only(parseGraphCommunications(issue({ impactDescription: null, posts }))).summary).toBe('Second update: fixed.');
    expect(only(parseGraphCommunications(issue({ impactDescription: undefined, posts: null }))).summary).toBe('');
  });

  it('lower-cases and de-duplicates the tenant ids', () => {
    const upper = TENANT_A.toUpperCase();
    expect(only(parseGraphCommunications(issue({ affectedTenantIds: [upper, TENANT_A, TENANT_B] }))).affectedTenantIds).toEqual([
      TENANT_A,
      TENANT_B,
    ]);
  });
});

describe('serviceUpdateMessage → OPERATIONAL, SUBSCRIPTION_BILLING or NON_CSP_PRODUCTS', () => {
  it('maps every field of an operational post', () => {
    const mapped = only(parseGraphCommunications(message()));
    const { raw, ...rest } = mapped;
    expect(rest).toEqual({
      kind: 'serviceUpdateMessage',
      externalId: 'MC654321',
      title: 'Retirement of Exchange Web Services in Exchange Online',
      summary: 'EWS requests will be blocked after the retirement date.\n\nMove to Microsoft Graph & test.',
      affectedService: 'Exchange Online',
      classification: 'advisory',
      status: UPDATE_MESSAGE_STATUS,
      severity: 'high',
      messageCategory: 'planForChange',
      services: ['Exchange Online'],
      tags: ['Retirement', 'Admin impact'],
      feature: null,
      featureGroup: null,
      isMajorChange: true,
      highImpact: false,
      actionRequiredBy: new Date('2026-10-01T00:00:00Z'),
      startAt: new Date('2026-11-06T00:00:00Z'),
      endAt: new Date('2027-01-31T00:00:00Z'),
      lastModifiedAt: new Date('2026-11-15T12:00:00Z'),
      isResolved: false,
      affectedTenantIds: [TENANT_A, TENANT_B],
    });
    expect(UPDATE_MESSAGE_STATUS).toBe('serviceOperational');
    expect(categoryOf(mapped)).toBe('OPERATIONAL');
    expect(raw).toMatchObject({ tags: ['Retirement', 'Admin impact'], actionRequiredByDateTime: '2026-10-01T00:00:00Z' });
    expect(raw).not.toHaveProperty('affectedTenantIds');
  });

  it('joins several services; none gives an empty service', () => {
    expect(only(parseGraphCommunications(message({ services: ['Microsoft Teams', 'SharePoint Online'] }))).affectedService).toBe(
      'Microsoft Teams, SharePoint Online',
    );
    expect(only(parseGraphCommunications(message({ services: null }))).affectedService).toBe('');
  });

  it.each([
    [['Billing'], 'SUBSCRIPTION_BILLING'],
    [['Licensing'], 'SUBSCRIPTION_BILLING'],
    [['Pricing', 'Admin impact'], 'SUBSCRIPTION_BILLING'],
    [['  BILLING  '], 'SUBSCRIPTION_BILLING'],
    [['Non-CSP'], 'NON_CSP_PRODUCTS'],
    [['direct  agreement'], 'NON_CSP_PRODUCTS'],
    [['Enterprise Agreement', 'Billing'], 'NON_CSP_PRODUCTS'],
    [
      ['Admin impact', 'User impact', 'Feature update', 'New feature', 'Retirement', 'Updated message', 'Data privacy', 'Major update'],
      'OPERATIONAL',
    ],
    [[], 'OPERATIONAL'],
    [null, 'OPERATIONAL'],
    [['Billing portal'], 'OPERATIONAL'],
  ] as const)('tags %j → %s (default rules)', (tags, category) => {
    expect(categoryOf(only(parseGraphCommunications(message({ tags }))))).toBe(category);
  });

  it('the services and Graph category never decide the category under the default rules', () => {
    expect(categoryOf(only(parseGraphCommunications(message({ services: ['Azure'], category: 'stayInformed', tags: [] }))))).toBe(
      'OPERATIONAL',
    );
    expect(categoryOf(only(parseGraphCommunications(message({ services: ['Billing'], tags: ['Admin impact'] }))))).toBe('OPERATIONAL');
  });

  it('a text body stays as it is (spaces tidied)', () => {
    expect(
      only(parseGraphCommunications(message({ body: { contentType: 'text', content: '  Plain   <b>text</b>  \n\n\n next ' } }))).summary,
    ).toBe('Plain <b>text</b>\n\nnext');
  });

  it('a post ends at its endDateTime, else at its expiryDateTime', () => {
    expect(only(parseGraphCommunications(message({ endDateTime: null, expiryDateTime: '2027-03-01T00:00:00Z' }))).endAt).toEqual(
      new Date('2027-03-01T00:00:00Z'),
    );
    expect(only(parseGraphCommunications(message({ expiryDateTime: '2027-03-01T00:00:00Z' }))).endAt).toEqual(
      new Date('2027-01-31T00:00:00Z'),
    );
    expect(only(parseGraphCommunications(message({ endDateTime: null, expiryDateTime: null }))).endAt).toBeNull();
  });
});

describe('bodyToText (html-to-text)', () => {
  it('drops tags, scripts and styles and decodes entities', () => {
    expect(bodyToText('<style>p{}</style><p>A &lt;b&gt; &#39;c&#39; &#x4E2D;</p><script>alert(1)</script>', 'html')).toBe("A <b> 'c' 中");
  });

  it('keeps paragraphs, line breaks, lists and links readable', () => {
    const html =
      '<p>Steps:</p><ul><li>Open the <a href="https://admin.microsoft.com">admin center</a></li><li><a href="https://learn.microsoft.com/x">https://learn.microsoft.com/x</a></li></ul>' +
      '<ol><li>one</li><li>two</li></ol><h2>Next steps</h2><p>end<br>line</p><img src="https://x.example/a.png" alt="diagram">';
    expect(bodyToText(html, 'html')).toBe(
      'Steps:\n\n* Open the admin center [https://admin.microsoft.com]\n* https://learn.microsoft.com/x\n\n 1. one\n 2. two\n\nNext steps\n\nend\nline',
    );
  });

  it('reads the content type in any letter case, and keeps the line breaks of a plain body marked as HTML', () => {
    expect(bodyToText('<p>One</p><p>Two</p>', 'Html')).toBe('One\n\nTwo');
    // Graph's own example: a plain text body with line breaks, marked "Html".
    expect(bodyToText('Title: Limited number\n\nUser Impact: Users may be unable', 'Html')).toBe(
      'Title: Limited number\n\nUser Impact: Users may be unable',
    );
  });

  it('cuts very long bodies', () => {
    const text = bodyToText('x'.repeat(10_000), 'text');
    expect(text.length).toBe(4000);
    expect(text.endsWith('…')).toBe(true);
  });
});

describe('the file: one object, an array, or { value: [ … ] }', () => {
  it('accepts all three forms, and an empty collection', () => {
    expect(only(parseGraphCommunications(issue())).externalId).toBe('EX123456');
    const array = parseGraphCommunications([issue(), message()]);
    expect(array.ok && array.records.map((r) => r.externalId)).toEqual(['EX123456', 'MC654321']);
    const envelope = parseGraphCommunications({
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#…',
      value: [message(), issue()],
    });
    expect(envelope.ok && envelope.records.map(categoryOf)).toEqual(['OPERATIONAL', 'SERVICE_INCIDENT']);
    expect(parseGraphCommunications({ value: [] })).toEqual({ ok: true, records: [] });
    expect(parseGraphCommunications([])).toEqual({ ok: true, records: [] });
  });

  it('refuses anything else, naming the problem', () => {
    for (const input of [null, 'text', 42, true]) {
      const [error] = errorsOf(parseGraphCommunications(input));
      expect(formatGraphError(error!)).toBe('The file must be a JSON object, an array of objects, or { "value": [ … ] }.');
    }
    const [value] = errorsOf(parseGraphCommunications({ value: 'nope' }));
    expect(formatGraphError(value!)).toBe(
      'The file\'s field "value" must be an array of serviceHealthIssue or serviceUpdateMessage objects.',
    );
  });

  it('refuses more records than one import may hold', () => {
    const many = Array.from({ length: MAX_RECORDS_PER_IMPORT + 1 }, (_, i) => issue({ id: `EX${i}` }));
    const [error] = errorsOf(parseGraphCommunications(many));
    expect(formatGraphError(error!)).toContain(`at most ${MAX_RECORDS_PER_IMPORT}`);
  });
});

describe('bad records: a clear error naming the record and the field, and nothing mapped', () => {
  it.each([
    ['a missing required field', issue({ startDateTime: undefined }), 'startDateTime', 'is required'],
    ['a missing title', message({ title: undefined }), 'title', 'is required'],
    ['an empty title', issue({ title: '   ' }), 'title', 'must not be empty'],
    ['a date without a time zone', issue({ startDateTime: '2026-11-20T08:00:00' }), 'startDateTime', 'must be an ISO 8601 date-time'],
    ['a date that is not one', message({ lastModifiedDateTime: 'yesterday' }), 'lastModifiedDateTime', 'must be an ISO 8601 date-time'],
    ['a status that is not text', issue({ status: 3 }), 'status', 'must be a string'],
    ['a missing severity', message({ severity: undefined }), 'severity', 'is required'],
    ['a wrong type', issue({ isResolved: 'no' }), 'isResolved', 'must be a boolean'],
    ['a body without content type', message({ body: { content: 'x' } }), 'body.contentType', 'is required'],
    ['a bad post date', issue({ posts: [{ createdDateTime: 'soon' }] }), 'posts[0].createdDateTime', 'must be an ISO 8601 date-time'],
    ['no affected tenants list', issue({ affectedTenantIds: undefined }), 'affectedTenantIds', 'is required'],
    [
      'a tenant id that is not a GUID',
      message({ affectedTenantIds: [TENANT_A, 'contoso.onmicrosoft.com'] }),
      'affectedTenantIds[1]',
      'must be a tenant id (GUID)',
    ],
    ['a tags list that is not one', message({ tags: 'Billing' }), 'tags', 'must be an array'],
  ])('%s', (_label, record, field, problem) => {
    const errors = errorsOf(parseGraphCommunications([issue({ id: 'EX000001' }), record]));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ index: 1, id: record.id, field });
    expect(errors[0]!.problem).toContain(problem);
    expect(formatGraphError(errors[0]!)).toBe(`Record 1 (id ${JSON.stringify(record.id)}), field "${field}": ${errors[0]!.problem}.`);
  });

  it('a record without a usable id is named by its index', () => {
    const errors = errorsOf(parseGraphCommunications([message(), issue({ id: '' })]));
    expect(errors[0]).toMatchObject({ index: 1, id: null, field: 'id', problem: 'must not be empty' });
    expect(formatGraphError(errors[0]!)).toBe('Record 1, field "id": must not be empty.');
  });

  it('a record that is not an object, or of neither shape', () => {
    const errors = errorsOf(
      parseGraphCommunications([42, { id: 'X1', title: 'Nothing else' }, { ...issue({ id: 'X2' }), body: message().body }]),
    );
    expect(errors.map((e) => [e.index, e.id, e.field])).toEqual([
      [0, null, '(record)'],
      [1, 'X1', '(record)'],
      [2, 'X2', '(record)'],
    ]);
    expect(formatGraphError(errors[0]!)).toBe('Record 0 must be a JSON object.');
    expect(formatGraphError(errors[1]!)).toMatch(/^Record 1 \(id "X1"\) is neither a serviceHealthIssue/);
    expect(errors[2]!.problem).toContain('both shapes');
  });

  it('an unknown @odata.type is named as the field', () => {
    const [error] = errorsOf(parseGraphCommunications({ ...message(), '@odata.type': '#microsoft.graph.message' }));
    expect(error).toMatchObject({ index: 0, id: 'MC654321', field: '@odata.type' });
  });

  it('the same Graph id twice in a file is refused (the second would silently overwrite the first)', () => {
    const errors = errorsOf(parseGraphCommunications([issue(), message(), issue({ title: 'Another title' })]));
    expect(errors).toEqual([
      { index: 2, id: 'EX123456', field: 'id', problem: "is the same as record 0's; each Graph id may appear only once in a file" },
    ]);
  });

  it('reports every problem of every record, and maps nothing when one record is bad', () => {
    const result = parseGraphCommunications([
      issue(),
      message({ id: 'MC1', severity: 5, startDateTime: 'y' }),
      issue({ id: 'EX2', service: 7 }),
    ]);
    const errors = errorsOf(result);
    expect(errors.map((e) => `${e.index}/${e.id}/${e.field}`)).toEqual(['1/MC1/severity', '1/MC1/startDateTime', '2/EX2/service']);
    expect(result).not.toHaveProperty('records');
  });

  it('never throws, whatever the JSON (fuzz)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = parseGraphCommunications(value);
        if (!result.ok) for (const error of result.errors) expect(typeof formatGraphError(error)).toBe('string');
      }),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...Object.keys(issue()), ...Object.keys(message())), fc.jsonValue()), (record) => {
        parseGraphCommunications([record]);
      }),
    );
  });
});

describe('graphDetails: what the detail page shows from the stored Graph object', () => {
  it('lists the posts newest first in plain text, and the act-by date', () => {
    const stored = only(
      parseGraphCommunications(
        issue({
          posts: [
            { createdDateTime: '2026-11-20T08:10:00Z', description: { contentType: 'html', content: '<p>First</p>' } },
            { createdDateTime: '2026-11-20T09:10:00Z', description: { contentType: 'text', content: 'Second' } },
            { createdDateTime: '2026-11-20T07:00:00Z', description: { contentType: 'html', content: '<p> </p>' } },
          ],
        }),
      ),
    ).raw;
    expect(graphDetails(stored)).toEqual({
      updates: [
        { createdAt: new Date('2026-11-20T09:10:00Z'), text: 'Second' },
        { createdAt: new Date('2026-11-20T08:10:00Z'), text: 'First' },
      ],
      actionRequiredBy: null,
      details: [],
    });
    expect(graphDetails(only(parseGraphCommunications(message())).raw)).toEqual({
      updates: [],
      actionRequiredBy: new Date('2026-10-01T00:00:00Z'),
      details: [{ name: 'Platforms', value: 'Web' }],
    });
  });

  it('skips what it cannot read', () => {
    expect(graphDetails(null)).toEqual({ updates: [], actionRequiredBy: null, details: [] });
    expect(
      graphDetails({
        posts: [1, { createdDateTime: 'x', description: { content: 'a' } }, { createdDateTime: '2026-11-20T08:10:00Z' }],
        actionRequiredByDateTime: 'soon',
        details: [1, { name: 'x' }, { name: ' ', value: 'y' }, { name: 'BlogLink', value: 'https://x.example' }],
      }),
    ).toEqual({
      updates: [],
      actionRequiredBy: null,
      details: [{ name: 'BlogLink', value: 'https://x.example' }],
    });
  });
});

// Shapes as Microsoft's documentation and PowerShell exports show them (PascalCase enum values,
// expiryDateTime, plain text marked as Html), as the wire sends them, and what Graph may add later.
const DOC_ISSUE = {
  startDateTime: '2020-11-13T21:00:00Z',
  endDateTime: '2020-11-14T17:15:00Z',
  lastModifiedDateTime: '2020-11-14T18:20:24.767Z',
  title: 'Limited number of users unable to send or receive email through the Exchange Online service',
  id: 'EX226792',
  impactDescription: 'Users may have been unable to send or receive email through the Exchange Online service.',
  classification: 'Incident',
  origin: 'Microsoft',
  status: 'ServiceRestored',
  service: 'Exchange Online',
  feature: 'Mailflow - delayed delivery from Internet',
  featureGroup: 'E-Mail timely delivery',
  isResolved: true,
  details: [{ name: 'NotifyInApp', value: 'True' }],
  posts: [
    {
      createdDateTime: '2020-11-12T07:07:38.97Z',
      postType: 'Regular',
      description: { contentType: 'Html', content: 'Title: Limited number of users\n\nUser Impact: Users may be unable to send email.' },
    },
  ],
};

const DOC_MESSAGE = {
  startDateTime: '2019-02-01T18:51:00Z',
  endDateTime: '2019-06-01T08:00:00Z',
  lastModifiedDateTime: '2021-01-08T01:10:06.843Z',
  title: '(Updated) New feature: Changes to PowerPoint and Word to open files faster',
  id: 'MC172851',
  category: 'StayInformed',
  severity: 'Normal',
  tags: ['Updated message'],
  isMajorChange: true,
  actionRequiredByDateTime: null,
  services: ['SharePoint Online', 'OneDrive for Business'],
  expiryDateTime: null,
  details: [{ name: 'ExternalLink', value: 'https://support.office.com/article/office-document-cache-settings' }],
  body: { contentType: 'Html', content: 'Updated January 07, 2021: we have made the decision to make additional changes.' },
  viewPoint: null,
};

describe('real payloads: what Microsoft actually sends and writes', () => {
  it("reads Microsoft's documented examples (PascalCase values), stored in the wire's camelCase", () => {
    const [issueMapped, messageMapped] = parseGraphPage([DOC_ISSUE, DOC_MESSAGE], TENANT_A).records;
    expect(issueMapped).toMatchObject({
      kind: 'serviceHealthIssue',
      classification: 'incident',
      status: 'serviceRestored',
      isResolved: true,
      feature: 'Mailflow - delayed delivery from Internet',
      affectedTenantIds: [TENANT_A],
    });
    expect(graphDetails(issueMapped!.raw).updates[0]!.text).toBe(
      'Title: Limited number of users\n\nUser Impact: Users may be unable to send email.',
    );
    expect(messageMapped).toMatchObject({
      kind: 'serviceUpdateMessage',
      messageCategory: 'stayInformed',
      severity: 'normal',
      isMajorChange: true,
      services: ['SharePoint Online', 'OneDrive for Business'],
      tags: ['Updated message'],
      endAt: new Date('2019-06-01T08:00:00Z'),
    });
    expect(graphDetails(messageMapped!.raw).details).toEqual([
      { name: 'ExternalLink', value: 'https://support.office.com/article/office-document-cache-settings' },
    ]);
  });

  it.each([
    ['camelCase', { classification: 'advisory', status: 'serviceDegradation' }, 'advisory', 'serviceDegradation'],
    ['PascalCase', { classification: 'Advisory', status: 'ServiceDegradation' }, 'advisory', 'serviceDegradation'],
    ['any case', { classification: 'INCIDENT', status: 'extendedrecovery' }, 'incident', 'extendedRecovery'],
    ['unknownFutureValue', { classification: 'unknownFutureValue', status: 'unknownFutureValue' }, 'unknown', 'unknown'],
    ['a value added later', { classification: 'outage', status: 'partiallyRestored' }, 'unknown', 'unknown'],
  ])('issue enums in %s', (_label, values, classification, status) => {
    expect(only(parseGraphCommunications(issue(values)))).toMatchObject({ classification, status });
  });

  it.each([
    ['PascalCase', { category: 'PlanForChange', severity: 'High', body: { contentType: 'Text', content: 'x' } }, 'planForChange', 'high'],
    ['unknownFutureValue', { category: 'unknownFutureValue', severity: 'unknownFutureValue' }, 'unknown', 'unknown'],
    ['a value added later', { category: 'retire', severity: 'urgent' }, 'unknown', 'unknown'],
  ])('post enums in %s', (_label, values, messageCategory, severity) => {
    expect(only(parseGraphCommunications(message(values)))).toMatchObject({ messageCategory, severity });
  });

  it('a body content type Graph may add later is read as text; one unknown value never fails the file', () => {
    expect(only(parseGraphCommunications(message({ body: { contentType: 'markdown', content: '*a*  b' } }))).summary).toBe('*a* b');
    const file = parseGraphCommunications([issue({ status: 'unknownFutureValue' }), message({ severity: 'unknownFutureValue' })]);
    expect(file.ok && file.records).toHaveLength(2);
  });

  it('keeps highImpact (Graph beta and exports) and tells it apart from a missing one', () => {
    expect(only(parseGraphCommunications(issue({ highImpact: true }))).highImpact).toBe(true);
    expect(only(parseGraphCommunications(issue())).highImpact).toBe(false);
  });

  it('opens healthOverviews ($expand=issues): their issues are imported, each with the overview tenants unless it has its own', () => {
    const overviews = {
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#admin/serviceAnnouncement/healthOverviews(issues())',
      value: [
        {
          '@odata.type': '#microsoft.graph.serviceHealth',
          id: 'Exchange',
          service: 'Exchange Online',
          status: 'serviceDegradation',
          affectedTenantIds: [TENANT_A],
          issues: [issue({ affectedTenantIds: undefined }), issue({ id: 'EX2', affectedTenantIds: [TENANT_B] })],
        },
        { id: 'Teams', service: 'Microsoft Teams', status: 'serviceOperational', issues: [] },
      ],
    };
    const result = parseGraphCommunications(overviews);
    if (!result.ok) throw new Error(result.errors.map(formatGraphError).join('\n'));
    expect(result.records.map((r) => [r.externalId, r.affectedTenantIds])).toEqual([
      ['EX123456', [TENANT_A]],
      ['EX2', [TENANT_B]],
    ]);
  });

  it('names where a bad issue inside an overview is', () => {
    const [error] = errorsOf(
      parseGraphCommunications({ value: [{ service: 'Exchange Online', status: 'x', issues: [issue({ title: '' })] }] }),
    );
    expect(formatGraphError(error!)).toBe('Record 0 (value[0].issues[0]) (id "EX123456"), field "title": must not be empty.');
  });

  it('says that an overview without its issues needs $expand=issues', () => {
    const [error] = errorsOf(
      parseGraphCommunications({ value: [{ id: 'Exchange', service: 'Exchange Online', status: 'serviceOperational' }] }),
    );
    expect(error!.problem).toContain('$expand=issues');
  });

  it('says that a Graph error response is one, with its code', () => {
    const [error] = errorsOf(
      parseGraphCommunications({
        error: { code: 'Forbidden', message: 'Caller does not have access.', innerError: { 'request-id': 'r' } },
      }),
    );
    expect(formatGraphError(error!)).toBe(
      'The file\'s field "error" is a Microsoft Graph error response ("Forbidden: Caller does not have access."), not service communications: the request that produced it failed.',
    );
  });

  it('says that attachments are not posts, as a list or one by one', () => {
    const attachment = {
      id: 'a1',
      name: 'plan.pdf',
      contentType: 'application/pdf',
      size: 1234,
      lastModifiedDateTime: '2026-11-20T08:00:00Z',
    };
    const [list] = errorsOf(
      parseGraphCommunications({
        '@odata.context': "https://graph.microsoft.com/v1.0/$metadata#admin/serviceAnnouncement/messages('MC1')/attachments",
        value: [attachment],
      }),
    );
    expect(list!.problem).toContain('list of message attachments');
    const [one] = errorsOf(
      parseGraphCommunications([message(), { '@odata.type': '#microsoft.graph.serviceAnnouncementAttachment', ...attachment }]),
    );
    expect(one).toMatchObject({ index: 1, id: 'a1' });
    expect(one!.problem).toContain('attachment of a message-center post');
    // A post that has attachments is still a post.
    expect(only(parseGraphCommunications(message({ hasAttachments: true }))).externalId).toBe('MC654321');
  });

  it('a page the connector read: records of the tenant, without affectedTenantIds; bad ones reported, the rest kept', () => {
    const { affectedTenantIds: _a, ...plainIssue } = issue();
    const { affectedTenantIds: _b, ...plainMessage } = message();
    const page = parseGraphPage([plainIssue, { ...plainMessage, startDateTime: 'never' }, plainMessage, plainIssue], TENANT_B);
    expect(page.records.map((r) => [r.externalId, r.affectedTenantIds])).toEqual([
      ['EX123456', [TENANT_B]],
      ['MC654321', [TENANT_B]],
    ]);
    expect(page.errors).toEqual([expect.objectContaining({ index: 1, id: 'MC654321', field: 'startDateTime' })]);
  });
});

describe('isOpen: an issue until resolved, a post until its end', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  it.each([
    ['an unresolved issue', { kind: 'serviceHealthIssue', isResolved: false, endAt: new Date('2026-11-01T00:00:00Z') }, true],
    ['a resolved issue', { kind: 'serviceHealthIssue', isResolved: true, endAt: null }, false],
    ['a post without an end', { kind: 'serviceUpdateMessage', isResolved: false, endAt: null }, true],
    ['a post ending later', { kind: 'serviceUpdateMessage', isResolved: false, endAt: new Date('2026-12-02T00:00:00Z') }, true],
    ['a post whose end has passed', { kind: 'serviceUpdateMessage', isResolved: false, endAt: new Date('2026-11-30T00:00:00Z') }, false],
    ['a post ending right now', { kind: 'serviceUpdateMessage', isResolved: false, endAt: now }, false],
  ] as const)('%s', (_label, item, open) => {
    expect(isOpen(item, now)).toBe(open);
  });
});
