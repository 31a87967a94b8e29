// Test data for the notice tests: a partner of its own with an admin, an agent and a viewer,
// customers with contacts and subscriptions built per test, removed again afterwards (every
// notice, delivery, template and rule of the partner; its users and audit events stay).
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../lib/runtime/prisma';
import type { UserViewer } from '../../lib/server/viewer';
import type { Role } from '../../lib/domain/permissions';
import { removePartnerData, testDb } from './factories';

const DAY = 86_400_000;

export type NoticeTestCustomer = {
  id: string;
  companyName: string;
  contacts: { id: string; email: string; role: 'PRIMARY' | 'BILLING' | 'TECHNICAL'; language: 'en' | 'zh-TW' | null }[];
  subscriptions: { id: string; offerName: string; commitmentEndDate: Date }[];
};

export type CustomerSpec = {
  name?: string;
  language?: 'en' | 'zh-TW';
  contacts?: { role?: 'PRIMARY' | 'BILLING' | 'TECHNICAL'; language?: 'en' | 'zh-TW' | null; email?: string; name?: string }[];
  /** Days from today (UTC) to each subscription's commitment end. */
  subscriptions?: {
    endsInDays: number;
    offerName?: string;
    status?: 'ACTIVE' | 'SUSPENDED' | 'EXPIRED' | 'CANCELLED';
    quantity?: number;
    autoRenew?: boolean;
  }[];
};

export type NoticeTestPartner = {
  partnerId: string;
  name: string;
  admin: UserViewer;
  agent: UserViewer;
  viewer: UserViewer;
  suffix: string;
  addCustomer: (spec?: CustomerSpec) => Promise<NoticeTestCustomer>;
  cleanup: () => Promise<void>;
};

const startOfUtcDay = (date: Date) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));

export async function createNoticePartner(
  options: { name?: string; senderName?: string | null; senderReplyTo?: string | null; db?: PrismaClient } = {},
): Promise<NoticeTestPartner> {
  const db = options.db ?? testDb();
  const suffix = randomUUID().slice(0, 8);
  const name = options.name ?? `Notice Partner ${suffix}`;
  const partner = await db.partner.create({
    data: {
      name,
      partnerNumber: `N${suffix}`,
      cloud: 'PUBLIC',
      senderName: options.senderName === undefined ? `${name} Billing` : options.senderName,
      senderReplyTo: options.senderReplyTo === undefined ? `billing-${suffix}@partner.example` : options.senderReplyTo,
    },
    select: { id: true, name: true },
  });
  const mkUser = async (role: Exclude<Role, 'PORTAL_ADMIN'>): Promise<UserViewer> => {
    const user = await db.user.create({
      data: { email: `${role.toLowerCase()}-${suffix}@notices.example`, displayName: `${role} ${suffix}`, role, partnerId: partner.id },
      select: { id: true, email: true, displayName: true },
    });
    return {
      userId: user.id,
      email: user.email,
      name: user.displayName,
      role,
      partnerId: partner.id,
      partnerName: partner.name,
      locale: 'en',
      timeZone: 'UTC',
    };
  };
  const admin = await mkUser('PARTNER_ADMIN');
  const agent = await mkUser('PARTNER_AGENT');
  const viewer = await mkUser('PARTNER_VIEWER');
  let customerNumber = 0;

  const addCustomer = async (spec: CustomerSpec = {}): Promise<NoticeTestCustomer> => {
    const number = ++customerNumber;
    const companyName = spec.name ?? `Customer ${number} ${suffix}`;
    const customer = await db.customer.create({
      data: {
        partnerId: partner.id,
        companyName,
        domain: `c${number}-${suffix}.example`,
        tenantId: randomUUID(),
        preferredLanguage: spec.language === 'zh-TW' ? 'zh_TW' : 'en',
      },
      select: { id: true },
    });
    const contacts: NoticeTestCustomer['contacts'] = [];
    for (const [index, contact] of (spec.contacts ?? [{ role: 'BILLING' }]).entries()) {
      const role = contact.role ?? 'BILLING';
      const email = contact.email ?? `${role.toLowerCase()}${index}.c${number}-${suffix}@customer.example`;
      const row = await db.contact.create({
        data: {
          partnerId: partner.id,
          customerId: customer.id,
          name: contact.name ?? `${role} contact ${index}`,
          email,
          role,
          language: contact.language === 'zh-TW' ? 'zh_TW' : contact.language === 'en' ? 'en' : null,
        },
        select: { id: true },
      });
      contacts.push({ id: row.id, email, role, language: contact.language ?? null });
    }
    const subscriptions: NoticeTestCustomer['subscriptions'] = [];
    const today = startOfUtcDay(new Date());
    for (const [index, subscription] of (spec.subscriptions ?? []).entries()) {
      const commitmentEndDate = new Date(today.getTime() + subscription.endsInDays * DAY);
      const offerName = subscription.offerName ?? `Offer ${index + 1}`;
      const row = await db.subscription.create({
        data: {
          partnerId: partner.id,
          customerId: customer.id,
          offerName,
          quantity: subscription.quantity ?? 10,
          status: subscription.status ?? 'ACTIVE',
          term: 'P1Y',
          billingCycle: 'ANNUAL',
          autoRenew: subscription.autoRenew ?? true,
          startDate: new Date(commitmentEndDate.getTime() - 365 * DAY),
          commitmentEndDate,
        },
        select: { id: true },
      });
      subscriptions.push({ id: row.id, offerName, commitmentEndDate });
    }
    return { id: customer.id, companyName, contacts, subscriptions };
  };

  const cleanup = () => removePartnerData(db, partner.id);
  return { partnerId: partner.id, name: partner.name, admin, agent, viewer, suffix, addCustomer, cleanup };
}

export const RENEWAL_CONTENT = {
  en: {
    subject: 'Your {{subscription.offerName}} renews on {{subscription.endDate}}',
    body: 'Dear {{customer.name}},\n\nThese subscriptions renew soon:\n\n{{subscriptions}}\n\nRegards,\n{{partner.name}}',
  },
  'zh-TW': {
    subject: '您的 {{subscription.offerName}} 將於 {{subscription.endDate}} 續約',
    body: '{{customer.name}} 您好：\n\n以下訂閱即將續約：\n\n{{subscriptions}}\n\n{{partner.name}} 敬上',
  },
};

export const GENERAL_CONTENT = {
  en: { subject: 'A note for {{customer.name}}', body: 'Hello **{{customer.name}}**, from {{partner.name}}.' },
  'zh-TW': { subject: '給 {{customer.name}} 的通知', body: '{{customer.name}} 您好，{{partner.name}} 敬上。' },
};
