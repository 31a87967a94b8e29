// The authorization matrix's registries: how to call each entry point and who may.
// - ROUTES: every page and every route handler method under app/. e2e/authorization-matrix.spec.ts
//   reads the app/ folder and fails for a route without an entry here (and for an entry whose route
//   is gone). Adding a page is one line:
//
//     'app/(portal)/settings/users/page.tsx': page('/settings/users', 'settings:users'),
//
// - API_PROBES: every operation of the REST API (API_OPERATIONS in lib/server/api/routes.ts, served
//   by the launcher's front door, not by app/), by operation id. The spec reads the description the
//   portal serves (generated from API_OPERATIONS) and fails for an operation without probes, for a
//   probe of an operation that is gone, and for a probe whose method, path or scope is not its
//   operation's. Adding an operation is one line:
//
//     getCustomer: api('GET', '/api/v1/customers/{customer}', 'customers:read'),
//
// `{customer}`, `{notice}`… in a path or body stand for an object of the kind (e2e/authorization/
// world.ts): the signed-in partner's own, another partner's, or one that does not exist.
import type { ApiScope, Permission } from '../../lib/domain/permissions';

export const OBJECT_KINDS = [
  'customer',
  'tenant',
  'contact',
  'subscription',
  'notice',
  'communication',
  'template',
  'webhook',
  'spareWebhook',
  'embedToken',
  'sample',
  'rule',
  'invitationToken',
  'resetToken',
] as const;
export type ObjectKind = (typeof OBJECT_KINDS)[number];

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who may call it, and how everyone else is turned away. */
export type Guard =
  /** requirePermission(any of these): signed out → sign-in page; a role without it → 404 (or its home). */
  | { kind: 'permission'; any: readonly Permission[] }
  /**
   * A route that hides itself: whoever may not gets 404 — but a request without any session cookie
   * to a path the proxy covers (`proxied`) is sent to the sign-in page by the proxy first.
   */
  | { kind: 'hidden'; any: readonly Permission[]; proxied: boolean }
  /** The REST API: a bearer API token with the scope; sessions are no credentials there. */
  | { kind: 'api'; scope: ApiScope }
  /** Open to everyone. */
  | { kind: 'public' }
  /** `/`: the signed-in go home, everyone else to the sign-in page. */
  | { kind: 'home' }
  /** The sign-in page: the signed-in go home. */
  | { kind: 'signInPage' }
  /** The sign-out page: only for the signed-in. */
  | { kind: 'signOutPage' }
  /**
   * A token in the URL is the only key, whoever asks (the embedded dashboard, an invitation, a
   * password reset): another partner's that no longer works answers like an unknown one.
   */
  | { kind: 'urlToken' };

export type Body =
  | { kind: 'json'; value: unknown }
  /** A multipart form; a string field containing placeholders, or a file (name, text). */
  | { kind: 'form'; fields: Record<string, string | { file: string; text: string }> };

export type Probe = {
  method: Method;
  /** The URL path (and query) with placeholders. */
  path: string;
  guard: Guard;
  body?: Body;
  headers?: Record<string, string>;
  /** The status for a principal who may: on its own object (or with no object) and on another partner's or none. */
  own?: number;
  other?: number;
  /**
   * It succeeds whatever object it names: another partner's, like none, is matched to nothing (an
   * ingest naming tenants). Its calls on them count as allowed ones: they may change partner A's
   * rows, never partner B's.
   */
  acceptsAny?: boolean;
  /**
   * The own object's name shows in the answer (pages: yes; downloads and API writes: no): the
   * object the path names last, or the kind given (a customer's subscriptions show the offer).
   */
  showsName?: boolean | ObjectKind;
  /** Serves the two-step enrolment: a session held at it may open it too (principal `enrolling`); it is sent there from everything else. */
  duringEnrolment?: boolean;
};

const guarded = (permissions: Permission[]): Guard => ({ kind: 'permission', any: permissions });

/** A page (GET) behind requirePermission. */
export const page = (path: string, ...permissions: Permission[]): Probe => ({
  method: 'GET',
  path,
  guard: guarded(permissions),
  showsName: true,
});
/** A download (GET) behind requirePermission. */
export const download = (path: string, ...permissions: Permission[]): Probe => ({ method: 'GET', path, guard: guarded(permissions) });
/** A request anyone may make. */
export const open = (method: Method, path: string, status = 200): Probe => ({ method, path, guard: { kind: 'public' }, own: status });
/** A page opened with a token in its URL (public, signed out). */
export const link = (path: string): Probe => ({ method: 'GET', path, guard: { kind: 'urlToken' }, showsName: true });
/** A REST API call with a bearer token of the scope; a GET of one object shows its name. */
export const api = (method: Method, path: string, scope: ApiScope, options: Omit<Probe, 'method' | 'path' | 'guard'> = {}): Probe => ({
  method,
  path,
  guard: { kind: 'api', scope },
  showsName: method === 'GET' && /\}$/.test(path),
  ...options,
});

// A CSV of contacts for one customer (by its tenant id): the import's own object.
const CONTACTS_CSV = {
  file: 'contacts.csv',
  text: 'Microsoft ID,Customer domain,Name,Email,Role,Language\n{tenant},,Matrix Importee,importee@matrix.example,Billing,en\n',
};
const upload = (path: string, fields: Record<string, string>, own: number, other: number): Probe => ({
  method: 'POST',
  path,
  // Left out of the proxy (which would read the whole upload first).
  guard: { kind: 'hidden', any: ['customer:write'], proxied: false },
  body: { kind: 'form', fields: { kind: 'contacts', file: CONTACTS_CSV, ...fields } },
  own,
  other,
});

// A notice as the API creates it, and a stale version: writes that reach the notice change nothing.
const NOTICE_BODY = {
  kind: 'GENERAL',
  content: { en: { subject: 'Matrix API notice', body: 'Hello {{customer.name}}' }, 'zh-TW': { subject: '矩陣', body: '您好' } },
  target: { mode: 'customers', customerIds: ['{customer}'] },
  recipientRoles: ['BILLING'],
};
// A notice about a Microsoft communication: only the partner's own communication may be named.
const SERVICE_UPDATE_BODY = {
  ...NOTICE_BODY,
  kind: 'SERVICE_UPDATE',
  target: { mode: 'affected', excludeCustomerIds: [] },
  communicationId: '{communication}',
};
// A Graph service health issue affecting one tenant (its id names the record, so that each call
// creates one): another partner's tenant is as unknown as one that does not exist.
const GRAPH_ISSUE = {
  id: 'EX{tenant}',
  title: 'Matrix Ingested Incident',
  classification: 'incident',
  status: 'investigating',
  service: 'Exchange Online',
  startDateTime: '2026-11-20T08:00:00Z',
  lastModifiedDateTime: '2026-11-20T09:00:00Z',
  isResolved: false,
  affectedTenantIds: ['{tenant}'],
};
const STALE = { 'If-Match': '"999999"' };

export const ROUTES: Readonly<Record<string, Probe | readonly Probe[]>> = {
  'app/page.tsx': { method: 'GET', path: '/', guard: { kind: 'home' } },
  'app/(auth)/signin/page.tsx': { method: 'GET', path: '/signin', guard: { kind: 'signInPage' } },
  'app/(auth)/signout/page.tsx': { method: 'GET', path: '/signout', guard: { kind: 'signOutPage' } },
  'app/(auth)/forgot-password/page.tsx': open('GET', '/forgot-password'),
  'app/(auth)/invitations/[token]/page.tsx': link('/invitations/{invitationToken}'),
  'app/(auth)/reset-password/[token]/page.tsx': link('/reset-password/{resetToken}'),
  'app/(admin)/admin/partners/page.tsx': page('/admin/partners', 'admin:partners'),
  'app/(admin)/admin/relationships/page.tsx': page('/admin/relationships', 'admin:relationships'),
  'app/(admin)/admin/audit/page.tsx': page('/admin/audit', 'audit:read:all', 'audit:read:partner'),
  'app/(admin)/admin/audit/export.csv/route.ts': download('/admin/audit/export.csv', 'audit:read:all', 'audit:read:partner'),
  'app/(portal)/dashboard/page.tsx': page('/dashboard', 'partner:read'),
  'app/(portal)/customers/page.tsx': page('/customers', 'partner:read'),
  'app/(portal)/customers/new/page.tsx': page('/customers/new', 'customer:write'),
  'app/(portal)/customers/export.csv/route.ts': download('/customers/export.csv', 'partner:read'),
  'app/(portal)/customers/[customerId]/page.tsx': page('/customers/{customer}', 'partner:read'),
  'app/(portal)/customers/[customerId]/edit/page.tsx': page('/customers/{customer}/edit', 'customer:write'),
  'app/(portal)/customers/[customerId]/relationship/page.tsx': page('/customers/{customer}/relationship', 'relationship:declare'),
  'app/(portal)/customers/[customerId]/contacts/new/page.tsx': page('/customers/{customer}/contacts/new', 'customer:write'),
  'app/(portal)/customers/[customerId]/contacts/[contactId]/edit/page.tsx': page(
    '/customers/{customer}/contacts/{contact}/edit',
    'customer:write',
  ),
  'app/(portal)/customers/[customerId]/subscriptions/new/page.tsx': page('/customers/{customer}/subscriptions/new', 'customer:write'),
  'app/(portal)/customers/[customerId]/subscriptions/[subscriptionId]/edit/page.tsx': page(
    '/customers/{customer}/subscriptions/{subscription}/edit',
    'customer:write',
  ),
  'app/(portal)/customers/import/page.tsx': page('/customers/import', 'customer:write'),
  'app/(portal)/customers/import/samples/[file]/route.ts': {
    method: 'GET',
    path: '/customers/import/samples/{sample}',
    guard: { kind: 'hidden', any: ['customer:write'], proxied: true },
  },
  'app/(portal)/customers/import/preview/route.ts': upload('/customers/import/preview', {}, 200, 200),
  'app/(portal)/customers/import/apply/route.ts': upload('/customers/import/apply', { fingerprint: '0'.repeat(64) }, 409, 200),
  'app/(portal)/communications/page.tsx': page('/communications', 'partner:read'),
  'app/(portal)/communications/[communicationId]/page.tsx': page('/communications/{communication}', 'partner:read'),
  'app/(portal)/notices/(list)/page.tsx': page('/notices', 'partner:read'),
  'app/(portal)/notices/new/page.tsx': [
    page('/notices/new', 'notice:write'),
    // Another partner's customer is not preselected: the page answers as for none.
    { ...page('/notices/new?customerId={customer}', 'notice:write'), other: 200 },
    // "Tell affected customers" and "Send an update": another partner's communication is not found.
    page('/notices/new?communicationId={communication}', 'notice:write'),
    page('/notices/new?communicationId={communication}&update=1', 'notice:write'),
  ],
  'app/(portal)/notices/renewals/page.tsx': page('/notices/renewals', 'partner:read'),
  'app/(portal)/notices/[noticeId]/page.tsx': page('/notices/{notice}', 'partner:read'),
  'app/(portal)/notices/[noticeId]/edit/page.tsx': page('/notices/{notice}/edit', 'notice:write'),
  'app/(portal)/notices/[noticeId]/preview/page.tsx': page('/notices/{notice}/preview', 'partner:read'),
  'app/(portal)/notices/[noticeId]/deliveries.csv/route.ts': download('/notices/{notice}/deliveries.csv', 'partner:read'),
  'app/(portal)/settings/profile/page.tsx': page('/settings/profile', 'profile:write'),
  'app/(portal)/settings/security/page.tsx': { ...page('/settings/security', 'profile:write'), duringEnrolment: true },
  'app/(portal)/settings/users/page.tsx': page('/settings/users', 'settings:users'),
  'app/(portal)/settings/api-tokens/page.tsx': page('/settings/api-tokens', 'settings:tokens'),
  'app/(portal)/settings/notices/page.tsx': page('/settings/notices', 'settings:notices'),
  'app/(portal)/settings/notices/templates/new/page.tsx': page('/settings/notices/templates/new', 'settings:notices'),
  'app/(portal)/settings/notices/templates/[templateId]/page.tsx': page('/settings/notices/templates/{template}', 'settings:notices'),
  'app/(portal)/settings/notices/service-updates/page.tsx': page('/settings/notices/service-updates', 'settings:notices'),
  'app/(portal)/settings/notices/service-updates/new/page.tsx': page('/settings/notices/service-updates/new', 'settings:notices'),
  'app/(portal)/settings/notices/service-updates/[ruleId]/page.tsx': page('/settings/notices/service-updates/{rule}', 'settings:notices'),
  'app/(portal)/settings/embed/page.tsx': page('/settings/embed', 'settings:tokens'),
  'app/(portal)/settings/microsoft/page.tsx': page('/settings/microsoft', 'settings:microsoft'),
  'app/(portal)/settings/microsoft/categories/page.tsx': page('/settings/microsoft/categories', 'settings:microsoft'),
  'app/embed/dashboard/page.tsx': link('/embed/dashboard?token={embedToken}'),
  'app/(portal)/settings/webhooks/page.tsx': page('/settings/webhooks', 'settings:webhooks'),
  'app/(portal)/settings/webhooks/[endpointId]/page.tsx': page('/settings/webhooks/{webhook}', 'settings:webhooks'),
  'app/api/health/route.ts': open('GET', '/api/health'),
  'app/api/auth/[...nextauth]/route.ts': [
    open('GET', '/api/auth/csrf'),
    open('GET', '/api/auth/providers'),
    open('POST', '/api/auth/signout', 302),
  ],
};

export const API_PROBES: Readonly<Record<string, Probe | readonly Probe[]>> = {
  // A list searched for the own customer's tenant id finds it; another partner's finds nothing, as a made-up one.
  listCustomers: api('GET', '/api/v1/customers?search={tenant}', 'customers:read', { other: 200 }),
  getCustomer: api('GET', '/api/v1/customers/{customer}', 'customers:read'),
  getCustomerPolicy: api('GET', '/api/v1/customers/{customer}/policy', 'customers:read'),
  listCustomerSubscriptions: api('GET', '/api/v1/customers/{customer}/subscriptions', 'customers:read', { showsName: 'subscription' }),
  listCustomerContacts: api('GET', '/api/v1/customers/{customer}/contacts', 'customers:read', { showsName: 'contact' }),
  listCommunications: [
    api('GET', '/api/v1/communications', 'communications:read'),
    api('GET', '/api/v1/communications?customerId={customer}', 'communications:read', { showsName: 'communication', other: 200 }),
  ],
  getCommunication: api('GET', '/api/v1/communications/{communication}', 'communications:read'),
  // Ingesting really happens (a record per call): another partner's tenant is reported unknown, like a made-up one, and not linked.
  ingestCommunications: api('POST', '/api/v1/communications', 'communications:write', {
    body: { kind: 'json', value: GRAPH_ISSUE },
    acceptsAny: true,
  }),
  listNotices: api('GET', '/api/v1/notices', 'notices:read'),
  createNotice: [
    api('POST', '/api/v1/notices', 'notices:write', { body: { kind: 'json', value: NOTICE_BODY }, own: 201, other: 400 }),
    api('POST', '/api/v1/notices', 'notices:write', { body: { kind: 'json', value: SERVICE_UPDATE_BODY }, own: 201, other: 400 }),
  ],
  getNotice: api('GET', '/api/v1/notices/{notice}', 'notices:read'),
  updateNotice: api('PATCH', '/api/v1/notices/{notice}', 'notices:write', {
    headers: STALE,
    body: { kind: 'json', value: { kind: 'BILLING' } },
    own: 412,
  }),
  listDeliveries: api('GET', '/api/v1/notices/{notice}/deliveries', 'notices:read'),
  scheduleNotice: api('POST', '/api/v1/notices/{notice}/schedule', 'notices:write', {
    headers: STALE,
    body: { kind: 'json', value: { scheduledAt: '2099-01-05T09:00:00+08:00' } },
    own: 412,
  }),
  sendNotice: api('POST', '/api/v1/notices/{notice}/send', 'notices:write', { headers: STALE, own: 412 }),
  cancelNotice: api('POST', '/api/v1/notices/{notice}/cancel', 'notices:write', { headers: STALE, own: 412 }),
  listWebhooks: api('GET', '/api/v1/webhooks', 'webhooks:manage'),
  createWebhook: api('POST', '/api/v1/webhooks', 'webhooks:manage', {
    body: { kind: 'json', value: { url: 'https://127.0.0.1:9/matrix', events: ['notice.sent'] } },
    own: 201,
  }),
  // Deleting the own endpoint really happens: a spare one.
  deleteWebhook: api('DELETE', '/api/v1/webhooks/{spareWebhook}', 'webhooks:manage', { own: 204 }),
  getOpenApiDescription: open('GET', '/api/v1/openapi.json'),
  getReference: open('GET', '/api/v1/docs'),
  getReferenceStyle: open('GET', '/api/v1/docs/reference.css'),
};
