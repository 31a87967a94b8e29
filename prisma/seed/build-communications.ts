// Microsoft communications and the customers each one affects, each link with the communication's
// category for that customer (the same rule as the import: lib/domain/communication-category.ts).
import { categoryForCustomer } from '../../lib/domain/communication-category';
import type { CustomerSet } from './build-customers';
import type { Clock } from './clock';
import { COMMUNICATIONS } from './data/communications';
import type { PartnerKey } from './data/partners';
import type { Random } from './random';
import type { Dataset, PartnerRow } from './rows';

/** Graph ids: EX or MC and six drawn digits, unique per partner. */
function makeExternalIds(rng: Random): (partner: PartnerRow, prefix: 'EX' | 'MC') => string {
  const used = new Set<string>();
  return (partner, prefix) => {
    for (;;) {
      const id = `${prefix}${rng.digits(6)}`;
      const key = `${partner.id}/${id}`;
      if (!used.has(key)) {
        used.add(key);
        return id;
      }
    }
  };
}

export function buildCommunications(
  rng: Random,
  clock: Clock,
  partner: (key: PartnerKey) => PartnerRow,
  customers: CustomerSet,
): Pick<Dataset, 'communications' | 'affected'> {
  const externalId = makeExternalIds(rng);
  const out: Pick<Dataset, 'communications' | 'affected'> = { communications: [], affected: [] };
  for (const spec of COMMUNICATIONS) {
    const owner = partner(spec.partner);
    const id = rng.uuid();
    const lastModifiedAt = clock.at(spec.lastModifiedAt);
    const kind = spec.kind === 'EX' ? ('serviceHealthIssue' as const) : ('serviceUpdateMessage' as const);
    const services = [...(spec.services ?? [spec.affectedService])];
    out.communications.push({
      id,
      partnerId: owner.id,
      externalId: externalId(owner, spec.kind),
      category: spec.category,
      title: spec.title,
      summary: spec.summary,
      affectedService: spec.affectedService,
      classification: spec.kind === 'EX' ? 'incident' : 'advisory',
      status: spec.status,
      severity: spec.severity,
      startAt: clock.at(spec.startAt),
      endAt: spec.endAt ? clock.at(spec.endAt) : null,
      lastModifiedAt,
      isResolved: spec.isResolved,
      cloud: owner.cloud,
      kind,
      messageCategory: kind === 'serviceUpdateMessage' ? 'planForChange' : null,
      services,
      tags: [...(spec.tags ?? [])],
      isMajorChange: spec.isMajorChange ?? false,
      actionRequiredBy: spec.actionRequiredBy ? clock.at(spec.actionRequiredBy) : null,
      createdAt: lastModifiedAt,
      updatedAt: lastModifiedAt,
    });
    for (const ref of spec.affects) {
      const customer = customers.customer(ref);
      out.affected.push({
        partnerId: owner.id,
        communicationId: id,
        customerId: customer.id,
        category: categoryForCustomer(spec.category, { kind, services }, customer),
      });
    }
  }
  return out;
}
