import 'server-only';
import { getDb } from '../db';
import { partnerScope, type UserViewer } from '../viewer';
import { auditBy, writeAudit } from './audit';
import { runWrite, type Tx } from './transaction';
import type { PrismaClient } from '../../runtime/prisma';
import { can } from '../../domain/permissions';
import type { IdentityProvider } from '../../domain/sso';
import { readConfig } from '../../runtime/config';

// A partner's sign-in rules, set by its admins at /settings/security: two-step sign-in required of
// every user (admins always need it), and email and password sign-in turned off once its admins
// sign in with Microsoft (or the portal's other OpenID Connect provider).

/** The identity providers configured now (AUTH_ENTRA_*, AUTH_OIDC_*). */
export function configuredProviders(): IdentityProvider[] {
  const { microsoft, oidc } = readConfig().signIn;
  return [...(microsoft ? (['MICROSOFT'] as const) : []), ...(oidc ? (['OIDC'] as const) : [])];
}

export type SignInRules = {
  partnerName: string;
  twoStepRequired: boolean;
  passwordSignInDisabled: boolean;
  /** Active admins of the partner with a linked identity of a provider configured now. */
  linkedAdmins: number;
  providers: IdentityProvider[];
};

type Forbidden = { ok: false; code: 'FORBIDDEN' };
const FORBIDDEN: Forbidden = { ok: false, code: 'FORBIDDEN' };

export type RulesResult = { ok: true; rules: SignInRules } | Forbidden;
export type PasswordRuleResult = RulesResult | { ok: false; code: 'NO_PROVIDER' | 'NO_LINKED_ADMIN' };

async function linkedAdmins(db: PrismaClient | Tx, partnerId: string, providers: IdentityProvider[]): Promise<number> {
  if (providers.length === 0) return 0;
  return db.user.count({
    where: { partnerId, role: 'PARTNER_ADMIN', active: true, identities: { some: { provider: { in: providers } } } },
  });
}

/** The viewer's partner's rules (partner admins). */
export async function getSignInRules(viewer: UserViewer): Promise<RulesResult> {
  if (!can(viewer.role, 'settings:users')) return FORBIDDEN;
  const partnerId = partnerScope(viewer);
  const db = getDb();
  const partner = await db.partner.findFirstOrThrow({
    where: { id: partnerId },
    select: { name: true, twoStepRequired: true, passwordSignInDisabled: true },
  });
  const providers = configuredProviders();
  return {
    ok: true,
    rules: {
      partnerName: partner.name,
      twoStepRequired: partner.twoStepRequired,
      passwordSignInDisabled: partner.passwordSignInDisabled,
      linkedAdmins: await linkedAdmins(db, partnerId, providers),
      providers,
    },
  };
}

type Rule = 'twoStepRequired' | 'passwordSignInDisabled';

/**
 * Sets one rule of the viewer's partner (in one transaction, audited with before and after);
 * `allowed` may refuse the change, given the transaction. Setting a rule to what it is writes nothing.
 */
async function setRule<F extends { ok: false; code: string } = never>(
  viewer: UserViewer,
  rule: Rule,
  value: boolean,
  address: string,
  allowed: (tx: Tx, partnerId: string) => Promise<F | null> = async () => null,
): Promise<RulesResult | F> {
  if (!can(viewer.role, 'settings:users')) return FORBIDDEN;
  const partnerId = partnerScope(viewer);
  const done = await runWrite<{ ok: true } | F>(async (tx) => {
    const before = await tx.partner.findFirstOrThrow({
      where: { id: partnerId },
      select: { twoStepRequired: true, passwordSignInDisabled: true },
    });
    if (before[rule] === value) return { ok: true };
    const refusal = await allowed(tx, partnerId);
    if (refusal) return refusal;
    await tx.partner.updateMany({ where: { id: partnerId }, data: { [rule]: value } });
    await writeAudit(tx, [
      auditBy(viewer, partnerId, address, {
        action: 'partner.sign_in_rules_updated',
        targetType: 'Partner',
        targetId: partnerId,
        before: { [rule]: before[rule] },
        after: { [rule]: value },
      }),
    ]);
    return { ok: true };
  });
  return done.ok ? getSignInRules(viewer) : done;
}

/**
 * Requires two-step sign-in of every user of the partner, or only of its admins again. Users without
 * it are taken to set it up at their next request (the guard); nobody is signed out.
 */
export async function setTwoStepRequired(viewer: UserViewer, required: boolean, address: string): Promise<RulesResult> {
  return setRule<never>(viewer, 'twoStepRequired', required, address);
}

/**
 * Turns email and password sign-in off or on again for the partner's users. Off needs a provider
 * configured and at least one active admin of the partner who has signed in with it (so that
 * someone can still get in to turn it back on).
 */
export async function setPasswordSignIn(viewer: UserViewer, allowed: boolean, address: string): Promise<PasswordRuleResult> {
  if (!can(viewer.role, 'settings:users')) return FORBIDDEN;
  const providers = configuredProviders();
  if (!allowed && providers.length === 0) return { ok: false, code: 'NO_PROVIDER' };
  return setRule(viewer, 'passwordSignInDisabled', !allowed, address, async (tx, partnerId) =>
    !allowed && (await linkedAdmins(tx, partnerId, providers)) === 0 ? { ok: false as const, code: 'NO_LINKED_ADMIN' as const } : null,
  );
}

/**
 * Whether this user may sign in with email and password (and so be sent a password reset): not
 * when the partner turned it off — unless no identity provider is configured any more, so that
 * removing the provider's settings never locks a partner out. A portal admin always may.
 */
export async function passwordSignInAllowed(userId: string): Promise<boolean> {
  const user = await getDb().user.findUnique({ where: { id: userId }, select: { partner: { select: { passwordSignInDisabled: true } } } });
  if (!user?.partner?.passwordSignInDisabled) return true;
  return configuredProviders().length === 0;
}
