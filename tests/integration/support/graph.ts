// The connector against the fake Microsoft (tests/support/fake-microsoft.ts): a partner whose
// connector is configured through the data layer, customers with tenants, and a sync worker
// (GraphSync) pointed at the fake, whose waits are recorded instead of slept.
import { randomUUID } from 'node:crypto';
import type { Cloud } from '../../../lib/domain/policy';
import { saveConnector } from '../../../lib/server/data/microsoft-connector';
import { GraphSync, type GraphSyncOptions } from '../../../lib/worker/graph-sync';
import type { GraphClientOptions } from '../../../lib/server/microsoft/graph-client';
import { createTestPartner, testDb, type TestPartner } from '../../support/factories';
import type { FakeMicrosoft } from '../../support/fake-microsoft';
import { TEST_CLIENT_ID, connectorInput } from '../../support/connector';

export const CLIENT_ID = TEST_CLIENT_ID;
export const SECRET = connectorInput().secret;

export type Tenant = { customerId: string; tenantId: string; companyName: string };

export type ConnectorPartner = TestPartner & { tenants: Tenant[] };

/** A partner with `count` customers (PUBLIC unless `clouds` says otherwise) and its connector saved with SECRET. */
export async function connectorPartner(fake: FakeMicrosoft, count: number, clouds: Cloud[] = []): Promise<ConnectorPartner> {
  const partner = await createTestPartner();
  const db = testDb();
  const tenants: Tenant[] = [];
  const rows = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    partnerId: partner.partnerId,
    companyName: `Tenant ${String(i).padStart(4, '0')} ${partner.partnerId.slice(0, 4)}`,
    domain: `t${i}-${randomUUID().slice(0, 8)}.example`,
    tenantId: randomUUID(),
    cloud: clouds[i] ?? ('PUBLIC' as const),
  }));
  for (let i = 0; i < rows.length; i += 2000) await db.customer.createMany({ data: rows.slice(i, i + 2000) });
  for (const row of rows) tenants.push({ customerId: row.id, tenantId: row.tenantId, companyName: row.companyName });
  fake.setApp({ clientId: CLIENT_ID, secrets: [SECRET] });
  const saved = await saveConnector(partner.admin, connectorInput());
  if (!saved.ok) throw new Error(`saving the connector failed: ${saved.code}`);
  return { ...partner, tenants };
}

/** Switches the partner's connector off, so that later tests' workers leave it alone. */
export async function switchOff(partner: { partnerId: string }): Promise<void> {
  const db = testDb();
  await db.microsoftTenantSync.updateMany({
    where: { partnerId: partner.partnerId },
    data: { runId: null, leaseUntil: null, leaseToken: null },
  });
  await db.microsoftSyncRun.updateMany({ where: { partnerId: partner.partnerId, finishedAt: null }, data: { finishedAt: new Date() } });
  await db.microsoftConnector.updateMany({ where: { partnerId: partner.partnerId }, data: { enabled: false } });
}

/** Makes the partner's next run due now (as "Sync now" does). */
export async function runNow(partner: { partnerId: string }): Promise<void> {
  await testDb().microsoftConnector.updateMany({
    where: { partnerId: partner.partnerId },
    data: { nextRunAt: new Date(Date.now() - 1000) },
  });
}

export type TestSync = GraphSync & { waits: number[] };

/** A sync worker on the fake: fast rounds, waits recorded (not slept). */
export function testSync(
  fake: FakeMicrosoft,
  options: Partial<Omit<GraphSyncOptions, 'client'>> & { client?: Partial<GraphClientOptions> } = {},
): TestSync {
  const waits: number[] = [];
  const sync = new GraphSync(testDb(), {
    pollMs: 20,
    batchSize: 16,
    concurrency: 4,
    ...options,
    overrides: { loginUrl: fake.loginUrl, graphUrl: fake.graphUrl },
    client: {
      fetch: (...args) => fetch(...args),
      sleep: async (ms) => {
        waits.push(ms);
      },
      now: () => new Date(),
      requestTimeoutMs: 5_000,
      maxRetries: 3,
      maxRetryWaitMs: 60_000,
      pageSize: null,
      maxPages: 1000,
      ...options.client,
    },
  });
  return Object.assign(sync, { waits });
}

/** Rounds until the partner's runs are all finished. */
export async function syncUntilDone(sync: GraphSync, partner: { partnerId: string }, maxRounds = 10_000): Promise<void> {
  const db = testDb();
  for (let round = 0; round < maxRounds; round += 1) {
    const stats = await sync.tick();
    if (stats.tenants === 0 && stats.runsStarted === 0) {
      // The schedule before the runs: another worker starting the run in between commits both its
      // run and the connector's next time at once, so read in this order one of them always shows it.
      const due = await db.microsoftConnector.count({
        where: { partnerId: partner.partnerId, enabled: true, nextRunAt: { lte: new Date() } },
      });
      const open = await db.microsoftSyncRun.count({ where: { partnerId: partner.partnerId, finishedAt: null } });
      if (open === 0 && due === 0) return;
    }
  }
  throw new Error('the sync did not finish');
}

export async function tenantState(customerId: string) {
  return testDb().microsoftTenantSync.findUnique({
    where: { customerId },
    select: {
      lastSuccessAt: true,
      syncedThrough: true,
      lastCreated: true,
      lastUpdated: true,
      lastErrorCode: true,
      lastErrorDetail: true,
      runId: true,
      leaseUntil: true,
    },
  });
}

/** The partner's communications with their linked customers. */
export async function stored(partnerId: string) {
  return testDb().microsoftCommunication.findMany({
    where: { partnerId },
    orderBy: { externalId: 'asc' },
    select: {
      externalId: true,
      status: true,
      isResolved: true,
      title: true,
      lastModifiedAt: true,
      category: true,
      affectedCustomers: {
        select: { customerId: true, category: true, fromImport: true, fromConnector: true },
        orderBy: { customerId: 'asc' },
      },
    },
  });
}
