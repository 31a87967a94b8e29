// The authorization matrix's world: two partners of its own (A, whose users ask; B, "another
// partner"), one object of every kind each, the principals who ask (sessions of every role, a
// deactivated user's old session, API tokens: with every scope, with none, with every scope but
// the one asked for, revoked, expired), and a snapshot of both partners' rows.
import { randomUUID } from 'node:crypto';
import { API_SCOPES, type ApiScope, type Role } from '../../lib/domain/permissions';
import { hashPassword } from '../../lib/runtime/password';
import { hashToken } from '../../lib/runtime/tokens';
import { DEMO_PASSWORD, sql } from '../support/db';
import { DEMO_USERS } from '../support/fixtures';
import { SESSION_PRINCIPALS, SESSION_ROLES, type Variant } from '../../tests/support/principals';
import type { ObjectKind, Probe } from './routes';

export const TOKEN_PRINCIPALS = ['token', 'tokenWithoutScope', 'tokenOtherScopes', 'revokedToken', 'expiredToken'] as const;
export const PRINCIPALS = [...SESSION_PRINCIPALS, ...TOKEN_PRINCIPALS] as const;
export type Principal = (typeof PRINCIPALS)[number];

/** The role a principal signs in with; null: no session (an API token is none). */
export const ROLE_OF: Record<Principal, Role | null> = {
  ...SESSION_ROLES,
  ...(Object.fromEntries(TOKEN_PRINCIPALS.map((principal) => [principal, null])) as Record<(typeof TOKEN_PRINCIPALS)[number], null>),
};

type PartnerObjects = { id: string; name: string; ids: Record<ObjectKind, string>; names: Record<ObjectKind, string> };

export type World = {
  baseURL: string;
  a: PartnerObjects;
  b: PartnerObjects;
  /** What text in an answer would give B away to A's principals. */
  bMarker: string;
  /** Ids standing for "no such object". */
  missing: Record<ObjectKind, string>;
  /** Request headers per principal (its session cookie or its bearer token); tokenOtherScopes: credentialsOf. */
  credentials: Record<Exclude<Principal, 'tokenOtherScopes'>, Record<string, string>>;
  /** Per scope, a token with every scope but that one. */
  withoutScope: Record<ApiScope, Record<string, string>>;
};

/** The request headers of a principal asking for a probe (a token without the probe's scope, for tokenOtherScopes). */
export function credentialsOf(world: World, principal: Principal, probe: Probe): Record<string, string> {
  if (principal !== 'tokenOtherScopes') return world.credentials[principal];
  return world.withoutScope[probe.guard.kind === 'api' ? probe.guard.scope : API_SCOPES[0]];
}

async function one<T extends Record<string, unknown>>(text: string, values: unknown[]): Promise<T> {
  const rows = await sql<T>(text, values);
  return rows[0]!;
}

/** A partner with one object of every kind, named `Matrix <kind> <label>`. */
async function createPartner(label: string): Promise<PartnerObjects> {
  const name = `Matrix Partner ${label}`;
  const { id } = await one<{ id: string }>(
    `INSERT INTO "Partner" (id, name, "partnerNumber", "updatedAt") VALUES (gen_random_uuid(), $1, $2, now()) RETURNING id::text`,
    [name, `M${randomUUID().slice(0, 12)}`],
  );
  const names: Record<ObjectKind, string> = {
    customer: `Matrix Customer ${label}`,
    tenant: `Matrix Customer ${label}`,
    contact: `Matrix Contact ${label}`,
    subscription: `Matrix Offer ${label}`,
    notice: `Matrix Notice ${label}`,
    communication: `Matrix Incident ${label}`,
    template: `Matrix Template ${label}`,
    webhook: `Matrix Webhook ${label}`,
    spareWebhook: `Matrix Spare Webhook ${label}`,
    // The embedded dashboard shows its partner's name.
    embedToken: name,
    sample: 'customers.csv',
    rule: `Matrix Rule ${label}`,
    // The invitation page names the partner; the reset page, the address of its user.
    invitationToken: name,
    resetToken: `matrix-reset-${label}@matrix.example`,
  };
  const customer = await one<{ id: string; tenant: string }>(
    `INSERT INTO "Customer" (id, "partnerId", "companyName", domain, "tenantId", "updatedAt")
     VALUES (gen_random_uuid(), $1, $2, $3, gen_random_uuid(), now()) RETURNING id::text, "tenantId"::text AS tenant`,
    [id, names.customer, `${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.matrix.example`],
  );
  const contact = await one<{ id: string }>(
    `INSERT INTO "Contact" (id, "partnerId", "customerId", name, email, role, "updatedAt")
     VALUES (gen_random_uuid(), $1, $2, $3, $4, 'BILLING', now()) RETURNING id::text`,
    [id, customer.id, names.contact, `billing-${randomUUID().slice(0, 8)}@matrix.example`],
  );
  const subscription = await one<{ id: string }>(
    `INSERT INTO "Subscription" (id, "partnerId", "customerId", "offerName", quantity, term, "billingCycle", "startDate", "commitmentEndDate", "updatedAt")
     VALUES (gen_random_uuid(), $1, $2, $3, 5, 'P1Y', 'ANNUAL', current_date - 300, current_date + 30, now()) RETURNING id::text`,
    [id, customer.id, names.subscription],
  );
  const notice = await one<{ id: string }>(
    `INSERT INTO "Notice" (id, "partnerId", kind, "subjectEn", "bodyEn", "subjectZhTw", "bodyZhTw", "recipientRoles", "updatedAt")
     VALUES (gen_random_uuid(), $1, 'GENERAL', $2, 'Hello {{customer.name}}', $2, '{{customer.name}} 您好', '{BILLING}', now()) RETURNING id::text`,
    [id, names.notice],
  );
  await sql(`INSERT INTO "NoticeCustomer" ("partnerId", "noticeId", "customerId") VALUES ($1, $2, $3)`, [id, notice.id, customer.id]);
  const communication = await one<{ id: string }>(
    `INSERT INTO "MicrosoftCommunication" (id, "partnerId", "externalId", category, title, summary, "affectedService", classification, status, "startAt", "lastModifiedAt", "updatedAt")
     VALUES (gen_random_uuid(), $1, $2, 'SERVICE_INCIDENT', $3, 'Mail delivery is delayed.', 'Exchange Online', 'incident', 'investigating', now() - interval '1 day', now(), now())
     RETURNING id::text`,
    [id, `EX${randomUUID().slice(0, 6)}`, names.communication],
  );
  await sql(
    `INSERT INTO "CommunicationAffectedCustomer" ("partnerId", "communicationId", "customerId", category) VALUES ($1, $2, $3, 'SERVICE_INCIDENT')`,
    [id, communication.id, customer.id],
  );
  const template = await one<{ id: string }>(
    `INSERT INTO "NoticeTemplate" (id, "partnerId", name, kind, "subjectEn", "bodyEn", "subjectZhTw", "bodyZhTw", "updatedAt")
     VALUES (gen_random_uuid(), $1, $2, 'GENERAL', 'A note', 'Hello {{customer.name}}', '通知', '{{customer.name}} 您好', now()) RETURNING id::text`,
    [id, names.template],
  );
  const webhook = (description: string) =>
    one<{ id: string }>(
      `INSERT INTO "WebhookEndpoint" (id, "partnerId", url, description, events, "secretEncrypted", "updatedAt")
       VALUES (gen_random_uuid(), $1, 'https://hooks.matrix.example/in', $2, '{notice.sent}', 'not-a-secret', now()) RETURNING id::text`,
      [id, description],
    );
  const embedSecret = `cpe_matrix_${randomUUID().replace(/-/g, '')}`;
  await sql(
    `INSERT INTO "EmbedToken" (id, "partnerId", name, "secretHash", "allowedOrigin") VALUES (gen_random_uuid(), $1, 'Matrix', $2, 'https://intranet.matrix.example')`,
    [id, hashToken(embedSecret)],
  );
  // Disabled: the communications the matrix ingests for partner A make no notices.
  const rule = await one<{ id: string }>(
    `INSERT INTO "ServiceUpdateRule" (id, "partnerId", name, enabled, action, categories, services, "recipientRoles", "updatedAt")
     VALUES (gen_random_uuid(), $1, $2, false, 'DRAFT', '{SERVICE_INCIDENT}', '{}', '{BILLING}', now()) RETURNING id::text`,
    [id, names.rule],
  );
  // Links: partner A's work; partner B's no longer do (withdrawn, used), which is all another partner's link may be.
  const closed = label.startsWith('B-');
  const invitationSecret = `cpi_matrix_${randomUUID().replace(/-/g, '')}`;
  await sql(
    `INSERT INTO "Invitation" (id, "partnerId", email, role, "tokenHash", "expiresAt", "revokedAt", "updatedAt")
     VALUES (gen_random_uuid(), $1, $2, 'PARTNER_AGENT', $3, now() + interval '7 days', $4, now())`,
    [id, `matrix-invited-${label}@matrix.example`, hashToken(invitationSecret), closed ? new Date() : null],
  );
  const resetSecret = `cpr_matrix_${randomUUID().replace(/-/g, '')}`;
  const resetUser = await one<{ id: string }>(
    `INSERT INTO "User" (id, email, "displayName", role, "partnerId", "updatedAt")
     VALUES (gen_random_uuid(), $1, $2, 'PARTNER_VIEWER', $3, now()) RETURNING id::text`,
    [names.resetToken, `Matrix Reset ${label}`, id],
  );
  await sql(
    `INSERT INTO "PasswordReset" (id, "userId", "tokenHash", "expiresAt", "usedAt") VALUES (gen_random_uuid(), $1, $2, now() + interval '1 hour', $3)`,
    [resetUser.id, hashToken(resetSecret), closed ? new Date() : null],
  );
  const ids: Record<ObjectKind, string> = {
    customer: customer.id,
    tenant: customer.tenant,
    contact: contact.id,
    subscription: subscription.id,
    notice: notice.id,
    communication: communication.id,
    template: template.id,
    webhook: (await webhook(names.webhook)).id,
    spareWebhook: (await webhook(names.spareWebhook)).id,
    embedToken: embedSecret,
    sample: 'customers.csv',
    rule: rule.id,
    invitationToken: invitationSecret,
    resetToken: resetSecret,
  };
  return { id, name, ids, names };
}

async function createUser(partnerId: string, role: Role, label: string, passwordHash: string, twoStepExempt = true): Promise<string> {
  const email = `matrix-${label}-${randomUUID().slice(0, 8)}@matrix.example`;
  await sql(
    // Exempt from two-step sign-in like the demo users, but for the principal held at its enrolment
    // (an admin who has not set up the two-step sign-in its role requires).
    `INSERT INTO "User" (id, email, "displayName", role, "partnerId", "passwordHash", "twoStepExempt", "updatedAt")
     VALUES (gen_random_uuid(), $1, $2, $3::"Role", $4, $5, $6, now())`,
    [email, `Matrix ${label}`, role, partnerId, passwordHash, twoStepExempt],
  );
  return email;
}

const setCookies = (response: Response) => response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]!);

/** Signs in through next-auth's credentials endpoint: the session cookie as a Cookie header. */
async function sessionOf(baseURL: string, email: string): Promise<Record<string, string>> {
  const csrf = await fetch(`${baseURL}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${baseURL}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: setCookies(csrf).join('; ') },
    body: new URLSearchParams({ email, password: DEMO_PASSWORD, csrfToken, callbackUrl: `${baseURL}/`, json: 'true' }),
  });
  const session = setCookies(response).find((cookie) => cookie.startsWith('next-auth.session-token='));
  if (!session) throw new Error(`${email} could not sign in (${response.status})`);
  return { Cookie: session };
}

async function createToken(
  partnerId: string,
  name: string,
  scopes: readonly string[],
  ended: { revoked?: boolean; expired?: boolean } = {},
): Promise<Record<string, string>> {
  const secret = `cpt_matrix_${randomUUID().replace(/-/g, '')}`;
  await sql(
    `INSERT INTO "ApiToken" (id, "partnerId", name, "secretHash", scopes, "revokedAt", "expiresAt") VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6)`,
    [
      partnerId,
      `Matrix ${name}`,
      hashToken(secret),
      scopes,
      ended.revoked ? new Date() : null,
      ended.expired ? new Date(Date.now() - 60_000) : null,
    ],
  );
  return { Authorization: `Bearer ${secret}` };
}

export async function createWorld(baseURL: string): Promise<World> {
  const tag = randomUUID().slice(0, 8);
  const a = await createPartner(`A-${tag}`);
  const b = await createPartner(`B-${tag}`);
  const hash = await hashPassword(DEMO_PASSWORD);
  const emails = {
    partnerAdmin: await createUser(a.id, 'PARTNER_ADMIN', 'admin', hash),
    agent: await createUser(a.id, 'PARTNER_AGENT', 'agent', hash),
    viewer: await createUser(a.id, 'PARTNER_VIEWER', 'viewer', hash),
    deactivated: await createUser(a.id, 'PARTNER_ADMIN', 'gone', hash),
    enrolling: await createUser(a.id, 'PARTNER_ADMIN', 'enrolling', hash, false),
  };
  const [portalAdmin, partnerAdmin, agent, viewer, deactivated, enrolling] = await Promise.all([
    sessionOf(baseURL, DEMO_USERS.admin.email),
    sessionOf(baseURL, emails.partnerAdmin),
    sessionOf(baseURL, emails.agent),
    sessionOf(baseURL, emails.viewer),
    sessionOf(baseURL, emails.deactivated),
    sessionOf(baseURL, emails.enrolling),
  ]);
  // Deactivated after signing in: the session cookie it holds is an old one.
  await sql(`UPDATE "User" SET active = false, "updatedAt" = now() WHERE email = $1`, [emails.deactivated]);
  const missing = Object.fromEntries(Object.keys(a.ids).map((kind) => [kind, randomUUID()])) as Record<ObjectKind, string>;
  missing.sample = 'no-such-sample.csv';
  missing.embedToken = `cpe_matrix_${randomUUID().replace(/-/g, '')}`;
  missing.invitationToken = `cpi_matrix_${randomUUID().replace(/-/g, '')}`;
  missing.resetToken = `cpr_matrix_${randomUUID().replace(/-/g, '')}`;
  const withoutScope = {} as Record<ApiScope, Record<string, string>>;
  for (const scope of API_SCOPES) {
    withoutScope[scope] = await createToken(
      a.id,
      `all but ${scope}`,
      API_SCOPES.filter((other) => other !== scope),
    );
  }
  return {
    baseURL,
    a,
    b,
    bMarker: `B-${tag}`,
    missing,
    credentials: {
      portalAdmin,
      partnerAdmin,
      agent,
      viewer,
      signedOut: {},
      deactivated,
      enrolling,
      token: await createToken(a.id, 'all', API_SCOPES),
      tokenWithoutScope: await createToken(a.id, 'none', []),
      revokedToken: await createToken(a.id, 'revoked', API_SCOPES, { revoked: true }),
      expiredToken: await createToken(a.id, 'expired', API_SCOPES, { expired: true }),
    },
    withoutScope,
  };
}

/** The objects a variant names. A portal admin's "own" objects are partner A's, like everyone's. */
export function objectsOf(world: World, variant: Variant): Record<ObjectKind, string> {
  if (variant === 'own') return world.a.ids;
  // A file name or an embed token names no partner's object: "another partner's" is none. Another
  // partner's invitation and reset links are ones that no longer work (world: createPartner).
  if (variant === 'foreign') return { ...world.b.ids, sample: world.missing.sample, embedToken: world.missing.embedToken };
  return world.missing;
}

/**
 * Per partner (`A:…`, `B:…`), a checksum of its rows in every table with a partnerId column (new
 * tables included), of its users' rows in every table with a userId column (sessions, password
 * resets), and of the partner itself. Columns that record use, not change, are left out.
 */
export async function snapshot(world: World): Promise<Record<string, string>> {
  const tables = await sql<{ table: string; column: string }>(
    `SELECT table_name AS table, column_name AS column FROM information_schema.columns
     WHERE table_schema = 'public' AND column_name IN ('partnerId', 'userId') ORDER BY 1, 2`,
  );
  const partnerOf: Record<string, string> = {
    id: 'x.id',
    partnerId: 'x."partnerId"',
    userId: '(SELECT u."partnerId" FROM "User" u WHERE u.id = x."userId")',
  };
  const parts = [{ table: 'Partner', column: 'id' }, ...tables].map(
    ({ table, column }) =>
      `SELECT '${table}.${column}' AS t, p::text AS partner, md5(string_agg(r, '|' ORDER BY r)) AS sum
       FROM (SELECT ${partnerOf[column]} AS p, (to_jsonb(x) - 'lastUsedAt' - 'lastSignInAt' - 'lastSeenAt')::text AS r FROM "${table}" x) AS rows
       WHERE p = ANY($1::uuid[]) GROUP BY p`,
  );
  const rows = await sql<{ t: string; partner: string; sum: string }>(parts.join(' UNION ALL '), [[world.a.id, world.b.id]]);
  return Object.fromEntries(rows.map((row) => [`${row.partner === world.a.id ? 'A' : 'B'}:${row.t}`, row.sum]));
}
