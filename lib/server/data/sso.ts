import 'server-only';
import { getDb } from '../db';
import type { AuditEntry } from './audit';
import { writeAudit } from './audit';
import { eventsOf, recordSignIn, signedInUser, type SignedInUser } from './sign-in';
import { runWrite } from './transaction';
import type { ProvenIdentity } from '../../domain/sso';

// Signing in with Microsoft Entra ID or another OpenID Connect provider
// (docs/decisions/0024-sign-in-with-microsoft.md). No self-registration: only an existing, active
// portal user signs in. The first sign-in links the provider's identity (issuer and subject) to
// the user whose e-mail the provider vouches for; every later one finds the user by that subject,
// whatever the e-mail says then. Every outcome is audited.

export type SsoRefusal =
  /** The provider vouched for no e-mail address (see lib/domain/sso.ts). */
  | 'EMAIL_NOT_VERIFIED'
  /** No portal user has that e-mail. */
  | 'NO_ACCOUNT'
  | 'DEACTIVATED'
  /** The user is already linked to another identity of this provider. */
  | 'LINKED_TO_ANOTHER';

export type SsoResult = { ok: true; user: SignedInUser; linked: boolean } | { ok: false; code: SsoRefusal };

const USER_FIELDS = {
  id: true,
  email: true,
  displayName: true,
  role: true,
  active: true,
  sessionVersion: true,
  language: true,
  partnerId: true,
} as const;

export async function signInWithIdentity(identity: ProvenIdentity, address: string, now = new Date()): Promise<SsoResult> {
  const db = getDb();
  const { provider, issuer, subject } = identity;
  const refused = async (code: SsoRefusal, user: { id: string; partnerId: string | null } | null): Promise<SsoResult> => {
    await writeAudit(db, [
      {
        actor: { userId: null, label: identity.email ?? `${provider.toLowerCase()}:${subject}` },
        partnerId: user?.partnerId ?? null,
        action: 'user.sso_refused',
        targetType: 'User',
        targetId: user?.id ?? null,
        after: { provider, issuer, subject, email: identity.email, reason: code },
        address,
      },
    ]);
    return { ok: false, code };
  };
  const linked = await db.externalIdentity.findUnique({
    where: { provider_issuer_subject: { provider, issuer, subject } },
    select: { id: true, user: { select: USER_FIELDS } },
  });
  const user =
    linked?.user ?? (identity.email ? await db.user.findUnique({ where: { email: identity.email }, select: USER_FIELDS }) : null);
  if (!user) return refused(identity.email ? 'NO_ACCOUNT' : 'EMAIL_NOT_VERIFIED', null);
  if (!user.active) return refused('DEACTIVATED', user);
  const event = eventsOf(user, address);
  const result = await runWrite<{ ok: true } | { ok: false; code: 'LINKED_TO_ANOTHER' }>(
    async (tx) => {
      const events: AuditEntry[] = [];
      if (linked) {
        await tx.externalIdentity.update({ where: { id: linked.id }, data: { lastSignInAt: now } });
      } else {
        await tx.externalIdentity.create({
          data: { userId: user.id, provider, issuer, subject, email: identity.email!, createdAt: now, lastSignInAt: now },
        });
        events.push(event('user.sso_linked', { provider, issuer, subject, email: identity.email }));
      }
      await recordSignIn(tx, user.id, now, [...events, event('user.signed_in', { method: provider })]);
      return { ok: true };
    },
    // The user already has another identity of this provider and issuer; the subject was linked to
    // someone else a moment ago (two first sign-ins at once) reads the same.
    {
      unique: {
        ExternalIdentity_user_provider_key: { ok: false, code: 'LINKED_TO_ANOTHER' },
        ExternalIdentity_subject_key: { ok: false, code: 'LINKED_TO_ANOTHER' },
      },
    },
  );
  if (!result.ok) return refused(result.code, user);
  return { ok: true, user: signedInUser(user), linked: !linked };
}
