// The Microsoft Graph connector's loop in the worker (docs/decisions/0029-graph-connector.md):
// its own timer beside the delivery dispatcher (lib/worker/run.ts), its own database pool, so that
// reading Microsoft never holds up a notice. Each round: start the runs that are due
// (startDueRuns), lease at most `batchSize` due tenants (claimTenants: FOR UPDATE SKIP LOCKED, so
// any number of workers share them) and read them, `concurrency` at a time; right away another
// round after one that had work, else after `pollMs`.
//
// One tenant's sync: the tenant's endpoints by its cloud (lib/domain/microsoft-cloud.ts), a token
// by client credentials (kept until shortly before it expires), then Graph's issues and messages
// changed since the last successful sync less `overlapMs` (everything the first time), every page.
// Each page is stored in one transaction through importCommunications — the import's own path:
// one communication per Graph id whatever the number of tenants, never an older version over a
// newer one, this tenant's link added and no other tenant's touched — which also checks and
// extends the lease. A worker killed mid-sync leaves whole pages only; its lease runs out, another
// worker reads the tenant again from the same point, and what was stored already is unchanged.
//
// After each page that changed something, `onChanges` (when given) hears which communications were
// created or updated, with the partner: where automatic follow-ups can start.
//
// This module imports lib/server (which starts with `import 'server-only'`): run it from a process
// that resolves `server-only` with the react-server condition (see ./server-only.ts).
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { parseGraphPage } from '../domain/graph-mapping';
import { tenantEndpoints, type EndpointOverrides } from '../domain/microsoft-cloud';
import type { PrismaClient } from '../runtime/prisma';
import { SecretUnreadableError } from '../server/crypto';
import { importCommunications, type RecordChange } from '../server/data/communication-import';
import {
  LeaseLostError,
  claimTenants,
  extendLease,
  finishTenant,
  holdLease,
  startDueRuns,
  type TenantClaim,
  type TenantOutcome,
} from '../server/data/graph-sync';
import { credentialsOf } from '../server/microsoft/credentials';
import {
  ConnectorError,
  GRAPH_CLIENT_DEFAULTS,
  TokenCache,
  readCollection,
  type GraphClientOptions,
} from '../server/microsoft/graph-client';
import { SYSTEM_ACTORS } from '../server/viewer';
import { Rounds } from './rounds';

export type GraphSyncOptions = {
  /** Wait between rounds that found nothing to do. */
  pollMs: number;
  /** Tenants leased per round at most. */
  batchSize: number;
  /** Tenants read at once. */
  concurrency: number;
  /** How long a lease holds without a page written; a killed worker's tenants are read again after it. */
  leaseMs: number;
  /** How far before the last successful sync the next one asks Graph for changes (clocks differ; Graph lags). */
  overlapMs: number;
  /** Partners whose run starts per round at most. */
  runsPerRound: number;
  /** MICROSOFT_LOGIN_URL and MICROSOFT_GRAPH_URL. */
  overrides: EndpointOverrides;
  client: GraphClientOptions;
  now: () => Date;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Told after every page that created or updated communications. */
  onChanges?: (partnerId: string, changes: RecordChange[]) => Promise<void>;
};

export const GRAPH_SYNC_DEFAULTS: Omit<GraphSyncOptions, 'overrides' | 'client' | 'logger' | 'onChanges'> = {
  pollMs: 5_000,
  batchSize: 8,
  concurrency: 4,
  leaseMs: 10 * 60_000,
  overlapMs: 15 * 60_000,
  runsPerRound: 10,
  now: () => new Date(),
};

export type SyncRoundStats = { runsStarted: number; tenants: number; succeeded: number; failed: number; lost: number; items: number };

const SILENT = { info: () => undefined, warn: () => undefined, error: () => undefined };

export class GraphSync {
  readonly options: GraphSyncOptions;
  private readonly tokens = new TokenCache();
  private readonly rounds = new Rounds(
    async () => (await this.tick()).tenants > 0,
    () => this.options.pollMs,
    (error) => this.options.logger.error({ err: error }, 'Microsoft sync round failed'),
  );
  readonly totals: SyncRoundStats = { runsStarted: 0, tenants: 0, succeeded: 0, failed: 0, lost: 0, items: 0 };
  /** Names this worker in its log lines. */
  readonly id = randomUUID().slice(0, 8);

  constructor(
    private readonly db: PrismaClient,
    options: Partial<GraphSyncOptions> = {},
  ) {
    const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
    this.options = {
      ...GRAPH_SYNC_DEFAULTS,
      overrides: {},
      logger: SILENT,
      ...given,
      client: { ...GRAPH_CLIENT_DEFAULTS, ...options.client },
    } as GraphSyncOptions;
  }

  /** One round: the due runs, then at most `batchSize` tenants. */
  async tick(): Promise<SyncRoundStats> {
    const o = this.options;
    const stats: SyncRoundStats = { runsStarted: 0, tenants: 0, succeeded: 0, failed: 0, lost: 0, items: 0 };
    const started = await startDueRuns(this.db, o.now(), { limit: o.runsPerRound });
    stats.runsStarted = started.length;
    for (const run of started)
      o.logger.info({ partnerId: run.partnerId, runId: run.runId, tenants: run.tenants }, 'Microsoft sync started');
    if (this.rounds.stopping) return stats;
    const claims = await claimTenants(this.db, o.now(), { limit: o.batchSize, leaseMs: o.leaseMs });
    stats.tenants = claims.length;
    const queue = [...claims];
    const lane = async () => {
      for (let claim = queue.shift(); claim; claim = queue.shift()) {
        const result = await this.syncTenant(claim);
        stats.items += result.items;
        if (result.outcome === 'LOST') stats.lost += 1;
        else if (result.outcome.ok) stats.succeeded += 1;
        else stats.failed += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, o.concurrency) }, lane));
    for (const key of Object.keys(stats) as (keyof SyncRoundStats)[]) this.totals[key] += stats[key];
    return stats;
  }

  /** Reads one leased tenant to the end (or its failure) and records the outcome. */
  async syncTenant(claim: TenantClaim): Promise<{ outcome: TenantOutcome | 'LOST'; items: number }> {
    const o = this.options;
    const startedAt = o.now();
    let items = 0;
    const finish = async (outcome: TenantOutcome) => {
      const recorded = await finishTenant(this.db, claim, outcome, o.now());
      if (!recorded) return { outcome: 'LOST' as const, items };
      if (!outcome.ok) {
        o.logger.warn(
          { partnerId: claim.partnerId, customerId: claim.customerId, tenantId: claim.tenantId, ...outcome.failure },
          'Microsoft sync of a tenant failed',
        );
      }
      return { outcome, items };
    };
    const endpoints = tenantEndpoints(claim.tenantId, claim.cloud, claim.governmentGraph, o.overrides);
    if (!endpoints.ok) return finish({ ok: false, failure: { code: 'CLOUD_RETIRED', microsoftCode: null } });
    let credentials;
    try {
      credentials = credentialsOf(claim.connector);
    } catch (error) {
      if (error instanceof SecretUnreadableError) return finish({ ok: false, failure: { code: 'SECRET_UNREADABLE', microsoftCode: null } });
      throw error;
    }
    const since = claim.syncedThrough ? new Date(claim.syncedThrough.getTime() - o.overlapMs) : null;
    const session = { endpoints: endpoints.endpoints, credentials, cache: this.tokens };
    try {
      for (const collection of ['issues', 'messages'] as const) {
        await readCollection(
          session,
          collection,
          since,
          (values) => this.storePage(claim, values, () => (items += values.length)),
          o.client,
        );
      }
    } catch (error) {
      if (error instanceof LeaseLostError) {
        o.logger.warn(
          { partnerId: claim.partnerId, customerId: claim.customerId },
          'Microsoft sync lease lost: another worker reads this tenant',
        );
        return { outcome: 'LOST', items };
      }
      if (error instanceof ConnectorError) return finish({ ok: false, failure: error.failure });
      o.logger.error(
        { err: error, partnerId: claim.partnerId, customerId: claim.customerId },
        'Microsoft sync of a tenant failed unexpectedly',
      );
      return finish({ ok: false, failure: { code: 'PORTAL_ERROR', microsoftCode: null } });
    }
    return finish({ ok: true, startedAt });
  }

  /** One page of a tenant: its records stored in one transaction with the lease check, or only the lease extended. */
  private async storePage(claim: TenantClaim, values: unknown[], counted: () => void): Promise<void> {
    const o = this.options;
    counted();
    const { records, errors } = parseGraphPage(values, claim.tenantId);
    if (errors.length > 0) {
      // Microsoft sent something this version cannot read: reported, never a reason to lose the rest.
      o.logger.warn(
        { partnerId: claim.partnerId, customerId: claim.customerId, problems: errors.slice(0, 20) },
        'Microsoft sent records that could not be read',
      );
    }
    if (records.length === 0) {
      if (!(await extendLease(this.db, claim, o.now(), o.leaseMs))) throw new LeaseLostError(claim.customerId);
      return;
    }
    const result = await importCommunications(
      claim.partnerId,
      records,
      { actor: SYSTEM_ACTORS.graphSync },
      {
        db: this.db,
        source: { kind: 'connector', tenantId: claim.tenantId },
        audit: { action: 'communications.synced', onlyWhenChanged: true, details: { customerId: claim.customerId, runId: claim.runId } },
        alsoInTransaction: (tx, stored) => {
          const created = stored.changes.filter((change) => change.linked.includes(claim.customerId)).length;
          const updated = stored.changes.filter((change) => !change.linked.includes(claim.customerId) && change.fieldsChanged).length;
          return holdLease(tx, claim, o.now(), o.leaseMs, { created, updated });
        },
      },
    );
    const changes = result.changes.filter((change) => change.change === 'created' || change.change === 'updated');
    if (changes.length > 0 && o.onChanges) {
      try {
        await o.onChanges(claim.partnerId, changes);
      } catch (error) {
        o.logger.error({ err: error, partnerId: claim.partnerId }, 'a follow-up of synced communications failed');
      }
    }
  }

  /** Runs rounds until stop(): right away again after a round that had work, else after pollMs. */
  start(): void {
    this.rounds.start();
  }

  wake(): void {
    this.rounds.wake();
  }

  /** Finishes the tenants being read (their leases end normally), then stops. */
  async stop(): Promise<void> {
    await this.rounds.stop();
  }
}
