import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { can, homePath, type Role } from '../lib/domain/permissions';
import { sql } from './support/db';
import { API_PROBES, OBJECT_KINDS, ROUTES, type Guard, type ObjectKind, type Probe } from './authorization/routes';
import { ENROLMENT_PATH, succeeds, type Variant } from '../tests/support/principals';
import { createWorld, credentialsOf, objectsOf, PRINCIPALS, ROLE_OF, snapshot, type Principal, type World } from './authorization/world';

// The authorization matrix (issue 10): every principal (portal admin, partner admin, agent, viewer,
// signed out, a deactivated user's old session, API tokens with every scope, none, every scope but
// the one needed, a revoked one, an expired one) × every page and route handler method and every
// REST API operation × its own object, another partner's, none. It checks each answer (status,
// where a redirect goes), that another partner's object answers exactly like a missing one, that
// no answer to partner A's principals shows partner B's data, and that no refused request changed a
// row, nor an allowed request of partner A's principals a row of partner B. The routes come from
// the app/ folder, the API's operations from the description the portal serves (generated from
// API_OPERATIONS, which tests/data/api-platform.test.ts holds it to): one without an entry in
// e2e/authorization/routes.ts fails. Server actions: tests/data/authorization-matrix.test.ts.

const HTTP_METHODS = /export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b|\bas\s+(GET|POST|PUT|PATCH|DELETE)\b/g;

function routeFiles(dir = 'app'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === 'page.tsx' || entry.name === 'route.ts' ? [full] : [];
  });
}

const listOf = (entry: Probe | readonly Probe[] | undefined): readonly Probe[] =>
  entry === undefined ? [] : Array.isArray(entry) ? entry : [entry as Probe];
const probesOf = (file: string): readonly Probe[] => listOf(ROUTES[file]);

/** A path with its placeholders and parameters made alike, without its query: `/api/v1/customers/{}`. */
const pathShape = (path: string) => path.split('?')[0]!.replace(/\{\w+\}/g, '{}');

type Description = { paths: Record<string, Record<string, { operationId: string; 'x-required-scope'?: string }>> };

test.describe('the authorization matrix', () => {
  test('has an entry for every page and every method of every route handler, and none for a route that is gone', () => {
    const files = routeFiles();
    expect(files.length).toBeGreaterThan(40);
    expect(
      files.filter((file) => !(file in ROUTES)),
      'routes without an entry in e2e/authorization/routes.ts',
    ).toEqual([]);
    expect(
      Object.keys(ROUTES).filter((file) => !files.includes(file)),
      'entries of routes that are gone',
    ).toEqual([]);
    for (const file of files.filter((name) => name.endsWith('route.ts'))) {
      const exported = [...readFileSync(file, 'utf8').matchAll(HTTP_METHODS)].map((match) => match[1] ?? match[2]);
      const probed = new Set<string>(probesOf(file).map((probe) => probe.method));
      expect(
        [...new Set(exported)].filter((method) => !probed.has(method!)),
        `${file}: methods without a probe`,
      ).toEqual([]);
    }
  });

  test('has probes for every operation of the REST API, each its method, path and scope, and none for an operation that is gone', async ({
    request,
  }) => {
    const document = (await (await request.get('/api/v1/openapi.json')).json()) as Description;
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({
        id: operation.operationId,
        method: method.toUpperCase(),
        path: `/api/v1${path}`,
        scope: operation['x-required-scope'] ?? null,
      })),
    );
    expect(operations.length).toBeGreaterThan(20);
    const ids = operations.map((operation) => operation.id);
    // Soft: one run names every operation without probes, every stale probe and every wrong one.
    expect
      .soft(
        ids.filter((id) => !(id in API_PROBES)),
        'operations without a probe in API_PROBES (e2e/authorization/routes.ts)',
      )
      .toEqual([]);
    expect
      .soft(
        Object.keys(API_PROBES).filter((id) => !ids.includes(id)),
        'probes of operations that are gone',
      )
      .toEqual([]);
    for (const operation of operations) {
      for (const probe of listOf(API_PROBES[operation.id])) {
        const scope = probe.guard.kind === 'api' ? probe.guard.scope : probe.guard.kind === 'public' ? null : probe.guard.kind;
        expect
          .soft(
            { method: probe.method, path: pathShape(probe.path), scope },
            `${operation.id}: the probe ${probe.method} ${probe.path} is not a call of the operation`,
          )
          .toEqual({ method: operation.method, path: pathShape(operation.path), scope: operation.scope });
      }
    }
  });

  test('every principal × every route × own / foreign / missing object', async ({ baseURL }) => {
    test.setTimeout(600_000);
    const started = Date.now();
    const world = await createWorld(baseURL!);
    const failures: string[] = [];
    let checks = 0;
    let requests = 0;
    const check = (ok: boolean, what: () => string) => {
      checks += 1;
      if (!ok) failures.push(what());
    };

    // The snapshot sees a change: one row more of partner A changes it.
    const quiet = await snapshot(world);
    await sql(`INSERT INTO "AuditEvent" ("actorLabel", "partnerId", action, "targetType") VALUES ('matrix', $1, 'matrix.check', 'Test')`, [
      world.a.id,
    ]);
    check(JSON.stringify(await snapshot(world)) !== JSON.stringify(quiet), () => 'the snapshot does not see a new row of partner A');

    const probes = [
      ...Object.keys(ROUTES).flatMap((file) => probesOf(file).map((probe) => ({ file, probe }))),
      ...Object.keys(API_PROBES).flatMap((id) => listOf(API_PROBES[id]).map((probe) => ({ file: `operation ${id}`, probe }))),
    ];
    const routeProbes = probes.filter(({ file }) => file.startsWith('app/')).length;
    for (const { file, probe } of probes) {
      const kinds = placeholders(probe);
      const variants: (Variant | null)[] = kinds.length > 0 ? ['own', 'foreign', 'missing'] : [null];
      const cases = PRINCIPALS.flatMap((principal) =>
        variants.map((variant) => ({ principal, variant, allowed: isAllowed(probe, principal, variant) })),
      );
      const label = (principal: Principal, variant: Variant | null) =>
        `${probe.method} ${probe.path} (${file}) as ${principal}${variant ? ` on ${variant}` : ''}`;

      const run = async ({ principal, variant }: { principal: Principal; variant: Variant | null }) => {
        const objects = objectsOf(world, variant ?? 'own');
        const answer = await send(world, probe, principal, objects);
        requests += 1;
        const want = expectedOf(probe, principal, variant, fill(probe.path, objects));
        check(
          answer.status === want.status && (want.location === undefined || answer.location === want.location),
          () => `${label(principal, variant)}: ${answer.status} ${answer.location ?? ''}, expected ${want.status} ${want.location ?? ''}`,
        );
        if (principal !== 'portalAdmin') {
          check(!answer.body.includes(world.bMarker), () => `${label(principal, variant)}: the answer shows partner B's data`);
        }
        if (probe.showsName && variant === 'own' && want.status === 200) {
          const name = world.a.names[probe.showsName === true ? kinds[kinds.length - 1]! : probe.showsName];
          check(answer.body.includes(name), () => `${label(principal, variant)}: "${name}" is not shown`);
        }
        return { principal, variant, answer, objects };
      };

      // Refused requests first, between two snapshots of both partners' rows: none may change one.
      // Then the allowed requests of partner A's principals: none may change a row of partner B.
      const before = await snapshot(world);
      const refused = await inParallel(
        cases.filter((c) => !c.allowed),
        run,
      );
      const after = await snapshot(world);
      const changed = changedTables(before, after);
      check(changed.length === 0, () => `${probe.method} ${probe.path}: refused requests changed ${changed.join(', ')}`);
      const allowedOfA = await inParallel(
        cases.filter((c) => c.allowed && c.principal !== 'portalAdmin'),
        run,
      );
      const changedOfB = changedTables(after, await snapshot(world)).filter((table) => table.startsWith('B:'));
      check(changedOfB.length === 0, () => `${probe.method} ${probe.path}: partner A's requests changed ${changedOfB.join(', ')}`);
      const allowed = [
        ...allowedOfA,
        ...(await inParallel(
          cases.filter((c) => c.allowed && c.principal === 'portalAdmin'),
          run,
        )),
      ];

      // Another partner's object answers exactly like one that does not exist (the ids aside).
      const answers = [...refused, ...allowed];
      if (kinds.length > 0) {
        for (const principal of PRINCIPALS) {
          const foreign = answers.find((a) => a.principal === principal && a.variant === 'foreign')!;
          const missing = answers.find((a) => a.principal === principal && a.variant === 'missing')!;
          // The portal admin may see every partner where a permission lets it in (a token in a URL is no partner's).
          if (principal === 'portalAdmin' && isGuarded(probe.guard) && isAllowed(probe, principal, 'foreign')) continue;
          const same = sameAnswer(foreign.answer, foreign.objects, missing.answer, missing.objects);
          check(same === null, () => `${label(principal, null)}: another partner's object answers unlike a missing one: ${same}`);
        }
      }
    }

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `authorization matrix (pages, route handlers, REST API): ${checks} checks, ${requests} requests over ${routeProbes} route probes and ${probes.length - routeProbes} API operation probes × ${PRINCIPALS.length} principals in ${seconds} s`,
    );
    expect(failures).toEqual([]);
    expect(checks).toBeGreaterThanOrEqual(3000);
  });
});

// ---------------------------------------------------------------------------------------------
// Expectations

const placeholders = (probe: Probe): ObjectKind[] => {
  const text = probe.path + (probe.body ? JSON.stringify(probe.body) : '');
  return OBJECT_KINDS.filter((kind) => text.includes(`{${kind}}`)).sort((a, b) => text.lastIndexOf(`{${a}}`) - text.lastIndexOf(`{${b}}`));
};

function fill(text: string, objects: Record<ObjectKind, string>): string {
  return text.replace(/\{(\w+)\}/g, (match, kind: string) => (kind in objects ? objects[kind as ObjectKind] : match));
}

const roleOf = (principal: Principal): Role | null => ROLE_OF[principal];
const hasSessionCookie = (principal: Principal) => roleOf(principal) !== null || principal === 'deactivated' || principal === 'enrolling';

/** The principal may use the route at all (whatever the object). */
function mayUse(probe: Probe, principal: Principal): boolean {
  const { guard } = probe;
  const role = roleOf(principal);
  // A session held at its two-step enrolment: the enrolment's page, and what needs no session.
  if (principal === 'enrolling' && probe.duringEnrolment) return true;
  switch (guard.kind) {
    case 'api':
      return principal === 'token';
    case 'urlToken':
      return true;
    case 'permission':
    case 'hidden':
      return role !== null && guard.any.some((permission) => can(role, permission));
    default:
      return true;
  }
}

/** The principal may use the route on this object (on any, where the probe says another partner's is matched to nothing). */
const isAllowed = (probe: Probe, principal: Principal, variant: Variant | null) =>
  probe.acceptsAny ? mayUse(probe, principal) : succeeds(mayUse(probe, principal), principal, variant);

/** The tables (`A:Table.column`, `B:…`) whose rows differ between two snapshots. */
const changedTables = (before: Record<string, string>, after: Record<string, string>) =>
  [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((table) => before[table] !== after[table]);
/** A guard that lets a role in by its permissions (the portal admin's reach every partner). */
const isGuarded = (guard: Guard) => guard.kind === 'permission' || guard.kind === 'hidden';

type Expected = { status: number; location?: string };

function expectedOf(probe: Probe, principal: Principal, variant: Variant | null, path: string): Expected {
  const role = roleOf(principal);
  const { guard } = probe;
  const success = (): Expected => (isAllowed(probe, principal, variant) ? { status: probe.own ?? 200 } : { status: probe.other ?? 404 });
  if (principal === 'enrolling') {
    // Signed in, but every page (and download) but the enrolment's sends it there; the sign-out page is its own.
    if (probe.duringEnrolment) return success();
    if (guard.kind === 'home' || guard.kind === 'signInPage' || guard.kind === 'permission')
      return { status: 307, location: ENROLMENT_PATH };
    if (guard.kind === 'signOutPage') return { status: 200 };
  }
  switch (guard.kind) {
    case 'public':
      return { status: probe.own ?? 200 };
    case 'urlToken':
      return { status: variant === 'own' ? (probe.own ?? 200) : (probe.other ?? 200) };
    case 'home':
      return { status: 307, location: role ? homePath(role) : '/signin' };
    case 'signInPage':
      return role ? { status: 307, location: homePath(role) } : { status: 200 };
    case 'signOutPage':
      return role ? { status: 200 } : { status: 307, location: '/signin' };
    case 'api':
      // A token without the scope is refused (403); sessions, a revoked or an expired token are no credentials (401).
      if (principal === 'tokenWithoutScope' || principal === 'tokenOtherScopes') return { status: 403 };
      return principal === 'token' ? success() : { status: 401 };
    case 'hidden':
      // Without any session cookie the proxy sends a page request to the sign-in page first.
      if (guard.proxied && !hasSessionCookie(principal))
        return { status: 307, location: `/signin?callbackUrl=${encodeURIComponent(path)}` };
      return mayUse(probe, principal) ? success() : { status: 404 };
    case 'permission': {
      if (!role) {
        const ended = principal === 'deactivated' ? '&error=SESSION_ENDED' : '';
        return { status: 307, location: `/signin?callbackUrl=${encodeURIComponent(path)}${ended}` };
      }
      if (mayUse(probe, principal)) return success();
      if (role === 'PORTAL_ADMIN' || guard.any.every((permission) => permission.startsWith('admin:'))) {
        return { status: 307, location: homePath(role) };
      }
      return { status: 404 };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Requests

type Answer = { status: number; location: string | undefined; body: string };

async function send(world: World, probe: Probe, principal: Principal, objects: Record<ObjectKind, string>): Promise<Answer> {
  const headers: Record<string, string> = { ...credentialsOf(world, principal, probe), ...probe.headers };
  let body: BodyInit | undefined;
  if (probe.body?.kind === 'json') {
    headers['Content-Type'] = 'application/json';
    body = fill(JSON.stringify(probe.body.value), objects);
  } else if (probe.body?.kind === 'form') {
    const form = new FormData();
    for (const [name, value] of Object.entries(probe.body.fields)) {
      if (typeof value === 'string') form.set(name, fill(value, objects));
      else form.set(name, new Blob([fill(value.text, objects)], { type: 'text/csv' }), value.file);
    }
    headers.Origin = world.baseURL;
    body = form;
  }
  const response = await fetch(`${world.baseURL}${fill(probe.path, objects)}`, { method: probe.method, headers, body, redirect: 'manual' });
  const location = response.headers.get('location');
  const target = location ? new URL(location, world.baseURL) : null;
  return { status: response.status, location: target ? target.pathname + target.search : undefined, body: await response.text() };
}

/** Up to 8 requests at a time. */
async function inParallel<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, items.length) }, worker));
  return results;
}

/**
 * An answer as a person or a program reads it, for comparing two: its ids replaced, the per-request
 * CSP nonce dropped, and a page's scripts left out (React streams the same payload in chunks whose
 * order varies from one request to the next; the HTML they hydrate is compared).
 */
function normalised(answer: Answer, objects: Record<ObjectKind, string>): Answer {
  const strip = (text: string) =>
    Object.values(objects)
      .reduce((out, id) => out.replaceAll(id, '{id}').replaceAll(encodeURIComponent(id), '{id}'), text)
      .replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '')
      .replace(/ nonce="[^"]*"/g, '');
  return { status: answer.status, location: answer.location && strip(answer.location), body: strip(answer.body) };
}

/** null when the two answers are the same once their ids are set aside, else what differs. */
function sameAnswer(a: Answer, aObjects: Record<ObjectKind, string>, b: Answer, bObjects: Record<ObjectKind, string>): string | null {
  const x = normalised(a, aObjects);
  const y = normalised(b, bObjects);
  if (x.status !== y.status) return `status ${x.status} ≠ ${y.status}`;
  if (x.location !== y.location) return `location ${x.location} ≠ ${y.location}`;
  if (x.body === y.body) return null;
  const at = [...x.body].findIndex((char, index) => char !== y.body[index]);
  return `bodies differ at ${at}: …${x.body.slice(Math.max(0, at - 60), at + 60)}… ≠ …${y.body.slice(Math.max(0, at - 60), at + 60)}…`;
}
