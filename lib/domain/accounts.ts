// The rules of accounts, pure: passwords, invitations, reset links, and the partner's last admin.
// Time comes in as an argument; results are codes that the forms word in each language.
import type { Role } from './permissions';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 1024;
/** An invitation link works for a week after it was (last) sent. */
export const INVITATION_DAYS = 7;
/** A password-reset link works for an hour. */
export const PASSWORD_RESET_MINUTES = 60;
/** The roles a partner admin can give; a portal admin is never invited into a partner. */
export const PARTNER_ROLES = ['PARTNER_ADMIN', 'PARTNER_AGENT', 'PARTNER_VIEWER'] as const satisfies readonly Role[];
export type PartnerRole = (typeof PARTNER_ROLES)[number];

export type PasswordProblem = 'passwordTooShort' | 'passwordTooLong' | 'passwordIsEmail' | 'passwordCommon';

/** Passwords are compared as people type them: the same characters in any form or case. */
export function passwordKey(value: string): string {
  return value.normalize('NFKC').toLowerCase();
}

/**
 * What is wrong with a new password, or null. At least 12 characters (as people count them, not
 * UTF-16 units); not the e-mail, nor containing its part before the @ once that part has three
 * characters or more (shorter ones occur in too many good passwords by chance); not one of the
 * most common passwords (`isCommon` receives passwordKey(password)).
 */
export function passwordProblem(password: string, email: string, isCommon: (key: string) => boolean): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return 'passwordTooShort';
  if (length > PASSWORD_MAX_LENGTH) return 'passwordTooLong';
  const key = passwordKey(password);
  const address = passwordKey(email.trim());
  const local = address.slice(0, Math.max(0, address.lastIndexOf('@')));
  if (key === address || (local.length >= 3 && key.includes(local))) return 'passwordIsEmail';
  if (isCommon(key)) return 'passwordCommon';
  return null;
}

export type InvitationTimes = { expiresAt: Date; acceptedAt: Date | null; revokedAt: Date | null };
export type InvitationState = 'PENDING' | 'EXPIRED' | 'ACCEPTED' | 'REVOKED';

export function invitationState(invitation: InvitationTimes, now: Date): InvitationState {
  if (invitation.acceptedAt) return 'ACCEPTED';
  if (invitation.revokedAt) return 'REVOKED';
  return now.getTime() < invitation.expiresAt.getTime() ? 'PENDING' : 'EXPIRED';
}

/** An invitation that is neither accepted nor revoked can be sent again (also once expired) or revoked. */
export function isOpenInvitation(invitation: InvitationTimes): boolean {
  return !invitation.acceptedAt && !invitation.revokedAt;
}

export function invitationExpiry(now: Date): Date {
  return new Date(now.getTime() + INVITATION_DAYS * 86_400_000);
}

export function passwordResetExpiry(now: Date): Date {
  return new Date(now.getTime() + PASSWORD_RESET_MINUTES * 60_000);
}

/** A reset link works until it expires, once. */
export function isUsableReset(reset: { expiresAt: Date; usedAt: Date | null }, now: Date): boolean {
  return reset.usedAt === null && now.getTime() < reset.expiresAt.getTime();
}

export type AdminChange = { kind: 'ROLE'; role: PartnerRole } | { kind: 'ACTIVE'; active: boolean };

/**
 * Whether a change to a user leaves the partner without an active admin: the user is an active
 * admin now, is not after the change, and is the only one (`activeAdmins` counts them, this user
 * included, read under the partner's admin lock).
 */
export function leavesNoAdmin(user: { role: Role; active: boolean }, change: AdminChange, activeAdmins: number): boolean {
  const isAdminNow = user.active && user.role === 'PARTNER_ADMIN';
  if (!isAdminNow) return false;
  const isAdminAfter = change.kind === 'ROLE' ? change.role === 'PARTNER_ADMIN' : change.active;
  return !isAdminAfter && activeAdmins <= 1;
}

/** A Partner ID: digits only (Partner Center's MPN-style numbers), at most 12. */
export function isPartnerNumber(value: string): boolean {
  return /^[0-9]{1,12}$/.test(value);
}
