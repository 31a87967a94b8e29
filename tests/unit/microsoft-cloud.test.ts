import { describe, expect, it } from 'vitest';
import { adminConsentUrl, collectionUrl, isSameGraph, tenantEndpoints } from '@/lib/domain/microsoft-cloud';

const TENANT = '6f2c1c0e-3b1d-4a8e-9f10-2d5e7b8c9a01';

describe('the endpoints of a customer tenant by its cloud', () => {
  it('Partner Center (global): login.microsoftonline.com and graph.microsoft.com', () => {
    expect(tenantEndpoints(TENANT, 'PUBLIC', null)).toEqual({
      ok: true,
      endpoints: {
        tokenUrl: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`,
        graphBase: 'https://graph.microsoft.com',
        scope: 'https://graph.microsoft.com/.default',
        audience: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`,
      },
    });
    // The DoD choice means nothing outside the US Government cloud.
    expect(tenantEndpoints(TENANT, 'PUBLIC', 'DOD')).toEqual(tenantEndpoints(TENANT, 'PUBLIC', null));
  });

  it('US Government: login.microsoftonline.us and graph.microsoft.us; DoD tenants dod-graph.microsoft.us', () => {
    const gcc = tenantEndpoints(TENANT, 'US_GOVERNMENT', null);
    expect(gcc.ok && gcc.endpoints).toEqual({
      tokenUrl: `https://login.microsoftonline.us/${TENANT}/oauth2/v2.0/token`,
      graphBase: 'https://graph.microsoft.us',
      scope: 'https://graph.microsoft.us/.default',
      audience: `https://login.microsoftonline.us/${TENANT}/oauth2/v2.0/token`,
    });
    expect(tenantEndpoints(TENANT, 'US_GOVERNMENT', 'GCC_HIGH')).toEqual(gcc);
    const dod = tenantEndpoints(TENANT, 'US_GOVERNMENT', 'DOD');
    expect(dod.ok && [dod.endpoints.graphBase, dod.endpoints.scope, dod.endpoints.tokenUrl]).toEqual([
      'https://dod-graph.microsoft.us',
      'https://dod-graph.microsoft.us/.default',
      `https://login.microsoftonline.us/${TENANT}/oauth2/v2.0/token`,
    ]);
  });

  it('Germany: retired, no endpoint at all', () => {
    expect(tenantEndpoints(TENANT, 'GERMANY', null)).toEqual({ ok: false, code: 'CLOUD_RETIRED' });
    expect(adminConsentUrl(TENANT, 'app', 'GERMANY')).toBeNull();
  });

  it('MICROSOFT_LOGIN_URL and MICROSOFT_GRAPH_URL replace the hosts of every cloud; the scope still names the cloud', () => {
    const overrides = { loginUrl: 'http://127.0.0.1:3311/login/', graphUrl: 'http://127.0.0.1:3311/graph' };
    for (const [cloud, scope] of [
      ['PUBLIC', 'https://graph.microsoft.com/.default'],
      ['US_GOVERNMENT', 'https://graph.microsoft.us/.default'],
    ] as const) {
      const result = tenantEndpoints(TENANT, cloud, null, overrides);
      expect(result.ok && result.endpoints).toEqual({
        tokenUrl: `http://127.0.0.1:3311/login/${TENANT}/oauth2/v2.0/token`,
        graphBase: 'http://127.0.0.1:3311/graph',
        scope,
        audience: `http://127.0.0.1:3311/login/${TENANT}/oauth2/v2.0/token`,
      });
    }
  });

  it('the admin consent link of a tenant', () => {
    expect(adminConsentUrl(TENANT, 'c0ffee00-0000-4000-8000-000000000001', 'PUBLIC')).toBe(
      `https://login.microsoftonline.com/${TENANT}/adminconsent?client_id=c0ffee00-0000-4000-8000-000000000001`,
    );
    expect(adminConsentUrl(TENANT, 'x', 'US_GOVERNMENT')).toBe(`https://login.microsoftonline.us/${TENANT}/adminconsent?client_id=x`);
  });
});

describe('collection URLs and next links', () => {
  it('asks for what changed since a time, with Graph’s $filter', () => {
    expect(collectionUrl('https://graph.microsoft.com', 'issues', null)).toBe(
      'https://graph.microsoft.com/v1.0/admin/serviceAnnouncement/issues',
    );
    expect(collectionUrl('https://graph.microsoft.com', 'messages', new Date('2026-11-20T08:00:00Z'))).toBe(
      'https://graph.microsoft.com/v1.0/admin/serviceAnnouncement/messages?%24filter=lastModifiedDateTime%20ge%202026-11-20T08%3A00%3A00.000Z',
    );
    expect(
      new URL(collectionUrl('https://graph.microsoft.com', 'messages', new Date('2026-11-20T08:00:00Z'), 1)).searchParams.get('$top'),
    ).toBe('1');
  });

  it('follows a next link only on the Graph the request went to', () => {
    expect(isSameGraph('https://graph.microsoft.com/v1.0/admin/serviceAnnouncement/issues?$skip=100', 'https://graph.microsoft.com')).toBe(
      true,
    );
    expect(isSameGraph('http://127.0.0.1:3311/graph/v1.0/x?$skip=2', 'http://127.0.0.1:3311/graph')).toBe(true);
    expect(isSameGraph('http://127.0.0.1:3311/other/v1.0/x', 'http://127.0.0.1:3311/graph')).toBe(false);
    expect(isSameGraph('https://graph.microsoft.com.evil.example/v1.0/x', 'https://graph.microsoft.com')).toBe(false);
    expect(isSameGraph('http://graph.microsoft.com/v1.0/x', 'https://graph.microsoft.com')).toBe(false);
    expect(isSameGraph('not a url', 'https://graph.microsoft.com')).toBe(false);
  });
});
