// Who may do what: one typed table, one pure check. Pages, actions and API handlers enforce it
// through the guards (lib/server/guards.ts); the UI uses the same `can()` only to hide controls.

export const ROLES = ['PORTAL_ADMIN', 'PARTNER_ADMIN', 'PARTNER_AGENT', 'PARTNER_VIEWER'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'partner:read', // the partner's dashboard, customers, communications, notices
  'customer:write',
  'relationship:declare',
  'notice:write', // draft, schedule, send, cancel
  'settings:notices',
  'settings:users',
  'settings:tokens',
  'settings:microsoft', // the Microsoft Graph connector and the category rules
  'settings:webhooks',
  'audit:read:partner',
  'profile:write',
  'admin:partners',
  'admin:relationships',
  'audit:read:all',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const TABLE: Record<Role, readonly Permission[]> = {
  PORTAL_ADMIN: ['admin:partners', 'admin:relationships', 'audit:read:all', 'profile:write'],
  PARTNER_ADMIN: [
    'partner:read',
    'customer:write',
    'relationship:declare',
    'notice:write',
    'settings:notices',
    'settings:users',
    'settings:tokens',
    'settings:microsoft',
    'settings:webhooks',
    'audit:read:partner',
    'profile:write',
  ],
  PARTNER_AGENT: ['partner:read', 'notice:write', 'profile:write'],
  PARTNER_VIEWER: ['partner:read', 'profile:write'],
};

export function can(role: Role, permission: Permission): boolean {
  return TABLE[role].includes(permission);
}

export function isPartnerRole(role: Role): boolean {
  return role !== 'PORTAL_ADMIN';
}

/** Where a user lands after signing in. */
export function homePath(role: Role): string {
  return role === 'PORTAL_ADMIN' ? '/admin/relationships' : '/dashboard';
}

/** A callback URL after sign-in: only a local path, and only one the role may open. */
export function safeCallbackPath(role: Role, callback: string | null | undefined): string {
  // Browsers drop tabs and newlines inside URLs ("/\t/evil" becomes "//evil"): refuse any control
  // character or backslash, then keep only what parses as a path on our own origin.
  if (!callback || !callback.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(callback)) return homePath(role);
  const base = 'http://portal.invalid';
  let parsed: URL;
  try {
    parsed = new URL(callback, base);
  } catch {
    return homePath(role);
  }
  if (parsed.origin !== base) return homePath(role);
  // Classified by the path as the browser will read it ("/./admin" is "/admin"); returned as given.
  const path = parsed.pathname;
  if (path.startsWith('/signin') || path.startsWith('/api/')) return homePath(role);
  const isAdminPath = path === '/admin' || path.startsWith('/admin/');
  const isShared = path.startsWith('/settings/profile') || path.startsWith('/settings/security') || path.startsWith('/admin/audit');
  if (role === 'PORTAL_ADMIN') return isAdminPath || isShared ? callback : homePath(role);
  return isAdminPath && !isShared ? homePath(role) : callback;
}

/** What an API token may be allowed (each REST API handler demands one). */
export const API_SCOPES = [
  'customers:read',
  'communications:read',
  'communications:write',
  'notices:read',
  'notices:write',
  'webhooks:manage',
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** Permissions that an API token holds through a scope, whatever role its viewer has. */
const SCOPE_PERMISSIONS: Partial<Record<Permission, ApiScope>> = { 'settings:webhooks': 'webhooks:manage' };

/**
 * `can()` for a viewer that may be an API token: its role's permissions, plus those its scopes
 * give (a token with `webhooks:manage` manages the partner's webhooks, as a partner admin does).
 */
export function canAct(viewer: { role: Role; apiToken?: { scopes: readonly string[] } }, permission: Permission): boolean {
  if (can(viewer.role, permission)) return true;
  const scope = SCOPE_PERMISSIONS[permission];
  return scope !== undefined && viewer.apiToken !== undefined && viewer.apiToken.scopes.includes(scope);
}
