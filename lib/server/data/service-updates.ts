import 'server-only';
import { getDb } from '../db';
import { partnerScope, type Viewer } from '../viewer';
import { isUuid } from '../../domain/ids';
import {
  decide,
  isMicrosoftOutcome,
  type CommunicationCategory,
  type PolicyCustomer,
  type PolicyOutcome,
  type PolicyReason,
} from '../../domain/policy';
import type { NoticeStatus } from '../../domain/notice-lifecycle';
import { CONTACT_ROLES, type ContactRole, type NoticeContent } from '../../domain/notice-template';
import {
  DEFAULT_SERVICE_UPDATE_CONTENT,
  DEFAULT_SERVICE_UPDATE_FOLLOW_UP_CONTENT,
  GONE_OUT_STATUSES,
  serviceUpdateOffer,
  type ServiceUpdateOffer,
} from '../../domain/service-updates';
import type { Locale } from '../../i18n/locales';
import { contentFromRow } from './notice-content';

// Telling affected customers about a Microsoft communication (SERVICE_UPDATE notices): what its
// page shows of the partner's notices about it and offers ("Tell affected customers", "Send an
// update"), and what the composer opens with — the affected customers (all chosen, or for an
// update those the last notice went to), the policy per customer (for the communication's category
// for that customer, stored on its link: docs/decisions/0030), recipients by contact role, and
// the text from the partner's SERVICE_UPDATE template or the built-in one. Scoped by partner:
// another partner's communication is not found (null).

/** Affected customers the composer lists one by one (the others are included all the same). */
export const AFFECTED_SHOWN = 500;
/** Technical contacts receive service updates unless the user chooses other roles. */
export const SERVICE_UPDATE_DEFAULT_ROLES: readonly ContactRole[] = ['TECHNICAL'];

export type CommunicationNotice = {
  id: string;
  status: NoticeStatus;
  subjects: Record<Locale, string>;
  /** The communication's status when the notice was made. */
  communicationStatus: string | null;
  createdAt: Date;
  sentAt: Date | null;
  customerCount: number;
  /** The automatic rule that made it (none: a person). */
  ruleName: string | null;
};

export type CommunicationNotices = { offer: ServiceUpdateOffer; notices: CommunicationNotice[] };

async function findCommunication(partnerId: string, id: string) {
  if (!isUuid(id)) return null;
  return getDb().microsoftCommunication.findFirst({
    where: { id: id.toLowerCase(), partnerId },
    select: { id: true, externalId: true, title: true, status: true, category: true },
  });
}

async function noticesOf(partnerId: string, communicationId: string) {
  return getDb().notice.findMany({
    where: { partnerId, communicationId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: {
      id: true,
      status: true,
      subjectEn: true,
      subjectZhTw: true,
      communicationStatus: true,
      createdAt: true,
      sentAt: true,
      recipientRoles: true,
      serviceUpdateRule: { select: { name: true } },
      _count: { select: { customers: true } },
    },
  });
}

/** The partner's notices about a communication, newest first, and what its page offers; null when it is not the partner's. */
export async function getCommunicationNotices(viewer: Viewer, communicationId: string): Promise<CommunicationNotices | null> {
  const partnerId = partnerScope(viewer);
  const communication = await findCommunication(partnerId, communicationId);
  if (!communication) return null;
  const rows = await noticesOf(partnerId, communication.id);
  return {
    offer: serviceUpdateOffer(communication.status, rows),
    notices: rows.map((row) => ({
      id: row.id,
      status: row.status,
      subjects: { en: row.subjectEn, 'zh-TW': row.subjectZhTw },
      communicationStatus: row.communicationStatus,
      createdAt: row.createdAt,
      sentAt: row.sentAt,
      customerCount: row._count.customers,
      ruleName: row.serviceUpdateRule?.name ?? null,
    })),
  };
}

export type AffectedChoice = {
  id: string;
  companyName: string;
  /** The communication's category for this customer (its link's: 0030). */
  category: CommunicationCategory;
  /** The policy for that category: who may tell this customer. */
  outcome: PolicyOutcome;
  reason: PolicyReason;
  /** Microsoft may already have told this customer directly. */
  microsoftMayHaveTold: boolean;
  /** Contacts with an address, per role. */
  contactsByRole: Record<ContactRole, number>;
};

export type ServiceUpdateComposer = {
  communication: { id: string; externalId: string; title: string; status: string; category: CommunicationCategory };
  /** An update to the recipients of the last notice that went out ("Send an update"), else a first notice. */
  isUpdate: boolean;
  previousNoticeId: string | null;
  /** Every affected customer (those listed: the first AFFECTED_SHOWN by name). */
  affectedCount: number;
  affected: AffectedChoice[];
  /** Affected customers left out to begin with (an update: those the last notice did not go to); all of them, listed or not. */
  excludedIds: string[];
  recipientRoles: ContactRole[];
  /** The partner's first SERVICE_UPDATE template by name, else none (the built-in text). */
  templateId: string | null;
  content: NoticeContent;
};

/**
 * What the composer opens with for a notice about this communication: `update` asks for "Send an
 * update" (honoured when a notice about it has gone out; else it is a first notice); `noticeId`
 * (editing a notice about it) leaves out the affected customers that notice does not target. Null
 * when the communication is not the partner's.
 */
export async function getServiceUpdateComposer(
  viewer: Viewer,
  communicationId: string,
  options: { update?: boolean; noticeId?: string } = {},
): Promise<ServiceUpdateComposer | null> {
  const partnerId = partnerScope(viewer);
  const communication = await findCommunication(partnerId, communicationId);
  if (!communication) return null;
  const db = getDb();
  const [notices, affectedRows, template] = await Promise.all([
    noticesOf(partnerId, communication.id),
    db.$queryRaw<
      {
        id: string;
        companyName: string;
        category: CommunicationCategory;
        relationshipToPartner: PolicyCustomer['relationshipToPartner'];
        directRelationship: PolicyCustomer['directRelationship'];
        cloud: PolicyCustomer['cloud'];
      }[]
    >`
      SELECT c."id"::text AS "id", c."companyName", l."category"::text AS "category",
             c."relationshipToPartner"::text AS "relationshipToPartner",
             c."directRelationship"::text AS "directRelationship", c."cloud"::text AS "cloud"
      FROM "CommunicationAffectedCustomer" AS l
      JOIN "Customer" AS c ON c."id" = l."customerId" AND c."partnerId" = l."partnerId"
      WHERE l."partnerId" = ${partnerId}::uuid AND l."communicationId" = ${communication.id}::uuid
      ORDER BY c."companyName", c."id"`,
    db.noticeTemplate.findFirst({
      where: { partnerId, kind: 'SERVICE_UPDATE' },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
      select: { id: true, subjectEn: true, bodyEn: true, subjectZhTw: true, bodyZhTw: true },
    }),
  ]);
  const previous = options.update ? notices.find((notice) => GONE_OUT_STATUSES.includes(notice.status)) : undefined;
  // The notice whose targets decide who is chosen: the one edited, or for an update the last one that went out.
  const reference = options.noticeId ? notices.find((notice) => notice.id === options.noticeId?.toLowerCase()) : previous;
  let excludedIds: string[] = [];
  if (reference) {
    const told = new Set(
      (await db.noticeCustomer.findMany({ where: { partnerId, noticeId: reference.id }, select: { customerId: true } })).map(
        (row) => row.customerId,
      ),
    );
    excludedIds = affectedRows.filter((row) => !told.has(row.id)).map((row) => row.id);
  }
  const shown = affectedRows.slice(0, AFFECTED_SHOWN);
  const contacts =
    shown.length === 0
      ? []
      : await db.contact.groupBy({
          by: ['customerId', 'role'],
          where: { partnerId, customerId: { in: shown.map((row) => row.id) }, email: { not: '' } },
          _count: { _all: true },
        });
  const affected = shown.map((row): AffectedChoice => {
    // The communication's category for this customer, as its page decides it (communications.ts).
    const decision = decide(row, row.category);
    const contactsByRole = Object.fromEntries(CONTACT_ROLES.map((role) => [role, 0])) as Record<ContactRole, number>;
    for (const group of contacts) if (group.customerId === row.id) contactsByRole[group.role] = group._count._all;
    return {
      id: row.id,
      companyName: row.companyName,
      category: row.category,
      outcome: decision.outcome,
      reason: decision.reason,
      microsoftMayHaveTold: isMicrosoftOutcome(decision.outcome),
      contactsByRole,
    };
  });
  const isUpdate = previous !== undefined;
  return {
    communication,
    isUpdate,
    previousNoticeId: previous?.id ?? null,
    affectedCount: affectedRows.length,
    affected,
    excludedIds,
    recipientRoles: previous ? previous.recipientRoles : [...SERVICE_UPDATE_DEFAULT_ROLES],
    templateId: template?.id ?? null,
    content: template ? contentFromRow(template) : isUpdate ? DEFAULT_SERVICE_UPDATE_FOLLOW_UP_CONTENT : DEFAULT_SERVICE_UPDATE_CONTENT,
  };
}
