import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PERMISSIONS,
  ROLES,
  can,
  canAct,
  homePath,
  isPartnerRole,
  safeCallbackPath,
  type Permission,
  type Role,
} from '@/lib/domain/permissions';

// The whole matrix, written out by hand: a change to the permission table must change this test.
const EXPECTED: Record<Role, Record<Permission, boolean>> = {
  PORTAL_ADMIN: {
    'partner:read': false,
    'customer:write': false,
    'relationship:declare': false,
    'notice:write': false,
    'settings:notices': false,
    'settings:users': false,
    'settings:tokens': false,
    'settings:microsoft': false,
    'settings:webhooks': false,
    'audit:read:partner': false,
    'profile:write': true,
    'admin:partners': true,
    'admin:relationships': true,
    'audit:read:all': true,
  },
  PARTNER_ADMIN: {
    'partner:read': true,
    'customer:write': true,
    'relationship:declare': true,
    'notice:write': true,
    'settings:notices': true,
    'settings:users': true,
    'settings:tokens': true,
    'settings:microsoft': true,
    'settings:webhooks': true,
    'audit:read:partner': true,
    'profile:write': true,
    'admin:partners': false,
    'admin:relationships': false,
    'audit:read:all': false,
  },
  PARTNER_AGENT: {
    'partner:read': true,
    'customer:write': false,
    'relationship:declare': false,
    'notice:write': true,
    'settings:notices': false,
    'settings:users': false,
    'settings:tokens': false,
    'settings:microsoft': false,
    'settings:webhooks': false,
    'audit:read:partner': false,
    'profile:write': true,
    'admin:partners': false,
    'admin:relationships': false,
    'audit:read:all': false,
  },
  PARTNER_VIEWER: {
    'partner:read': true,
    'customer:write': false,
    'relationship:declare': false,
    'notice:write': false,
    'settings:notices': false,
    'settings:users': false,
    'settings:tokens': false,
    'settings:microsoft': false,
    'settings:webhooks': false,
    'audit:read:partner': false,
    'profile:write': true,
    'admin:partners': false,
    'admin:relationships': false,
    'audit:read:all': false,
  },
};

describe('permission table', () => {
  it('covers exactly the four roles and the fourteen permissions of the expected table', () => {
    expect([...ROLES].sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const role of ROLES) {
      expect([...PERMISSIONS].sort(), role).toEqual(Object.keys(EXPECTED[role]).sort());
    }
    expect(ROLES).toHaveLength(4);
    expect(PERMISSIONS).toHaveLength(14);
  });

  const cells = ROLES.flatMap((role) => PERMISSIONS.map((permission) => [role, permission, EXPECTED[role][permission]] as const));

  it.each(cells)('can(%s, %s) is %s', (role, permission, expected) => {
    expect(can(role, permission)).toBe(expected);
  });

  it('gives the whole matrix at once (readable diff on failure)', () => {
    const actual = Object.fromEntries(
      ROLES.map((role) => [role, Object.fromEntries(PERMISSIONS.map((permission) => [permission, can(role, permission)]))]),
    );
    expect(actual).toEqual(EXPECTED);
  });

  it('never grants an admin:* or audit:read:all permission to a partner role', () => {
    for (const role of ROLES.filter((r) => r !== 'PORTAL_ADMIN')) {
      expect(can(role, 'admin:partners')).toBe(false);
      expect(can(role, 'admin:relationships')).toBe(false);
      expect(can(role, 'audit:read:all')).toBe(false);
    }
  });

  it('isPartnerRole is false only for the portal admin', () => {
    expect(isPartnerRole('PORTAL_ADMIN')).toBe(false);
    expect(isPartnerRole('PARTNER_ADMIN')).toBe(true);
    expect(isPartnerRole('PARTNER_AGENT')).toBe(true);
    expect(isPartnerRole('PARTNER_VIEWER')).toBe(true);
  });
});

describe('homePath', () => {
  it.each([
    ['PORTAL_ADMIN', '/admin/relationships'],
    ['PARTNER_ADMIN', '/dashboard'],
    ['PARTNER_AGENT', '/dashboard'],
    ['PARTNER_VIEWER', '/dashboard'],
  ] as const)('%s lands on %s', (role, path) => {
    expect(homePath(role)).toBe(path);
  });
});

describe('safeCallbackPath', () => {
  const partnerRoles = ['PARTNER_ADMIN', 'PARTNER_AGENT', 'PARTNER_VIEWER'] as const;

  describe('missing callback → home', () => {
    it.each(ROLES)('%s with undefined, null and empty string', (role) => {
      expect(safeCallbackPath(role, undefined)).toBe(homePath(role));
      expect(safeCallbackPath(role, null)).toBe(homePath(role));
      expect(safeCallbackPath(role, '')).toBe(homePath(role));
    });
  });

  describe('open redirects → home', () => {
    const attacks = [
      '//evil.example',
      '//evil.example/dashboard',
      '///evil.example',
      '/\\evil.example',
      '/\\/evil.example',
      'https://evil.example',
      'https://evil.example/dashboard',
      'http:evil.example',
      'javascript:alert(1)',
      'evil.example',
      'dashboard',
      ' /dashboard',
      '\\\\evil.example',
    ];
    it.each(ROLES.flatMap((role) => attacks.map((attack) => [role, attack] as const)))('%s: %j', (role, attack) => {
      expect(safeCallbackPath(role, attack)).toBe(homePath(role));
    });
  });

  describe('sign-in and API paths → home', () => {
    const paths = ['/signin', '/signin?callbackUrl=%2Fdashboard', '/signin/', '/api/auth/session', '/api/v1/customers', '/api/health'];
    it.each(ROLES.flatMap((role) => paths.map((path) => [role, path] as const)))('%s: %s', (role, path) => {
      expect(safeCallbackPath(role, path)).toBe(homePath(role));
    });
  });

  describe('partner roles', () => {
    it.each(partnerRoles)('%s is sent home from portal-admin paths', (role) => {
      expect(safeCallbackPath(role, '/admin')).toBe('/dashboard');
      expect(safeCallbackPath(role, '/admin/')).toBe('/dashboard');
      expect(safeCallbackPath(role, '/admin/partners')).toBe('/dashboard');
      expect(safeCallbackPath(role, '/admin/relationships?status=PENDING')).toBe('/dashboard');
    });

    it.each(partnerRoles)('%s keeps partner paths, with query and hash', (role) => {
      expect(safeCallbackPath(role, '/dashboard')).toBe('/dashboard');
      expect(safeCallbackPath(role, '/customers')).toBe('/customers');
      expect(safeCallbackPath(role, '/customers/c_123?tab=subscriptions#renewals')).toBe('/customers/c_123?tab=subscriptions#renewals');
      expect(safeCallbackPath(role, '/notices/new')).toBe('/notices/new');
      expect(safeCallbackPath(role, '/settings/users')).toBe('/settings/users');
    });

    it.each(partnerRoles)('%s keeps the shared /settings/profile and /admin/audit paths', (role) => {
      expect(safeCallbackPath(role, '/settings/profile')).toBe('/settings/profile');
      expect(safeCallbackPath(role, '/settings/profile?saved=1')).toBe('/settings/profile?saved=1');
      expect(safeCallbackPath(role, '/admin/audit')).toBe('/admin/audit');
      expect(safeCallbackPath(role, '/settings/security')).toBe('/settings/security');
    });

    it('does not treat a path that merely starts with "admin" as an admin path', () => {
      expect(safeCallbackPath('PARTNER_ADMIN', '/administration-guide')).toBe('/administration-guide');
    });
  });

  describe('portal admin', () => {
    it('keeps admin paths', () => {
      expect(safeCallbackPath('PORTAL_ADMIN', '/admin')).toBe('/admin');
      expect(safeCallbackPath('PORTAL_ADMIN', '/admin/partners')).toBe('/admin/partners');
      expect(safeCallbackPath('PORTAL_ADMIN', '/admin/relationships?status=PENDING')).toBe('/admin/relationships?status=PENDING');
      expect(safeCallbackPath('PORTAL_ADMIN', '/admin/audit?page=2')).toBe('/admin/audit?page=2');
    });

    it('keeps /settings/profile and /settings/security', () => {
      expect(safeCallbackPath('PORTAL_ADMIN', '/settings/profile')).toBe('/settings/profile');
      expect(safeCallbackPath('PORTAL_ADMIN', '/settings/security')).toBe('/settings/security');
    });

    it.each(['/dashboard', '/customers', '/customers/c_1', '/communications', '/notices', '/settings/users', '/settings/api-tokens', '/'])(
      'is sent home from the partner path %s',
      (path) => {
        expect(safeCallbackPath('PORTAL_ADMIN', path)).toBe('/admin/relationships');
      },
    );

    it('is sent home from a path that merely starts with "admin"', () => {
      expect(safeCallbackPath('PORTAL_ADMIN', '/administration-guide')).toBe('/admin/relationships');
    });
  });

  /** Where a browser on https://portal.example goes for a Location header with this value. */
  const originOf = (location: string): string => {
    try {
      return new URL(location, 'https://portal.example').origin;
    } catch {
      return `(invalid URL)`;
    }
  };

  // Browsers parse a Location header with the WHATWG URL parser, which drops ASCII tab and
  // newline characters anywhere in the URL: "/\t/evil.example" becomes "//evil.example".
  describe('control characters that browsers strip from URLs', () => {
    it.each(
      ROLES.flatMap((role) =>
        ['/\t/evil.example', '/\n/evil.example', '/\r/evil.example', '/\t\\evil.example'].map((p) => [role, p] as const),
      ),
    )('%s: %j does not lead off-site', (role, attack) => {
      const result = safeCallbackPath(role, attack);
      expect(originOf(result), JSON.stringify(result)).toBe('https://portal.example');
    });
  });

  describe('properties', () => {
    const role = fc.constantFrom(...ROLES);
    const callback = fc.option(
      fc.oneof(
        fc.string(),
        fc.string({ unit: fc.constantFrom('/', '\\', ':', '.', 'a', 'admin', 'api', 'signin', 'settings', 'profile', ' ', '@', '%2F') }),
        fc.webUrl(),
        fc.webPath(),
      ),
      { nil: undefined },
    );

    it('always returns a path that starts with a single "/"', () => {
      fc.assert(
        fc.property(role, callback, (r, c) => {
          const result = safeCallbackPath(r, c);
          expect(result.startsWith('/')).toBe(true);
          expect(result.startsWith('//')).toBe(false);
          expect(result.startsWith('/\\')).toBe(false);
        }),
        { numRuns: 2000 },
      );
    });

    it('returns either the callback itself or the home path', () => {
      fc.assert(
        fc.property(role, callback, (r, c) => {
          const result = safeCallbackPath(r, c);
          expect([c, homePath(r)]).toContain(result);
        }),
      );
    });

    it('never sends a partner role to a portal-admin-only path', () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...partnerRoles),
          fc.webPath(),
          fc.constantFrom('partners', 'relationships', ''),
          (r, rest, section) => {
            const result = safeCallbackPath(r, `/admin/${section}${rest}`);
            expect(result === '/dashboard' || result.startsWith('/admin/audit')).toBe(true);
          },
        ),
      );
    });

    it('resolves to the portal origin for any input, as a browser would parse it', () => {
      const unit = fc.constantFrom('/', '\\', '\t', '\n', '\r', ' ', 'e', '.', ':', 'x');
      fc.assert(
        fc.property(role, fc.string({ unit, maxLength: 12 }), (r, tail) => {
          const result = safeCallbackPath(r, `/${tail}`);
          expect(originOf(result), JSON.stringify(result)).toBe('https://portal.example');
        }),
        { numRuns: 2000 },
      );
    });
  });
});

describe('canAct (a viewer that may be an API token)', () => {
  it("gives a token the permission of its scope and nothing else, whatever its viewer's role", () => {
    const token = (scopes: string[]) => ({ role: 'PARTNER_VIEWER' as const, apiToken: { scopes } });
    expect(canAct(token(['webhooks:manage']), 'settings:webhooks')).toBe(true);
    expect(canAct(token(['notices:read', 'notices:write']), 'settings:webhooks')).toBe(false);
    expect(canAct(token(['webhooks:manage']), 'settings:tokens')).toBe(false);
    expect(canAct(token(['webhooks:manage']), 'customer:write')).toBe(false);
  });

  it('is can() for a signed-in user', () => {
    for (const role of ROLES) for (const permission of PERMISSIONS) expect(canAct({ role }, permission)).toBe(can(role, permission));
  });
});
