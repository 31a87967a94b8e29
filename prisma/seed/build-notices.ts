// Notices, their targets (customers and subscriptions) and their deliveries, as each notice's status implies.
import type { Prisma } from '../../lib/generated/prisma/client';
import type { CustomerSet } from './build-customers';
import { DAY_MS, type Clock, type Moment } from './clock';
import { NEVER_NOTIFIED, NOTICES, type NoticeSpec, type TargetSpec, type TemplateKey } from './data/notices';
import type { PartnerKey, UserKey } from './data/partners';
import type { Random } from './random';
import {
  groupBy,
  type ContactRow,
  type CustomerRow,
  type Dataset,
  type PartnerRow,
  type SubscriptionRow,
  type TemplateRow,
  type UserRow,
} from './rows';

type NoticeRows = Pick<Dataset, 'notices' | 'noticeCustomers' | 'noticeSubscriptions' | 'deliveries'>;
type Target = { customer: CustomerRow; subscriptions: SubscriptionRow[] };
type Recipient = { customer: CustomerRow; contact: ContactRow };

export type NoticeInputs = {
  partner: (key: PartnerKey) => PartnerRow;
  user: (key: UserKey) => UserRow;
  template: (key: TemplateKey) => TemplateRow;
  customers: CustomerSet;
};

/** A notice's times, from the data table's moments; `queuedAt` defaults to `createdAt`. */
type NoticeTimes = { createdAt: Date; queuedAt: Date; scheduledAt?: Date; sentAt?: Date; cancelledAt?: Date; archivedAt?: Date };

function noticeTimes(clock: Clock, spec: NoticeSpec): NoticeTimes {
  const at = (moment: Moment | undefined) => (moment ? clock.at(moment) : undefined);
  return {
    createdAt: clock.at(spec.createdAt),
    queuedAt: clock.at(spec.queuedAt ?? spec.createdAt),
    scheduledAt: at(spec.scheduledAt),
    sentAt: at(spec.sentAt),
    cancelledAt: at(spec.cancelledAt),
    archivedAt: at(spec.archivedAt),
  };
}

type Subscriptions = {
  of: (customer: CustomerRow) => SubscriptionRow[];
  byOffer: (customer: CustomerRow, offerName: string) => SubscriptionRow;
};

function indexSubscriptions(rows: readonly SubscriptionRow[]): Subscriptions {
  const byCustomer = groupBy(rows, (s) => s.customerId);
  const of = (customer: CustomerRow) => byCustomer.get(customer.id) ?? [];
  const byOffer = (customer: CustomerRow, offerName: string): SubscriptionRow => {
    const found = of(customer).find((s) => s.offerName === offerName);
    if (!found) throw new Error(`seed: ${customer.companyName} has no ${offerName} subscription`);
    return found;
  };
  return { of, byOffer };
}

/**
 * Picks an ACTIVE subscription of one of the partner's generated customers, ending within the range,
 * not `taken` yet; customers not targeted yet first, for variety, then wider ranges when none is left.
 */
function makeGeneratedPicker(
  clock: Clock,
  generated: (partner: PartnerKey) => CustomerRow[],
  subscriptions: Subscriptions,
  taken: Set<string>,
): (partner: PartnerKey, range: readonly [number, number]) => Target {
  const targeted = new Set<string>();
  const daysLeft = (s: SubscriptionRow) => Math.round((s.commitmentEndDate.getTime() - clock.day(0).getTime()) / DAY_MS);
  return (partner, [minDays, maxDays]) => {
    const customers = generated(partner);
    for (const [low, high] of [
      [minDays, maxDays],
      [1, 365],
      [1, 1095],
    ] as const) {
      const order = [...customers.filter((c) => !targeted.has(c.id)), ...customers.filter((c) => targeted.has(c.id))];
      for (const customer of order) {
        const subscription = subscriptions
          .of(customer)
          .find((s) => s.status === 'ACTIVE' && !taken.has(s.id) && daysLeft(s) >= low && daysLeft(s) <= high);
        if (subscription) {
          taken.add(subscription.id);
          targeted.add(customer.id);
          return { customer, subscriptions: [subscription] };
        }
      }
    }
    throw new Error('seed: no generated subscription left to target');
  };
}

/** Resolves a notice's targets; one target per customer (two picked subscriptions of the same customer are merged). */
function makeTargetResolver(clock: Clock, customers: CustomerSet): (partner: PartnerKey, specs: readonly TargetSpec[]) => Target[] {
  const subscriptions = indexSubscriptions(customers.subscriptions);
  const neverNotified = subscriptions.byOffer(customers.customer(NEVER_NOTIFIED.customer), NEVER_NOTIFIED.offerName);
  const pickGenerated = makeGeneratedPicker(clock, customers.generated, subscriptions, new Set([neverNotified.id]));
  const resolve = (partner: PartnerKey, spec: TargetSpec): Target => {
    if ('generatedEndingWithin' in spec) return pickGenerated(partner, spec.generatedEndingWithin);
    const customer = customers.customer(spec.customer);
    if ('offers' in spec) return { customer, subscriptions: spec.offers.map((offer) => subscriptions.byOffer(customer, offer)) };
    const active = subscriptions.of(customer).filter((s) => s.status === 'ACTIVE');
    return { customer, subscriptions: active.slice(0, spec.firstActive) };
  };
  return (partner, specs) => {
    const targets: Target[] = [];
    for (const target of specs.map((spec) => resolve(partner, spec))) {
      if (target.subscriptions.includes(neverNotified)) {
        throw new Error(`seed: ${NEVER_NOTIFIED.customer}'s ${NEVER_NOTIFIED.offerName} must stay without a notice`);
      }
      const same = targets.find((t) => t.customer.id === target.customer.id);
      if (same) same.subscriptions.push(...target.subscriptions);
      else targets.push({ customer: target.customer, subscriptions: [...target.subscriptions] });
    }
    return targets;
  };
}

function noticeRow(id: string, spec: NoticeSpec, times: NoticeTimes, inputs: NoticeInputs): Prisma.NoticeCreateManyInput {
  return {
    id,
    partnerId: inputs.partner(spec.partner).id,
    kind: spec.kind,
    status: spec.status,
    ...spec.text,
    recipientRoles: spec.roles,
    scheduledAt: times.scheduledAt ?? null,
    sentAt: spec.status === 'FAILED' ? null : (times.sentAt ?? null),
    cancelledAt: times.cancelledAt ?? null,
    archivedAt: times.archivedAt ?? null,
    version: spec.version,
    templateId: spec.template ? inputs.template(spec.template).id : null,
    createdById: inputs.user(spec.createdBy).id,
    createdAt: times.createdAt,
    updatedAt: times.archivedAt ?? times.cancelledAt ?? times.sentAt ?? times.queuedAt,
  };
}

/** The targets' contacts in the notice's roles, each address once. */
function recipientsOf(targets: readonly Target[], roles: NoticeSpec['roles'], contactsByCustomer: Map<string, ContactRow[]>): Recipient[] {
  const recipients: Recipient[] = [];
  const seen = new Set<string>();
  for (const target of targets) {
    for (const contact of contactsByCustomer.get(target.customer.id) ?? []) {
      if (!roles.includes(contact.role) || seen.has(contact.email)) continue;
      seen.add(contact.email);
      recipients.push({ customer: target.customer, contact });
    }
  }
  return recipients;
}

type DeliveryState = Pick<
  Prisma.NoticeDeliveryCreateManyInput,
  'status' | 'attempts' | 'nextAttemptAt' | 'sentAt' | 'lastError' | 'updatedAt'
>;

/** Where one delivery stands, given its notice's status; `deliveredAt` is when it was sent or failed. */
function deliveryState(spec: NoticeSpec, times: NoticeTimes, index: number, deliveredAt: Date): DeliveryState {
  switch (spec.status) {
    case 'SCHEDULED':
      return { status: 'QUEUED', attempts: 0, nextAttemptAt: times.scheduledAt ?? times.queuedAt, updatedAt: times.queuedAt };
    case 'SENDING':
      return { status: 'QUEUED', attempts: 0, nextAttemptAt: times.queuedAt, updatedAt: times.queuedAt };
    case 'CANCELLED':
      return { status: 'CANCELLED', attempts: 0, updatedAt: times.cancelledAt ?? times.queuedAt };
  }
  // PARTIALLY_FAILED: every third recipient from the second one failed (so one sent, one failed at least).
  if (spec.status === 'FAILED' || (spec.status === 'PARTIALLY_FAILED' && index % 3 === 1)) {
    return {
      status: 'FAILED',
      attempts: spec.status === 'FAILED' ? 5 : 1,
      lastError: spec.failure ?? 'RECIPIENT_REJECTED',
      updatedAt: deliveredAt,
    };
  }
  return { status: 'SENT', attempts: 1, sentAt: deliveredAt, updatedAt: deliveredAt };
}

function deliveryRows(
  rng: Random,
  noticeId: string,
  spec: NoticeSpec,
  times: NoticeTimes,
  partner: PartnerRow,
  recipients: readonly Recipient[],
): Prisma.NoticeDeliveryCreateManyInput[] {
  if (spec.status === 'PARTIALLY_FAILED' && recipients.length < 2) throw new Error('seed: a partially failed notice needs two recipients');
  const sentAt = times.sentAt ?? times.queuedAt;
  const mailDomain = partner.senderReplyTo.split('@')[1] ?? 'portal.example';
  return recipients.map(({ customer, contact }, index): Prisma.NoticeDeliveryCreateManyInput => {
    const base = {
      id: rng.uuid(),
      partnerId: partner.id,
      noticeId,
      customerId: customer.id,
      contactId: contact.id,
      recipientEmail: contact.email,
      recipientName: contact.name,
      language: contact.language ?? customer.preferredLanguage,
      messageId: `<${rng.uuid()}@${mailDomain}>`,
      createdAt: times.queuedAt,
    };
    // Sent or failed seven seconds apart, all before the notice's sentAt.
    const deliveredAt = new Date(sentAt.getTime() - (recipients.length - index) * 7_000);
    return { ...base, ...deliveryState(spec, times, index, deliveredAt) };
  });
}

export function buildNotices(rng: Random, clock: Clock, inputs: NoticeInputs): NoticeRows {
  const resolveTargets = makeTargetResolver(clock, inputs.customers);
  const contactsByCustomer = groupBy(inputs.customers.contacts, (c) => c.customerId);
  const out: NoticeRows = { notices: [], noticeCustomers: [], noticeSubscriptions: [], deliveries: [] };
  for (const spec of NOTICES) {
    const targets = resolveTargets(spec.partner, spec.targets);
    const times = noticeTimes(clock, spec);
    const id = rng.uuid();
    out.notices.push(noticeRow(id, spec, times, inputs));
    for (const target of targets) {
      const partnerId = target.customer.partnerId;
      out.noticeCustomers.push({ partnerId, noticeId: id, customerId: target.customer.id });
      for (const subscription of target.subscriptions)
        out.noticeSubscriptions.push({ partnerId, noticeId: id, subscriptionId: subscription.id });
    }
    if (spec.status === 'DRAFT') continue;
    const recipients = recipientsOf(targets, spec.roles, contactsByCustomer);
    out.deliveries.push(...deliveryRows(rng, id, spec, times, inputs.partner(spec.partner), recipients));
  }
  return out;
}
