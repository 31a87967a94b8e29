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
};

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
