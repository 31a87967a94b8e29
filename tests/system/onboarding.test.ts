// From an empty portal to its first page of work: a portal started without demo data, its first
// admin made by `npm run create-admin` (the password policy applies to it), who signs in over
// next-auth's own endpoints, is held at setting up two-step sign-in (the rule of every admin made
// in the product), then signs in with the password and a code and reaches the partners page, empty
// and ready to add one. What follows in the browser (add a partner, invite its admin, accept) is
// e2e/accounts.spec.ts; setting two-step sign-in up in the browser, e2e/two-step.spec.ts.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { encryptSecret } from '../../lib/server/crypto';
import { readConfig } from '../../lib/runtime/config';
import { openDatabase, resolveEncryptionKey } from '../../lib/runtime/database';
import { newTotpKey, totpCodeAt } from '../../lib/runtime/totp';
import { freePort, runScript, startPortal, stopPortal, tempDataDir, waitForHealth } from './portal';

/** The cookies a response sets, as one Cookie header (name=value; …), added to those given. */
function withCookies(cookie: string, response: Response): string {
  const jar = new Map(cookie ? cookie.split('; ').map((pair) => [pair.split('=')[0]!, pair] as const) : []);
  for (const line of response.headers.getSetCookie()) {
    const pair = line.split(';')[0]!;
    jar.set(pair.split('=')[0]!, pair);
  }
  return [...jar.values()].join('; ');
}

describe('an empty portal', () => {
  it('create-admin refuses a weak password, makes the first admin, who signs in and reaches the empty partners page', async () => {
    const dataDir = tempDataDir();
    const port = await freePort();
    const base = `http://localhost:${port}`;
    const portal = startPortal({ PORT: String(port), DATA_DIR: dataDir, SEED_DEMO: 'false', NEXTAUTH_URL: base });
    try {
      await waitForHealth(portal);
      const args = ['--email', 'Founder@Example.com', '--name', 'Fran Founder'];
      const common = await runScript({ DATA_DIR: dataDir, PORTAL_ADMIN_PASSWORD: 'password1234' }, 'scripts/create-admin.ts', args);
      expect(common.code).toBe(2);
      expect(common.output).toContain('PORTAL_ADMIN_PASSWORD is one of the most common passwords');
      const named = await runScript({ DATA_DIR: dataDir, PORTAL_ADMIN_PASSWORD: 'founder-forever-2026' }, 'scripts/create-admin.ts', args);
      expect(named.code).toBe(2);
      expect(named.output).toContain('must not be the email address');

      const created = await runScript({ DATA_DIR: dataDir }, 'scripts/create-admin.ts', args);
      expect(created.code).toBe(0);
      const password = /Password \(shown once, change it after signing in\): (\S+)/.exec(created.output)?.[1];
      expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);

      // Signing in as a browser does: next-auth's CSRF token, then the credentials callback.
      const post = async (step: 'credentials' | 'two-step', cookie: string, fields: Record<string, string>) => {
        const csrf = await fetch(`${base}/api/auth/csrf`, { headers: { cookie } });
        cookie = withCookies(cookie, csrf);
        const { csrfToken } = (await csrf.json()) as { csrfToken: string };
        const response = await fetch(`${base}/api/auth/callback/${step}`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
          body: new URLSearchParams({ csrfToken, ...fields, json: 'true' }),
        });
        return { cookie: withCookies(cookie, response), url: ((await response.json()) as { url: string }).url };
      };
      const first = await post('credentials', '', { email: 'founder@example.com', password: password! });
      expect(first.cookie).toContain('next-auth.session-token=');
      // Signed in, but held at setting up two-step sign-in: every page leads there.
      const held = await fetch(`${base}/admin/partners`, { headers: { cookie: first.cookie }, redirect: 'manual' });
      expect(held.status).toBe(307);
      expect(held.headers.get('location')).toContain('/settings/security');
      const security = await fetch(`${base}/settings/security`, { headers: { cookie: first.cookie } });
      expect(await security.text()).toContain('Set up two-step sign-in');

      // Set up (here in the database, as /settings/security stores it), the password alone no
      // longer opens a session: the second step does, with the authenticator's code.
      const config = readConfig({ DATA_DIR: dataDir });
      process.env.DATA_ENCRYPTION_KEY = await resolveEncryptionKey(config);
      const key = newTotpKey();
      const db = await openDatabase(config);
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      await client.query(
        `INSERT INTO "UserTwoStep" ("userId", secret, "enabledAt", "updatedAt") SELECT id, $1, now(), now() FROM "User" WHERE email = 'founder@example.com'`,
        [encryptSecret(key, 'two-step')],
      );
      await client.end();
      await db.stop();
      const afterPassword = await post('credentials', '', { email: 'founder@example.com', password: password! });
      expect(new URL(afterPassword.url).searchParams.get('error')).toBe('SECOND_STEP');
      expect(afterPassword.cookie).not.toContain('next-auth.session-token=');
      expect(afterPassword.cookie).toContain('portal-second-step=');
      const second = await post('two-step', afterPassword.cookie, { code: totpCodeAt(key, new Date()) });
      expect(second.cookie).toContain('next-auth.session-token=');
      const cookie = second.cookie;

      const partners = await fetch(`${base}/admin/partners`, { headers: { cookie }, redirect: 'manual' });
      expect(partners.status).toBe(200);
      const html = await partners.text();
      expect(html).toContain('No partners yet.');
      expect(html).toContain('Add a partner');
      // Signed out, the same page sends to sign in.
      expect((await fetch(`${base}/admin/partners`, { redirect: 'manual' })).status).toBe(307);
    } finally {
      await stopPortal(portal);
    }
  });
});
