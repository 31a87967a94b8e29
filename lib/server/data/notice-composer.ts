import 'server-only';
import { isoDay } from '../../domain/dates';
import { getDb } from '../db';
import { partnerScope, type Viewer } from '../viewer';
import { listCustomers } from './customers';
import { isUuid } from '../../domain/ids';
import { listTemplates } from './notice-templates';
import type { NoticeKind } from '../../schemas/notices';
import { localeFromDb, type Locale } from '../../i18n/locales';
import { CONTACT_ROLES, type ContactRole, type NoticeContent } from '../../domain/notice-template';

// Reads for the notice composer: the customer picker's search (the customer list's own indexed
// search, a few rows at a time, so it scales to a partner's 100,000 customers) and, for the
// customers picked, their subscriptions (to choose the ones concerned) and how many contacts of
// each role they have (to tell the user who would receive the notice). Scoped by partner: an id
// of another partner is simply not found.

export const COMPOSER_SEARCH_LIMIT = 10;
/** Customers the composer loads subscriptions for at once. */
export const COMPOSER_CUSTOMERS_MAX = 200;
/** Subscriptions listed per customer in the composer, soonest commitment end first. */
export const COMPOSER_SUBSCRIPTIONS_MAX = 100;

export type ComposerCustomerMatch = { id: string; companyName: string; domain: string };

/** Customers whose name or domain matches `q` (at least one character), by name, at most COMPOSER_SEARCH_LIMIT. */
export async function searchComposerCustomers(viewer: Viewer, q: string): Promise<ComposerCustomerMatch[]> {
  partnerScope(viewer);
  const text = typeof q === 'string' ? q.trim().slice(0, 200) : '';
  if (text === '') return [];
  const page = await listCustomers(viewer, { q: text, sort: 'name' }, { pageSize: COMPOSER_SEARCH_LIMIT });
  return page.rows.map((row) => ({ id: row.id, companyName: row.companyName, domain: row.domain }));
}

export type ComposerSubscription = {
  id: string;
  offerName: string;
  quantity: number;
  status: 'ACTIVE' | 'SUSPENDED' | 'EXPIRED' | 'CANCELLED';
  /** The commitment end, a calendar day (YYYY-MM-DD). */
  commitmentEndDate: string;
};

export type ComposerCustomer = {
  id: string;
  companyName: string;
  domain: string;
  preferredLanguage: Locale;
  subscriptions: ComposerSubscription[];
  /** More subscriptions than listed. */
  moreSubscriptions: boolean;
  /** Contacts with an address, per role. */
  contactsByRole: Record<ContactRole, number>;
};

/**
 * The customers `ids` of the viewer's partner (unknown or foreign ids are left out; invalid ids
 * ignored; at most COMPOSER_CUSTOMERS_MAX), in the order given, with their subscriptions and
 * contact counts.
 */
export async function getComposerCustomers(viewer: Viewer, ids: readonly string[]): Promise<ComposerCustomer[]> {
  const partnerId = partnerScope(viewer);
  const wanted = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))].slice(0, COMPOSER_CUSTOMERS_MAX);
  if (wanted.length === 0) return [];
  const db = getDb();
  const [customers, contacts] = await Promise.all([
    db.customer.findMany({
      where: { partnerId, id: { in: wanted } },
      select: {
        id: true,
        companyName: true,
        domain: true,
        preferredLanguage: true,
        subscriptions: {
          where: { partnerId },
          select: { id: true, offerName: true, quantity: true, status: true, commitmentEndDate: true },
          orderBy: [{ commitmentEndDate: 'asc' }, { offerName: 'asc' }, { id: 'asc' }],
          take: COMPOSER_SUBSCRIPTIONS_MAX + 1,
        },
      },
    }),
    db.contact.groupBy({
      by: ['customerId', 'role'],
      where: { partnerId, customerId: { in: wanted }, email: { not: '' } },
      _count: { _all: true },
    }),
  ]);
  const byId = new Map(customers.map((customer) => [customer.id, customer]));
  return wanted.flatMap((id) => {
    const customer = byId.get(id);
    if (!customer) return [];
    const contactsByRole = Object.fromEntries(CONTACT_ROLES.map((role) => [role, 0])) as Record<ContactRole, number>;
    for (const group of contacts) if (group.customerId === id) contactsByRole[group.role] = group._count._all;
    return [
      {
        id: customer.id,
        companyName: customer.companyName,
        domain: customer.domain,
        preferredLanguage: localeFromDb(customer.preferredLanguage),
        subscriptions: customer.subscriptions.slice(0, COMPOSER_SUBSCRIPTIONS_MAX).map((subscription) => ({
          id: subscription.id,
          offerName: subscription.offerName,
          quantity: subscription.quantity,
          status: subscription.status,
          commitmentEndDate: isoDay(subscription.commitmentEndDate),
        })),
        moreSubscriptions: customer.subscriptions.length > COMPOSER_SUBSCRIPTIONS_MAX,
        contactsByRole,
      },
    ];
  });
}

export type ComposerTemplate = { id: string; name: string; kind: NoticeKind; content: NoticeContent };

/** The partner's templates by name, as the composer's template select needs them (any partner role). */
export async function listComposerTemplates(viewer: Viewer): Promise<ComposerTemplate[]> {
  const templates = await listTemplates(viewer);
  return templates.map((template) => ({ id: template.id, name: template.name, kind: template.kind, content: template.content }));
}
