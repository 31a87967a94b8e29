import 'server-only';
import { getDb } from '../db';
import { encryptSecret } from '../crypto';
import { actorOf, partnerScope, type Viewer } from '../viewer';
import { checkCertificate } from '../microsoft/certificate';
import { can } from '../../domain/permissions';
import { isUuid } from '../../domain/ids';
import type { GovernmentGraph } from '../../domain/microsoft-cloud';
import type { ConnectorFieldError, ConnectorInput } from '../../schemas/microsoft-connector';
import { auditBy, writeAudit } from './audit';
import { abandonRuns } from './graph-sync';
import { runWrite, type Tx } from './transaction';

// A partner's Microsoft Graph connector (/settings/microsoft, permission settings:microsoft): its
// application and credential, its schedule, "Sync now", and the Graph of each US Government
// tenant. Every function takes the acting viewer, checks the permission first (FORBIDDEN), puts
// the viewer's partner into every `where`, and writes in one transaction with its audit event.
// The credential (a client secret, or a certificate's private key) is encrypted at rest
// (lib/server/crypto.ts, purpose graph-connector) and never read back here: no result, audit event
// or log line holds it. The tenants' state and "Test connection" are in microsoft-tenants.ts; the
// worker's sync in graph-sync.ts (docs/decisions/0029-graph-connector.md).

export type ConnectorCode =
  'FORBIDDEN' | 'INVALID' | 'STALE' | 'NOT_CONFIGURED' | 'DEMO_MODE' | 'DISABLED' | 'NOT_FOUND' | 'NOT_GOVERNMENT';
export type ConnectorFailure = { ok: false; code: ConnectorCode; fieldErrors?: Record<string, ConnectorFieldError> };
export type ConnectorResult<T extends object = object> = ({ ok: true } & T) | ConnectorFailure;

export type WriteContext = { address?: string | null; now?: Date };

export const FORBIDDEN: ConnectorFailure = { ok: false, code: 'FORBIDDEN' };

export type SyncRunView = {
  id: string;
  trigger: 'SCHEDULE' | 'SYNC_NOW';
  requestedBy: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  tenants: number;
  tenantsFailed: number;
  created: number;
  updated: number;
};

export type ConnectorView = {
  clientId: string;
  credential: 'CLIENT_SECRET' | 'CERTIFICATE';
  /** When the stored secret (or certificate) was set; the secret itself is never read back. */
  secretSetAt: Date;
  certificateThumbprint: string | null;
  certificateExpiresAt: Date | null;
  syncIntervalMinutes: number;
  enabled: boolean;
  /** The demo seed's connector: shown filled in, never synced. */
  demo: boolean;
  nextRunAt: Date | null;
  syncRequested: boolean;
  version: number;
  /** The latest sync run (finished or not). */
  lastRun: SyncRunView | null;
};

/** A write of the viewer's partner's connector: the permission, then one transaction. */
async function connectorWrite<T extends object>(
  viewer: Viewer,
  work: (tx: Tx, partnerId: string) => Promise<ConnectorResult<T>>,
): Promise<ConnectorResult<T>> {
  if (!can(viewer.role, 'settings:microsoft')) return FORBIDDEN;
  const partnerId = partnerScope(viewer);
  return runWrite<ConnectorResult<T>>((tx) => work(tx, partnerId));
}

const RUN_SELECT = {
  id: true,
  trigger: true,
  requestedBy: true,
  startedAt: true,
  finishedAt: true,
  tenants: true,
  tenantsFailed: true,
  created: true,
  updated: true,
} as const;

/** The partner's connector (null: none configured). */
export async function getConnector(viewer: Viewer): Promise<ConnectorResult<{ connector: ConnectorView | null }>> {
  if (!can(viewer.role, 'settings:microsoft')) return FORBIDDEN;
  const partnerId = partnerScope(viewer);
  const db = getDb();
  const [row, lastRun] = await Promise.all([
    db.microsoftConnector.findUnique({
      where: { partnerId },
      select: {
        clientId: true,
        credential: true,
        secretSetAt: true,
        certificateThumbprint: true,
        certificateExpiresAt: true,
        syncIntervalMinutes: true,
        enabled: true,
        demo: true,
        nextRunAt: true,
        syncRequestedBy: true,
        version: true,
      },
    }),
    db.microsoftSyncRun.findFirst({ where: { partnerId }, orderBy: { startedAt: 'desc' }, select: RUN_SELECT }),
  ]);
  if (!row) return { ok: true, connector: null };
  const { syncRequestedBy, ...rest } = row;
  return {
    ok: true,
    connector: {
      ...rest,
      syncRequested: syncRequestedBy !== null,
      lastRun: lastRun ? { ...lastRun, trigger: lastRun.trigger === 'SYNC_NOW' ? 'SYNC_NOW' : 'SCHEDULE' } : null,
    },
  };
}

/**
 * When the interval changes, the next scheduled run follows it: the latest run's start plus the new
 * interval, or now when that has passed. A shorter interval only ever brings the run forward; a
 * longer one pushes it back, unless "Sync now" asked for a run that has not started yet
 * (docs/decisions/0029-graph-connector.md). Null: nothing to move (no run yet, or none scheduled).
 */
async function nextRunForInterval(
  tx: Tx,
  partnerId: string,
  previousMinutes: number,
  intervalMinutes: number,
  now: Date,
): Promise<Date | null> {
  // The connector's row first, as a starting run takes it: the schedule and the latest run read here are current.
  const [row] = await tx.$queryRaw<{ nextRunAt: Date | null; syncRequestedBy: string | null }[]>`
    SELECT "nextRunAt", "syncRequestedBy" FROM "MicrosoftConnector" WHERE "partnerId" = ${partnerId}::uuid FOR UPDATE`;
  if (!row?.nextRunAt) return null;
  const last = await tx.microsoftSyncRun.findFirst({ where: { partnerId }, orderBy: { startedAt: 'desc' }, select: { startedAt: true } });
  if (!last) return null;
  const due = new Date(Math.max(now.getTime(), last.startedAt.getTime() + intervalMinutes * 60_000));
  const keepEarlier = intervalMinutes < previousMinutes || row.syncRequestedBy !== null;
  return keepEarlier && row.nextRunAt < due ? row.nextRunAt : due;
}

/**
 * Saves the connector (creates it when `version` is 0). A new client secret, or a new certificate
 * with its private key, replaces the stored credential; empty fields keep it (a new connector, or a
 * change of credential kind, needs one). A saved connector is no longer the demo one, and when it is
 * new or switched on its first sync starts at once; a changed interval moves the next run (nextRunForInterval).
 */
export async function saveConnector(
  viewer: Viewer,
  input: ConnectorInput,
  ctx: WriteContext = {},
): Promise<ConnectorResult<{ version: number }>> {
  const now = ctx.now ?? new Date();
  return connectorWrite<{ version: number }>(viewer, async (tx, partnerId) => {
    const before = await tx.microsoftConnector.findUnique({
      where: { partnerId },
      select: {
        id: true,
        clientId: true,
        credential: true,
        certificateThumbprint: true,
        syncIntervalMinutes: true,
        enabled: true,
        demo: true,
        nextRunAt: true,
        version: true,
      },
    });
    if ((before?.version ?? 0) !== input.version) return { ok: false, code: 'STALE' };
    // A new connector, another kind of credential, or the demo connector (which stores none) needs one.
    const kindChanged = !before || before.credential !== input.credential || before.demo;
    const fieldErrors: Record<string, ConnectorFieldError> = {};
    let secret: { encrypted: string; thumbprint: string | null; expiresAt: Date | null } | null = null;
    if (input.credential === 'CLIENT_SECRET') {
      if (input.secret) secret = { encrypted: encryptSecret(input.secret, 'graph-connector'), thumbprint: null, expiresAt: null };
      else if (kindChanged) fieldErrors.secret = 'secretRequired';
    } else if (input.certificatePem || input.privateKeyPem || kindChanged) {
      if (!input.certificatePem) fieldErrors.certificatePem = 'certificateRequired';
      if (!input.privateKeyPem) fieldErrors.privateKeyPem = 'keyRequired';
      if (input.certificatePem && input.privateKeyPem) {
        const checked = checkCertificate(input.certificatePem, input.privateKeyPem, now);
        if (!checked.ok)
          fieldErrors[
            checked.code === 'CERTIFICATE_UNREADABLE' || checked.code === 'CERTIFICATE_EXPIRED' ? 'certificatePem' : 'privateKeyPem'
          ] = checked.code;
        else
          secret = {
            encrypted: encryptSecret(input.privateKeyPem, 'graph-connector'),
            thumbprint: checked.thumbprint,
            expiresAt: checked.expiresAt,
          };
      }
    }
    if (Object.keys(fieldErrors).length > 0) return { ok: false, code: 'INVALID', fieldErrors };
    const switchedOn = input.enabled && (!before || !before.enabled || before.demo);
    const rescheduled =
      before && input.enabled && !switchedOn && before.syncIntervalMinutes !== input.syncIntervalMinutes
        ? await nextRunForInterval(tx, partnerId, before.syncIntervalMinutes, input.syncIntervalMinutes, now)
        : null;
    const common = {
      clientId: input.clientId,
      credential: input.credential,
      syncIntervalMinutes: input.syncIntervalMinutes,
      enabled: input.enabled,
      demo: false,
      ...(secret
        ? {
            secretEncrypted: secret.encrypted,
            secretSetAt: now,
            certificatePem: input.credential === 'CERTIFICATE' ? input.certificatePem : null,
            certificateThumbprint: secret.thumbprint,
            certificateExpiresAt: secret.expiresAt,
          }
        : {}),
      ...(switchedOn ? { nextRunAt: now } : rescheduled ? { nextRunAt: rescheduled } : {}),
    };
    let version: number;
    if (!before) {
      if (!secret) return { ok: false, code: 'INVALID', fieldErrors: { secret: 'secretRequired' } };
      const created = await tx.microsoftConnector.create({
        data: {
          partnerId,
          ...common,
          secretEncrypted: secret.encrypted,
          secretSetAt: now,
          nextRunAt: input.enabled ? now : null,
        },
        select: { version: true },
      });
      version = created.version;
    } else {
      const updated = await tx.microsoftConnector.updateMany({
        where: { partnerId, version: before.version },
        data: { ...common, version: { increment: 1 } },
      });
      if (updated.count !== 1) return { ok: false, code: 'STALE' };
      version = before.version + 1;
      // Switched off: the run in progress ends; no tenant is read until it is switched on again.
      if (!input.enabled) await abandonRuns(tx, partnerId, now);
    }
    await writeAudit(tx, [
      auditBy(viewer, partnerId, ctx.address, {
        action: 'microsoft_connector.saved',
        targetType: 'MicrosoftConnector',
        targetId: partnerId,
        before: before
          ? {
              clientId: before.clientId,
              credential: before.credential,
              certificateThumbprint: before.certificateThumbprint,
              syncIntervalMinutes: before.syncIntervalMinutes,
              enabled: before.enabled,
              demo: before.demo,
            }
          : null,
        // Never the secret: only that it was replaced.
        after: {
          clientId: input.clientId,
          credential: input.credential,
          credentialReplaced: secret !== null,
          certificateThumbprint: secret ? secret.thumbprint : (before?.certificateThumbprint ?? null),
          syncIntervalMinutes: input.syncIntervalMinutes,
          enabled: input.enabled,
        },
      }),
    ]);
    return { ok: true, version };
  });
}

/** Removes the connector and its stored credential; the tenants' states go with it (past runs stay in the audit trail). */
export async function removeConnector(viewer: Viewer, version: number, ctx: WriteContext = {}): Promise<ConnectorResult> {
  return connectorWrite(viewer, async (tx, partnerId): Promise<ConnectorResult> => {
    const before = await tx.microsoftConnector.findUnique({ where: { partnerId }, select: { clientId: true, version: true } });
    if (!before) return { ok: false, code: 'NOT_CONFIGURED' };
    if (before.version !== version) return { ok: false, code: 'STALE' };
    await abandonRuns(tx, partnerId, ctx.now ?? new Date());
    await tx.microsoftTenantSync.deleteMany({ where: { partnerId } });
    await tx.microsoftConnector.deleteMany({ where: { partnerId, version } });
    await writeAudit(tx, [
      auditBy(viewer, partnerId, ctx.address, {
        action: 'microsoft_connector.removed',
        targetType: 'MicrosoftConnector',
        targetId: partnerId,
        before: { clientId: before.clientId },
      }),
    ]);
    return { ok: true };
  });
}

/** "Sync now": every tenant is read at the worker's next round (within seconds), whatever the schedule. */
export async function requestSync(viewer: Viewer, ctx: WriteContext = {}): Promise<ConnectorResult> {
  const now = ctx.now ?? new Date();
  return connectorWrite(viewer, async (tx, partnerId): Promise<ConnectorResult> => {
    const connector = await tx.microsoftConnector.findUnique({ where: { partnerId }, select: { enabled: true, demo: true } });
    if (!connector) return { ok: false, code: 'NOT_CONFIGURED' };
    if (connector.demo) return { ok: false, code: 'DEMO_MODE' };
    if (!connector.enabled) return { ok: false, code: 'DISABLED' };
    await tx.microsoftConnector.updateMany({ where: { partnerId }, data: { nextRunAt: now, syncRequestedBy: actorOf(viewer).label } });
    await writeAudit(tx, [
      auditBy(viewer, partnerId, ctx.address, {
        action: 'microsoft_connector.sync_requested',
        targetType: 'MicrosoftConnector',
        targetId: partnerId,
      }),
    ]);
    return { ok: true };
  });
}

/** Which Graph a US Government customer's tenant is read from: GCC High's (graph.microsoft.us) or DoD's. */
export async function setGovernmentGraph(
  viewer: Viewer,
  customerId: string,
  governmentGraph: GovernmentGraph,
  ctx: WriteContext = {},
): Promise<ConnectorResult> {
  return connectorWrite(viewer, async (tx, partnerId): Promise<ConnectorResult> => {
    if (!isUuid(customerId)) return { ok: false, code: 'NOT_FOUND' };
    const customer = await tx.customer.findFirst({
      where: { id: customerId, partnerId },
      select: { cloud: true, tenantSync: { select: { governmentGraph: true } } },
    });
    if (!customer) return { ok: false, code: 'NOT_FOUND' };
    if (customer.cloud !== 'US_GOVERNMENT') return { ok: false, code: 'NOT_GOVERNMENT' };
    await tx.microsoftTenantSync.upsert({
      where: { customerId },
      create: { customerId, partnerId, governmentGraph },
      update: { governmentGraph },
    });
    await writeAudit(tx, [
      auditBy(viewer, partnerId, ctx.address, {
        action: 'microsoft_connector.tenant_graph_set',
        targetType: 'Customer',
        targetId: customerId,
        before: { governmentGraph: customer.tenantSync?.governmentGraph ?? null },
        after: { governmentGraph },
      }),
    ]);
    return { ok: true };
  });
}
