// The demo Microsoft connector: Contoso's, in demo mode — the settings page shows it filled in (an
// application, a finished sync, tenants that are fine and two that need their administrators) while
// the worker never reads it (demo connectors are not synced) and no secret is stored.
import { minutesAgo, ago, type Moment } from '../clock';
import type { CustomerRef } from './customers';
import type { PartnerKey } from './partners';

export type DemoTenantFailure = { customer: CustomerRef; code: string; microsoftCode: string };

export type DemoConnectorSpec = {
  partner: PartnerKey;
  /** A made-up application (client) id: it belongs to no application. */
  clientId: string;
  setAt: Moment;
  syncIntervalMinutes: number;
  /** The last sync: when it ran, and what it brought. */
  lastRunAt: Moment;
  /** Per customer, what the last sync brought (others: nothing new). */
  brought: readonly { customer: CustomerRef; created: number; updated: number }[];
  /** Tenants whose last sync failed, with the reason as the page words it. */
  failing: readonly DemoTenantFailure[];
};

export const DEMO_CONNECTOR: DemoConnectorSpec = {
  partner: 'contoso',
  clientId: '3f6a9d2e-1b7c-4e58-9a0d-6c2b8e4f1a75',
  setAt: ago(40),
  syncIntervalMinutes: 15,
  lastRunAt: minutesAgo(12),
  brought: [
    { customer: 'adatum', created: 2, updated: 1 },
    { customer: 'tailspin', created: 1, updated: 1 },
    { customer: 'contoso#4', created: 1, updated: 0 },
  ],
  failing: [
    { customer: 'wideWorld', code: 'CONSENT_MISSING', microsoftCode: 'AADSTS700016' },
    { customer: 'proseware', code: 'SERVICE_MESSAGE_PERMISSION_MISSING', microsoftCode: 'Forbidden (HTTP 403)' },
  ],
};

/**
 * What the demo connector stores instead of an encrypted secret: no key decrypts it, and nothing
 * tries — a demo connector is never synced nor tested.
 */
export const DEMO_SECRET_PLACEHOLDER = 'demo:no-secret-stored';
