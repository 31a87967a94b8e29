import 'server-only';
import { Prisma } from '../../generated/prisma/client';
import { getDb } from '../db';
import { partnerScope, type Viewer } from '../viewer';
import { SecretUnreadableError } from '../crypto';
import { credentialsOf } from '../microsoft/credentials';
import { GRAPH_CLIENT_DEFAULTS, TokenCache, testConnection, type ConnectionTest, type GraphClientOptions } from '../microsoft/graph-client';
import { can } from '../../domain/permissions';
import { isUuid } from '../../domain/ids';
import { isConnectorErrorCode, type ConnectorErrorCode } from '../../domain/connector-errors';
import { adminConsentUrl, tenantEndpoints, type EndpointOverrides, type GovernmentGraph } from '../../domain/microsoft-cloud';
import type { Cloud } from '../../domain/policy';
import { FORBIDDEN, type ConnectorResult } from './microsoft-connector';

// The connector's customer tenants as the settings page shows them — each one's last success, what
// its last sync brought, its last error as a code worded on the page — and "Test connection" for
// one of them, which asks Microsoft live (a token, one item of each collection) and stores nothing.

export type TenantState = 'OK' | 'FAILING' | 'NEVER' | 'QUEUED' | 'RETIRED';

export type TenantRow = {
  customerId: string;
  companyName: string;
  tenantId: string;
  cloud: Cloud;
  governmentGraph: GovernmentGraph | null;
  state: TenantState;
  lastSuccessAt: Date | null;
  lastCreated: number;
  lastUpdated: number;
  lastErrorCode: ConnectorErrorCode | null;
  lastErrorDetail: string | null;
  lastErrorAt: Date | null;
  /** Where the customer's administrator consents to the application (null: retired cloud, or no connector). */
  consentUrl: string | null;
};

export type TenantPage = {
  rows: TenantRow[];
  page: number;
  pageCount: number;
  counts: Record<TenantState, number>;
};

export const TENANTS_PAGE_SIZE = 50;

type Row = {
  customerId: string;
  companyName: string;
  tenantId: string;
  cloud: Cloud;
  governmentGraph: GovernmentGraph | null;
  runId: string | null;
  lastSuccessAt: Date | null;
  lastCreated: number | null;
  lastUpdated: number | null;
  lastErrorCode: string | null;
  lastErrorDetail: string | null;
  lastErrorAt: Date | null;
};

/** The state of a tenant: a retired cloud, waiting in a run, failing (its last attempt failed), fine, or never read. */
function stateOf(row: Row): TenantState {
  if (row.cloud === 'GERMANY') return 'RETIRED';
  if (row.runId) return 'QUEUED';
  if (row.lastErrorAt && (!row.lastSuccessAt || row.lastErrorAt >= row.lastSuccessAt)) return 'FAILING';
  return row.lastSuccessAt ? 'OK' : 'NEVER';
}

const STATE_SQL = Prisma.sql`CASE
  WHEN c."cloud" = 'GERMANY' THEN 'RETIRED'
  WHEN t."runId" IS NOT NULL THEN 'QUEUED'
  WHEN t."lastErrorAt" IS NOT NULL AND (t."lastSuccessAt" IS NULL OR t."lastErrorAt" >= t."lastSuccessAt") THEN 'FAILING'
  WHEN t."lastSuccessAt" IS NOT NULL THEN 'OK'
  ELSE 'NEVER' END`;

/**
 * The partner's customer tenants with their sync state, failing ones first, then by name; 50 a
 * page. `state` keeps only tenants in that state.
 */
export async function listTenants(
  viewer: Viewer,
  options: { page?: number; state?: TenantState; overrides?: EndpointOverrides } = {},
): Promise<ConnectorResult<{ tenants: TenantPage }>> {
  if (!can(viewer.role, 'settings:microsoft')) return FORBIDDEN;
  const partnerId = partnerScope(viewer);
  const connector = await getDb().microsoftConnector.findUnique({ where: { partnerId }, select: { clientId: true } });
  const counted = await getDb().$queryRaw<{ state: TenantState; n: number }[]>`
    SELECT ${STATE_SQL} AS "state", count(*)::int AS n
    FROM "Customer" c LEFT JOIN "MicrosoftTenantSync" t ON t."customerId" = c."id" AND t."partnerId" = c."partnerId"
    WHERE c."partnerId" = ${partnerId}::uuid GROUP BY 1`;
  const counts: Record<TenantState, number> = { OK: 0, FAILING: 0, NEVER: 0, QUEUED: 0, RETIRED: 0 };
  for (const row of counted) counts[row.state] = row.n;
  const total = options.state ? counts[options.state] : Object.values(counts).reduce((sum, n) => sum + n, 0);
  const pageCount = Math.max(1, Math.ceil(total / TENANTS_PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.floor(options.page ?? 1)), pageCount);
  const rows = await getDb().$queryRaw<Row[]>`
    SELECT c."id"::text AS "customerId", c."companyName", c."tenantId"::text AS "tenantId", c."cloud"::text AS "cloud",
           t."governmentGraph"::text AS "governmentGraph", t."runId"::text AS "runId", t."lastSuccessAt", t."lastCreated", t."lastUpdated",
           t."lastErrorCode", t."lastErrorDetail", t."lastErrorAt"
    FROM "Customer" c LEFT JOIN "MicrosoftTenantSync" t ON t."customerId" = c."id" AND t."partnerId" = c."partnerId"
    WHERE c."partnerId" = ${partnerId}::uuid ${options.state ? Prisma.sql`AND ${STATE_SQL} = ${options.state}` : Prisma.empty}
    ORDER BY (${STATE_SQL} = 'FAILING') DESC, c."companyName", c."id"
    LIMIT ${TENANTS_PAGE_SIZE} OFFSET ${(page - 1) * TENANTS_PAGE_SIZE}`;
  return {
    ok: true,
    tenants: {
      page,
      pageCount,
      counts,
      rows: rows.map((row) => ({
        customerId: row.customerId,
        companyName: row.companyName,
        tenantId: row.tenantId,
        cloud: row.cloud,
        governmentGraph: row.governmentGraph,
        state: stateOf(row),
        lastSuccessAt: row.lastSuccessAt,
        lastCreated: row.lastCreated ?? 0,
        lastUpdated: row.lastUpdated ?? 0,
        // Anything stored that is not a code (a row of a future version) reads as UNKNOWN.
        lastErrorCode: row.lastErrorCode === null ? null : isConnectorErrorCode(row.lastErrorCode) ? row.lastErrorCode : 'UNKNOWN',
        lastErrorDetail: row.lastErrorDetail,
        lastErrorAt: row.lastErrorAt,
        consentUrl: connector ? adminConsentUrl(row.tenantId, connector.clientId, row.cloud, options.overrides) : null,
      })),
    },
  };
}

export type TenantTest = ConnectionTest | { ok: false; failure: { code: ConnectorErrorCode; microsoftCode: null }; step: 'settings' };

/**
 * "Test connection" for one customer's tenant: a token from its authority with the stored
 * credential, then one item of issues and of messages. Nothing is stored; the answer is a code.
 */
export async function testTenant(
  viewer: Viewer,
  customerId: string,
  options: { overrides?: EndpointOverrides; client?: Partial<GraphClientOptions> } = {},
): Promise<ConnectorResult<{ test: TenantTest; companyName: string }>> {
  if (!can(viewer.role, 'settings:microsoft')) return FORBIDDEN;
  const partnerId = partnerScope(viewer);
  if (!isUuid(customerId)) return { ok: false, code: 'NOT_FOUND' };
  const db = getDb();
  const [customer, connector] = await Promise.all([
    db.customer.findFirst({
      where: { id: customerId, partnerId },
      select: { companyName: true, tenantId: true, cloud: true, tenantSync: { select: { governmentGraph: true } } },
    }),
    db.microsoftConnector.findUnique({
      where: { partnerId },
      select: { clientId: true, credential: true, secretEncrypted: true, certificateThumbprint: true, demo: true },
    }),
  ]);
  if (!customer) return { ok: false, code: 'NOT_FOUND' };
  if (!connector) return { ok: false, code: 'NOT_CONFIGURED' };
  if (connector.demo) return { ok: false, code: 'DEMO_MODE' };
  const settings = (code: ConnectorErrorCode) => ({
    ok: true as const,
    companyName: customer.companyName,
    test: { ok: false as const, failure: { code, microsoftCode: null }, step: 'settings' as const },
  });
  const endpoints = tenantEndpoints(customer.tenantId, customer.cloud, customer.tenantSync?.governmentGraph ?? null, options.overrides);
  if (!endpoints.ok) return settings('CLOUD_RETIRED');
  let credentials;
  try {
    credentials = credentialsOf(connector);
  } catch (error) {
    if (error instanceof SecretUnreadableError) return settings('SECRET_UNREADABLE');
    throw error;
  }
  // A fresh cache: a test always asks for a token, so that it checks the credential as it is now.
  const test = await testConnection(
    { endpoints: endpoints.endpoints, credentials, cache: new TokenCache(1) },
    { ...GRAPH_CLIENT_DEFAULTS, requestTimeoutMs: 15_000, maxRetries: 1, maxRetryWaitMs: 5_000, ...options.client },
  );
  return { ok: true, companyName: customer.companyName, test };
}
