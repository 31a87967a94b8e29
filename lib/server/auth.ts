import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { verifySignIn } from './data/sign-in';
import { endSession, openSession, type SessionMethod } from './data/sessions';
import { isUuid } from '../domain/ids';
import { readConfig } from '../runtime/config';
import { clientAddressOf } from './request';
import { nextAuthLogger } from './auth-logger';

const credentialsSchema = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
});

// Sessions are signed JWT cookies (next-auth's only strategy for credentials) carrying the id of a
// UserSession row; every request re-reads the user and that row through the guard, so a signed-out,
// idle or expired session, a deactivated user or a changed password ends at once. See
// docs/decisions/0004-sessions.md.
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
        const headers = (request?.headers ?? {}) as Record<string, string | string[] | undefined>;
        const address = clientAddressOf((name) => {
          const value = headers[name];
          return Array.isArray(value) ? value[0] : value;
        });
        // A malformed attempt (no password, one too long…) is still an attempt: checked with an
        // empty password, it fails, counts toward the limits and is audited like any other.
        const result = parsed.success
          ? await verifySignIn(parsed.data.email, parsed.data.password, address)
          : await verifySignIn(typeof credentials?.email === 'string' ? credentials.email : '', '', address);
        // next-auth hands the message to the sign-in page as an error code.
        if (!result.ok) throw new Error(result.code);
        return {
          id: result.user.id,
          email: result.user.email,
          name: result.user.name,
          sessionVersion: result.user.sessionVersion,
          locale: result.user.locale,
          address,
          method: 'PASSWORD',
        };
      },
    }),
  ],
  callbacks: {
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
