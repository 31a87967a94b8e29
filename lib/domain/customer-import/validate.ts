// Reads and validates an import file: the CSV, its header, and every row's cells, with every
// problem by line and column. The rows that pass are typed values ready to be planned (plan.ts).

import { DEFAULT_CSV_LIMITS, parseCsv } from '../csv-parse';
import type { Locale } from '../../i18n/locales';
import type { Cloud, RelationshipToPartner } from '../policy';
import {
  IMPORT_MAX_ROWS,
  TEXT_LIMITS,
  hasControlCharacters,
  isDomain,
  isEmail,
  isTenantId,
  isTermCycleAllowed,
  type BillingCycle,
  type ContactRole,
  type SubscriptionStatus,
  type SubscriptionTerm,
} from './fields';
import {
  parseBillingCycle,
  parseCloud,
  parseImportDate,
  parseLanguage,
  parseQuantity,
  parseRelationship,
  parseRole,
  parseStatus,
  parseTerm,
  parseYesNo,
} from './cell-values';
import { issueAt, mapColumns, type ColumnMap, type ImportField, type ImportKind } from './columns';
import type { ImportIssue, ImportIssueCode } from './issues';

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
    const value = field && this.has(field) ? this.raw(field) : null;
    const shown = value === null ? null : value.length > MAX_SHOWN_VALUE ? `${value.slice(0, MAX_SHOWN_VALUE)}…` : value;
    this.issues.push(issueAt(this.columns, this.line, field, code, shown, params));
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
      const cloud = row.pick('cloud', parseCloud, 'cloudInvalid', false);
      const preferredLanguage = row.pick('preferredLanguage', parseLanguage, 'languageInvalid', false);
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
      const role = row.pick('role', parseRole, 'roleInvalid');
      // Absent column: keep the contact's language; an empty cell: no language of its own.
      const language = !row.has('language')
        ? undefined
        : row.raw('language') === ''
          ? null
          : (row.pick('language', parseLanguage, 'languageInvalid') ?? null);
      if (row.issues.length === 0 && customer && name && email && role) {
        contacts.push({ line: record.line, customer, name, email, role, language });
      }
    } else {
      const customer = row.customerRef();
      const offerName = row.text('offerName', TEXT_LIMITS.offerName);
      const quantity = row.pick('quantity', parseQuantity, 'quantityInvalid');
      const status = row.pick('status', parseStatus, 'statusInvalid', false);
      const term = row.pick('term', parseTerm, 'termInvalid');
      const billingCycle = row.pick('billingCycle', parseBillingCycle, 'billingCycleInvalid');
      const startDate = row.pick('startDate', parseImportDate, 'dateInvalid');
      const commitmentEndDate = row.pick('commitmentEndDate', parseImportDate, 'dateInvalid');
      const autoRenew = row.pick('autoRenew', parseYesNo, 'autoRenewInvalid', false);
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
