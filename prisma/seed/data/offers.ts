// The Microsoft offers that generated customers subscribe to, and how their subscriptions are drawn.
import type { SubscriptionStatus, SubscriptionTerm } from '../../../lib/generated/prisma/client';

export type Offer = { name: string; terms: readonly SubscriptionTerm[]; quantity: readonly [number, number] };

/** A term listed twice is drawn twice as often. */
export const OFFERS: readonly Offer[] = [
  { name: 'Microsoft 365 E3', terms: ['P1M', 'P1Y', 'P1Y', 'P3Y'], quantity: [10, 500] },
  { name: 'Microsoft 365 Business Premium', terms: ['P1M', 'P1Y', 'P1Y'], quantity: [5, 300] },
  { name: 'Office 365 E1', terms: ['P1M', 'P1Y', 'P3Y'], quantity: [10, 800] },
  { name: 'Dynamics 365 Sales Enterprise', terms: ['P1Y', 'P3Y'], quantity: [5, 120] },
  { name: 'Azure plan', terms: ['P1M'], quantity: [1, 1] },
  { name: 'Microsoft Defender for Endpoint P2', terms: ['P1Y', 'P3Y'], quantity: [10, 500] },
  { name: 'Exchange Online (Plan 1)', terms: ['P1M', 'P1Y'], quantity: [5, 400] },
  { name: 'Power BI Pro', terms: ['P1M', 'P1Y'], quantity: [3, 200] },
  { name: 'Microsoft Teams Essentials', terms: ['P1M', 'P1Y'], quantity: [1, 100] },
];

export const TERM_MONTHS: Record<SubscriptionTerm, number> = { P1M: 1, P1Y: 12, P3Y: 36 };
export const TERM_DAYS: Record<SubscriptionTerm, number> = { P1M: 30, P1Y: 365, P3Y: 1095 };

/** How many subscriptions a generated customer has, by weight (capped by the caller). */
export const SUBSCRIPTION_COUNT_WEIGHTS: readonly (readonly [number, number])[] = [
  [1, 30],
  [2, 35],
  [3, 25],
  [4, 10],
];

export const SUBSCRIPTION_STATUS_WEIGHTS: readonly (readonly [SubscriptionStatus, number])[] = [
  ['ACTIVE', 80],
  ['SUSPENDED', 6],
  ['EXPIRED', 8],
  ['CANCELLED', 6],
];
