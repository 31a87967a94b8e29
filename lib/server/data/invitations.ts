import 'server-only';
import { getDb } from '../db';
import { partnerScope, type UserViewer } from '../viewer';
import { auditBy, writeAudit } from './audit';
import { runWrite, type Tx } from './transaction';
import { can, type Role } from '../../domain/permissions';
import { invitationExpiry, invitationState, isOpenInvitation, type PartnerRole, type PasswordProblem } from '../../domain/accounts';
import { isUuid } from '../../domain/ids';
import { hashToken, newTokenSecret } from '../../runtime/tokens';
import { hashPassword } from '../../runtime/password';
import { newPasswordProblem } from '../../runtime/password-policy';
import { localeFromDb, localeToDb, type Locale } from '../../i18n/locales';

// Invitations: a partner admin invites users of their partner, a portal admin a partner's admin.
// The link carries a random token; the database keeps only its hash, so a copy of the database
// opens no invitation. Sending again gives a new token (the old link stops working) and a new week.
// Accepting creates the user, signed out: the person then signs in with the password they chose.
//
// An e-mail is in use when a user of any partner has it, or an invitation still waiting for it
// (open and not expired). Every write that can make an e-mail in use takes an advisory lock on it
// first (resending, revoking and accepting too, and they read the invitation again under it), so
// two invitations of the same address at once cannot both pass the check and a link accepted twice
// at once creates one user; the unique index on User.email is the last word when accepting.

export type InvitationMail = {
  invitationId: string;
  email: string;
  language: Locale;
  role: PartnerRole;
  partnerName: string;
  inviterName: string;
  /** The secret of the link: only in the mail, never stored. */
  token: string;
};

type Failure<C extends string> = { ok: false; code: C };
export type InviteResult = { ok: true; mail: InvitationMail } | Failure<'FORBIDDEN' | 'NOT_FOUND' | 'EMAIL_TAKEN'>;
export type InvitationChangeResult = { ok: true; mail: InvitationMail | null } | Failure<'FORBIDDEN' | 'NOT_FOUND' | 'NOT_OPEN'>;
export type AcceptResult =
  | { ok: true; email: string; userId: string }
  | Failure<'INVITATION_INVALID' | 'EMAIL_TAKEN'>
  | { ok: false; code: 'PASSWORD_REJECTED'; problem: PasswordProblem };

const FORBIDDEN = { ok: false, code: 'FORBIDDEN' } as const;

/** Holds off every other write that could put `email` in use until this transaction ends. */
export async function lockEmail(tx: Tx, email: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('account:email'), hashtext(${email}))`;
}

/** A user of any partner has the e-mail, or an invitation is still waiting for it. */
async function isEmailInUse(tx: Tx, email: string, now: Date): Promise<boolean> {
  const user = await tx.user.findUnique({ where: { email }, select: { id: true } });
  if (user) return true;
  const waiting = await tx.invitation.findFirst({
    where: { email, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    select: { id: true },
  });
  return waiting !== null;
}

async function invitationMail(
  tx: Tx,
  invitation: { id: string; partnerId: string; email: string; role: Role; language: 'en' | 'zh_TW' },
  inviterName: string,
  token: string,
): Promise<InvitationMail> {
  const partner = await tx.partner.findUniqueOrThrow({ where: { id: invitation.partnerId }, select: { name: true } });
  return {
    invitationId: invitation.id,
    email: invitation.email,
    language: localeFromDb(invitation.language),
    role: invitation.role as PartnerRole,
    partnerName: partner.name,
    inviterName,
    token,
  };
}

const INVITATION_SELECT = {
  id: true,
  partnerId: true,
  email: true,
  role: true,
  language: true,
  expiresAt: true,
  acceptedAt: true,
  revokedAt: true,
} as const;

async function createInvitation(
  tx: Tx,
  viewer: UserViewer,
  partnerId: string,
  input: { email: string; role: PartnerRole; language: Locale },
  address: string,
  now: Date,
): Promise<InviteResult> {
  await lockEmail(tx, input.email);
  if (await isEmailInUse(tx, input.email, now)) return { ok: false, code: 'EMAIL_TAKEN' };
  // This partner's expired invitations of the address are replaced by the new one.
  const replaced = await tx.invitation.findMany({
    where: { partnerId, email: input.email, acceptedAt: null, revokedAt: null },
    select: { id: true },
  });
  if (replaced.length > 0) {
    await tx.invitation.updateMany({ where: { partnerId, id: { in: replaced.map((r) => r.id) } }, data: { revokedAt: now } });
  }
  const token = newTokenSecret('cpi');
  const invitation = await tx.invitation.create({
    data: {
      partnerId,
      email: input.email,
      role: input.role,
      language: localeToDb(input.language),
      tokenHash: hashToken(token),
      expiresAt: invitationExpiry(now),
      invitedById: viewer.userId,
      createdAt: now,
    },
    select: INVITATION_SELECT,
  });
  await writeAudit(tx, [
    auditBy(viewer, partnerId, address, {
      action: 'invitation.created',
      targetType: 'Invitation',
      targetId: invitation.id,
      after: {
        email: input.email,
        role: input.role,
        language: input.language,
        expiresAt: invitation.expiresAt.toISOString(),
        ...(replaced.length > 0 ? { replaced: replaced.map((r) => r.id) } : {}),
      },
    }),
  ]);
  return { ok: true, mail: await invitationMail(tx, invitation, viewer.name, token) };
}

/** A partner admin invites a user of their own partner. */
export async function inviteUser(
  viewer: UserViewer,
  input: { email: string; role: PartnerRole; language: Locale },
  address: string,
  now = new Date(),
): Promise<InviteResult> {
  if (!can(viewer.role, 'settings:users')) return FORBIDDEN;
  const partnerId = partnerScope(viewer);
  return runWrite<InviteResult>((tx) => createInvitation(tx, viewer, partnerId, input, address, now));
}

/** A portal admin invites an admin of a partner (its first, or another). */
export async function invitePartnerAdmin(
  viewer: UserViewer,
  partnerId: string,
  input: { email: string; language: Locale },
  address: string,
  now = new Date(),
): Promise<InviteResult> {
  if (!can(viewer.role, 'admin:partners')) return FORBIDDEN;
  if (!isUuid(partnerId)) return { ok: false, code: 'NOT_FOUND' };
  return runWrite<InviteResult>(async (tx) => {
    const partner = await tx.partner.findUnique({ where: { id: partnerId }, select: { id: true } });
    if (!partner) return { ok: false, code: 'NOT_FOUND' };
    return createInvitation(tx, viewer, partnerId, { ...input, role: 'PARTNER_ADMIN' }, address, now);
  });
}

/**
 * Where an invitation may be changed by the viewer: a partner admin's own partner; a portal admin's
 * partner admins' invitations of any partner. Anyone else: nowhere.
 */
function invitationScope(viewer: UserViewer, invitationId: string) {
  if (can(viewer.role, 'settings:users')) return { id: invitationId, partnerId: partnerScope(viewer) };
  if (can(viewer.role, 'admin:partners')) return { id: invitationId, role: 'PARTNER_ADMIN' as const };
  return null;
}

async function changeOpenInvitation(
  viewer: UserViewer,
  invitationId: string,
  address: string,
  now: Date,
  change: 'RESEND' | 'REVOKE',
): Promise<InvitationChangeResult> {
  const where = invitationScope(viewer, invitationId);
  if (!where) return FORBIDDEN;
  if (!isUuid(invitationId)) return { ok: false, code: 'NOT_FOUND' };
  return runWrite<InvitationChangeResult>(async (tx) => {
    const found = await tx.invitation.findFirst({ where, select: { id: true, email: true } });
    if (!found) return { ok: false, code: 'NOT_FOUND' };
    // Read again under the lock every writer of this address's invitations takes.
    await lockEmail(tx, found.email);
    const invitation = await tx.invitation.findFirst({ where, select: INVITATION_SELECT });
    if (!invitation) return { ok: false, code: 'NOT_FOUND' };
    if (!isOpenInvitation(invitation)) return { ok: false, code: 'NOT_OPEN' };
    const before = { state: invitationState(invitation, now), expiresAt: invitation.expiresAt.toISOString() };
    if (change === 'REVOKE') {
      await tx.invitation.update({ where: { id: invitation.id }, data: { revokedAt: now } });
      await writeAudit(tx, [
        auditBy(viewer, invitation.partnerId, address, {
          action: 'invitation.revoked',
          targetType: 'Invitation',
          targetId: invitation.id,
          before,
          after: { state: 'REVOKED', email: invitation.email },
        }),
      ]);
      return { ok: true, mail: null };
    }
    // Sent again: a new token (the old link opens nothing any more) and a new week. Someone else
    // may have taken the address meanwhile (another partner's invitation, a user): then not.
    const user = await tx.user.findUnique({ where: { email: invitation.email }, select: { id: true } });
    const other = await tx.invitation.findFirst({
      where: { email: invitation.email, id: { not: invitation.id }, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      select: { id: true },
    });
    if (user || other) return { ok: false, code: 'NOT_OPEN' };
    const token = newTokenSecret('cpi');
    const updated = await tx.invitation.update({
      where: { id: invitation.id },
      data: { tokenHash: hashToken(token), expiresAt: invitationExpiry(now) },
      select: INVITATION_SELECT,
    });
    await writeAudit(tx, [
      auditBy(viewer, invitation.partnerId, address, {
        action: 'invitation.resent',
        targetType: 'Invitation',
        targetId: invitation.id,
        before,
        after: { state: 'PENDING', email: invitation.email, expiresAt: updated.expiresAt.toISOString() },
      }),
    ]);
    return { ok: true, mail: await invitationMail(tx, updated, viewer.name, token) };
  });
}

/** Sends an open invitation again with a new link; the old link stops working. */
export function resendInvitation(viewer: UserViewer, invitationId: string, address: string, now = new Date()) {
  return changeOpenInvitation(viewer, invitationId, address, now, 'RESEND');
}

/** Withdraws an open invitation: its link stops working. */
export function revokeInvitation(viewer: UserViewer, invitationId: string, address: string, now = new Date()) {
  return changeOpenInvitation(viewer, invitationId, address, now, 'REVOKE');
}

export type OpenInvitation = { email: string; role: PartnerRole; partnerName: string; language: Locale };

/** The invitation a link opens, while it waits (open, not expired); null for any other token. */
export async function findOpenInvitation(token: string, now = new Date()): Promise<OpenInvitation | null> {
  if (typeof token !== 'string' || token.length === 0 || token.length > 200) return null;
  const invitation = await getDb().invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { ...INVITATION_SELECT, partner: { select: { name: true } } },
  });
  if (!invitation || invitationState(invitation, now) !== 'PENDING') return null;
  return {
    email: invitation.email,
    role: invitation.role as PartnerRole,
    partnerName: invitation.partner.name,
    language: localeFromDb(invitation.language),
  };
}

/**
 * The invited person accepts: a user of the invitation's partner with its role and language, the
 * name and password they chose. The link works once: the invitation is read again under the
 * address's lock, so two submissions of the same link create one user.
 */
export async function acceptInvitation(
  input: { token: string; name: string; password: string },
  address: string,
  now = new Date(),
): Promise<AcceptResult> {
  const invalid = { ok: false, code: 'INVITATION_INVALID' } as const;
  if (input.token.length === 0 || input.token.length > 200) return invalid;
  const tokenHash = hashToken(input.token);
  const found = await getDb().invitation.findUnique({ where: { tokenHash }, select: INVITATION_SELECT });
  if (!found || invitationState(found, now) !== 'PENDING') return invalid;
  const problem = newPasswordProblem(input.password, found.email);
  if (problem) return { ok: false, code: 'PASSWORD_REJECTED', problem };
  const passwordHash = await hashPassword(input.password);
  return runWrite<AcceptResult>(
    async (tx) => {
      await lockEmail(tx, found.email);
      const invitation = await tx.invitation.findUnique({ where: { tokenHash }, select: INVITATION_SELECT });
      if (!invitation || invitationState(invitation, now) !== 'PENDING') return invalid;
      if (await tx.user.findUnique({ where: { email: invitation.email }, select: { id: true } })) return { ok: false, code: 'EMAIL_TAKEN' };
      const user = await tx.user.create({
        data: {
          email: invitation.email,
          displayName: input.name,
          role: invitation.role,
          partnerId: invitation.partnerId,
          language: invitation.language,
          passwordHash,
        },
        select: { id: true },
      });
      await tx.invitation.update({ where: { id: invitation.id }, data: { acceptedAt: now } });
      const actor = { userId: user.id, label: invitation.email };
      await writeAudit(tx, [
        {
          actor,
          partnerId: invitation.partnerId,
          address,
          action: 'invitation.accepted',
          targetType: 'Invitation',
          targetId: invitation.id,
          before: { state: 'PENDING' },
          after: { state: 'ACCEPTED', userId: user.id },
        },
        {
          actor,
          partnerId: invitation.partnerId,
          address,
          action: 'user.created',
          targetType: 'User',
          targetId: user.id,
          after: { email: invitation.email, displayName: input.name, role: invitation.role, language: localeFromDb(invitation.language) },
        },
      ]);
      return { ok: true, email: invitation.email, userId: user.id };
    },
    { unique: { User_email_key: { ok: false, code: 'EMAIL_TAKEN' } } },
  );
}
