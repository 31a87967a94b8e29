import { describe, expect, it } from 'vitest';
import { signInErrorOf } from '@/components/auth/sign-in-errors';

describe('what the sign-in page says went wrong', () => {
  it("knows the portal's codes and reads next-auth's failed round trips as one", () => {
    expect(signInErrorOf('CODE_USED')).toBe('CODE_USED');
    expect(signInErrorOf('SSO_NO_ACCOUNT')).toBe('SSO_NO_ACCOUNT');
    for (const code of ['OAuthCallback', 'OAuthSignin', 'Callback', 'AccessDenied']) expect(signInErrorOf(code)).toBe('SSO_FAILED');
  });

  it('ignores what it does not know (the second step is no error)', () => {
    for (const code of ['SECOND_STEP', 'constructor', '__proto__', 'whatever', '', undefined])
      expect(signInErrorOf(code), String(code)).toBeUndefined();
  });
});
