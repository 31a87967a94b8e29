// The authorization matrix of the server actions (the pages and route handlers are
// e2e/authorization-matrix.spec.ts): every principal (portal admin, partner admin, agent, viewer,
// signed out, a deactivated user's old session, a partner admin held at its two-step enrolment) × every export of every 'use server' module ×
// its own object, another partner's, none. The exported functions are called for real — the
// guard, the data layer, PostgreSQL — with only the session cookie's reading replaced by the
// principal's session (a Next-Action id is build-specific; the function is the endpoint). Each
// answer is checked, another partner's object must answer exactly like a missing one, no answer
// to partner A names partner B's objects, no refused call changes a row of either partner, no
// allowed call of partner A's principals a row of partner B, and a public action (a link, a
// forgotten password) answers every principal the same.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { can, type Permission, type Role } from '../../lib/domain/permissions';
import { declareRelationship } from '../../lib/server/data/relationships';
import { createNotice } from '../../lib/server/data/notice-writes';
import { hashToken } from '../../lib/runtime/tokens';
import { ACTIONS, ACTION_OBJECTS, FRESH_LINKS, NAMES, type ActionProbe, type Objects } from '../support/authorization-actions';
import { createNoticePartner, GENERAL_CONTENT, RENEWAL_CONTENT, type NoticeTestPartner } from '../support/notices';
import { addCommunication } from '../support/service-updates';
import { testDb } from '../support/factories';
import { SESSION_PRINCIPALS, SESSION_ROLES, succeeds, type SessionPrincipal, type Variant } from '../support/principals';

const session = vi.hoisted(() => ({ claims: null as { uid: string; sv: number; sid: string } | null }));
const Redirected = vi.hoisted(
  () =>
    class Redirected extends Error {
      constructor(readonly url: string) {
        super(`redirect ${url}`);
      }
    },
);

vi.mock('../../lib/server/session', async (original) => ({ ...(await original()), readSession: async () => session.claims }));
vi.mock('next/headers', () => ({
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false, set: () => undefined, delete: () => undefined }),
  headers: async () => new Headers(),
}));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock('next/navigation', () => ({
  redirect: (url: string) => {
    throw new Redirected(url);
  },
  notFound: () => {
    throw new Redirected('not-found');
  },
}));

const PRINCIPALS = SESSION_PRINCIPALS;
type Principal = SessionPrincipal;

/** How a call ended: its result, or the redirect it asked for. */
type Outcome = { result?: unknown; redirect?: string };

/** Codes and field errors that mean "not for you" or "no such object". */
const REFUSALS = new Set([
  'notAllowed',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'NOT_FOUND',
  'notFound',
  'CUSTOMER_NOT_FOUND',
  'SUBSCRIPTION_NOT_FOUND',
  'TEMPLATE_NOT_FOUND',
  'templateNotFound',
  'COMMUNICATION_NOT_FOUND',
  'accountNotAllowed',
  'accountNotFound',
]);

function isRefusal(outcome: Outcome, also: readonly string[] = []): boolean {
  if (outcome.redirect !== undefined) return /[?&]error=/.test(outcome.redirect);
  const result = outcome.result as { ok?: boolean; code?: string; fieldErrors?: Record<string, string> } | undefined;
  if (!result || result.ok !== false) return false;
  const refusal = (code: string) => REFUSALS.has(code) || also.includes(code);
  return refusal(result.code ?? '') || Object.values(result.fieldErrors ?? {}).some(refusal);
}

async function outcomeOf(call: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { result: await call() };
  } catch (error) {
    if (error instanceof Redirected) return { redirect: error.url };
    throw error;
  }
}

let a: NoticeTestPartner;
let b: NoticeTestPartner;
const objects = {} as Record<Variant, Objects>;
const names = {} as Record<'a' | 'b', string[]>;
const sessions = {} as Record<Principal, { uid: string; sv: number; sid: string } | null>;
/** The principals' users that the partners' factory does not make. */
const users = {} as Record<'portalAdmin' | 'deactivated' | 'enrolling', string>;
/** One object of every kind, named after its partner. */
async function objectsOf(partner: NoticeTestPartner, label: string): Promise<{ objects: Objects; names: string[] }> {
  const customer = await partner.addCustomer({
    name: `Matrix Customer ${label}`,
    contacts: [{ role: 'BILLING', name: `Matrix Contact ${label}` }],
    subscriptions: [{ endsInDays: 30, offerName: `Matrix Offer ${label}` }],
  });
  const reviewed = await partner.addCustomer({ name: `Matrix Reviewed ${label}` });
  const notice = await createNotice(partner.admin, {
    kind: 'GENERAL',
    content: { en: { subject: `Matrix Notice ${label}`, body: GENERAL_CONTENT.en.body }, 'zh-TW': GENERAL_CONTENT['zh-TW'] },
    target: { mode: 'customers', customerIds: [customer.id], subscriptionIds: [] },
    recipientRoles: ['BILLING'],
  });
  const review = await declareRelationship(
    partner.admin,
    reviewed.id,
    { agreementType: 'Enterprise Agreement', evidenceNote: 'Signed.' },
    'test',
  );
  if (!notice.ok || !review.ok) throw new Error('the matrix objects could not be made');
  const template = (name: string, kind: 'GENERAL' | 'RENEWAL', content: typeof GENERAL_CONTENT) =>
    testDb().noticeTemplate.create({
      data: {
        partnerId: partner.partnerId,
        name,
        kind,
        subjectEn: content.en.subject,
        bodyEn: content.en.body,
        subjectZhTw: content['zh-TW'].subject,
        bodyZhTw: content['zh-TW'].body,
      },
      select: { id: true },
    });
  const webhook = (description: string) =>
    testDb().webhookEndpoint.create({
      data: {
        partnerId: partner.partnerId,
        url: 'https://hooks.matrix.example/in',
        description,
        events: ['notice.sent'],
        secretEncrypted: 'not-a-secret',
      },
      select: { id: true },
    });
  const endpoint = await webhook(`Matrix Webhook ${label}`);
  const spare = await webhook(`Matrix Spare Webhook ${label}`);
  const failed = await testDb().webhookDelivery.create({
    data: {
      partnerId: partner.partnerId,
      endpointId: endpoint.id,
      eventId: crypto.randomUUID(),
      eventType: 'notice.sent',
      payload: { label },
      status: 'FAILED',
      attempts: 8,
    },
    select: { id: true },
  });
  const embed = await testDb().embedToken.create({
    data: {
      partnerId: partner.partnerId,
      name: `Matrix Embed ${label}`,
      secretHash: crypto.randomUUID(),
      allowedOrigin: 'https://intranet.matrix.example',
    },
    select: { id: true },
  });
  const general = await template(`Matrix Template ${label}`, 'GENERAL', GENERAL_CONTENT);
  const renewal = await template(`Matrix Renewal ${label}`, 'RENEWAL', RENEWAL_CONTENT);
  const serviceTemplate = await testDb().noticeTemplate.create({
    data: {
      partnerId: partner.partnerId,
      name: `Matrix Service Template ${label}`,
      kind: 'SERVICE_UPDATE',
      subjectEn: 'About {{communication.title}}',
      bodyEn: 'Hello {{customer.name}}',
      subjectZhTw: '關於 {{communication.title}}',
      bodyZhTw: '{{customer.name}} 您好',
    },
    select: { id: true },
  });
  const communication = await addCommunication(partner.partnerId, [customer], { title: `Matrix Incident ${label}` });
  const rule = await testDb().serviceUpdateRule.create({
    data: {
      partnerId: partner.partnerId,
      name: `Matrix Rule ${label}`,
      enabled: false,
      action: 'DRAFT',
      categories: ['SERVICE_INCIDENT'],
      recipientRoles: ['BILLING'],
    },
    select: { id: true },
  });
  // A user to change, and invitations of a partner admin (the portal admin may change those too).
  const user = await testDb().user.create({
    data: {
      email: `matrix-user-${label}@matrix.example`,
      displayName: `Matrix User ${label}`,
      role: 'PARTNER_AGENT',
      partnerId: partner.partnerId,
    },
    select: { id: true },
  });
  const invitation = (email: string, role: 'PARTNER_ADMIN' | 'PARTNER_AGENT' = 'PARTNER_ADMIN') =>
    testDb().invitation.create({
      data: {
        partnerId: partner.partnerId,
        email,
        role,
        tokenHash: crypto.randomUUID(),
        expiresAt: new Date(Date.now() + 7 * 86_400_000),
      },
      select: { id: true },
    });
  const invited = await invitation(`matrix-invited-${label}@matrix.example`.toLowerCase());
  const spareInvited = await invitation(`matrix-spare-invited-${label}@matrix.example`.toLowerCase());
  const agentInvited = await invitation(`matrix-agent-invited-${label}@matrix.example`.toLowerCase(), 'PARTNER_AGENT');
  // Links: partner A's work (a new one for every use); partner B's no longer do (withdrawn, used),
  // which is all another partner's link may be: whoever holds a working link may use it.
  const resetUser = await testDb().user.create({
    data: {
      email: `matrix-reset-${label}@matrix.example`.toLowerCase(),
      displayName: `Matrix Reset ${label}`,
      role: 'PARTNER_VIEWER',
      partnerId: partner.partnerId,
    },
    select: { id: true },
  });
  const invitationLink = async (closed: boolean) => {
    const secret = `cpi_matrix_${crypto.randomUUID().replace(/-/g, '')}`;
    await testDb().invitation.create({
      data: {
        partnerId: partner.partnerId,
        email: `matrix-linked-${crypto.randomUUID().slice(0, 8)}@matrix.example`,
        role: 'PARTNER_AGENT',
        tokenHash: hashToken(secret),
        expiresAt: new Date(Date.now() + 7 * 86_400_000),
        revokedAt: closed ? new Date() : null,
      },
    });
    return secret;
  };
  const resetLink = async (closed: boolean) => {
    const secret = `cpr_matrix_${crypto.randomUUID().replace(/-/g, '')}`;
    await testDb().passwordReset.create({
      data: {
        userId: resetUser.id,
        tokenHash: hashToken(secret),
        expiresAt: new Date(Date.now() + 3_600_000),
        usedAt: closed ? new Date() : null,
      },
    });
    return secret;
  };
  const working = !label.startsWith('B-');
  const links = working
    ? { invitationLink: `fresh invitation link of ${label}`, resetLink: `fresh reset link of ${label}` }
    : { invitationLink: await invitationLink(true), resetLink: await resetLink(true) };
  if (working) {
    FRESH_LINKS.set(links.invitationLink, () => invitationLink(false));
    FRESH_LINKS.set(links.resetLink, () => resetLink(false));
  }
  const apiToken = await testDb().apiToken.create({
    data: { partnerId: partner.partnerId, name: `Matrix API Token ${label}`, secretHash: crypto.randomUUID(), scopes: ['customers:read'] },
    select: { id: true },
  });
  NAMES.set(customer.id, customer.companyName);
  return {
    objects: {
      customer: customer.id,
      contact: customer.contacts[0]!.id,
      subscription: customer.subscriptions[0]!.id,
      notice: notice.id,
      template: general.id,
      renewalTemplate: renewal.id,
      review: review.reviewId,
      webhook: endpoint.id,
      spareWebhook: spare.id,
      webhookDelivery: failed.id,
      embedToken: embed.id,
      communication: communication.id,
      serviceTemplate: serviceTemplate.id,
      rule: rule.id,
      partner: partner.partnerId,
      user: user.id,
      invitation: invited.id,
      spareInvitation: spareInvited.id,
      agentInvitation: agentInvited.id,
      apiToken: apiToken.id,
      ...links,
    },
    names: [
      `Matrix Customer ${label}`,
      `Matrix Contact ${label}`,
      `Matrix Offer ${label}`,
      `Matrix Notice ${label}`,
      `Matrix Template ${label}`,
      `Matrix Renewal ${label}`,
      `Matrix Reviewed ${label}`,
      `Matrix Service Template ${label}`,
      `Matrix Incident ${label}`,
      `Matrix Rule ${label}`,
      `Matrix User ${label}`,
      `matrix-invited-${label}@matrix.example`.toLowerCase(),
      `matrix-spare-invited-${label}@matrix.example`.toLowerCase(),
      `matrix-agent-invited-${label}@matrix.example`.toLowerCase(),
      `matrix-reset-${label}@matrix.example`.toLowerCase(),
      `Matrix API Token ${label}`,
      partner.name,
    ],
  };
}

/**
 * Per partner (`A:…`, `B:…`), a checksum of its rows in every table with a partnerId column, of its
 * users' rows in every table with a userId column (sessions, password resets), and of the partner.
 * Columns that record use, not change, are left out.
 */
async function snapshot(): Promise<Record<string, string>> {
  const tables = await testDb().$queryRaw<{ table: string; column: string }[]>`
    SELECT table_name::text AS "table", column_name::text AS "column" FROM information_schema.columns
    WHERE table_schema = 'public' AND column_name IN ('partnerId', 'userId') ORDER BY 1, 2`;
  const partnerOf: Record<string, string> = {
    id: 'x.id',
    partnerId: 'x."partnerId"',
    userId: '(SELECT u."partnerId" FROM "User" u WHERE u.id = x."userId")',
  };
  const out: Record<string, string> = {};
  for (const { table, column } of [{ table: 'Partner', column: 'id' }, ...tables]) {
    const rows = await testDb().$queryRawUnsafe<{ partner: string; sum: string }[]>(
      `SELECT p::text AS partner, md5(string_agg(r, '|' ORDER BY r)) AS sum
       FROM (SELECT ${partnerOf[column]} AS p, (to_jsonb(x) - 'lastUsedAt' - 'lastSignInAt' - 'lastSeenAt')::text AS r FROM "${table}" x) AS rows
       WHERE p = ANY($1::uuid[]) GROUP BY p`,
      [a.partnerId, b.partnerId],
    );
    for (const row of rows) out[`${row.partner === a.partnerId ? 'A' : 'B'}:${table}.${column}`] = row.sum;
  }
  return out;
}

/** The tables (`A:Table.column`, `B:…`) whose rows differ between two snapshots. */
const changedTables = (before: Record<string, string>, after: Record<string, string>) =>
  [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((table) => before[table] !== after[table]);

beforeAll(async () => {
  // A webhook endpoint created by the matrix points at this machine.
  process.env.WEBHOOKS_ALLOW_PRIVATE = 'true';
  a = await createNoticePartner();
  b = await createNoticePartner();
  const madeA = await objectsOf(a, `A-${a.suffix}`);
  const madeB = await objectsOf(b, `B-${b.suffix}`);
  objects.own = madeA.objects;
  objects.foreign = madeB.objects;
  objects.missing = Object.fromEntries(ACTION_OBJECTS.map((kind) => [kind, crypto.randomUUID()])) as Objects;
  names.a = madeA.names;
  names.b = madeB.names;
  const user = (role: Role, active: boolean, partnerId: string | null) =>
    testDb().user.create({
      data: {
        email: `matrix-${role.toLowerCase()}-${crypto.randomUUID().slice(0, 8)}@matrix.example`,
        displayName: 'Matrix',
        role,
        partnerId,
        active,
      },
      select: { id: true },
    });
  const portalAdmin = await user('PORTAL_ADMIN', true, null);
  const deactivated = await user('PARTNER_ADMIN', false, a.partnerId);
  users.portalAdmin = portalAdmin.id;
  users.deactivated = deactivated.id;
  // Not exempt, and two-step sign-in not set up: an admin's session is held at the enrolment.
  users.enrolling = (await user('PARTNER_ADMIN', true, a.partnerId)).id;
  // Exempt from two-step sign-in like the demo users: this matrix is about who may do what; a
  // session held at its enrolment is tests/data/two-step.test.ts's and e2e/two-step.spec.ts's.
  await testDb().user.updateMany({
    where: { id: { in: [portalAdmin.id, deactivated.id, a.admin.userId, a.agent.userId, a.viewer.userId] } },
    data: { twoStepExempt: true },
  });
  await openSessions();
});

/** A signed-in session of each principal (the deactivated user's opened while it was active). */
async function openSessions(): Promise<void> {
  const signedIn = async (uid: string) => {
    const row = await testDb().userSession.create({
      data: { userId: uid, method: 'PASSWORD', address: 'test', expiresAt: new Date(Date.now() + 86_400_000) },
      select: { id: true },
    });
    return { uid, sv: 0, sid: row.id };
  };
  Object.assign(sessions, {
    portalAdmin: await signedIn(users.portalAdmin),
    partnerAdmin: await signedIn(a.admin.userId),
    agent: await signedIn(a.agent.userId),
    viewer: await signedIn(a.viewer.userId),
    signedOut: null,
    deactivated: await signedIn(users.deactivated),
    enrolling: await signedIn(users.enrolling),
  });
}

afterAll(async () => {
  delete process.env.WEBHOOKS_ALLOW_PRIVATE;
  await a?.cleanup();
  await b?.cleanup();
});

/** The exported functions of every 'use server' module in lib/server/actions, as `file#name`. */
async function serverActions(): Promise<string[]> {
  const dir = 'lib/server/actions';
  const out: string[] = [];
  for (const name of readdirSync(dir)
    .filter((file) => file.endsWith('.ts'))
    .sort()) {
    const file = path.posix.join(dir, name);
    if (!/^\s*['"]use server['"]/.test(readFileSync(file, 'utf8'))) continue;
    const exports = (await import(/* @vite-ignore */ path.resolve(file))) as Record<string, unknown>;
    for (const [exported, value] of Object.entries(exports)) if (typeof value === 'function') out.push(`${file}#${exported}`);
  }
  return out;
}

const probesOf = (entry: ActionProbe | readonly ActionProbe[]): readonly ActionProbe[] =>
  Array.isArray(entry) ? entry : [entry as ActionProbe];

describe('the authorization matrix of the server actions', () => {
  it('has an entry for every export of every server action module, and none for one that is gone', async () => {
    const actions = await serverActions();
    expect(actions.length).toBeGreaterThan(25);
    expect(
      actions.filter((action) => !(action in ACTIONS)),
      'actions without an entry in tests/support/authorization-actions.ts',
    ).toEqual([]);
    expect(
      Object.keys(ACTIONS).filter((action) => !actions.includes(action)),
      'entries of actions that are gone',
    ).toEqual([]);
  });

  it('every principal × every action × own / foreign / missing object', async () => {
    const started = Date.now();
    const failures: string[] = [];
    let checks = 0;
    const check = (ok: boolean, what: () => string) => {
      checks += 1;
      if (!ok) failures.push(what());
    };
    const mayUse = (probe: ActionProbe, principal: Principal) => {
      const role = SESSION_ROLES[principal];
      if (probe.access === 'public') return true;
      if (principal === 'enrolling') return probe.duringEnrolment === true;
      const any: readonly Permission[] = typeof probe.access === 'string' ? [probe.access] : probe.access;
      return role !== null && any.some((permission) => can(role, permission));
    };
    // A public action's object is a link: it works (own) or it does not (another partner's, none), for everyone alike.
    const allowed = (probe: ActionProbe, principal: Principal, variant: Variant | null) =>
      probe.access === 'public' ? variant === null || variant === 'own' : succeeds(mayUse(probe, principal), principal, variant);
    const text = (outcome: Outcome) => JSON.stringify(outcome);

    // The snapshot sees a change: one row more of partner A changes it.
    const quiet = await snapshot();
    await testDb().auditEvent.create({
      data: { actorLabel: 'matrix', partnerId: a.partnerId, action: 'matrix.check', targetType: 'Test' },
    });
    check(JSON.stringify(await snapshot()) !== JSON.stringify(quiet), () => 'the snapshot does not see a new row of partner A');

    let calls = 0;
    for (const [action, entry] of Object.entries(ACTIONS)) {
      for (const probe of probesOf(entry)) {
        const variants: (Variant | null)[] = probe.objects.length > 0 ? ['own', 'foreign', 'missing'] : [null];
        const cases = PRINCIPALS.flatMap((principal) =>
          variants.map((variant) => ({ principal, variant, allowed: allowed(probe, principal, variant) })),
        );
        const label = (principal: Principal, variant: Variant | null) =>
          `${action} [${probe.objects.join(', ')}] as ${principal}${variant ? ` on ${variant}` : ''}`;
        const outcomes = new Map<string, Outcome>();
        const run = async ({ principal, variant, allowed: may }: (typeof cases)[number]) => {
          session.claims = sessions[principal];
          const outcome = await outcomeOf(() => probe.call(objects[variant ?? 'own']));
          calls += 1;
          outcomes.set(`${principal}/${variant}`, outcome);
          if (probe.read && may) {
            const shown = NAMES.get(objects.own.customer)!;
            check(
              !isRefusal(outcome, probe.refusals) && text(outcome).includes(shown),
              () => `${label(principal, variant)}: should find ${shown}, got ${text(outcome)}`,
            );
          } else if (probe.read && mayUse(probe, principal)) {
            check(
              !text(outcome).includes(NAMES.get(objects.foreign.customer)!),
              () => `${label(principal, variant)}: found another partner's customer`,
            );
          } else {
            check(
              isRefusal(outcome, probe.refusals) !== may,
              () => `${label(principal, variant)}: ${may ? 'refused' : 'allowed'}: ${text(outcome)}`,
            );
          }
          if (principal !== 'portalAdmin') {
            check(
              !names.b.some((name) => text(outcome).includes(name)),
              () => `${label(principal, variant)}: names partner B's data: ${text(outcome)}`,
            );
          }
        };

        // Refused calls first, between two snapshots of both partners' rows: none may change one.
        // Then the allowed calls of partner A's principals: none may change a row of partner B.
        const before = await snapshot();
        for (const c of cases.filter((c) => !c.allowed)) await run(c);
        const after = await snapshot();
        const changed = changedTables(before, after);
        check(changed.length === 0, () => `${action}: refused calls changed ${changed.join(', ')}`);
        for (const c of cases.filter((c) => c.allowed && c.principal !== 'portalAdmin')) await run(c);
        const changedOfB = changedTables(after, await snapshot()).filter((table) => table.startsWith('B:'));
        check(changedOfB.length === 0, () => `${action}: partner A's calls changed ${changedOfB.join(', ')}`);
        for (const c of cases.filter((c) => c.allowed && c.principal === 'portalAdmin')) await run(c);
        if (probe.endsSessions) await openSessions();

        // A public action answers the same whoever asks (the address of a new invitation's user aside).
        if (probe.access === 'public') {
          for (const variant of variants) {
            const answers = new Set(
              PRINCIPALS.map((principal) => text(outcomes.get(`${principal}/${variant}`)!).replace(/matrix-linked-\w+@/g, '{address}@')),
            );
            check(
              answers.size === 1,
              () =>
                `${action}${variant ? ` on ${variant}` : ''}: a public action answers differently by who asks: ${[...answers].join(' ≠ ')}`,
            );
          }
        }

        // Another partner's object answers exactly like one that does not exist (the ids aside).
        if (probe.objects.length > 0) {
          for (const principal of PRINCIPALS) {
            // The portal admin may act on every partner where a permission lets it in (a link is no partner's).
            if (principal === 'portalAdmin' && probe.access !== 'public' && mayUse(probe, principal)) continue;
            const strip = (outcome: Outcome, variant: Variant) =>
              Object.values(objects[variant]).reduce((out, id) => out.replaceAll(id, '{id}'), text(outcome));
            const foreign = strip(outcomes.get(`${principal}/foreign`)!, 'foreign');
            const missing = strip(outcomes.get(`${principal}/missing`)!, 'missing');
            check(
              foreign === missing,
              () => `${label(principal, null)}: another partner's object answers ${foreign}, a missing one ${missing}`,
            );
          }
        }
      }
    }

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `authorization matrix (server actions): ${checks} checks, ${calls} calls of ${Object.values(ACTIONS).flatMap(probesOf).length} probes of ${Object.keys(ACTIONS).length} actions × ${PRINCIPALS.length} principals in ${seconds} s`,
    );
    expect(failures).toEqual([]);
    expect(checks).toBeGreaterThanOrEqual(1800);
  });
});
