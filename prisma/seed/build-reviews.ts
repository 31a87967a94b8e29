// The relationship reviews: each one carries the customer's claim and, once decided, the decision.
import type { Prisma } from '../../lib/generated/prisma/client';
import type { CustomerSet } from './build-customers';
import type { Clock } from './clock';
import type { UserKey } from './data/partners';
import { REVIEWER, REVIEWS } from './data/reviews';
import type { Random } from './random';
import type { UserRow } from './rows';

export function buildReviews(
  rng: Random,
  clock: Clock,
  user: (key: UserKey) => UserRow,
  customers: CustomerSet,
): Prisma.RelationshipReviewCreateManyInput[] {
  return REVIEWS.map((spec) => {
    const customer = customers.customer(spec.customer);
    const claim = customers.claim(spec.customer);
    const decision = spec.decision;
    return {
      id: rng.uuid(),
      partnerId: customer.partnerId,
      customerId: customer.id,
      agreementType: claim.agreementType,
      evidenceNote: claim.evidenceNote,
      services: [...claim.services],
      status: decision?.status ?? 'PENDING',
      declaredById: user(spec.declaredBy).id,
      decidedById: decision ? user(REVIEWER).id : null,
      decisionNote: decision?.note ?? null,
      decidedAt: decision ? clock.at(decision.at) : null,
      createdAt: clock.at(spec.declaredAt),
    };
  });
}
