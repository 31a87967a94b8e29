// The acting viewer and the partner scope every data function demands. Pure of Next so that
// data tests can build viewers directly.
import type { Role } from '../domain/permissions';
import type { Locale } from '../i18n/locales';

export type Viewer = {
  userId: string;
  email: string;
  name: string;
  role: Role;
  partnerId: string | null;
  partnerName: string | null;
  locale: Locale;
  timeZone: string;
  /**
   * Set when the caller is an integration with an API token (lib/server/api/auth.ts), not a
   * signed-in user: then `userId` is the token's id, which is not a user, and what is recorded
   * as made by the caller names the token (actorOf).
   */
  apiToken?: { id: string; name: string; scopes: readonly string[] };
};

/** Who an audit event or a created row names: the user, or (no user) the API token. */
export function actorOf(viewer: Pick<Viewer, 'userId' | 'email' | 'apiToken'>): { userId: string | null; label: string } {
  return viewer.apiToken ? { userId: null, label: `api-token:${viewer.apiToken.name}` } : { userId: viewer.userId, label: viewer.email };
}

export class MissingPartnerScopeError extends Error {
  constructor() {
    super('A partner-scoped query was asked for by a viewer without a partner; it was refused.');
  }
}

/** The partner id to put in every `where`. Refuses a viewer without one instead of running unscoped. */
export function partnerScope(viewer: Pick<Viewer, 'role' | 'partnerId'>): string {
  if (viewer.role === 'PORTAL_ADMIN' || typeof viewer.partnerId !== 'string' || viewer.partnerId.length === 0) {
    throw new MissingPartnerScopeError();
  }
  return viewer.partnerId;
}
