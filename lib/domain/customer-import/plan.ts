// The plan of an import: what a validated file would change among the partner's existing rows
// (which the data layer loads, and applies the plan's writes to).
//
// Matching, within the importing partner only: a customer by its tenant id (a row with an unknown
// tenant id creates a customer); a contact by customer + email + role; a subscription by customer
// + offer name (without case) + start date. A matched row whose values are all the same is
// "unchanged"; an optional column that is absent, or a customer's empty Cloud/Language cell,
// keeps the current value; a contact's empty Language cell means "no language of its own".

import type { Locale } from '../../i18n/locales';
import type { Cloud, RelationshipToPartner } from '../policy';
import type { BillingCycle, ContactRole, SubscriptionStatus, SubscriptionTerm } from './fields';
import { issueAt, type ColumnMap, type ImportField, type ImportKind } from './columns';
import type { ImportIssue } from './issues';
import type { ContactImportRow, CustomerImportRow, CustomerRef, FileValidation, SubscriptionImportRow, ValidatedFile } from './validate';

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

/** What a plan gathers row by row, whatever the kind of file. */
type Planning = { entries: PlanEntry[]; issues: ImportIssue[]; affected: Set<string> };

/** A row's entry: a create, or the update (some field changes) or unchanged of an existing row. */
function entryOf(
  line: number,
  label: string,
  customerName: string | null,
  target: { id: string; basis: string; changes: FieldChange[] } | null,
): PlanEntry {
  if (!target) return { line, action: 'create', label, customerName, targetId: null, basis: null, changes: [] };
  const { id, basis, changes } = target;
  return { line, action: changes.length > 0 ? 'update' : 'unchanged', label, customerName, targetId: id, basis, changes };
}

function planCustomers(rows: readonly CustomerImportRow[], context: ImportContext, columns: ColumnMap, out: Planning): PlanWrites {
  const creates: CustomerValues[] = [];
  const updates: Extract<PlanWrites, { kind: 'customers' }>['updates'] = [];
  const byTenant = new Map(context.customers.map((c) => [c.tenantId.toLowerCase(), c]));
  for (const row of rows) {
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
        out.issues.push(issueAt(columns, row.line, 'cloud', 'cloudRetired', row.cloud));
        continue;
      }
      creates.push(values);
      out.entries.push(entryOf(row.line, row.companyName, null, null));
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
      out.issues.push(issueAt(columns, row.line, 'cloud', 'cloudRetired', row.cloud));
      continue;
    }
    const changes = diff(before, after, CUSTOMER_FIELDS);
    if (changes.length > 0) updates.push({ id: existing.id, version: existing.version, before, after });
    out.entries.push(entryOf(row.line, row.companyName, null, { id: existing.id, basis: String(existing.version), changes }));
  }
  return { kind: 'customers', creates, updates };
}

/**
 * The steps contacts and subscriptions share: a row's customer (by tenant id or domain), each
 * match key once per file, and the create or update of a row under that customer (whose
 * nextCommitmentEndAt the data layer then refreshes).
 */
class ChildPlanner<V extends Record<string, unknown>> {
  readonly creates: ({ customerId: string } & V)[] = [];
  readonly updates: { id: string; customerId: string; updatedAt: string; before: V; after: V }[] = [];
  private readonly resolver: CustomerResolver;
  private readonly seen = new Map<string, number>();
  constructor(
    context: ImportContext,
    private readonly columns: ColumnMap,
    private readonly out: Planning,
    private readonly fields: readonly (keyof V & ImportField)[],
  ) {
    this.resolver = new CustomerResolver(context.customers);
  }

  /**
   * The row's customer and match key; null when its customer is not found, or when an earlier row
   * of the file had the same key (a duplicate, reported at `field`).
   */
  resolve(
    row: { line: number; customer: CustomerRef },
    field: ImportField,
    value: string,
    keyOf: (customerId: string) => string,
  ): { customer: ExistingCustomer; key: string } | null {
    const customer = this.resolver.resolve(row.customer, row.line, this.columns, this.out.issues);
    if (!customer) return null;
    const key = keyOf(customer.id);
    const first = this.seen.get(key);
    if (first !== undefined) {
      this.out.issues.push(issueAt(this.columns, row.line, field, 'duplicateInFile', value, { firstLine: first }));
      return null;
    }
    this.seen.set(key, row.line);
    return { customer, key };
  }

  create(line: number, label: string, customer: ExistingCustomer, values: V): void {
    this.creates.push({ customerId: customer.id, ...values });
    this.out.affected.add(customer.id);
    this.out.entries.push(entryOf(line, label, customer.companyName, null));
  }

  update(line: number, label: string, customer: ExistingCustomer, existing: { id: string; updatedAt: string }, before: V, after: V): void {
    const changes = diff(before, after, this.fields);
    if (changes.length > 0) {
      this.updates.push({ id: existing.id, customerId: customer.id, updatedAt: existing.updatedAt, before, after });
      this.out.affected.add(customer.id);
    }
    this.out.entries.push(entryOf(line, label, customer.companyName, { id: existing.id, basis: existing.updatedAt, changes }));
  }
}

function planContacts(rows: readonly ContactImportRow[], context: ImportContext, columns: ColumnMap, out: Planning): PlanWrites {
  const planner = new ChildPlanner<ContactValues>(context, columns, out, CONTACT_FIELDS);
  const existingByKey = new Map(context.contacts.map((c) => [`${c.customerId}|${c.email.toLowerCase()}|${c.role}`, c]));
  for (const row of rows) {
    const resolved = planner.resolve(row, 'email', row.email, (customerId) => `${customerId}|${row.email}|${row.role}`);
    if (!resolved) continue;
    const { customer, key } = resolved;
    const existing = existingByKey.get(key);
    const label = `${row.name} <${row.email}>`;
    if (!existing) {
      planner.create(row.line, label, customer, { name: row.name, email: row.email, role: row.role, language: row.language ?? null });
      continue;
    }
    const before: ContactValues = { name: existing.name, email: existing.email, role: existing.role, language: existing.language };
    const after: ContactValues = { ...before, name: row.name, language: row.language === undefined ? existing.language : row.language };
    planner.update(row.line, label, customer, existing, before, after);
  }
  return { kind: 'contacts', creates: planner.creates, updates: planner.updates };
}

function planSubscriptions(rows: readonly SubscriptionImportRow[], context: ImportContext, columns: ColumnMap, out: Planning): PlanWrites {
  const planner = new ChildPlanner<SubscriptionValues>(context, columns, out, SUBSCRIPTION_FIELDS);
  const existingByKey = new Map<string, ExistingSubscription[]>();
  for (const s of context.subscriptions) {
    const key = `${s.customerId}|${s.offerName.toLowerCase()}|${s.startDate}`;
    existingByKey.set(key, [...(existingByKey.get(key) ?? []), s]);
  }
  for (const row of rows) {
    const resolved = planner.resolve(
      row,
      'offerName',
      row.offerName,
      (customerId) => `${customerId}|${row.offerName.toLowerCase()}|${row.startDate}`,
    );
    if (!resolved) continue;
    const { customer, key } = resolved;
    const matches = existingByKey.get(key) ?? [];
    if (matches.length > 1) {
      out.issues.push(issueAt(columns, row.line, 'offerName', 'subscriptionAmbiguous', row.offerName, { count: matches.length }));
      continue;
    }
    const label = `${row.offerName} (${row.startDate})`;
    const existing = matches[0];
    if (!existing) {
      planner.create(row.line, label, customer, {
        offerName: row.offerName,
        quantity: row.quantity,
        status: row.status ?? 'ACTIVE',
        term: row.term,
        billingCycle: row.billingCycle,
        startDate: row.startDate,
        commitmentEndDate: row.commitmentEndDate,
        autoRenew: row.autoRenew ?? true,
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
    planner.update(row.line, label, customer, existing, before, after);
  }
  return { kind: 'subscriptions', creates: planner.creates, updates: planner.updates };
}

/**
 * The changes a validated file would make against the partner's current rows: per row create,
 * update (with the changed fields) or unchanged, and the writes. Matching problems (unknown
 * customer, duplicates within the file, ambiguous matches, a move into the retired cloud) are
 * returned as issues; a plan with issues must not be applied.
 */
export function planImport(validation: Pick<FileValidation, 'file' | 'columns'>, context: ImportContext): ImportPlan {
  const { file, columns } = validation;
  const out: Planning = { entries: [], issues: [], affected: new Set() };
  const writes =
    file.kind === 'customers'
      ? planCustomers(file.rows, context, columns, out)
      : file.kind === 'contacts'
        ? planContacts(file.rows, context, columns, out)
        : planSubscriptions(file.rows, context, columns, out);
  const counts: Record<PlanAction, number> = { create: 0, update: 0, unchanged: 0 };
  for (const entry of out.entries) counts[entry.action] += 1;
  return { kind: file.kind, entries: out.entries, counts, issues: out.issues, writes, affectedCustomerIds: [...out.affected].sort() };
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
