// Where the connector reaches a customer's tenant: the Microsoft identity platform (the token, from
// that tenant's authority) and Microsoft Graph, per the customer's cloud. Pure.
//
// - PUBLIC (Partner Center, global; GCC tenants too): login.microsoftonline.com + graph.microsoft.com
// - US_GOVERNMENT (Partner Center for Microsoft Cloud for US Government, GCC High): login.microsoftonline.us
//   + graph.microsoft.us; DoD tenants use dod-graph.microsoft.us (a choice per customer)
// - GERMANY: Microsoft Cloud Germany is retired; no request is made (CLOUD_RETIRED)
// The token's scope names the cloud's Graph (`https://graph.microsoft.us/.default`…).
// MICROSOFT_LOGIN_URL and MICROSOFT_GRAPH_URL (lib/runtime/config.ts) replace the hosts for every
// cloud, for tests and private endpoints; the scope still names the cloud's Graph.
import type { Cloud } from './policy';

export const GOVERNMENT_GRAPH_CHOICES = ['GCC_HIGH', 'DOD'] as const;
export type GovernmentGraph = (typeof GOVERNMENT_GRAPH_CHOICES)[number];

export type EndpointOverrides = { loginUrl?: string | null; graphUrl?: string | null };

export type TenantEndpoints = {
  /** POST here for a token by client credentials. */
  tokenUrl: string;
  /** The base of Graph's URLs (`…/v1.0/admin/serviceAnnouncement/issues`). */
  graphBase: string;
  scope: string;
  /** The token's audience when it is a certificate's client assertion: the token URL. */
  audience: string;
};

const CLOUDS: Record<Exclude<Cloud, 'GERMANY'>, { login: string; graph: Record<GovernmentGraph | 'DEFAULT', string> }> = {
  PUBLIC: {
    login: 'https://login.microsoftonline.com',
    graph: { DEFAULT: 'https://graph.microsoft.com', GCC_HIGH: 'https://graph.microsoft.com', DOD: 'https://graph.microsoft.com' },
  },
  US_GOVERNMENT: {
    login: 'https://login.microsoftonline.us',
    graph: { DEFAULT: 'https://graph.microsoft.us', GCC_HIGH: 'https://graph.microsoft.us', DOD: 'https://dod-graph.microsoft.us' },
  },
};

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** The endpoints for a customer's tenant, or CLOUD_RETIRED (Germany: nothing is requested). */
export function tenantEndpoints(
  tenantId: string,
  cloud: Cloud,
  governmentGraph: GovernmentGraph | null,
  overrides: EndpointOverrides = {},
): { ok: true; endpoints: TenantEndpoints } | { ok: false; code: 'CLOUD_RETIRED' } {
  if (cloud === 'GERMANY') return { ok: false, code: 'CLOUD_RETIRED' };
  const hosts = CLOUDS[cloud];
  const graphHost = hosts.graph[cloud === 'US_GOVERNMENT' ? (governmentGraph ?? 'DEFAULT') : 'DEFAULT'];
  const login = trimSlash(overrides.loginUrl || hosts.login);
  const tokenUrl = `${login}/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`;
  return {
    ok: true,
    endpoints: { tokenUrl, graphBase: trimSlash(overrides.graphUrl || graphHost), scope: `${graphHost}/.default`, audience: tokenUrl },
  };
}

/** Where a customer's administrator grants the application admin consent in their tenant. */
export function adminConsentUrl(tenantId: string, clientId: string, cloud: Cloud, overrides: EndpointOverrides = {}): string | null {
  if (cloud === 'GERMANY') return null;
  const login = trimSlash(overrides.loginUrl || CLOUDS[cloud].login);
  return `${login}/${encodeURIComponent(tenantId)}/adminconsent?client_id=${encodeURIComponent(clientId)}`;
}

export type ServiceAnnouncementCollection = 'issues' | 'messages';

/** The first page's URL of a collection, changed since `since` when given (Graph's $filter on lastModifiedDateTime). */
export function collectionUrl(graphBase: string, collection: ServiceAnnouncementCollection, since: Date | null, top?: number): string {
  const query = new URLSearchParams();
  if (since) query.set('$filter', `lastModifiedDateTime ge ${since.toISOString()}`);
  if (top) query.set('$top', String(top));
  const text = query.toString().replace(/\+/g, '%20');
  return `${graphBase}/v1.0/admin/serviceAnnouncement/${collection}${text ? `?${text}` : ''}`;
}

/**
 * Whether Graph's `@odata.nextLink` stays on the Graph base the request was sent to: the token is
 * only ever sent there (a link elsewhere is refused, never followed).
 */
export function isSameGraph(link: string, graphBase: string): boolean {
  let url: URL;
  let base: URL;
  try {
    url = new URL(link);
    base = new URL(graphBase);
  } catch {
    return false;
  }
  const prefix = base.pathname.replace(/\/+$/, '');
  return url.origin === base.origin && (prefix === '' || url.pathname === prefix || url.pathname.startsWith(`${prefix}/`));
}
