// A real OpenID Connect provider for the end-to-end suite (the `oidc-provider` package, certified
// by the OpenID Foundation), on this machine: `npx tsx e2e/support/oidc-provider.ts`. One client,
// the portal's; accounts kept in memory, put in by the tests (PUT /test/accounts/:sub with
// { email, email_verified, name }); its development sign-in page accepts any login as the account's
// subject. Claims go into the ID token, as Microsoft Entra ID puts them there.
import http from 'node:http';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import { E2E_PORT, OIDC_CLIENT, OIDC_ISSUER, OIDC_PORT, type OidcAccount } from './oidc';

const accounts = new Map<string, OidcAccount>();

const provider = new Provider(OIDC_ISSUER, {
  clients: [
    {
      client_id: OIDC_CLIENT.id,
      client_secret: OIDC_CLIENT.secret,
      redirect_uris: [`http://localhost:${E2E_PORT}/api/auth/callback/oidc`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  async findAccount(_ctx: KoaContextWithOIDC, sub: string) {
    const account = accounts.get(sub);
    return account ? { accountId: sub, claims: () => ({ sub, ...account }) } : undefined;
  },
  // The portal is this provider's own application: no consent screen.
  async loadExistingGrant(ctx: KoaContextWithOIDC) {
    const { client, session } = ctx.oidc;
    if (!client || !session?.accountId) return undefined;
    const existing = session.grantIdFor(client.clientId);
    if (existing) return ctx.oidc.provider.Grant.find(existing);
    const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});

const handle = provider.callback();
const server = http.createServer((request, response) => {
  const match = /^\/test\/accounts\/([^/?]+)$/.exec(request.url ?? '');
  if (!match || request.method !== 'PUT') return void handle(request, response);
  let body = '';
  request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
  request.on('end', () => {
    try {
      const account = JSON.parse(body) as OidcAccount;
      accounts.set(decodeURIComponent(match[1]!), { email: account.email, email_verified: account.email_verified, name: account.name });
      response.writeHead(204).end();
    } catch {
      response.writeHead(400).end();
    }
  });
});
server.listen(OIDC_PORT, () => console.log(`Test OpenID Connect provider at ${OIDC_ISSUER}`));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)));
