import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { authOptions } from '@/lib/server/auth';

const handler = NextAuth(authOptions);

type Context = { params: Promise<{ nextauth: string[] }> };

/** next-auth's own test of a callback URL: an absolute http(s) URL, or a path. */
function isCallbackUrl(value: string): boolean {
  try {
    return /^https?:/.test(new URL(value, value.startsWith('/') ? 'http://portal.invalid' : undefined).protocol);
  } catch {
    return false;
  }
}

/**
 * What next-auth answers with a 500 although the client sent it: a callback URL (in the query or
 * its cookie) that is not a URL, and a GET of the credentials callback, which the sign-in form
 * POSTs. Answered here as what they are.
 */
function refusal(request: NextRequest, segments: string[]): Response | null {
  const callbackUrls = [
    ...request.nextUrl.searchParams.getAll('callbackUrl'),
    request.cookies.get('next-auth.callback-url')?.value,
    request.cookies.get('__Secure-next-auth.callback-url')?.value,
  ];
  if (callbackUrls.some((value) => value && !isCallbackUrl(value))) {
    return new Response('Bad request: the callback URL is not a URL.', { status: 400 });
  }
  if (request.method === 'GET' && segments.join('/') === 'callback/credentials') {
    return new Response('Method not allowed', { status: 405, headers: { Allow: 'POST' } });
  }
  return null;
}

async function route(request: NextRequest, context: Context): Promise<Response> {
  return refusal(request, (await context.params).nextauth) ?? handler(request, context);
}

export { route as GET, route as POST };
