import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Prisma } from '../../generated/prisma/client';
import { getDb } from '../db';
import { partnerScope, type Viewer } from '../viewer';
import { isoDay } from '../../domain/dates';
import { can } from '../../domain/permissions';
import type { Cloud, RelationshipToPartner } from '../../domain/policy';
import { localeFromDb, type Locale } from '../../i18n/locales';
import { validateImportFile, type FileValidation, type ValidatedFile } from '../../domain/customer-import/validate';
import {
  planImport,
  planSignature,
  referencedKeys,
  type ExistingContact,
  type ExistingCustomer,
  type ExistingSubscription,
  type ImportContext,
  type ImportPlan,
  type PlanAction,
} from '../../domain/customer-import/plan';
import type { ImportKind } from '../../domain/customer-import/columns';
import type { ImportIssue } from '../../domain/customer-import/issues';
import { sha256Hex as sha256 } from '../../runtime/tokens';
import { auditBy, writeAudit, type AuditEntry } from './audit';
import { SUBSCRIPTION_SELECT, refreshNextCommitmentEnd } from './customer-writes';
import { Refusal, runWrite, type Tx } from './transaction';

// The CSV import of customers, contacts and subscriptions: a preview that validates every row and
// plans the changes against the partner's data, writing nothing; and the apply, which plans again
// and writes all of it — or, on any problem, nothing.

/**
 * An import of IMPORT_MAX_ROWS rows writes its rows and their audit events in a few set-based
 * statements (measured: tests/data/long-writes.test.ts); the bound keeps a stuck one from holding
 * its connection.
 */
const IMPORT_TX_LIMITS = { maxWait: 5_000, timeout: 60_000 } as const;

const CHUNK = 5000;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The partner's rows that a validated file may match: customers by tenant id or domain, and their contacts or subscriptions. */
async function loadImportContext(tx: Tx, partnerId: string, file: ValidatedFile): Promise<ImportContext> {
  const { tenantIds, domains } = referencedKeys(file);
  const partner = await tx.partner.findFirst({ where: { id: partnerId }, select: { cloud: true } });
  const customerRows: ExistingCustomer[] = [];
  const select = {
    id: true,
    tenantId: true,
    companyName: true,
    domain: true,
    cloud: true,
    relationshipToPartner: true,
    preferredLanguage: true,
    version: true,
  } as const;
  const seen = new Set<string>();
  const add = (rows: Prisma.CustomerGetPayload<{ select: typeof select }>[]) => {
    for (const row of rows) {
      if (seen.has(row.id)) continue;
      seen.add(row.id);
      customerRows.push({ ...row, preferredLanguage: localeFromDb(row.preferredLanguage) });
    }
  };
  for (const part of chunks(tenantIds)) add(await tx.customer.findMany({ where: { partnerId, tenantId: { in: part } }, select }));
  for (const part of chunks(domains)) add(await tx.customer.findMany({ where: { partnerId, domain: { in: part } }, select }));
  const customerIds = customerRows.map((c) => c.id);
  const contacts: ExistingContact[] = [];
  const subscriptions: ExistingSubscription[] = [];
  if (file.kind === 'contacts') {
    for (const part of chunks(customerIds)) {
      const rows = await tx.contact.findMany({
        where: { partnerId, customerId: { in: part } },
        select: { id: true, customerId: true, name: true, email: true, role: true, language: true, updatedAt: true },
      });
      for (const row of rows)
        contacts.push({ ...row, language: row.language ? localeFromDb(row.language) : null, updatedAt: row.updatedAt.toISOString() });
    }
  }
  if (file.kind === 'subscriptions') {
    for (const part of chunks(customerIds)) {
      const rows = await tx.subscription.findMany({
        where: { partnerId, customerId: { in: part } },
        select: { id: true, customerId: true, ...SUBSCRIPTION_SELECT },
      });
      for (const row of rows) {
        subscriptions.push({
          ...row,
          startDate: isoDay(row.startDate),
          commitmentEndDate: isoDay(row.commitmentEndDate),
          updatedAt: row.updatedAt.toISOString(),
        });
      }
    }
  }
  return { defaultCloud: partner?.cloud ?? 'PUBLIC', customers: customerRows, contacts, subscriptions };
}

function fingerprint(fileText: string, plan: ImportPlan): string {
  return sha256(`${sha256(fileText)}\n${planSignature(plan)}`);
}

export type ImportPreview = {
  kind: ImportKind;
  rowCount: number;
  ignoredColumns: string[];
  issues: ImportIssue[];
  plan: ImportPlan | null;
  /** Present when the file can be applied: the apply must send it back. */
  fingerprint: string | null;
};

function validationOnly(validation: FileValidation): ImportPreview {
  return {
    kind: validation.file.kind,
    rowCount: validation.rowCount,
    ignoredColumns: validation.ignoredColumns,
    issues: validation.issues,
    plan: null,
    fingerprint: null,
  };
}

/**
 * Validates every row and plans the changes against the partner's current data, writing nothing.
 * Row problems and matching problems are reported together (as many as the file has).
 */
export async function previewImport(viewer: Viewer, kind: ImportKind, text: string): Promise<ImportPreview> {
  const partnerId = partnerScope(viewer);
  const validation = validateImportFile(kind, text);
  if (validation.file.rows.length === 0) return validationOnly(validation);
  const context = await getDb().$transaction((tx) => loadImportContext(tx, partnerId, validation.file), IMPORT_TX_LIMITS);
  const plan = planImport(validation, context);
  const issues = [...validation.issues, ...plan.issues].sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
  return {
    kind,
    rowCount: validation.rowCount,
    ignoredColumns: validation.ignoredColumns,
    issues,
    plan,
    fingerprint: issues.length === 0 ? fingerprint(text, plan) : null,
  };
}

export type ImportApplyResult =
  | { ok: true; counts: Record<PlanAction, number>; kind: ImportKind }
  | { ok: false; code: 'FORBIDDEN' | 'STALE' }
  | { ok: false; code: 'INVALID'; preview: ImportPreview };

const STALE = { ok: false, code: 'STALE' } as const;

/** Someone created the same customer or contact while the import ran: the file is planned again. */
const UNIQUE_FAILURES = { Customer_partnerId_tenantId_key: STALE, Contact_customerId_email_role_key: STALE } as const;

/**
 * Applies a file that was previewed: validates and plans it again inside one transaction (with
 * the matched customers locked), refuses it when the plan is not the one previewed (`fingerprint`),
 * then writes everything — or, on any problem, nothing. Audit: one `<kind>.import_applied` event
 * with the counts and the file's SHA-256, plus one event per created or updated row.
 */
export async function applyImport(
  viewer: Viewer,
  input: { kind: ImportKind; text: string; fileName: string; fingerprint: string },
  address: string,
): Promise<ImportApplyResult> {
  if (!can(viewer.role, 'customer:write')) return { ok: false, code: 'FORBIDDEN' };
  const partnerId = partnerScope(viewer);
  const validation = validateImportFile(input.kind, input.text);
  if (validation.issues.length > 0 || validation.file.rows.length === 0)
    return { ok: false, code: 'INVALID', preview: validationOnly(validation) };
  return runWrite<ImportApplyResult>(
    async (tx) => {
      const { tenantIds, domains } = referencedKeys(validation.file);
      for (const part of chunks(tenantIds)) {
        await tx.$queryRaw`SELECT id FROM "Customer" WHERE "partnerId" = ${partnerId}::uuid AND "tenantId" = ANY(${part}::uuid[]) ORDER BY id FOR UPDATE`;
      }
      for (const part of chunks(domains)) {
        await tx.$queryRaw`SELECT id FROM "Customer" WHERE "partnerId" = ${partnerId}::uuid AND domain = ANY(${part}::text[]) ORDER BY id FOR UPDATE`;
      }
      const context = await loadImportContext(tx, partnerId, validation.file);
      const plan = planImport(validation, context);
      if (plan.issues.length > 0)
        return { ok: false, code: 'INVALID', preview: { ...validationOnly(validation), issues: plan.issues, plan } };
      if (fingerprint(input.text, plan) !== input.fingerprint) return STALE;
      const events = await writePlan(tx, partnerId, plan);
      await refreshNextCommitmentEnd(tx, partnerId, plan.affectedCustomerIds);
      await writeAudit(tx, [
        ...events.map((event) => auditBy(viewer, partnerId, address, event)),
        auditBy(viewer, partnerId, address, {
          action: `${input.kind === 'customers' ? 'customer' : input.kind === 'contacts' ? 'contact' : 'subscription'}.import_applied`,
          targetType: 'Import',
          targetId: null,
          after: {
            kind: input.kind,
            fileName: input.fileName.slice(0, 255),
            fileSha256: sha256(input.text),
            rows: validation.rowCount,
            created: plan.counts.create,
            updated: plan.counts.update,
            unchanged: plan.counts.unchanged,
          },
        }),
      ]);
      return { ok: true, counts: plan.counts, kind: input.kind };
    },
    { unique: UNIQUE_FAILURES, limits: IMPORT_TX_LIMITS },
  );
}

type PlanEvent = Omit<AuditEntry, 'actor' | 'partnerId' | 'address'>;

/** Writes the plan's rows (set-based: one statement per 2,000 rows); returns one audit event per row created or updated. */
async function writePlan(tx: Tx, partnerId: string, plan: ImportPlan): Promise<PlanEvent[]> {
  const events: PlanEvent[] = [];
  const event = (action: string, targetType: string, targetId: string, before: unknown, after: unknown): PlanEvent => ({
    action,
    targetType,
    targetId,
    before,
    after,
  });
  const writes = plan.writes;
  if (writes.kind === 'customers') {
    const created = writes.creates.map((values) => ({ id: randomUUID(), ...values }));
    for (const part of chunks(created, 2000)) {
      await tx.$executeRaw`
        INSERT INTO "Customer" (id, "partnerId", "tenantId", "companyName", domain, cloud, "relationshipToPartner", "preferredLanguage", "updatedAt")
        SELECT u.id, ${partnerId}::uuid, u.tenant, u.name, u.domain, u.cloud::"Cloud", u.rel::"RelationshipToPartner", u.lang::"Language", now()
        FROM unnest(
          ${part.map((c) => c.id)}::uuid[], ${part.map((c) => c.tenantId)}::uuid[], ${part.map((c) => c.companyName)}::text[],
          ${part.map((c) => c.domain)}::text[], ${part.map((c) => c.cloud)}::text[], ${part.map((c) => c.relationshipToPartner)}::text[],
          ${part.map((c) => c.preferredLanguage)}::text[]
        ) AS u(id, tenant, name, domain, cloud, rel, lang)`;
    }
    for (const part of chunks(writes.updates, 2000)) {
      const count = await tx.$executeRaw`
        UPDATE "Customer" AS c
        SET "companyName" = u.name, domain = u.domain, "relationshipToPartner" = u.rel::"RelationshipToPartner", cloud = u.cloud::"Cloud",
            "preferredLanguage" = u.lang::"Language", version = c.version + 1, "updatedAt" = now()
        FROM unnest(
          ${part.map((u) => u.id)}::uuid[], ${part.map((u) => u.version)}::int[], ${part.map((u) => u.after.companyName)}::text[],
          ${part.map((u) => u.after.domain)}::text[], ${part.map((u) => u.after.relationshipToPartner)}::text[],
          ${part.map((u) => u.after.cloud)}::text[], ${part.map((u) => u.after.preferredLanguage)}::text[]
        ) AS u(id, version, name, domain, rel, cloud, lang)
        WHERE c.id = u.id AND c."partnerId" = ${partnerId}::uuid AND c.version = u.version`;
      if (count !== part.length) throw new Refusal(STALE);
    }
    for (const c of created) events.push(event('customer.created', 'Customer', c.id, null, customerAudit(c)));
    for (const u of writes.updates) {
      events.push(
        event(
          'customer.updated',
          'Customer',
          u.id,
          { ...customerAudit(u.before), version: u.version },
          { ...customerAudit(u.after), version: u.version + 1 },
        ),
      );
    }
  } else if (writes.kind === 'contacts') {
    const created = writes.creates.map((values) => ({ id: randomUUID(), ...values }));
    for (const part of chunks(created, 2000)) {
      await tx.$executeRaw`
        INSERT INTO "Contact" (id, "partnerId", "customerId", name, email, role, language, "updatedAt")
        SELECT u.id, ${partnerId}::uuid, u.customer, u.name, u.email, u.role::"ContactRole", u.lang::"Language", now()
        FROM unnest(
          ${part.map((c) => c.id)}::uuid[], ${part.map((c) => c.customerId)}::uuid[], ${part.map((c) => c.name)}::text[],
          ${part.map((c) => c.email)}::text[], ${part.map((c) => c.role)}::text[], ${part.map((c) => c.language)}::text[]
        ) AS u(id, customer, name, email, role, lang)`;
    }
    for (const part of chunks(writes.updates, 2000)) {
      const count = await tx.$executeRaw`
        UPDATE "Contact" AS c
        SET name = u.name, language = u.lang::"Language", "updatedAt" = now()
        FROM unnest(
          ${part.map((u) => u.id)}::uuid[], ${part.map((u) => u.customerId)}::uuid[], ${part.map((u) => u.updatedAt)}::timestamptz[],
          ${part.map((u) => u.after.name)}::text[], ${part.map((u) => u.after.language)}::text[]
        ) AS u(id, "customerId", "updatedAt", name, lang)
        WHERE c.id = u.id AND c."customerId" = u."customerId" AND c."partnerId" = ${partnerId}::uuid AND c."updatedAt" = u."updatedAt"`;
      if (count !== part.length) throw new Refusal(STALE);
    }
    for (const c of created)
      events.push(
        event('contact.created', 'Contact', c.id, null, {
          customerId: c.customerId,
          name: c.name,
          email: c.email,
          role: c.role,
          language: c.language,
        }),
      );
    for (const u of writes.updates)
      events.push(
        event('contact.updated', 'Contact', u.id, { customerId: u.customerId, ...u.before }, { customerId: u.customerId, ...u.after }),
      );
  } else {
    const created = writes.creates.map((values) => ({ id: randomUUID(), ...values }));
    for (const part of chunks(created, 2000)) {
      await tx.$executeRaw`
        INSERT INTO "Subscription" (id, "partnerId", "customerId", "offerName", quantity, status, term, "billingCycle", "startDate", "commitmentEndDate", "autoRenew", "updatedAt")
        SELECT u.id, ${partnerId}::uuid, u.customer, u.offer, u.quantity, u.status::"SubscriptionStatus", u.term::"SubscriptionTerm",
               u.cycle::"BillingCycle", u.start_date, u.end_date, u.auto_renew, now()
        FROM unnest(
          ${part.map((s) => s.id)}::uuid[], ${part.map((s) => s.customerId)}::uuid[], ${part.map((s) => s.offerName)}::text[],
          ${part.map((s) => s.quantity)}::int[], ${part.map((s) => s.status)}::text[], ${part.map((s) => s.term)}::text[],
          ${part.map((s) => s.billingCycle)}::text[], ${part.map((s) => s.startDate)}::date[], ${part.map((s) => s.commitmentEndDate)}::date[],
          ${part.map((s) => s.autoRenew)}::boolean[]
        ) AS u(id, customer, offer, quantity, status, term, cycle, start_date, end_date, auto_renew)`;
    }
    for (const part of chunks(writes.updates, 2000)) {
      const count = await tx.$executeRaw`
        UPDATE "Subscription" AS s
        SET "offerName" = u.offer, quantity = u.quantity, status = u.status::"SubscriptionStatus", term = u.term::"SubscriptionTerm",
            "billingCycle" = u.cycle::"BillingCycle", "commitmentEndDate" = u.end_date, "autoRenew" = u.auto_renew, "updatedAt" = now()
        FROM unnest(
          ${part.map((u) => u.id)}::uuid[], ${part.map((u) => u.customerId)}::uuid[], ${part.map((u) => u.updatedAt)}::timestamptz[],
          ${part.map((u) => u.after.offerName)}::text[], ${part.map((u) => u.after.quantity)}::int[], ${part.map((u) => u.after.status)}::text[],
          ${part.map((u) => u.after.term)}::text[], ${part.map((u) => u.after.billingCycle)}::text[],
          ${part.map((u) => u.after.commitmentEndDate)}::date[], ${part.map((u) => u.after.autoRenew)}::boolean[]
        ) AS u(id, "customerId", "updatedAt", offer, quantity, status, term, cycle, end_date, auto_renew)
        WHERE s.id = u.id AND s."customerId" = u."customerId" AND s."partnerId" = ${partnerId}::uuid AND s."updatedAt" = u."updatedAt"`;
      if (count !== part.length) throw new Refusal(STALE);
    }
    for (const s of created) {
      const { id, ...values } = s;
      events.push(event('subscription.created', 'Subscription', id, null, values));
    }
    for (const u of writes.updates) {
      events.push(
        event(
          'subscription.updated',
          'Subscription',
          u.id,
          { customerId: u.customerId, ...u.before },
          { customerId: u.customerId, ...u.after },
        ),
      );
    }
  }
  return events;
}

function customerAudit(values: {
  companyName: string;
  domain: string;
  tenantId: string;
  cloud: Cloud;
  relationshipToPartner: RelationshipToPartner;
  preferredLanguage: Locale;
}) {
  return {
    companyName: values.companyName,
    domain: values.domain,
    tenantId: values.tenantId,
    cloud: values.cloud,
    relationshipToPartner: values.relationshipToPartner,
    preferredLanguage: values.preferredLanguage,
  };
}
