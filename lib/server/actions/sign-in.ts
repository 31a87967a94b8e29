'use server';
import 'server-only';
import { redirect } from 'next/navigation';
import { dropSignInChallenge } from '../data/sign-in-challenges';
import { clearSecondStepCookie, readSecondStepCookie } from '../second-step-cookie';

/**
 * "Start over" on the second step of a sign-in: the challenge and its cookie go, and the sign-in
 * page asks for the email and password again. It takes nobody's input and needs no signed-in user:
 * it can only end the caller's own unfinished sign-in.
 */
export async function startOverSignInAction(): Promise<void> {
  const token = await readSecondStepCookie();
  if (token) await dropSignInChallenge(token);
  await clearSecondStepCookie();
  redirect('/signin');
}
