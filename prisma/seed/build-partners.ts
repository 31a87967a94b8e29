// Partners, their users, demo API and embed tokens and the first audit event of each partner.
import type { AuditEntry } from '../../lib/server/data/audit';
import { SYSTEM_ACTORS } from '../../lib/server/viewer';
import { API_SCOPES } from '../../lib/domain/permissions';
import { hashToken } from '../../lib/runtime/tokens';
import type { Prisma } from '../../lib/generated/prisma/client';
import type { Clock } from './clock';
import { DEMO_API_TOKENS, DEMO_EMBED_TOKENS, PARTNERS, USERS, type PartnerKey, type UserKey } from './data/partners';
import type { Random } from './random';
import { keyedRows, type PartnerRow, type UserRow } from './rows';

export function buildPartners(rng: Random, clock: Clock): { rows: PartnerRow[]; find: (key: PartnerKey) => PartnerRow } {
  return keyedRows('partner', PARTNERS, (spec): PartnerRow => ({
    id: rng.uuid(),
    name: spec.name,
    partnerNumber: spec.partnerNumber,
    cloud: spec.cloud,
    senderName: spec.senderName,
    senderReplyTo: spec.senderReplyTo,
    createdAt: clock.at(spec.createdAt),
    updatedAt: clock.at(spec.createdAt),
  }));
}

/** Every demo user shares one password hash (scrypt is slow on purpose). */
export function buildUsers(
  rng: Random,
  clock: Clock,
  partner: (key: PartnerKey) => PartnerRow,
  passwordHash: string,
): { rows: UserRow[]; find: (key: UserKey) => UserRow } {
  return keyedRows('user', USERS, (spec): UserRow => ({
    id: rng.uuid(),
    email: spec.email.toLowerCase(),
    displayName: spec.displayName,
    role: spec.role,
    partnerId: spec.partner ? partner(spec.partner).id : null,
    language: 'en',
    timeZone: spec.timeZone,
    twoStepExempt: spec.twoStepExempt,
    active: true,
    passwordHash,
    createdAt: clock.at(spec.createdAt),
    updatedAt: clock.at(spec.createdAt),
  }));
}

/** The demo API tokens, with every scope; stored hashed like any token. */
export function buildApiTokens(rng: Random, clock: Clock, partner: (key: PartnerKey) => PartnerRow): Prisma.ApiTokenCreateManyInput[] {
  return DEMO_API_TOKENS.map((spec) => ({
    id: rng.uuid(),
    partnerId: partner(spec.partner).id,
    name: spec.name,
    secretHash: hashToken(spec.secret),
    scopes: [...API_SCOPES],
    createdAt: clock.at(spec.createdAt),
  }));
}

/** The demo embed tokens, in English with no expiry; stored hashed like any token. */
export function buildEmbedTokens(rng: Random, clock: Clock, partner: (key: PartnerKey) => PartnerRow): Prisma.EmbedTokenCreateManyInput[] {
  return DEMO_EMBED_TOKENS.map((spec) => ({
    id: rng.uuid(),
    partnerId: partner(spec.partner).id,
    name: spec.name,
    secretHash: hashToken(spec.secret),
    allowedOrigin: spec.allowedOrigin,
    language: 'en',
    createdAt: clock.at(spec.createdAt),
  }));
}

export function buildPartnerAudits(clock: Clock, partners: readonly PartnerRow[]): AuditEntry[] {
  return partners.map((partner) => ({
    actor: SYSTEM_ACTORS.seed,
    partnerId: partner.id,
    action: 'seed.created',
    targetType: 'Partner',
    targetId: partner.id,
    after: { name: partner.name, partnerNumber: partner.partnerNumber, cloud: partner.cloud },
    at: clock.now,
  }));
}
