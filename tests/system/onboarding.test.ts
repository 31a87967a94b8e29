// From an empty portal to its first page of work: a portal started without demo data, its first
// admin made by `npm run create-admin` (the password policy applies to it), who signs in over
// next-auth's own endpoints and reaches the partners page, empty and ready to add one. What
// follows in the browser (add a partner, invite its admin, accept) is e2e/accounts.spec.ts.
import { describe, expect, it } from 'vitest';
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
      let cookie = '';
      const csrf = await fetch(`${base}/api/auth/csrf`);
      cookie = withCookies(cookie, csrf);
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const signIn = await fetch(`${base}/api/auth/callback/credentials`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: new URLSearchParams({ csrfToken, email: 'founder@example.com', password: password!, json: 'true' }),
      });
      cookie = withCookies(cookie, signIn);
      expect(cookie).toContain('next-auth.session-token=');

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
