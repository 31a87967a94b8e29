// Customer, contact and subscription import from CSV files, pure: the column mapping, every
// row's validation (problems by line and column, as codes), and the plan of changes against the
// partner's existing rows (which the data layer loads and applies). Also the field rules shared
// with the forms' zod schemas (lib/schemas/customers.ts), so that a form and an import accept
// exactly the same values.
//
// Accepted columns (header names compared without case, spaces or punctuation; the first name is
// the one the samples and messages use — docs/samples/*.csv):
// - customers (Partner Center's customer export): "Microsoft ID" (the tenant id, a GUID; also
//   "Tenant ID"), "Company name", "Primary domain name" (also "Domain"), "Relationship", optional
//   "Cloud" and "Language". Other columns of the export are ignored and listed in the preview.
// - contacts: "Microsoft ID" and/or "Customer domain" (which customer), "Name", "Email", "Role",
//   optional "Language".
// - subscriptions: "Microsoft ID" and/or "Customer domain", "Offer name", "Quantity", optional
//   "Status" (ACTIVE when absent on a new subscription), "Term", "Billing cycle", "Start date",
//   "Commitment end date", optional "Auto-renew" (yes when absent on a new subscription).
// Zh-TW header names are accepted as well (see the alias lists).
//
// Matching, within the importing partner only: a customer by its tenant id (a row with an unknown
// tenant id creates a customer); a contact by customer + email + role; a subscription by customer
// + offer name (without case) + start date. A matched row whose values are all the same is
// "unchanged"; an optional column that is absent, or a customer's empty Cloud/Language cell,
// keeps the current value; a contact's empty Language cell means "no language of its own".

import { LOCALES, type Locale } from '../i18n/locales';
import { CLOUDS, RELATIONSHIPS_TO_PARTNER, type Cloud, type RelationshipToPartner } from './policy';
import { DEFAULT_CSV_LIMITS, parseCsv, type CsvErrorCode } from './csv-parse';

// ---------------------------------------------------------------------------------------------
// Shared field rules (forms and import)

export const CONTACT_ROLES = ['PRIMARY', 'BILLING', 'TECHNICAL'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];
export const SUBSCRIPTION_STATUSES = ['ACTIVE', 'SUSPENDED', 'EXPIRED', 'CANCELLED'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];
export const SUBSCRIPTION_TERMS = ['P1M', 'P1Y', 'P3Y'] as const;
export type SubscriptionTerm = (typeof SUBSCRIPTION_TERMS)[number];
export const BILLING_CYCLES = ['MONTHLY', 'ANNUAL'] as const;
export type BillingCycle = (typeof BILLING_CYCLES)[number];
export { CLOUDS, RELATIONSHIPS_TO_PARTNER, LOCALES };
export type { Cloud, RelationshipToPartner, Locale };

/** Agreement types offered when declaring a direct relationship (stored by name); OTHER takes a free text. */
export const AGREEMENT_TYPES = ['EA', 'MCA', 'MPSA', 'OTHER'] as const;
export type AgreementType = (typeof AGREEMENT_TYPES)[number];
export const AGREEMENT_NAMES: Record<Exclude<AgreementType, 'OTHER'>, string> = {
  EA: 'Enterprise Agreement',
  MCA: 'Microsoft Customer Agreement',
  MPSA: 'Microsoft Products and Services Agreement',
};

export const TEXT_LIMITS = {
  companyName: 200,
  domain: 253,
  contactName: 200,
  email: 254,
  offerName: 200,
  agreementType: 200,
  evidenceNote: 2000,
  decisionNote: 2000,
} as const;
export const QUANTITY_MAX = 1_000_000;

export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 20_000;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
const EMAIL_LOCAL = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}$/i;

/** A tenant id: a GUID (stored lower-case). */
export function isTenantId(value: string): boolean {
  return GUID.test(value);
}
/** A DNS domain name such as contoso.com (lower-case, no scheme, no trailing dot). */
export function isDomain(value: string): boolean {
  return DOMAIN.test(value);
}
export function isEmail(value: string): boolean {
  if (value.length > TEXT_LIMITS.email) return false;
  const at = value.lastIndexOf('@');
  if (at <= 0) return false;
  const local = value.slice(0, at);
  return (
    EMAIL_LOCAL.test(local) &&
    !local.startsWith('.') &&
    !local.endsWith('.') &&
    !local.includes('..') &&
    isDomain(value.slice(at + 1).toLowerCase())
  );
}
/** A calendar date written YYYY-MM-DD that exists (1900–2199). */
export function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1900 || year > 2199) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
/** A one-month term is billed monthly only (as in Partner Center); yearly terms allow both cycles. */
export function isTermCycleAllowed(term: SubscriptionTerm, cycle: BillingCycle): boolean {
  return term !== 'P1M' || cycle === 'MONTHLY';
}
/** Control characters other than tab and line breaks are refused in free text. */
export function hasControlCharacters(value: string): boolean {
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value);
}

// ---------------------------------------------------------------------------------------------
// Cell values

const norm = (value: string) => value.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

function lookupValue<T extends string | boolean>(table: Record<string, T>, value: string): T | null {
  return table[norm(value)] ?? null;
}

const CLOUD_VALUES: Record<string, Cloud> = {
  public: 'PUBLIC',
  global: 'PUBLIC',
  commercial: 'PUBLIC',
  worldwide: 'PUBLIC',
  partnercenter: 'PUBLIC',
  partnercenterglobal: 'PUBLIC',
  全球: 'PUBLIC',
  usgovernment: 'US_GOVERNMENT',
  usgov: 'US_GOVERNMENT',
  government: 'US_GOVERNMENT',
  microsoftcloudforusgovernment: 'US_GOVERNMENT',
  美國政府: 'US_GOVERNMENT',
  germany: 'GERMANY',
  microsoftcloudgermany: 'GERMANY',
  德國: 'GERMANY',
};
const LANGUAGE_VALUES: Record<string, Locale> = {
  en: 'en',
  english: 'en',
  enus: 'en',
  engb: 'en',
  英文: 'en',
  zhtw: 'zh-TW',
  zhhant: 'zh-TW',
  zhhanttw: 'zh-TW',
  traditionalchinese: 'zh-TW',
  chinesetraditional: 'zh-TW',
  繁體中文: 'zh-TW',
  中文繁體: 'zh-TW',
};
const ROLE_VALUES: Record<string, ContactRole> = {
  primary: 'PRIMARY',
  primarycontact: 'PRIMARY',
  主要: 'PRIMARY',
  billing: 'BILLING',
  billingcontact: 'BILLING',
  帳單: 'BILLING',
  帳務: 'BILLING',
  technical: 'TECHNICAL',
  technicalcontact: 'TECHNICAL',
  技術: 'TECHNICAL',
};
const STATUS_VALUES: Record<string, SubscriptionStatus> = {
  active: 'ACTIVE',
  suspended: 'SUSPENDED',
  expired: 'EXPIRED',
  cancelled: 'CANCELLED',
  canceled: 'CANCELLED',
  使用中: 'ACTIVE',
  已暫停: 'SUSPENDED',
  已到期: 'EXPIRED',
  已取消: 'CANCELLED',
};
const TERM_VALUES: Record<string, SubscriptionTerm> = {
  p1m: 'P1M',
  '1month': 'P1M',
  onemonth: 'P1M',
  p1y: 'P1Y',
  '1year': 'P1Y',
  oneyear: 'P1Y',
  '12months': 'P1Y',
  p3y: 'P3Y',
  '3years': 'P3Y',
  threeyears: 'P3Y',
  '36months': 'P3Y',
};
const CYCLE_VALUES: Record<string, BillingCycle> = {
  monthly: 'MONTHLY',
  month: 'MONTHLY',
  每月: 'MONTHLY',
  annual: 'ANNUAL',
  annually: 'ANNUAL',
  yearly: 'ANNUAL',
  year: 'ANNUAL',
  每年: 'ANNUAL',
};
const BOOLEAN_VALUES: Record<string, boolean> = {
  true: true,
  yes: true,
  y: true,
  '1': true,
  on: true,
  是: true,
  false: false,
  no: false,
  n: false,
  '0': false,
  off: false,
  否: false,
};

/** Words of Partner Center's "Relationship" column and what they mean here. */
const RELATIONSHIP_WORDS: Record<string, RelationshipToPartner | 'ignored'> = {
  reseller: 'RESELLER',
  resellerrelationship: 'RESELLER',
  indirectreseller: 'RESELLER',
  directreseller: 'RESELLER',
  cspreseller: 'RESELLER',
  經銷商: 'RESELLER',
  advisor: 'ADVISOR',
  advisorrelationship: 'ADVISOR',
  顧問: 'ADVISOR',
  delegatedadmin: 'ignored',
  delegatedadministrator: 'ignored',
  delegatedadminprivileges: 'ignored',
  dap: 'ignored',
  gdap: 'ignored',
  granulardelegatedadmin: 'ignored',
  granulardelegatedadminprivileges: 'ignored',
};

/**
 * Partner Center lists every relationship of a customer ("Reseller, Delegated admin"): separated
 * by `,` `;` `|` or `/`. Any reseller word makes the customer RESELLER (the partner bills at least
 * part of it, so the stricter policy applies), else an advisor word makes it ADVISOR; delegated
 * administration words are ignored; any other word, or none of the two, is refused.
 */
export function parseRelationship(value: string): RelationshipToPartner | null {
  const words = value
    .split(/[,;|/]/)
    .map(norm)
    .filter((word) => word !== '');
  if (words.length === 0) return null;
  const meanings = words.map((word) => RELATIONSHIP_WORDS[word]);
  if (meanings.some((meaning) => meaning === undefined)) return null;
  if (meanings.includes('RESELLER')) return 'RESELLER';
  if (meanings.includes('ADVISOR')) return 'ADVISOR';
  return null;
}

/** YYYY-MM-DD or YYYY/MM/DD, optionally followed by a time (ignored: the calendar date as written). */
export function parseImportDate(value: string): string | null {
  const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(value);
  if (!match) return null;
  const iso = `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

// ---------------------------------------------------------------------------------------------
// Columns

export const IMPORT_KINDS = ['customers', 'contacts', 'subscriptions'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export type ImportField =
  | 'tenantId'
  | 'companyName'
  | 'domain'
  | 'relationshipToPartner'
  | 'cloud'
  | 'preferredLanguage'
  | 'name'
  | 'email'
  | 'role'
  | 'language'
  | 'offerName'
  | 'quantity'
  | 'status'
  | 'term'
  | 'billingCycle'
  | 'startDate'
  | 'commitmentEndDate'
  | 'autoRenew';

type ColumnSpec = { field: ImportField; required: boolean; aliases: readonly string[] };

const TENANT_ALIASES = ['Microsoft ID', 'Tenant ID', 'Tenant', 'Customer tenant ID', 'Microsoft 識別碼', '租用戶識別碼', '租用戶 ID'];
const CUSTOMER_DOMAIN_ALIASES = [
  'Customer domain',
  'Primary domain name',
  'Primary domain',
  'Domain',
  '客戶網域',
  '主要網域名稱',
  '主要網域',
  '網域',
];
const LANGUAGE_ALIASES = ['Language', 'Preferred language', '語言', '慣用語言'];

export const IMPORT_COLUMNS: Record<ImportKind, readonly ColumnSpec[]> = {
  customers: [
    { field: 'tenantId', required: true, aliases: TENANT_ALIASES },
    { field: 'companyName', required: true, aliases: ['Company name', 'Company', 'Customer name', '公司名稱', '客戶名稱'] },
    {
      field: 'domain',
      required: true,
      aliases: ['Primary domain name', 'Primary domain', 'Domain', 'Domain name', '主要網域名稱', '主要網域', '網域'],
    },
    {
      field: 'relationshipToPartner',
      required: true,
      aliases: ['Relationship', 'Relationships', 'Relationship to partner', '關係', '與合作夥伴的關係'],
    },
    { field: 'cloud', required: false, aliases: ['Cloud', '雲端'] },
    { field: 'preferredLanguage', required: false, aliases: LANGUAGE_ALIASES },
  ],
  contacts: [
    { field: 'tenantId', required: false, aliases: TENANT_ALIASES },
    { field: 'domain', required: false, aliases: CUSTOMER_DOMAIN_ALIASES },
    { field: 'name', required: true, aliases: ['Name', 'Contact name', 'Full name', 'Display name', '姓名', '名稱', '聯絡人名稱'] },
    { field: 'email', required: true, aliases: ['Email', 'Email address', 'E-mail', 'Mail', '電子郵件', '電子郵件地址'] },
    { field: 'role', required: true, aliases: ['Role', 'Contact role', '角色'] },
    { field: 'language', required: false, aliases: LANGUAGE_ALIASES },
  ],
  subscriptions: [
    { field: 'tenantId', required: false, aliases: TENANT_ALIASES },
    { field: 'domain', required: false, aliases: CUSTOMER_DOMAIN_ALIASES },
    {
      field: 'offerName',
      required: true,
      aliases: ['Offer name', 'Offer', 'Product name', 'Product', 'Subscription name', '供應項目名稱', '方案名稱', '產品名稱'],
    },
    { field: 'quantity', required: true, aliases: ['Quantity', 'Seats', 'Licenses', 'License count', '數量'] },
    { field: 'status', required: false, aliases: ['Status', 'Subscription status', '狀態'] },
    { field: 'term', required: true, aliases: ['Term', 'Term duration', 'Commitment term', '期限', '合約期限'] },
    { field: 'billingCycle', required: true, aliases: ['Billing cycle', 'Billing frequency', 'Billing', '計費週期'] },
    { field: 'startDate', required: true, aliases: ['Start date', 'Effective start date', 'Start', '開始日期'] },
    {
      field: 'commitmentEndDate',
      required: true,
      aliases: ['Commitment end date', 'Commitment end', 'End date', 'Term end date', '承諾結束日期', '結束日期'],
    },
    { field: 'autoRenew', required: false, aliases: ['Auto-renew', 'Auto renew', 'Auto renewal', 'Auto-renew enabled', '自動續約'] },
  ],
};

/** The column name the samples and the messages use for a field. */
export function columnName(kind: ImportKind, field: ImportField): string {
  return IMPORT_COLUMNS[kind].find((spec) => spec.field === field)?.aliases[0] ?? field;
}

// ---------------------------------------------------------------------------------------------
// Problems

export type ImportIssueCode =
  | `csv.${CsvErrorCode}`
  | 'noRows'
  | 'missingColumn'
  | 'missingCustomerColumn'
  | 'duplicateColumn'
  | 'extraFields'
  | 'required'
  | 'tooLong'
  | 'controlCharacters'
  | 'tenantIdInvalid'
  | 'domainInvalid'
  | 'relationshipInvalid'
  | 'cloudInvalid'
  | 'cloudRetired'
  | 'languageInvalid'
  | 'emailInvalid'
  | 'roleInvalid'
  | 'quantityInvalid'
  | 'statusInvalid'
  | 'termInvalid'
  | 'billingCycleInvalid'
  | 'billingCycleTerm'
  | 'dateInvalid'
  | 'endBeforeStart'
  | 'autoRenewInvalid'
  | 'customerRequired'
  | 'duplicateInFile'
  | 'customerNotFound'
  | 'customerAmbiguous'
  | 'customerMismatch'
  | 'subscriptionAmbiguous';

/**
 * One problem: where (line of the file, 1 = header; column 1-based and its header text, when
 * the problem is one cell), what (a code the UI words in each language), the cell's value and
 * parameters of the message (`limit`, `firstLine`, `column` names).
 */
export type ImportIssue = {
  line: number;
  column: number | null;
  header: string | null;
  code: ImportIssueCode;
  value: string | null;
  params?: Record<string, string | number>;
};

// ---------------------------------------------------------------------------------------------
// Validated rows

export type CustomerRef = { tenantId: string | null; domain: string | null };

export type CustomerImportRow = {
  line: number;
  tenantId: string;
  companyName: string;
  domain: string;
  relationshipToPartner: RelationshipToPartner;
  cloud: Cloud | null;
  preferredLanguage: Locale | null;
};
export type ContactImportRow = {
  line: number;
  customer: CustomerRef;
  name: string;
  email: string;
  role: ContactRole;
  /** undefined: the column is absent (keep); null: no language of its own. */
  language: Locale | null | undefined;
};
export type SubscriptionImportRow = {
  line: number;
  customer: CustomerRef;
  offerName: string;
  quantity: number;
  status: SubscriptionStatus | null;
  term: SubscriptionTerm;
  billingCycle: BillingCycle;
  startDate: string;
  commitmentEndDate: string;
  autoRenew: boolean | null;
};

type Column = { index: number; header: string };
export type ColumnMap = Partial<Record<ImportField, Column>>;

export type ValidatedFile =
  | { kind: 'customers'; rows: CustomerImportRow[] }
  | { kind: 'contacts'; rows: ContactImportRow[] }
  | { kind: 'subscriptions'; rows: SubscriptionImportRow[] };

export type FileValidation = {
  file: ValidatedFile;
  columns: ColumnMap;
  ignoredColumns: string[];
  /** Data rows in the file (blank lines not counted). */
  rowCount: number;
  issues: ImportIssue[];
};

/** Maps header cells to fields; problems: duplicate columns, missing required columns. */
export function mapColumns(
  kind: ImportKind,
  header: readonly string[],
  headerLine = 1,
): { columns: ColumnMap; ignored: string[]; issues: ImportIssue[] } {
  const byAlias = new Map<string, ImportField>();
  for (const spec of IMPORT_COLUMNS[kind]) for (const alias of spec.aliases) byAlias.set(norm(alias), spec.field);
  const columns: ColumnMap = {};
  const ignored: string[] = [];
  const issues: ImportIssue[] = [];
  header.forEach((cell, index) => {
    const text = cell.trim();
    const field = byAlias.get(norm(text));
    if (!field) {
      if (text !== '') ignored.push(text);
      return;
    }
    const first = columns[field];
    if (first) {
      issues.push({
        line: headerLine,
        column: index + 1,
        header: text,
        code: 'duplicateColumn',
        value: text,
        params: { firstColumn: first.index + 1 },
      });
      return;
    }
    columns[field] = { index, header: text };
  });
  for (const spec of IMPORT_COLUMNS[kind]) {
    if (spec.required && !columns[spec.field]) {
      issues.push({
        line: headerLine,
        column: null,
        header: null,
        code: 'missingColumn',
        value: null,
        params: { name: spec.aliases[0] ?? spec.field },
      });
    }
  }
  if (kind !== 'customers' && !columns.tenantId && !columns.domain) {
    issues.push({
      line: headerLine,
      column: null,
      header: null,
      code: 'missingCustomerColumn',
      value: null,
      params: { tenant: columnName(kind, 'tenantId'), domain: columnName(kind, 'domain') },
    });
  }
  return { columns, ignored, issues };
}

const MAX_SHOWN_VALUE = 200;

/** Reads one row's cells by field; records problems against the right line and column. */
class RowReader {
  readonly issues: ImportIssue[] = [];
  constructor(
    private readonly line: number,
    private readonly fields: readonly string[],
    private readonly columns: ColumnMap,
  ) {}

  has(field: ImportField): boolean {
    return this.columns[field] !== undefined;
  }
  raw(field: ImportField): string {
    const column = this.columns[field];
    return column ? (this.fields[column.index] ?? '').trim() : '';
  }
  problem(field: ImportField | null, code: ImportIssueCode, params?: Record<string, string | number>): null {
    const column = field ? this.columns[field] : undefined;
    const value = field && column ? this.raw(field) : null;
    this.issues.push({
      line: this.line,
      column: column ? column.index + 1 : null,
      header: column?.header ?? null,
      code,
      value: value === null ? null : value.length > MAX_SHOWN_VALUE ? `${value.slice(0, MAX_SHOWN_VALUE)}…` : value,
      ...(params ? { params } : {}),
    });
    return null;
  }
  text(field: ImportField, limit: number, required = true): string | null {
    const value = this.raw(field).replace(/\s+/g, ' ');
    if (value === '') return required ? this.problem(field, 'required') : null;
    if (value.length > limit) return this.problem(field, 'tooLong', { limit });
    if (hasControlCharacters(value)) return this.problem(field, 'controlCharacters');
    return value;
  }
  pick<T>(field: ImportField, parse: (value: string) => T | null, invalid: ImportIssueCode, required = true): T | null | undefined {
    const value = this.raw(field);
    if (value === '') return required ? this.problem(field, 'required') : undefined;
    const parsed = parse(value);
    return parsed === null ? this.problem(field, invalid) : parsed;
  }
  tenantId(required: boolean): string | null | undefined {
    return this.pick('tenantId', (v) => (isTenantId(v) ? v.toLowerCase() : null), 'tenantIdInvalid', required);
  }
  domain(required: boolean): string | null | undefined {
    return this.pick(
      'domain',
      (v) => {
        const lower = v.toLowerCase().replace(/\.$/, '');
        return isDomain(lower) ? lower : null;
      },
      'domainInvalid',
      required,
    );
  }
  customerRef(): CustomerRef | null {
    const tenantId = this.has('tenantId') ? this.tenantId(false) : undefined;
    const domain = this.has('domain') ? this.domain(false) : undefined;
    if (tenantId === null || domain === null) return null;
    if (tenantId === undefined && domain === undefined)
      return this.problem(this.has('tenantId') ? 'tenantId' : 'domain', 'customerRequired');
    return { tenantId: tenantId ?? null, domain: domain ?? null };
  }
}

function parseQuantity(value: string): number | null {
  if (!/^\d{1,7}$/.test(value.replace(/[,_\s]/g, ''))) return null;
  const n = Number(value.replace(/[,_\s]/g, ''));
  return n >= 1 && n <= QUANTITY_MAX ? n : null;
}

/**
 * Parses and validates a whole file of `kind`: every row, every problem (by line and column).
 * Rows with a problem are left out of `file.rows`; a file with any problem must not be applied.
 */
export function validateImportFile(
  kind: ImportKind,
  text: string,
  limits: { maxRows: number } = { maxRows: IMPORT_MAX_ROWS },
): FileValidation {
  const empty: FileValidation = { file: { kind, rows: [] } as ValidatedFile, columns: {}, ignoredColumns: [], rowCount: 0, issues: [] };
  const parsed = parseCsv(text, { ...DEFAULT_CSV_LIMITS, maxRecords: limits.maxRows });
  if (!parsed.ok) {
    const { code, line, column, limit } = parsed.error;
    return {
      ...empty,
      issues: [{ line, column, header: null, code: `csv.${code}`, value: null, ...(limit !== undefined ? { params: { limit } } : {}) }],
    };
  }
  const { columns, ignored, issues } = mapColumns(kind, parsed.header.fields, parsed.header.line);
  if (issues.length > 0) return { ...empty, columns, ignoredColumns: ignored, rowCount: parsed.records.length, issues };
  if (parsed.records.length === 0) {
    return {
      ...empty,
      columns,
      ignoredColumns: ignored,
      issues: [{ line: parsed.header.line + 1, column: null, header: null, code: 'noRows', value: null }],
    };
  }
  const width = parsed.header.fields.length;
  const all: ImportIssue[] = [];
  const customers: CustomerImportRow[] = [];
  const contacts: ContactImportRow[] = [];
  const subscriptions: SubscriptionImportRow[] = [];
  const seenTenants = new Map<string, number>();

  for (const record of parsed.records) {
    const row = new RowReader(record.line, record.fields, columns);
    const extra = record.fields.findIndex((cell, index) => index >= width && cell.trim() !== '');
    if (extra >= 0) {
      row.issues.push({
        line: record.line,
        column: extra + 1,
        header: null,
        code: 'extraFields',
        value: record.fields[extra]!.trim().slice(0, MAX_SHOWN_VALUE),
        params: { columns: width },
      });
    }
    if (kind === 'customers') {
      const tenantId = row.tenantId(true);
      const companyName = row.text('companyName', TEXT_LIMITS.companyName);
      const domain = row.domain(true);
      const relationshipToPartner = row.pick('relationshipToPartner', parseRelationship, 'relationshipInvalid');
      const cloud = row.pick('cloud', (v) => lookupValue(CLOUD_VALUES, v), 'cloudInvalid', false);
      const preferredLanguage = row.pick('preferredLanguage', (v) => lookupValue(LANGUAGE_VALUES, v), 'languageInvalid', false);
      if (tenantId) {
        const first = seenTenants.get(tenantId);
        if (first !== undefined) row.problem('tenantId', 'duplicateInFile', { firstLine: first });
        else seenTenants.set(tenantId, record.line);
      }
      if (
        row.issues.length === 0 &&
        tenantId &&
        companyName &&
        domain &&
        relationshipToPartner &&
        cloud !== null &&
        preferredLanguage !== null
      ) {
        customers.push({
          line: record.line,
          tenantId,
          companyName,
          domain,
          relationshipToPartner,
          cloud: cloud ?? null,
          preferredLanguage: preferredLanguage ?? null,
        });
      }
    } else if (kind === 'contacts') {
      const customer = row.customerRef();
      const name = row.text('name', TEXT_LIMITS.contactName);
      const email = row.pick('email', (v) => (isEmail(v) ? v.toLowerCase() : null), 'emailInvalid');
      const role = row.pick('role', (v) => lookupValue(ROLE_VALUES, v), 'roleInvalid');
      // Absent column: keep the contact's language; an empty cell: no language of its own.
      const language = !row.has('language')
        ? undefined
        : row.raw('language') === ''
          ? null
          : (row.pick('language', (v) => lookupValue(LANGUAGE_VALUES, v), 'languageInvalid') ?? null);
      if (row.issues.length === 0 && customer && name && email && role) {
        contacts.push({ line: record.line, customer, name, email, role, language });
      }
    } else {
      const customer = row.customerRef();
      const offerName = row.text('offerName', TEXT_LIMITS.offerName);
      const quantity = row.pick('quantity', parseQuantity, 'quantityInvalid');
      const status = row.pick('status', (v) => lookupValue(STATUS_VALUES, v), 'statusInvalid', false);
      const term = row.pick('term', (v) => lookupValue(TERM_VALUES, v), 'termInvalid');
      const billingCycle = row.pick('billingCycle', (v) => lookupValue(CYCLE_VALUES, v), 'billingCycleInvalid');
      const startDate = row.pick('startDate', parseImportDate, 'dateInvalid');
      const commitmentEndDate = row.pick('commitmentEndDate', parseImportDate, 'dateInvalid');
      const autoRenew = row.pick('autoRenew', (v) => lookupValue(BOOLEAN_VALUES, v), 'autoRenewInvalid', false);
      if (term && billingCycle && !isTermCycleAllowed(term, billingCycle)) row.problem('billingCycle', 'billingCycleTerm', { term });
      if (startDate && commitmentEndDate && commitmentEndDate < startDate)
        row.problem('commitmentEndDate', 'endBeforeStart', { start: startDate });
      if (
        row.issues.length === 0 &&
        customer &&
        offerName &&
        quantity &&
        term &&
        billingCycle &&
        startDate &&
        commitmentEndDate &&
        status !== null &&
        autoRenew !== null
      ) {
        subscriptions.push({
          line: record.line,
          customer,
          offerName,
          quantity,
          status: status ?? null,
          term,
          billingCycle,
          startDate,
          commitmentEndDate,
          autoRenew: autoRenew ?? null,
        });
      }
    }
    all.push(...row.issues);
  }
  const file: ValidatedFile =
    kind === 'customers' ? { kind, rows: customers } : kind === 'contacts' ? { kind, rows: contacts } : { kind, rows: subscriptions };
  return { file, columns, ignoredColumns: ignored, rowCount: parsed.records.length, issues: all };
}

// ---------------------------------------------------------------------------------------------
// The plan: what the import would change

export type ExistingCustomer = {
  id: string;
  tenantId: string;
  companyName: string;
  domain: string;
  cloud: Cloud;
  relationshipToPartner: RelationshipToPartner;
  preferredLanguage: Locale;
  version: number;
};
export type ExistingContact = {
  id: string;
  customerId: string;
  name: string;
  email: string;
  role: ContactRole;
  language: Locale | null;
  updatedAt: string;
};
export type ExistingSubscription = {
  id: string;
  customerId: string;
  offerName: string;
  quantity: number;
  status: SubscriptionStatus;
  term: SubscriptionTerm;
  billingCycle: BillingCycle;
  startDate: string;
  commitmentEndDate: string;
  autoRenew: boolean;
  updatedAt: string;
};

/** The partner's rows that the file's rows may match (loaded by the data layer). */
export type ImportContext = {
  defaultCloud: Cloud;
  customers: readonly ExistingCustomer[];
  contacts: readonly ExistingContact[];
  subscriptions: readonly ExistingSubscription[];
};

export type CustomerValues = Omit<ExistingCustomer, 'id' | 'version'>;
export type ContactValues = { name: string; email: string; role: ContactRole; language: Locale | null };
export type SubscriptionValues = Omit<ExistingSubscription, 'id' | 'customerId' | 'updatedAt'>;

export type FieldChange = { field: ImportField; before: string | null; after: string | null };
export type PlanAction = 'create' | 'update' | 'unchanged';
export type PlanEntry = {
  line: number;
  action: PlanAction;
  /** The row in words: the company name, the contact's email, the offer name. */
  label: string;
  /** The customer a contact or subscription belongs to. */
  customerName: string | null;
  /** The existing row, for update and unchanged. */
  targetId: string | null;
  /** The version (customers) or updatedAt (contacts, subscriptions) the plan was made from. */
  basis: string | null;
  changes: FieldChange[];
};

export type PlanWrites =
  | {
      kind: 'customers';
      creates: CustomerValues[];
      updates: { id: string; version: number; before: CustomerValues; after: CustomerValues }[];
    }
  | {
      kind: 'contacts';
      creates: (ContactValues & { customerId: string })[];
      updates: { id: string; customerId: string; updatedAt: string; before: ContactValues; after: ContactValues }[];
    }
  | {
      kind: 'subscriptions';
      creates: (SubscriptionValues & { customerId: string })[];
      updates: { id: string; customerId: string; updatedAt: string; before: SubscriptionValues; after: SubscriptionValues }[];
    };

export type ImportPlan = {
  kind: ImportKind;
  entries: PlanEntry[];
  counts: Record<PlanAction, number>;
  issues: ImportIssue[];
  writes: PlanWrites;
  /** Customers whose contacts or subscriptions change (their nextCommitmentEndAt is refreshed). */
  affectedCustomerIds: string[];
};

function diff<T extends Record<string, unknown>>(before: T, after: T, fields: readonly (keyof T & ImportField)[]): FieldChange[] {
  const show = (value: unknown) => (value === null || value === undefined ? null : String(value));
  return fields
    .filter((field) => before[field] !== after[field])
    .map((field) => ({ field, before: show(before[field]), after: show(after[field]) }));
}

function issueAt(
  columns: ColumnMap,
  line: number,
  field: ImportField,
  code: ImportIssueCode,
  value: string | null,
  params?: Record<string, string | number>,
): ImportIssue {
  const column = columns[field];
  return { line, column: column ? column.index + 1 : null, header: column?.header ?? null, code, value, ...(params ? { params } : {}) };
}

class CustomerResolver {
  private readonly byTenant = new Map<string, ExistingCustomer>();
  private readonly byDomain = new Map<string, ExistingCustomer[]>();
  constructor(customers: readonly ExistingCustomer[]) {
    for (const customer of customers) {
      this.byTenant.set(customer.tenantId.toLowerCase(), customer);
      const list = this.byDomain.get(customer.domain.toLowerCase()) ?? [];
      list.push(customer);
      this.byDomain.set(customer.domain.toLowerCase(), list);
    }
  }
  resolve(ref: CustomerRef, line: number, columns: ColumnMap, issues: ImportIssue[]): ExistingCustomer | null {
    if (ref.tenantId) {
      const customer = this.byTenant.get(ref.tenantId);
      if (!customer) {
        issues.push(issueAt(columns, line, 'tenantId', 'customerNotFound', ref.tenantId));
        return null;
      }
      if (ref.domain && customer.domain.toLowerCase() !== ref.domain) {
        issues.push(issueAt(columns, line, 'domain', 'customerMismatch', ref.domain, { company: customer.companyName }));
        return null;
      }
      return customer;
    }
    const found = ref.domain ? (this.byDomain.get(ref.domain) ?? []) : [];
    if (found.length === 1) return found[0]!;
    issues.push(
      issueAt(columns, line, 'domain', found.length === 0 ? 'customerNotFound' : 'customerAmbiguous', ref.domain, { count: found.length }),
    );
    return null;
  }
}

const CUSTOMER_FIELDS = ['companyName', 'domain', 'relationshipToPartner', 'cloud', 'preferredLanguage'] as const;
const CONTACT_FIELDS = ['name', 'language'] as const;
const SUBSCRIPTION_FIELDS = ['offerName', 'quantity', 'status', 'term', 'billingCycle', 'commitmentEndDate', 'autoRenew'] as const;

/**
 * The changes a validated file would make against the partner's current rows: per row create,
 * update (with the changed fields) or unchanged, and the writes. Matching problems (unknown
 * customer, duplicates within the file, ambiguous matches, a move into the retired cloud) are
 * returned as issues; a plan with issues must not be applied.
 */
export function planImport(validation: Pick<FileValidation, 'file' | 'columns'>, context: ImportContext): ImportPlan {
  const { file, columns } = validation;
  const entries: PlanEntry[] = [];
  const issues: ImportIssue[] = [];
  const resolver = new CustomerResolver(context.customers);
  const affected = new Set<string>();
  let writes: PlanWrites;

  if (file.kind === 'customers') {
    const creates: CustomerValues[] = [];
    const updates: Extract<PlanWrites, { kind: 'customers' }>['updates'] = [];
    const byTenant = new Map(context.customers.map((c) => [c.tenantId.toLowerCase(), c]));
    for (const row of file.rows) {
      const existing = byTenant.get(row.tenantId);
      if (!existing) {
        const values: CustomerValues = {
          tenantId: row.tenantId,
          companyName: row.companyName,
          domain: row.domain,
          relationshipToPartner: row.relationshipToPartner,
          cloud: row.cloud ?? context.defaultCloud,
          preferredLanguage: row.preferredLanguage ?? 'en',
        };
        if (values.cloud === 'GERMANY') {
          issues.push(issueAt(columns, row.line, 'cloud', 'cloudRetired', row.cloud));
          continue;
        }
        creates.push(values);
        entries.push({
          line: row.line,
          action: 'create',
          label: row.companyName,
          customerName: null,
          targetId: null,
          basis: null,
          changes: [],
        });
        continue;
      }
      const before: CustomerValues = {
        tenantId: existing.tenantId,
        companyName: existing.companyName,
        domain: existing.domain,
        relationshipToPartner: existing.relationshipToPartner,
        cloud: existing.cloud,
        preferredLanguage: existing.preferredLanguage,
      };
      const after: CustomerValues = {
        ...before,
        companyName: row.companyName,
        domain: row.domain,
        relationshipToPartner: row.relationshipToPartner,
        cloud: row.cloud ?? existing.cloud,
        preferredLanguage: row.preferredLanguage ?? existing.preferredLanguage,
      };
      if (after.cloud === 'GERMANY' && before.cloud !== 'GERMANY') {
        issues.push(issueAt(columns, row.line, 'cloud', 'cloudRetired', row.cloud));
        continue;
      }
      const changes = diff(before, after, CUSTOMER_FIELDS);
      if (changes.length > 0) updates.push({ id: existing.id, version: existing.version, before, after });
      entries.push({
        line: row.line,
        action: changes.length > 0 ? 'update' : 'unchanged',
        label: row.companyName,
        customerName: null,
        targetId: existing.id,
        basis: String(existing.version),
        changes,
      });
    }
    writes = { kind: 'customers', creates, updates };
  } else if (file.kind === 'contacts') {
    const creates: Extract<PlanWrites, { kind: 'contacts' }>['creates'] = [];
    const updates: Extract<PlanWrites, { kind: 'contacts' }>['updates'] = [];
    const existingByKey = new Map(context.contacts.map((c) => [`${c.customerId}|${c.email.toLowerCase()}|${c.role}`, c]));
    const seen = new Map<string, number>();
    for (const row of file.rows) {
      const customer = resolver.resolve(row.customer, row.line, columns, issues);
      if (!customer) continue;
      const key = `${customer.id}|${row.email}|${row.role}`;
      const first = seen.get(key);
      if (first !== undefined) {
        issues.push(issueAt(columns, row.line, 'email', 'duplicateInFile', row.email, { firstLine: first }));
        continue;
      }
      seen.set(key, row.line);
      const existing = existingByKey.get(key);
      const label = `${row.name} <${row.email}>`;
      if (!existing) {
        creates.push({ customerId: customer.id, name: row.name, email: row.email, role: row.role, language: row.language ?? null });
        affected.add(customer.id);
        entries.push({
          line: row.line,
          action: 'create',
          label,
          customerName: customer.companyName,
          targetId: null,
          basis: null,
          changes: [],
        });
        continue;
      }
      const before: ContactValues = { name: existing.name, email: existing.email, role: existing.role, language: existing.language };
      const after: ContactValues = { ...before, name: row.name, language: row.language === undefined ? existing.language : row.language };
      const changes = diff(before, after, CONTACT_FIELDS);
      if (changes.length > 0) {
        updates.push({ id: existing.id, customerId: customer.id, updatedAt: existing.updatedAt, before, after });
        affected.add(customer.id);
      }
      entries.push({
        line: row.line,
        action: changes.length > 0 ? 'update' : 'unchanged',
        label,
        customerName: customer.companyName,
        targetId: existing.id,
        basis: existing.updatedAt,
        changes,
      });
    }
    writes = { kind: 'contacts', creates, updates };
  } else {
    const creates: Extract<PlanWrites, { kind: 'subscriptions' }>['creates'] = [];
    const updates: Extract<PlanWrites, { kind: 'subscriptions' }>['updates'] = [];
    const existingByKey = new Map<string, ExistingSubscription[]>();
    for (const s of context.subscriptions) {
      const key = `${s.customerId}|${s.offerName.toLowerCase()}|${s.startDate}`;
      existingByKey.set(key, [...(existingByKey.get(key) ?? []), s]);
    }
    const seen = new Map<string, number>();
    for (const row of file.rows) {
      const customer = resolver.resolve(row.customer, row.line, columns, issues);
      if (!customer) continue;
      const key = `${customer.id}|${row.offerName.toLowerCase()}|${row.startDate}`;
      const first = seen.get(key);
      if (first !== undefined) {
        issues.push(issueAt(columns, row.line, 'offerName', 'duplicateInFile', row.offerName, { firstLine: first }));
        continue;
      }
      seen.set(key, row.line);
      const matches = existingByKey.get(key) ?? [];
      if (matches.length > 1) {
        issues.push(issueAt(columns, row.line, 'offerName', 'subscriptionAmbiguous', row.offerName, { count: matches.length }));
        continue;
      }
      const label = `${row.offerName} (${row.startDate})`;
      const existing = matches[0];
      if (!existing) {
        creates.push({
          customerId: customer.id,
          offerName: row.offerName,
          quantity: row.quantity,
          status: row.status ?? 'ACTIVE',
          term: row.term,
          billingCycle: row.billingCycle,
          startDate: row.startDate,
          commitmentEndDate: row.commitmentEndDate,
          autoRenew: row.autoRenew ?? true,
        });
        affected.add(customer.id);
        entries.push({
          line: row.line,
          action: 'create',
          label,
          customerName: customer.companyName,
          targetId: null,
          basis: null,
          changes: [],
        });
        continue;
      }
      const before: SubscriptionValues = {
        offerName: existing.offerName,
        quantity: existing.quantity,
        status: existing.status,
        term: existing.term,
        billingCycle: existing.billingCycle,
        startDate: existing.startDate,
        commitmentEndDate: existing.commitmentEndDate,
        autoRenew: existing.autoRenew,
      };
      const after: SubscriptionValues = {
        ...before,
        offerName: row.offerName,
        quantity: row.quantity,
        status: row.status ?? existing.status,
        term: row.term,
        billingCycle: row.billingCycle,
        commitmentEndDate: row.commitmentEndDate,
        autoRenew: row.autoRenew ?? existing.autoRenew,
      };
      const changes = diff(before, after, SUBSCRIPTION_FIELDS);
      if (changes.length > 0) {
        updates.push({ id: existing.id, customerId: customer.id, updatedAt: existing.updatedAt, before, after });
        affected.add(customer.id);
      }
      entries.push({
        line: row.line,
        action: changes.length > 0 ? 'update' : 'unchanged',
        label,
        customerName: customer.companyName,
        targetId: existing.id,
        basis: existing.updatedAt,
        changes,
      });
    }
    writes = { kind: 'subscriptions', creates, updates };
  }

  const counts: Record<PlanAction, number> = { create: 0, update: 0, unchanged: 0 };
  for (const entry of entries) counts[entry.action] += 1;
  return { kind: file.kind, entries, counts, issues, writes, affectedCustomerIds: [...affected].sort() };
}

/**
 * A canonical text of everything the plan was made from and would do: the server hashes it with
 * the file's hash; an apply whose recomputed plan gives another signature than the preview's is
 * refused as stale (the data changed in between).
 */
export function planSignature(plan: ImportPlan): string {
  return JSON.stringify([
    plan.kind,
    plan.entries.map((e) => [e.line, e.action, e.targetId, e.basis, e.changes.map((c) => [c.field, c.before, c.after])]),
    plan.issues.map((i) => [i.line, i.column, i.code]),
  ]);
}

/** The tenant ids and domains a validated file refers to (what the data layer must load). */
export function referencedKeys(file: ValidatedFile): { tenantIds: string[]; domains: string[] } {
  const tenantIds = new Set<string>();
  const domains = new Set<string>();
  if (file.kind === 'customers') for (const row of file.rows) tenantIds.add(row.tenantId);
  else
    for (const row of file.rows) {
      if (row.customer.tenantId) tenantIds.add(row.customer.tenantId);
      else if (row.customer.domain) domains.add(row.customer.domain);
    }
  return { tenantIds: [...tenantIds], domains: [...domains] };
}
