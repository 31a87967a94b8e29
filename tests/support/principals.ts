// Who asks, in the authorization matrices (e2e/authorization-matrix.spec.ts for pages and route
// handlers, tests/data/authorization-matrix.test.ts for server actions), and about what.
import type { Role } from '../../lib/domain/permissions';

/**
 * `enrolling`: a partner admin of partner A who has not set up the two-step sign-in its role
 * requires — signed in, but held at /settings/security: only the enrolment's page and actions
 * take its session (and what anyone may use).
 */
export const SESSION_PRINCIPALS = ['portalAdmin', 'partnerAdmin', 'agent', 'viewer', 'signedOut', 'deactivated', 'enrolling'] as const;
export type SessionPrincipal = (typeof SESSION_PRINCIPALS)[number];

/** The role a principal is signed in with; null: no session that holds (the enrolling one's holds only for its enrolment). */
export const SESSION_ROLES: Record<SessionPrincipal, Role | null> = {
  portalAdmin: 'PORTAL_ADMIN',
  partnerAdmin: 'PARTNER_ADMIN',
  agent: 'PARTNER_AGENT',
  viewer: 'PARTNER_VIEWER',
  signedOut: null,
  deactivated: null,
  enrolling: null,
};

/** Where a session held at its two-step enrolment is sent (TWO_STEP_ENROLMENT_PATH in lib/server/guards.ts). */
export const ENROLMENT_PATH = '/settings/security';

/** The object asked about: the principal's partner's own, another partner's, or one that does not exist. */
export type Variant = 'own' | 'foreign' | 'missing';

/** Should succeed: a principal who may use it, on its own object or none (a portal admin: on any partner's). */
export function succeeds(mayUse: boolean, principal: string, variant: Variant | null): boolean {
  return mayUse && (variant === null || variant === 'own' || (variant === 'foreign' && principal === 'portalAdmin'));
}
