import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { verifySignIn } from './data/sign-in';
import { clientAddressOf } from './request';

const credentialsSchema = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
});

// Sessions are signed JWT cookies (next-auth's only strategy for credentials); every request
// re-reads the user through the guard, so a deactivated user or a changed password ends older
// sessions at once. See docs/decisions/0004-sessions.md.
export const authOptions: NextAuthOptions = {
  secret: process.env.NEXTAUTH_SECRET,
  session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
  // A sign-out without a valid CSRF token lands on /signout, which asks again with a valid one.
  pages: { signIn: '/signin', signOut: '/signout', error: '/signin' },
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
        };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        const u = user as { id: string; sessionVersion?: number; locale?: string };
        token.uid = u.id;
        token.sv = u.sessionVersion ?? 0;
        token.locale = u.locale;
      }
      return token;
    },
    async session({ session, token }) {
      return { ...session, uid: token.uid, sv: token.sv, locale: token.locale };
    },
  },
};
