import { describe, expect, it } from 'vitest';
import {
  INVITATION_DAYS,
  PASSWORD_RESET_MINUTES,
  invitationExpiry,
  invitationState,
  isOpenInvitation,
  isPartnerNumber,
  isUsableReset,
  leavesNoAdmin,
  passwordProblem,
  passwordResetExpiry,
  type AdminChange,
} from '../../lib/domain/accounts';
import { PARTNER_ROLES } from '../../lib/domain/accounts';
import { ROLES, type Role } from '../../lib/domain/permissions';
import { isCommonPassword, newPasswordProblem } from '../../lib/runtime/password-policy';
import { acceptInvitationSchema, createPartnerSchema, inviteUserSchema, resetPasswordSchema } from '../../lib/schemas/accounts';
import { passwordSchema } from '../../lib/schemas/profile';

const never = () => false;

describe('the password policy', () => {
  it('needs at least 12 characters as people count them, and at most 1,024', () => {
    expect(passwordProblem('a'.repeat(11) + 'Z', 'x@y.example', never)).toBeNull();
    expect(passwordProblem('short-pass1', 'x@y.example', never)).toBe('passwordTooShort');
    expect(passwordProblem('', 'x@y.example', never)).toBe('passwordTooShort');
    // Eleven emoji are 22 UTF-16 units but eleven characters.
    expect(passwordProblem('😀'.repeat(11), 'x@y.example', never)).toBe('passwordTooShort');
    expect(passwordProblem('😀'.repeat(12), 'x@y.example', never)).toBeNull();
    expect(passwordProblem('b'.repeat(1024), 'x@y.example', never)).toBeNull();
    expect(passwordProblem('b'.repeat(1025), 'x@y.example', never)).toBe('passwordTooLong');
  });

  it('refuses the e-mail itself and a password containing its name (three characters or more), in any case or form', () => {
    expect(passwordProblem('alice.wu@contoso.example', 'alice.wu@contoso.example', never)).toBe('passwordIsEmail');
    expect(passwordProblem('ALICE.WU@CONTOSO.EXAMPLE', 'alice.wu@contoso.example', never)).toBe('passwordIsEmail');
    expect(passwordProblem('my-alice.wu-password', 'Alice.Wu@contoso.example', never)).toBe('passwordIsEmail');
    expect(passwordProblem('ＡＬＩＣＥ.ＷＵ-is-me-really', 'alice.wu@contoso.example', never)).toBe('passwordIsEmail');
    expect(passwordProblem('bob-likes-long-passwords', 'bob@contoso.example', never)).toBe('passwordIsEmail');
    // A name of one or two characters occurs in good passwords by chance.
    expect(passwordProblem('jo-is-in-many-words', 'jo@contoso.example', never)).toBeNull();
    expect(passwordProblem('contoso.example-domain', 'alice@contoso.example', never)).toBeNull();
  });

  it('refuses a common password, asking the list with the normalised form', () => {
    const seen: string[] = [];
    const list = (key: string) => {
      seen.push(key);
      return key === 'correcthorsebattery';
    };
    expect(passwordProblem('CorrectHorseBattery', 'x@y.example', list)).toBe('passwordCommon');
    expect(seen).toEqual(['correcthorsebattery']);
    expect(passwordProblem('correct-horse-battery', 'x@y.example', list)).toBeNull();
  });

  it('knows the most common passwords from the maintained list, whatever their case', () => {
    for (const common of ['password1234', 'qwertyuiop123', '1q2w3e4r5t6y', 'Password1234', 'QWERTY123456']) {
      expect(isCommonPassword(common.toLowerCase()), common).toBe(true);
      expect(newPasswordProblem(common, 'someone@example.com'), common).toBe('passwordCommon');
    }
    expect(newPasswordProblem('demo-password-1', 'alice@contoso-partners.example')).toBeNull();
    expect(newPasswordProblem('a-long-enough-password', 'first.admin@example.com')).toBeNull();
    expect(newPasswordProblem('violet staple thunder', 'someone@example.com')).toBeNull();
  });
});

describe('invitations and reset links', () => {
  const now = new Date('2026-12-07T10:00:00Z');
  const open = { expiresAt: invitationExpiry(now), acceptedAt: null, revokedAt: null };

  it('an invitation lasts seven days; a reset link one hour', () => {
    expect(INVITATION_DAYS).toBe(7);
    expect(invitationExpiry(now).toISOString()).toBe('2026-12-14T10:00:00.000Z');
    expect(PASSWORD_RESET_MINUTES).toBe(60);
    expect(passwordResetExpiry(now).toISOString()).toBe('2026-12-07T11:00:00.000Z');
  });

  it('is pending until it expires (the expiry itself is too late), then expired; accepted and revoked win over time', () => {
    expect(invitationState(open, now)).toBe('PENDING');
    expect(invitationState(open, new Date(open.expiresAt.getTime() - 1))).toBe('PENDING');
    expect(invitationState(open, open.expiresAt)).toBe('EXPIRED');
    expect(invitationState({ ...open, acceptedAt: now }, now)).toBe('ACCEPTED');
    expect(invitationState({ ...open, revokedAt: now }, now)).toBe('REVOKED');
    expect(invitationState({ ...open, acceptedAt: now, expiresAt: now }, now)).toBe('ACCEPTED');
    expect(invitationState({ ...open, revokedAt: now, expiresAt: now }, now)).toBe('REVOKED');
  });

  it('can be sent again or withdrawn while open, expired or not; never once accepted or withdrawn', () => {
    expect(isOpenInvitation(open)).toBe(true);
    expect(isOpenInvitation({ ...open, expiresAt: new Date(0) })).toBe(true);
    expect(isOpenInvitation({ ...open, acceptedAt: now })).toBe(false);
    expect(isOpenInvitation({ ...open, revokedAt: now })).toBe(false);
  });

  it('a reset link works once, before it expires', () => {
    const reset = { expiresAt: passwordResetExpiry(now), usedAt: null };
    expect(isUsableReset(reset, now)).toBe(true);
    expect(isUsableReset(reset, new Date(reset.expiresAt.getTime() - 1))).toBe(true);
    expect(isUsableReset(reset, reset.expiresAt)).toBe(false);
    expect(isUsableReset({ ...reset, usedAt: now }, now)).toBe(false);
  });
});

describe('the last active partner admin', () => {
  const changes: AdminChange[] = [
    ...PARTNER_ROLES.map((role) => ({ kind: 'ROLE', role }) as const),
    { kind: 'ACTIVE', active: true },
    { kind: 'ACTIVE', active: false },
  ];

  it('is refused exactly the changes that take away the only active admin (every role, state, change and count)', () => {
    for (const role of ROLES as readonly Role[]) {
      for (const active of [true, false]) {
        for (const change of changes) {
          for (const admins of [0, 1, 2, 3]) {
            const isAdmin = active && role === 'PARTNER_ADMIN';
            const staysAdmin = change.kind === 'ROLE' ? change.role === 'PARTNER_ADMIN' : change.active;
            const expected = isAdmin && !staysAdmin && admins <= 1;
            expect(leavesNoAdmin({ role, active }, change, admins), JSON.stringify({ role, active, change, admins })).toBe(expected);
          }
        }
      }
    }
  });

  it('lets one of two admins go, not the second', () => {
    const admin = { role: 'PARTNER_ADMIN' as const, active: true };
    expect(leavesNoAdmin(admin, { kind: 'ROLE', role: 'PARTNER_AGENT' }, 2)).toBe(false);
    expect(leavesNoAdmin(admin, { kind: 'ROLE', role: 'PARTNER_AGENT' }, 1)).toBe(true);
    expect(leavesNoAdmin(admin, { kind: 'ACTIVE', active: false }, 1)).toBe(true);
    expect(leavesNoAdmin({ role: 'PARTNER_ADMIN', active: false }, { kind: 'ACTIVE', active: true }, 0)).toBe(false);
  });
});

describe('the account forms', () => {
  it('a Partner ID is digits only, 1 to 12', () => {
    for (const good of ['4312001', '1', '123456789012']) expect(isPartnerNumber(good), good).toBe(true);
    for (const bad of ['', '1234567890123', '43-12001', ' 4312001', 'MPN4312001', '４３１２', '1.5'])
      expect(isPartnerNumber(bad), bad).toBe(false);
    expect(createPartnerSchema.safeParse({ name: ' Northwind ', partnerNumber: ' 4312999 ', cloud: 'PUBLIC' }).data).toEqual({
      name: 'Northwind',
      partnerNumber: '4312999',
      cloud: 'PUBLIC',
    });
    const bad = createPartnerSchema.safeParse({ name: '', partnerNumber: 'abc', cloud: 'MARS' });
    expect(bad.error?.issues.map((i) => [i.path[0], i.message])).toEqual([
      ['name', 'required'],
      ['partnerNumber', 'partnerNumberInvalid'],
      ['cloud', 'cloudInvalid'],
    ]);
  });

  it('an invitation names an address (lower-cased) and a partner role, never the portal admin', () => {
    expect(inviteUserSchema.safeParse({ email: ' New.User@Contoso.Example ', role: 'PARTNER_VIEWER', language: 'zh-TW' }).data).toEqual({
      email: 'new.user@contoso.example',
      role: 'PARTNER_VIEWER',
      language: 'zh-TW',
    });
    const bad = inviteUserSchema.safeParse({ email: 'not-an-address', role: 'PORTAL_ADMIN', language: 'fr' });
    expect(bad.error?.issues.map((i) => [i.path[0], i.message])).toEqual([
      ['email', 'emailInvalid'],
      ['role', 'roleInvalid'],
      ['language', 'languageInvalid'],
    ]);
  });

  it('new passwords: length and confirmation in the forms, field by field', () => {
    const accept = acceptInvitationSchema.safeParse({ token: 'cpi_x', name: ' ', password: 'short', confirmPassword: 'other' });
    expect(accept.error?.issues.map((i) => [i.path[0], i.message])).toEqual([
      ['name', 'required'],
      ['password', 'passwordTooShort'],
      ['confirmPassword', 'passwordMismatch'],
    ]);
    const mismatch = resetPasswordSchema.safeParse({ token: 'cpr_x', password: 'long enough here', confirmPassword: 'long enough there' });
    expect(mismatch.error?.issues.map((i) => [i.path[0], i.message])).toEqual([['confirmPassword', 'passwordMismatch']]);
    const profile = passwordSchema.safeParse({ currentPassword: 'x', newPassword: '😀'.repeat(11), confirmPassword: '😀'.repeat(11) });
    expect(profile.error?.issues.map((i) => [i.path[0], i.message])).toEqual([['newPassword', 'passwordTooShort']]);
  });
});
