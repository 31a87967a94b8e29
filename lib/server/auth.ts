import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { CLIENT_ADDRESS_HEADER } from '../domain/address';
import { verifySignIn } from './data/sign-in';
import { nextAuthLogger } from './auth-logger';

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
  pages: { signIn: '/signin', error: '/signin' },
  logger: nextAuthLogger,
  providers: [
    CredentialsProvider({
      id: 'credentials',
      name: 'Email and password',
      credentials: { email: { type: 'email' }, password: { type: 'password' } },
      async authorize(credentials, request) {
        const parsed = credentialsSchema.safeParse(credentials ?? {});
        if (!parsed.success) throw new Error('INVALID_CREDENTIALS');
        const headers = (request?.headers ?? {}) as Record<string, string | string[] | undefined>;
        const raw = headers[CLIENT_ADDRESS_HEADER];
        const address = (Array.isArray(raw) ? raw[0] : raw) ?? 'unknown';
        const result = await verifySignIn(parsed.data.email, parsed.data.password, address);
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
