import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  UPDATE_MESSAGE_STATUS,
  bodyToText,
  categoryOfUpdateMessage,
  detectGraphKind,
  formatGraphError,
  graphDetails,
  parseGraphCommunications,
  type GraphParseResult,
  type MappedCommunication,
} from '@/lib/domain/graph-mapping';
import { MAX_RECORDS_PER_IMPORT } from '@/lib/schemas/graph';

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
      category: 'SERVICE_INCIDENT',
      title: 'Users may experience delays sending or receiving email',
      summary: 'Some users may see delays of up to an hour.',
      affectedService: 'Exchange Online',
      classification: 'incident',
      status: 'serviceDegradation',
      severity: null,
      startAt: new Date('2026-11-20T08:00:00Z'),
      endAt: null,
      lastModifiedAt: new Date('2026-11-20T10:30:00.123Z'),
      isResolved: false,
      affectedTenantIds: [TENANT_A],
    });
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
    expect(mapped).toMatchObject({ category: 'SERVICE_INCIDENT', classification: 'advisory', status: 'serviceRestored', isResolved: true });
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
      category: 'OPERATIONAL',
      title: 'Retirement of Exchange Web Services in Exchange Online',
      summary: 'EWS requests will be blocked after the retirement date.\nMove to Microsoft Graph & test.',
      affectedService: 'Exchange Online',
      classification: 'advisory',
      status: UPDATE_MESSAGE_STATUS,
      severity: 'high',
      startAt: new Date('2026-11-06T00:00:00Z'),
      endAt: new Date('2027-01-31T00:00:00Z'),
      lastModifiedAt: new Date('2026-11-15T12:00:00Z'),
      isResolved: false,
      affectedTenantIds: [TENANT_A, TENANT_B],
    });
    expect(UPDATE_MESSAGE_STATUS).toBe('serviceOperational');
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
  ] as const)('tags %j → %s', (tags, category) => {
    expect(categoryOfUpdateMessage(tags)).toBe(category);
    expect(only(parseGraphCommunications(message({ tags }))).category).toBe(category);
  });

  it('the services and Graph category never decide our category', () => {
    expect(only(parseGraphCommunications(message({ services: ['Azure'], category: 'stayInformed', tags: [] }))).category).toBe(
      'OPERATIONAL',
    );
    expect(only(parseGraphCommunications(message({ services: ['Billing'], tags: ['Admin impact'] }))).category).toBe('OPERATIONAL');
  });

  it('properties: without a billing or non-CSP tag a post is operational; a non-CSP tag always wins', () => {
    const special = new Set(['billing', 'licensing', 'pricing', 'non-csp', 'direct agreement', 'enterprise agreement']);
    const plainTag = fc.string().filter((tag) => !special.has(tag.trim().replace(/\s+/g, ' ').toLowerCase()));
    fc.assert(fc.property(fc.array(plainTag), (tags) => categoryOfUpdateMessage(tags) === 'OPERATIONAL'));
    fc.assert(
      fc.property(
        fc.array(fc.string()),
        fc.constantFrom('Non-CSP', 'Direct agreement', 'Enterprise Agreement'),
        fc.nat(),
        (tags, tag, at) => {
          const withTag = [...tags];
          withTag.splice(at % (tags.length + 1), 0, tag);
          return categoryOfUpdateMessage(withTag) === 'NON_CSP_PRODUCTS';
        },
      ),
    );
  });

  it('a text body stays as it is (spaces tidied)', () => {
    expect(
      only(parseGraphCommunications(message({ body: { contentType: 'text', content: '  Plain   <b>text</b>  \n\n\n next ' } }))).summary,
    ).toBe('Plain <b>text</b>\n\nnext');
  });
});

describe('bodyToText', () => {
  it('drops tags, scripts and styles and decodes entities', () => {
    expect(bodyToText('<style>p{}</style><p>A &lt;b&gt; &#39;c&#39; &#x4E2D;</p><script>alert(1)</script>', 'html')).toBe("A <b> 'c' 中");
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
    expect(envelope.ok && envelope.records.map((r) => r.category)).toEqual(['OPERATIONAL', 'SERVICE_INCIDENT']);
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
    ['an unknown status', issue({ status: 'onFire' }), 'status', 'must be one of "serviceOperational"'],
    [
      'an unknown classification',
      issue({ classification: 'unknownFutureValue' }),
      'classification',
      'must be one of "incident", "advisory"',
    ],
    ['an unknown severity', message({ severity: 'urgent' }), 'severity', 'must be one of "normal", "high", "critical" (got "urgent")'],
    ['a missing severity', message({ severity: undefined }), 'severity', 'is required'],
    ['a wrong type', issue({ isResolved: 'no' }), 'isResolved', 'must be a boolean'],
    ['a body without content type', message({ body: { content: 'x' } }), 'body.contentType', 'is required'],
    [
      'a body of another content type',
      message({ body: { content: 'x', contentType: 'markdown' } }),
      'body.contentType',
      'must be one of "text", "html"',
    ],
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
      message({ id: 'MC1', severity: 'x', startDateTime: 'y' }),
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
    });
    expect(graphDetails(only(parseGraphCommunications(message())).raw)).toEqual({
      updates: [],
      actionRequiredBy: new Date('2026-10-01T00:00:00Z'),
    });
  });

  it('skips what it cannot read', () => {
    expect(graphDetails(null)).toEqual({ updates: [], actionRequiredBy: null });
    expect(
      graphDetails({
        posts: [1, { createdDateTime: 'x', description: { content: 'a' } }, { createdDateTime: '2026-11-20T08:10:00Z' }],
        actionRequiredByDateTime: 'soon',
      }),
    ).toEqual({
      updates: [],
      actionRequiredBy: null,
    });
  });
});
