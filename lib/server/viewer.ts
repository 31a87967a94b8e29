// The acting viewer and the partner scope every data function demands. Pure of Next so that
// data tests can build viewers directly.
import type { Role } from '../domain/permissions';
import type { Locale } from '../i18n/locales';
import type { TokenCheck } from './data/token-check';

type ViewerBase = {
  email: string;
  name: string;
  role: Role;
  partnerId: string | null;
  partnerName: string | null;
  locale: Locale;
  timeZone: string;
};

/** A signed-in user (pages, server actions), in one of their sessions (a UserSession row; absent in tests that need none). */
export type UserViewer = ViewerBase & { userId: string; sessionId?: string; apiToken?: undefined; twoStep?: ViewerTwoStep };

/**
 * Two-step sign-in as the guard found it: a demo account (exempt), and whether this session must
 * set it up before anything else (lib/domain/two-step.ts, isEnrolmentPending).
 */
export type ViewerTwoStep = { exempt: boolean; enrolmentPending: boolean };

/**
 * An integration calling the REST API with a partner's API token (lib/server/api/auth.ts). It is
 * no user: `userId` is null, so nothing it does can be recorded under a user's id, and what it
 * makes or changes names the token (actorOf).
 */
export type ApiViewer = ViewerBase & {
  userId: null;
  apiToken: {
    id: string;
    name: string;
    scopes: readonly string[];
    /**
     * Present when the token was found in the process's cache rather than read for this request
     * (GETs only): a read may confirm it is still usable (lib/server/data/token-check.ts).
     */
    check?: TokenCheck;
  };
};

export type Viewer = UserViewer | ApiViewer;

/** Who did something, as the audit trail and `createdBy` columns record it. */
export type Actor = { userId: string | null; label: string };

/** The user, or (no user) the API token. */
export function actorOf(
  viewer: Pick<UserViewer, 'userId' | 'email' | 'apiToken'> | Pick<ApiViewer, 'userId' | 'email' | 'apiToken'>,
): Actor {
  return viewer.apiToken ? { userId: null, label: `api-token:${viewer.apiToken.name}` } : { userId: viewer.userId, label: viewer.email };
}

/** The portal's own processes, which act for no user. */
export const SYSTEM_ACTORS = {
  worker: { userId: null, label: 'system:worker' },
  graphSync: { userId: null, label: 'system:graph-sync' },
  reminders: { userId: null, label: 'system:reminders' },
  serviceUpdates: { userId: null, label: 'system:service-updates' },
  createAdmin: { userId: null, label: 'system:create-admin' },
  seed: { userId: null, label: 'system:seed' },
} as const satisfies Record<string, Actor>;

export class MissingPartnerScopeError extends Error {
  constructor() {
    super('A partner-scoped query was asked for by a viewer without a partner; it was refused.');
  }
}

/**
 * What a read needs to know of whoever asks: the role and the partner. A viewer is one; so is the
 * embedded dashboard's scope, which reads one partner's figures for a token (lib/server/data/embed-tokens.ts).
 */
export type ReadScope = Pick<Viewer, 'role' | 'partnerId'>;

/** The partner id to put in every `where`. Refuses a viewer without one instead of running unscoped. */
export function partnerScope(viewer: ReadScope): string {
  if (viewer.role === 'PORTAL_ADMIN' || typeof viewer.partnerId !== 'string' || viewer.partnerId.length === 0) {
    throw new MissingPartnerScopeError();
  }
  return viewer.partnerId;
}
