import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import type { OAuthConfig } from 'next-auth/providers/oauth';
import { z } from 'zod';
import { verifySignIn, type SignedInUser } from './data/sign-in';
import { verifySecondStep } from './data/second-step';
import { signInWithIdentity } from './data/sso';
import { endSession, openSession, type SessionMethod } from './data/sessions';
import { isUuid } from '../domain/ids';
import { PROVIDER_IDS, entraWellKnownUrl, identityFromClaims, providerOfId } from '../domain/sso';
import { readConfig } from '../runtime/config';
import { clientAddressOf, requestAddress } from './request';
import { nextAuthLogger } from './auth-logger';
import { clearSecondStepCookie, readSecondStepCookie, setSecondStepCookie } from './second-step-cookie';

const credentialsSchema = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
});

const codeSchema = z.object({ code: z.string().trim().min(1).max(64) });

/** The client address of a request as next-auth hands it to `authorize`. */
function addressOf(request: { headers?: unknown } | undefined): string {
  const headers = (request?.headers ?? {}) as Record<string, string | string[] | undefined>;
  return clientAddressOf((name) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  });
}

/** What `authorize` and the sign-in callback hand on to the jwt callback, which opens the session. */
function sessionUser(user: SignedInUser, address: string, method: SessionMethod) {
  return { ...user, address, method };
}

/** The sign-in page with a refusal's code: next-auth redirects there from its callbacks. */
function signInPageWith(error: string): string {
  return new URL(`/signin?error=${encodeURIComponent(error)}`, readConfig().nextAuthUrl).toString();
}

/**
 * The OpenID Connect providers configured (docs/decisions/0024-sign-in-with-microsoft.md): next-auth
 * discovers each one's endpoints and keys from its OpenID configuration, and on the way back checks
 * the state, the PKCE verifier and the nonce it kept in cookies, and the ID token's signature,
 * issuer, audience and expiry (openid-client). Whether the user may sign in is the signIn callback's.
 */
function identityProviders(): OAuthConfig<Record<string, unknown>>[] {
  const { microsoft, oidc } = readConfig().signIn;
  const common = {
    type: 'oauth',
    idToken: true,
    checks: ['pkce', 'state', 'nonce'],
    authorization: { params: { scope: 'openid email profile' } },
    // The claims are read again in the signIn callback; next-auth needs an id here.
    profile: (claims: Record<string, unknown>) => ({ id: String(claims.sub), email: null, name: null }),
  } satisfies Partial<OAuthConfig<Record<string, unknown>>>;
  return [
    ...(microsoft
      ? [
          {
            ...common,
            id: PROVIDER_IDS.MICROSOFT,
            name: 'Microsoft',
            wellKnown: entraWellKnownUrl(microsoft.cloud, microsoft.tenantId),
            clientId: microsoft.clientId,
            clientSecret: microsoft.clientSecret,
          },
        ]
      : []),
    ...(oidc
      ? [
          {
            ...common,
            id: PROVIDER_IDS.OIDC,
            name: oidc.name,
            wellKnown: `${oidc.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
            clientId: oidc.clientId,
            clientSecret: oidc.clientSecret,
          },
        ]
      : []),
  ];
}

/** The sign-in buttons of the identity providers configured: next-auth's provider id and the label's name. */
export function identityProviderButtons(): { id: string; name: string }[] {
  return identityProviders().map((provider) => ({ id: provider.id, name: provider.name }));
}

// Sessions are signed JWT cookies (next-auth's only strategy for credentials) carrying the id of a
// UserSession row; every request re-reads the user and that row through the guard, so a signed-out,
// idle or expired session, a deactivated user or a changed password ends at once. See
// docs/decisions/0004-sessions.md. A password alone opens no session for a user with two-step
// sign-in: its step answers SECOND_STEP with a challenge in a cookie, and the `two-step` provider
// opens the session for that challenge and a code (docs/decisions/0023-two-step-sign-in.md).
export const authOptions: NextAuthOptions = {
  secret: process.env.NEXTAUTH_SECRET,
  // The cookie lasts as long as a session may (SESSION_MAX_DAYS); the idle limit is the guard's.
  session: { strategy: 'jwt', maxAge: Math.floor(readConfig().sessionMaxMs / 1000) },
  // A sign-out without a valid CSRF token lands on /signout, which asks again with a valid one.
  pages: { signIn: '/signin', signOut: '/signout', error: '/signin' },
  logger: nextAuthLogger,
  providers: [
    CredentialsProvider({
      id: 'credentials',
      name: 'Email and password',
      credentials: { email: { type: 'email' }, password: { type: 'password' } },
      async authorize(credentials, request) {
        const parsed = credentialsSchema.safeParse(credentials ?? {});
        const address = addressOf(request);
        // A malformed attempt (no password, one too long…) is still an attempt: checked with an
        // empty password, it fails, counts toward the limits and is audited like any other.
        const result = parsed.success
          ? await verifySignIn(parsed.data.email, parsed.data.password, address)
          : await verifySignIn(typeof credentials?.email === 'string' ? credentials.email : '', '', address);
        if (!result.ok && result.code === 'SECOND_STEP') await setSecondStepCookie(result.challenge);
        // next-auth hands the message to the sign-in page as an error code.
        if (!result.ok) throw new Error(result.code);
        return sessionUser(result.user, address, 'PASSWORD');
      },
    }),
    CredentialsProvider({
      id: 'two-step',
      name: 'Two-step sign-in code',
      credentials: { code: { type: 'text' } },
      async authorize(credentials, request) {
        const parsed = codeSchema.safeParse(credentials ?? {});
        const address = addressOf(request);
        // A malformed code (none, too long) is checked as an empty one: refused, counted and audited.
        const result = await verifySecondStep((await readSecondStepCookie()) ?? '', parsed.success ? parsed.data.code : '', address);
        // A wrong code may be typed again; anything else ends this sign-in.
        if (!result.ok && result.code !== 'CODE_INVALID' && result.code !== 'CODE_USED') await clearSecondStepCookie();
        if (!result.ok) throw new Error(result.code);
        await clearSecondStepCookie();
        return sessionUser(result.user, address, 'PASSWORD_AND_CODE');
      },
    }),
    ...identityProviders(),
  ],
  callbacks: {
    async signIn({ user, account, profile }) {
      if (account?.type !== 'oauth') return true;
      // An identity provider vouched for someone: a portal user it may sign in, or a refusal on /signin.
      const provider = providerOfId(account.provider);
      const identity = provider && profile ? identityFromClaims(provider, profile as Record<string, unknown>) : null;
      if (!provider || !identity) return signInPageWith('SSO_FAILED');
      const address = await requestAddress();
      const result = await signInWithIdentity(identity, address);
      if (!result.ok) return signInPageWith(`SSO_${result.code}`);
      // next-auth hands this same object to the jwt callback, which opens the session.
      Object.assign(user, sessionUser(result.user, address, provider));
      return true;
    },
    async jwt({ token, user }) {
      if (user) {
        // Signed in just now: a session of its own (a row the guard checks on every request).
        const u = user as { id: string; sessionVersion?: number; locale?: string; address?: string; method?: SessionMethod };
        token.uid = u.id;
        token.sv = u.sessionVersion ?? 0;
        token.locale = u.locale;
        token.sid = await openSession({ userId: u.id, method: u.method ?? 'PASSWORD', address: u.address ?? 'unknown' });
      }
      return token;
    },
    async session({ session, token }) {
      return { ...session, uid: token.uid, sv: token.sv, locale: token.locale };
    },
  },
  events: {
    async signOut({ token }) {
      if (typeof token?.sid === 'string' && isUuid(token.sid)) await endSession(token.sid, 'SIGNED_OUT');
    },
  },
};
