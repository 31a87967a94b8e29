// The columns of the three import files and how a header maps to them.
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

import { norm } from './cell-values';
import type { ImportIssue, ImportIssueCode } from './issues';

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

type Column = { index: number; header: string };
export type ColumnMap = Partial<Record<ImportField, Column>>;

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

/** A problem in one cell of a row: the column's position and header text come from `columns`. */
export function issueAt(
  columns: ColumnMap,
  line: number,
  field: ImportField | null,
  code: ImportIssueCode,
  value: string | null,
  params?: Record<string, string | number>,
): ImportIssue {
  const column = field ? columns[field] : undefined;
  return { line, column: column ? column.index + 1 : null, header: column?.header ?? null, code, value, ...(params ? { params } : {}) };
}
