// The demo Microsoft connector (./data/connector.ts): the connector in demo mode, its last run, and
// the state of each tenant of the partner after that run (retired-cloud tenants have none).
import type { CustomerSet } from './build-customers';
import type { Clock } from './clock';
import { DEMO_CONNECTOR, DEMO_SECRET_PLACEHOLDER } from './data/connector';
import type { PartnerKey } from './data/partners';
import type { Random } from './random';
import type { Dataset, PartnerRow } from './rows';

export function buildConnector(
  rng: Random,
  clock: Clock,
  partner: (key: PartnerKey) => PartnerRow,
  customers: CustomerSet,
): Pick<Dataset, 'connectors' | 'syncRuns' | 'tenantSyncs'> {
  const spec = DEMO_CONNECTOR;
  const owner = partner(spec.partner);
  const ranAt = clock.at(spec.lastRunAt);
  const tenants = customers.customers.filter((customer) => customer.partnerId === owner.id && customer.cloud !== 'GERMANY');
  const failing = new Map(spec.failing.map((failure) => [customers.customer(failure.customer).id, failure]));
  const brought = new Map(spec.brought.map((entry) => [customers.customer(entry.customer).id, entry]));
  const tenantSyncs = tenants.map((customer) => {
    const failure = failing.get(customer.id);
    const counts = brought.get(customer.id);
    return {
      customerId: customer.id,
      partnerId: owner.id,
      lastAttemptAt: ranAt,
      lastSuccessAt: failure ? null : ranAt,
      syncedThrough: failure ? null : ranAt,
      lastCreated: counts?.created ?? 0,
      lastUpdated: counts?.updated ?? 0,
      lastErrorCode: failure?.code ?? null,
      lastErrorDetail: failure?.microsoftCode ?? null,
      lastErrorAt: failure ? ranAt : null,
      attempts: 1,
      updatedAt: ranAt,
    };
  });
  return {
    connectors: [
      {
        id: rng.uuid(),
        partnerId: owner.id,
        clientId: spec.clientId,
        credential: 'CLIENT_SECRET',
        secretEncrypted: DEMO_SECRET_PLACEHOLDER,
        secretSetAt: clock.at(spec.setAt),
        syncIntervalMinutes: spec.syncIntervalMinutes,
        enabled: true,
        demo: true,
        nextRunAt: new Date(ranAt.getTime() + spec.syncIntervalMinutes * 60_000),
        createdAt: clock.at(spec.setAt),
        updatedAt: clock.at(spec.setAt),
      },
    ],
    syncRuns: [
      {
        id: rng.uuid(),
        partnerId: owner.id,
        trigger: 'SCHEDULE',
        startedAt: ranAt,
        finishedAt: new Date(ranAt.getTime() + 40_000),
        tenants: tenants.length,
        tenantsFailed: spec.failing.length,
        created: spec.brought.reduce((sum, entry) => sum + entry.created, 0),
        updated: spec.brought.reduce((sum, entry) => sum + entry.updated, 0),
      },
    ],
    tenantSyncs,
  };
}
