import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isDomain, isEmail, isIsoDate, isTenantId, isTermCycleAllowed } from '@/lib/domain/customer-import/fields';
import { parseImportDate, parseRelationship } from '@/lib/domain/customer-import/cell-values';
import { mapColumns, type ImportKind } from '@/lib/domain/customer-import/columns';
import type { ImportIssue } from '@/lib/domain/customer-import/issues';
import { validateImportFile } from '@/lib/domain/customer-import/validate';
import {
  planImport,
  planSignature,
  referencedKeys,
  type ExistingContact,
  type ExistingCustomer,
  type ExistingSubscription,
  type ImportContext,
} from '@/lib/domain/customer-import/plan';

const T1 = '0c7d5c6e-3f51-4b8e-9a3e-6a1f2b4c8d01';
const T2 = '1d8e6d7f-4062-4c9f-8b4f-7b2a3c5d9e02';
const T3 = '2e9f7e80-5173-4da0-9c50-8c3b4d6eaf03';

const CUSTOMER_HEADER = 'Microsoft ID,Company name,Primary domain name,Relationship,Cloud,Language';
const csv = (...lines: string[]) => lines.join('\r\n');

/** The problems as `line:column code` (column "-" when the problem is not one cell). */
function where(issues: readonly ImportIssue[]): string[] {
  return issues.map((issue) => `${issue.line}:${issue.column ?? '-'} ${issue.code}`);
}
function validate(kind: ImportKind, text: string) {
  return validateImportFile(kind, text);
}

describe('field rules shared with the forms', () => {
  it('tenant ids are GUIDs', () => {
    expect(isTenantId(T1)).toBe(true);
    expect(isTenantId(T1.toUpperCase())).toBe(true);
    expect(isTenantId(`{${T1}}`)).toBe(false);
    expect(isTenantId(T1.replaceAll('-', ''))).toBe(false);
    expect(isTenantId('not-a-guid')).toBe(false);
  });

  it('domains are host names without scheme, path or trailing dot', () => {
    for (const good of ['contoso.com', 'northwind-traders.example', 'a.b.c.co.uk', 'xn--fiqs8s.xn--kprw13d'])
      expect(isDomain(good), good).toBe(true);
    for (const bad of [
      'https://contoso.com',
      'contoso',
      'contoso.com/',
      '-contoso.com',
      'contoso..com',
      'con toso.com',
      'Contoso.com',
      'contoso.c',
    ]) {
      expect(isDomain(bad), bad).toBe(false);
    }
    expect(isDomain(`${'a'.repeat(64)}.com`)).toBe(false);
  });

  it('emails', () => {
    expect(isEmail('nancy.davolio@northwindtraders.example')).toBe(true);
    expect(isEmail('first+tag@Contoso.COM')).toBe(true);
    for (const bad of [
      'nancy',
      '@contoso.com',
      'nancy@',
      'nancy@contoso',
      'a..b@contoso.com',
      '.a@contoso.com',
      'a b@contoso.com',
      `${'a'.repeat(65)}@contoso.com`,
    ]) {
      expect(isEmail(bad), bad).toBe(false);
    }
  });

  it('dates are real calendar dates written YYYY-MM-DD', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-1-01')).toBe(false);
    expect(isIsoDate('1899-12-31')).toBe(false);
    expect(parseImportDate('2026/3/1')).toBe('2026-03-01');
    expect(parseImportDate('2026-03-01T00:00:00Z')).toBe('2026-03-01');
    expect(parseImportDate('2026-03-01 08:30:00+08:00')).toBe('2026-03-01');
    expect(parseImportDate('01/03/2026')).toBeNull();
    expect(parseImportDate('2026-02-30')).toBeNull();
  });

  it('a one-month term is billed monthly only', () => {
    expect(isTermCycleAllowed('P1M', 'MONTHLY')).toBe(true);
    expect(isTermCycleAllowed('P1M', 'ANNUAL')).toBe(false);
    expect(isTermCycleAllowed('P1Y', 'ANNUAL')).toBe(true);
    expect(isTermCycleAllowed('P3Y', 'MONTHLY')).toBe(true);
  });

  it("reads Partner Center's relationship lists", () => {
    expect(parseRelationship('Reseller')).toBe('RESELLER');
    expect(parseRelationship('reseller relationship')).toBe('RESELLER');
    expect(parseRelationship('Indirect reseller')).toBe('RESELLER');
    expect(parseRelationship('Advisor')).toBe('ADVISOR');
    expect(parseRelationship('Reseller, Delegated admin')).toBe('RESELLER');
    expect(parseRelationship('Delegated admin; Advisor')).toBe('ADVISOR');
    expect(parseRelationship('Advisor | Reseller')).toBe('RESELLER');
    expect(parseRelationship('經銷商')).toBe('RESELLER');
    expect(parseRelationship('Delegated admin')).toBeNull();
    expect(parseRelationship('Partner')).toBeNull();
    expect(parseRelationship('Reseller, Friend')).toBeNull();
    expect(parseRelationship('')).toBeNull();
  });
});

describe('columns', () => {
  it('maps Partner Center names and aliases without case or punctuation, listing the ignored ones', () => {
    const { columns, ignored, issues } = mapColumns('customers', [
      'microsoft id',
      'COMPANY NAME',
      'Primary Domain Name',
      'Relationship',
      'Tags',
      '',
    ]);
    expect(issues).toEqual([]);
    expect(columns.tenantId).toEqual({ index: 0, header: 'microsoft id' });
    expect(columns.domain?.index).toBe(2);
    expect(ignored).toEqual(['Tags']);
    expect(mapColumns('customers', ['Tenant_ID', 'Company', 'Domain', 'Relationships']).issues).toEqual([]);
    expect(mapColumns('customers', ['租用戶識別碼', '公司名稱', '主要網域名稱', '關係', '雲端', '語言']).issues).toEqual([]);
  });

  it('reports every missing required column and a duplicate column with its position', () => {
    const result = mapColumns('customers', ['Microsoft ID', 'Company name', 'Tenant ID']);
    expect(where(result.issues)).toEqual(['1:3 duplicateColumn', '1:- missingColumn', '1:- missingColumn']);
    expect(result.issues[0]?.params).toEqual({ firstColumn: 1 });
    expect(result.issues.slice(1).map((i) => i.params?.name)).toEqual(['Primary domain name', 'Relationship']);
  });

  it('contacts and subscriptions need a tenant id or a domain column', () => {
    expect(where(mapColumns('contacts', ['Name', 'Email', 'Role']).issues)).toEqual(['1:- missingCustomerColumn']);
    expect(mapColumns('contacts', ['Customer domain', 'Name', 'Email', 'Role']).issues).toEqual([]);
    expect(
      mapColumns('subscriptions', ['Microsoft ID', 'Offer name', 'Quantity', 'Term', 'Billing cycle', 'Start date', 'Commitment end date'])
        .issues,
    ).toEqual([]);
  });
});

describe('validateImportFile', () => {
  it('accepts a good customers file and normalises its values', () => {
    const result = validate(
      'customers',
      csv(
        CUSTOMER_HEADER,
        `${T1.toUpperCase()},  Northwind   Traders ,NorthwindTraders.example.,"Reseller, Delegated admin",US Government,zh-Hant`,
        `${T2},Fourth Coffee,fourthcoffee.example,advisor,,`,
      ),
    );
    expect(result.issues).toEqual([]);
    expect(result.rowCount).toBe(2);
    expect(result.file).toEqual({
      kind: 'customers',
      rows: [
        {
          line: 2,
          tenantId: T1,
          companyName: 'Northwind Traders',
          domain: 'northwindtraders.example',
          relationshipToPartner: 'RESELLER',
          cloud: 'US_GOVERNMENT',
          preferredLanguage: 'zh-TW',
        },
        {
          line: 3,
          tenantId: T2,
          companyName: 'Fourth Coffee',
          domain: 'fourthcoffee.example',
          relationshipToPartner: 'ADVISOR',
          cloud: null,
          preferredLanguage: null,
        },
      ],
    });
  });

  it('reports every bad cell of a customers file by line and column, with its value', () => {
    const result = validate(
      'customers',
      csv(
        CUSTOMER_HEADER,
        `${T1},,contoso.com,Reseller,Public,en`, // 2: company name empty
        `not-a-guid,Contoso,contoso.com,Reseller,Public,en`, // 3: tenant id
        `${T2},Contoso,https://contoso.com,Partner,Mars,fr`, // 4: domain, relationship, cloud, language
        `${T1},Again,again.example,Reseller,,`, // 5: duplicate tenant id of line 2
        `${T3},${'x'.repeat(201)},x.example,Reseller,,`, // 6: too long
        `${T3.replace('2e', '3e')},Bad\u0007Name,x.example,Reseller,,,extra`, // 7: control character, extra field
      ),
    );
    expect(where(result.issues)).toEqual([
      '2:2 required',
      '3:1 tenantIdInvalid',
      '4:3 domainInvalid',
      '4:4 relationshipInvalid',
      '4:5 cloudInvalid',
      '4:6 languageInvalid',
      '5:1 duplicateInFile',
      '6:2 tooLong',
      '7:7 extraFields',
      '7:2 controlCharacters',
    ]);
    const byCode = Object.fromEntries(result.issues.map((issue) => [issue.code, issue]));
    expect(byCode.tenantIdInvalid).toMatchObject({ header: 'Microsoft ID', value: 'not-a-guid' });
    expect(byCode.relationshipInvalid).toMatchObject({ header: 'Relationship', value: 'Partner' });
    expect(byCode.duplicateInFile?.params).toEqual({ firstLine: 2 });
    expect(byCode.tooLong?.params).toEqual({ limit: 200 });
    expect(byCode.tooLong?.value?.endsWith('…')).toBe(true);
    expect(byCode.extraFields).toMatchObject({ value: 'extra', params: { columns: 6 } });
    // Rows with a problem are left out; a file with problems must not be applied.
    expect(result.file.rows).toEqual([]);
  });

  it('counts lines as the file has them: multi-line quoted values and blank lines', () => {
    const result = validate(
      'customers',
      csv(CUSTOMER_HEADER, '', `${T1},"Line one`, `line two",a.example,Reseller,,`, '', `${T2},B,bad domain,Reseller,,`),
    );
    expect(where(result.issues)).toEqual(['6:3 domainInvalid']);
  });

  it('reports the parser’s problems with their line, and empty files', () => {
    expect(where(validate('customers', csv(CUSTOMER_HEADER, `${T1},"Contoso,c.example,Reseller`)).issues)).toEqual([
      '2:2 csv.UNTERMINATED_QUOTE',
    ]);
    expect(where(validate('customers', csv(CUSTOMER_HEADER, `${T1},Con"toso,c.example,Reseller`)).issues)).toEqual([
      '2:2 csv.QUOTE_IN_FIELD',
    ]);
    expect(where(validate('customers', '').issues)).toEqual(['1:- csv.EMPTY']);
    expect(where(validate('customers', CUSTOMER_HEADER).issues)).toEqual(['2:- noRows']);
    const tooMany = validateImportFile('customers', csv(CUSTOMER_HEADER, `${T1},A,a.example,Reseller`, `${T2},B,b.example,Reseller`), {
      maxRows: 1,
    });
    expect(tooMany.issues).toEqual([
      { line: 3, column: null, header: null, code: 'csv.TOO_MANY_RECORDS', value: null, params: { limit: 1 } },
    ]);
  });

  it('stops at the header when columns are missing', () => {
    const result = validate('customers', csv('Microsoft ID,Company name', `${T1},Contoso`));
    expect(where(result.issues)).toEqual(['1:- missingColumn', '1:- missingColumn']);
  });

  it('reads semicolon-separated files (Excel in many locales)', () => {
    const result = validate(
      'customers',
      csv('Microsoft ID;Company name;Primary domain name;Relationship', `${T1};Contoso, Ltd.;contoso.example;Reseller`),
    );
    expect(result.issues).toEqual([]);
    expect(result.file.rows).toMatchObject([{ companyName: 'Contoso, Ltd.' }]);
  });

  it('validates contacts: the customer reference, email, role and optional language', () => {
    const result = validate(
      'contacts',
      csv(
        'Microsoft ID,Customer domain,Name,Email,Role,Language',
        `${T1},,Nancy Davolio,Nancy.Davolio@Northwind.example,Billing,en`,
        `,fourthcoffee.example,林美玲,meiling@fourthcoffee.example,primary,`,
        `,,Nobody,nobody@x.example,Billing,`, // 4: no customer
        `${T1},,Bad Email,not-an-email,Billing,`, // 5
        `${T1},,Bad Role,role@x.example,Boss,`, // 6
        `${T1},,Bad Language,lang@x.example,Technical,Klingon`, // 7
        `${T1},,,empty@x.example,Technical,`, // 8: name required
      ),
    );
    expect(where(result.issues)).toEqual([
      '4:1 customerRequired',
      '5:4 emailInvalid',
      '6:5 roleInvalid',
      '7:6 languageInvalid',
      '8:3 required',
    ]);
    expect(result.file.rows).toEqual([
      {
        line: 2,
        customer: { tenantId: T1, domain: null },
        name: 'Nancy Davolio',
        email: 'nancy.davolio@northwind.example',
        role: 'BILLING',
        language: 'en',
      },
      {
        line: 3,
        customer: { tenantId: null, domain: 'fourthcoffee.example' },
        name: '林美玲',
        email: 'meiling@fourthcoffee.example',
        role: 'PRIMARY',
        language: null,
      },
    ]);
    // Without a Language column, the language is left as it is (undefined), not cleared.
    const noColumn = validate('contacts', csv('Microsoft ID,Name,Email,Role', `${T1},A,a@x.example,Technical`));
    expect(noColumn.file.rows).toEqual([
      { line: 2, customer: { tenantId: T1, domain: null }, name: 'A', email: 'a@x.example', role: 'TECHNICAL', language: undefined },
    ]);
  });

  it('validates subscriptions: quantity, status, term, cycle, dates, auto-renew and their combinations', () => {
    const header = 'Microsoft ID,Offer name,Quantity,Status,Term,Billing cycle,Start date,Commitment end date,Auto-renew';
    const result = validate(
      'subscriptions',
      csv(
        header,
        `${T1},Microsoft 365 E3,25,Active,P1Y,Annual,2026-03-01,2027-02-28,yes`, // 2: fine
        `${T1},Azure plan,1,,1 month,monthly,2026/11/01,2026-11-30T00:00:00Z,`, // 3: fine (defaults)
        `${T1},Zero,0,Active,P1Y,Annual,2026-03-01,2027-02-28,yes`, // 4
        `${T1},Fraction,1.5,Active,P1Y,Annual,2026-03-01,2027-02-28,yes`, // 5
        `${T1},Too many,1000001,Active,P1Y,Annual,2026-03-01,2027-02-28,yes`, // 6
        `${T1},Status,5,Sleeping,P2Y,Weekly,2026-03-01,2027-02-28,maybe`, // 7: status, term, cycle, auto-renew
        `${T1},Monthly term billed yearly,5,Active,P1M,Annual,2026-03-01,2026-03-31,yes`, // 8
        `${T1},Dates,5,Active,P1Y,Annual,31/01/2026,2026-02-30,yes`, // 9: both dates
        `${T1},Backwards,5,Active,P1Y,Annual,2026-03-01,2026-02-28,yes`, // 10
        `${T1},,5,Active,P1Y,Annual,2026-03-01,2027-02-28,yes`, // 11: offer required
      ),
    );
    expect(where(result.issues)).toEqual([
      '4:3 quantityInvalid',
      '5:3 quantityInvalid',
      '6:3 quantityInvalid',
      '7:4 statusInvalid',
      '7:5 termInvalid',
      '7:6 billingCycleInvalid',
      '7:9 autoRenewInvalid',
      '8:6 billingCycleTerm',
      '9:7 dateInvalid',
      '9:8 dateInvalid',
      '10:8 endBeforeStart',
      '11:2 required',
    ]);
    expect(result.issues.find((i) => i.code === 'endBeforeStart')?.params).toEqual({ start: '2026-03-01' });
    expect(result.file.rows).toEqual([
      {
        line: 2,
        customer: { tenantId: T1, domain: null },
        offerName: 'Microsoft 365 E3',
        quantity: 25,
        status: 'ACTIVE',
        term: 'P1Y',
        billingCycle: 'ANNUAL',
        startDate: '2026-03-01',
        commitmentEndDate: '2027-02-28',
        autoRenew: true,
      },
      {
        line: 3,
        customer: { tenantId: T1, domain: null },
        offerName: 'Azure plan',
        quantity: 1,
        status: null,
        term: 'P1M',
        billingCycle: 'MONTHLY',
        startDate: '2026-11-01',
        commitmentEndDate: '2026-11-30',
        autoRenew: null,
      },
    ]);
  });

  it('accepts the zh-TW column names and values that the import page lists', () => {
    const customers = validate(
      'customers',
      csv('Microsoft 識別碼,公司名稱,主要網域名稱,關係,雲端,語言', `${T1},艾德寶,adventure.example,經銷商,全球,繁體中文`),
    );
    expect(customers.issues).toEqual([]);
    expect(customers.file.rows).toMatchObject([{ relationshipToPartner: 'RESELLER', cloud: 'PUBLIC', preferredLanguage: 'zh-TW' }]);
    const contacts = validate(
      'contacts',
      csv('Microsoft 識別碼,客戶網域,姓名,電子郵件,角色,語言', `${T1},,林美玲,mei@x.example,帳務,繁體中文`),
    );
    expect(contacts.issues).toEqual([]);
    expect(contacts.file.rows).toMatchObject([{ role: 'BILLING', language: 'zh-TW' }]);
    const subscriptions = validate(
      'subscriptions',
      csv(
        'Microsoft 識別碼,供應項目名稱,數量,狀態,期限,計費週期,開始日期,承諾結束日期,自動續約',
        `${T1},Microsoft 365 E3,5,使用中,P1Y,每年,2026-03-01,2027-02-28,是`,
      ),
    );
    expect(subscriptions.issues).toEqual([]);
    expect(subscriptions.file.rows).toMatchObject([{ status: 'ACTIVE', billingCycle: 'ANNUAL', autoRenew: true }]);
  });

  it('accepts the sample files of docs/samples', () => {
    for (const kind of ['customers', 'contacts', 'subscriptions'] as const) {
      const result = validate(kind, readFileSync(`docs/samples/${kind}.csv`, 'utf8'));
      expect(result.issues, kind).toEqual([]);
      expect(result.file.rows.length, kind).toBeGreaterThanOrEqual(3);
    }
    expect(validate('customers', readFileSync('docs/samples/customers.csv', 'utf8')).ignoredColumns).toEqual(['Country/region']);
  });
});

// ---------------------------------------------------------------------------------------------

const NORTHWIND: ExistingCustomer = {
  id: 'c0000000-0000-4000-8000-000000000001',
  tenantId: T1,
  companyName: 'Northwind Traders',
  domain: 'northwindtraders.example',
  cloud: 'PUBLIC',
  relationshipToPartner: 'RESELLER',
  preferredLanguage: 'en',
  version: 4,
};
const LITWARE: ExistingCustomer = {
  id: 'c0000000-0000-4000-8000-000000000002',
  tenantId: T2,
  companyName: 'Litware, Inc.',
  domain: 'shared.example',
  cloud: 'GERMANY',
  relationshipToPartner: 'RESELLER',
  preferredLanguage: 'zh-TW',
  version: 1,
};
const TWIN: ExistingCustomer = {
  ...LITWARE,
  id: 'c0000000-0000-4000-8000-000000000003',
  tenantId: T3,
  companyName: 'Litware Twin',
  cloud: 'PUBLIC',
};
const NANCY: ExistingContact = {
  id: 'a0000000-0000-4000-8000-000000000001',
  customerId: NORTHWIND.id,
  name: 'Nancy Davolio',
  email: 'nancy@northwindtraders.example',
  role: 'BILLING',
  language: 'en',
  updatedAt: '2026-11-01T10:00:00.000Z',
};
const E3: ExistingSubscription = {
  id: 'b0000000-0000-4000-8000-000000000001',
  customerId: NORTHWIND.id,
  offerName: 'Microsoft 365 E3',
  quantity: 25,
  status: 'ACTIVE',
  term: 'P1Y',
  billingCycle: 'ANNUAL',
  startDate: '2026-03-01',
  commitmentEndDate: '2027-02-28',
  autoRenew: true,
  updatedAt: '2026-11-02T10:00:00.000Z',
};
const CONTEXT: ImportContext = {
  defaultCloud: 'US_GOVERNMENT',
  customers: [NORTHWIND, LITWARE, TWIN],
  contacts: [NANCY],
  subscriptions: [E3],
};

function plan(kind: ImportKind, text: string, context: ImportContext = CONTEXT) {
  const validation = validate(kind, text);
  expect(validation.issues).toEqual([]);
  return planImport(validation, context);
}

describe('planImport', () => {
  it('customers: creates unknown tenant ids, updates changed ones, shows unchanged ones', () => {
    const result = plan(
      'customers',
      csv(
        CUSTOMER_HEADER,
        `${T1},Northwind Traders,northwindtraders.example,Reseller,,`, // unchanged (empty cloud/language keep)
        `${T2},Litware Inc.,shared.example,Advisor,Germany,`, // update: name, relationship (Germany kept)
        `9f9f9f9f-0000-4000-8000-000000000009,Fourth Coffee,fourthcoffee.example,Reseller,,`, // create
      ),
    );
    expect(result.issues).toEqual([]);
    expect(result.counts).toEqual({ create: 1, update: 1, unchanged: 1 });
    expect(result.entries.map((e) => [e.line, e.action, e.label, e.targetId, e.basis])).toEqual([
      [2, 'unchanged', 'Northwind Traders', NORTHWIND.id, '4'],
      [3, 'update', 'Litware Inc.', LITWARE.id, '1'],
      [4, 'create', 'Fourth Coffee', null, null],
    ]);
    expect(result.entries[1]?.changes).toEqual([
      { field: 'companyName', before: 'Litware, Inc.', after: 'Litware Inc.' },
      { field: 'relationshipToPartner', before: 'RESELLER', after: 'ADVISOR' },
    ]);
    expect(result.writes).toMatchObject({
      kind: 'customers',
      // A new customer gets the partner's cloud and English when the file does not say.
      creates: [{ tenantId: '9f9f9f9f-0000-4000-8000-000000000009', cloud: 'US_GOVERNMENT', preferredLanguage: 'en' }],
      updates: [{ id: LITWARE.id, version: 1, after: { companyName: 'Litware Inc.', cloud: 'GERMANY', preferredLanguage: 'zh-TW' } }],
    });
  });

  it('customers: no new customer in, and no move into, the retired Germany cloud', () => {
    const validation = validate(
      'customers',
      csv(
        CUSTOMER_HEADER,
        `${T1},Northwind Traders,northwindtraders.example,Reseller,Germany,`,
        `9f9f9f9f-0000-4000-8000-000000000009,New,new.example,Reseller,Germany,`,
      ),
    );
    const result = planImport(validation, CONTEXT);
    expect(where(result.issues)).toEqual(['2:5 cloudRetired', '3:5 cloudRetired']);
    expect(result.writes).toMatchObject({ creates: [], updates: [] });
  });

  it('contacts: matched by customer + email + role; only name and language are updated', () => {
    const result = plan(
      'contacts',
      csv(
        'Microsoft ID,Customer domain,Name,Email,Role,Language',
        `${T1},,Nancy Davolio,NANCY@northwindtraders.example,Billing,en`, // unchanged
        `${T1},,Nancy D.,nancy@northwindtraders.example,Billing,`, // the same contact as line 2: a duplicate
        `,northwindtraders.example,Nancy Davolio,nancy@northwindtraders.example,Primary,zh-TW`, // create (other role)
      ),
    );
    expect(where(result.issues)).toEqual(['3:4 duplicateInFile']);
    expect(result.issues[0]?.params).toEqual({ firstLine: 2 });

    const clean = plan('contacts', csv('Microsoft ID,Name,Email,Role,Language', `${T1},Nancy D.,nancy@northwindtraders.example,Billing,`));
    expect(clean.entries).toEqual([
      {
        line: 2,
        action: 'update',
        label: 'Nancy D. <nancy@northwindtraders.example>',
        customerName: 'Northwind Traders',
        targetId: NANCY.id,
        basis: NANCY.updatedAt,
        changes: [
          { field: 'name', before: 'Nancy Davolio', after: 'Nancy D.' },
          { field: 'language', before: 'en', after: null },
        ],
      },
    ]);
    expect(clean.affectedCustomerIds).toEqual([NORTHWIND.id]);
  });

  it('contacts and subscriptions: unknown, ambiguous and mismatched customers are reported at the right cell', () => {
    const validation = validate(
      'contacts',
      csv(
        'Microsoft ID,Customer domain,Name,Email,Role',
        `9f9f9f9f-0000-4000-8000-000000000009,,A,a@x.example,Billing`, // unknown tenant
        `,unknown.example,B,b@x.example,Billing`, // unknown domain
        `,shared.example,C,c@x.example,Billing`, // two customers share it
        `${T1},shared.example,D,d@x.example,Billing`, // tenant and domain disagree
      ),
    );
    const result = planImport(validation, CONTEXT);
    expect(where(result.issues)).toEqual(['2:1 customerNotFound', '3:2 customerNotFound', '4:2 customerAmbiguous', '5:2 customerMismatch']);
    expect(result.issues[2]?.params).toEqual({ count: 2 });
    expect(result.issues[3]?.params).toEqual({ company: 'Northwind Traders' });
  });

  it('subscriptions: matched by customer + offer (any case) + start date; absent optional values are kept', () => {
    const header = 'Microsoft ID,Offer name,Quantity,Term,Billing cycle,Start date,Commitment end date';
    const result = plan(
      'subscriptions',
      csv(
        header,
        `${T1},microsoft 365 e3,30,P1Y,Annual,2026-03-01,2027-02-28`,
        `${T1},Microsoft 365 E3,10,P1Y,Annual,2027-03-01,2028-02-29`,
      ),
    );
    expect(result.counts).toEqual({ create: 1, update: 1, unchanged: 0 });
    expect(result.entries[0]?.changes).toEqual([
      { field: 'offerName', before: 'Microsoft 365 E3', after: 'microsoft 365 e3' },
      { field: 'quantity', before: '25', after: '30' },
    ]);
    expect(result.writes).toMatchObject({
      kind: 'subscriptions',
      updates: [{ id: E3.id, updatedAt: E3.updatedAt, after: { status: 'ACTIVE', autoRenew: true, quantity: 30 } }],
      creates: [{ customerId: NORTHWIND.id, status: 'ACTIVE', autoRenew: true, startDate: '2027-03-01' }],
    });
    const same = plan('subscriptions', csv(header, `${T1},Microsoft 365 E3,25,P1Y,Annual,2026-03-01,2027-02-28`));
    expect(same.counts).toEqual({ create: 0, update: 0, unchanged: 1 });
    expect(same.affectedCustomerIds).toEqual([]);
  });

  it('subscriptions: duplicates in the file and ambiguous matches are refused', () => {
    const header = 'Microsoft ID,Offer name,Quantity,Term,Billing cycle,Start date,Commitment end date';
    const twins: ImportContext = { ...CONTEXT, subscriptions: [E3, { ...E3, id: 'b0000000-0000-4000-8000-000000000002' }] };
    const validation = validate(
      'subscriptions',
      csv(
        header,
        `${T1},Microsoft 365 E3,30,P1Y,Annual,2026-03-01,2027-02-28`,
        `${T2},Power BI Pro,3,P1M,Monthly,2026-11-01,2026-11-30`,
        `${T2},POWER BI PRO,4,P1M,Monthly,2026-11-01,2026-11-30`,
      ),
    );
    const result = planImport(validation, twins);
    expect(where(result.issues)).toEqual(['2:2 subscriptionAmbiguous', '4:2 duplicateInFile']);
  });

  it('the signature changes when what the plan is based on changes', () => {
    const text = csv(CUSTOMER_HEADER, `${T1},Northwind Traders Ltd,northwindtraders.example,Reseller,,`);
    const before = planSignature(plan('customers', text));
    expect(planSignature(plan('customers', text))).toBe(before);
    expect(planSignature(plan('customers', text, { ...CONTEXT, customers: [{ ...NORTHWIND, version: 5 }, LITWARE] }))).not.toBe(before);
    expect(planSignature(plan('customers', text, { ...CONTEXT, customers: [{ ...NORTHWIND, companyName: 'Other' }, LITWARE] }))).not.toBe(
      before,
    );
    expect(planSignature(plan('customers', text, { ...CONTEXT, customers: [LITWARE] }))).not.toBe(before);
  });

  it('lists the keys the data layer must load', () => {
    const contacts = validate(
      'contacts',
      csv('Microsoft ID,Customer domain,Name,Email,Role', `${T1},,A,a@x.example,Billing`, `,b.example,B,b@x.example,Billing`),
    );
    expect(referencedKeys(contacts.file)).toEqual({ tenantIds: [T1], domains: ['b.example'] });
  });
});
