import { describe, expect, it } from 'vitest';
import {
  COMMUNICATION_VARIABLES,
  communicationStatusText,
  communicationValue,
  formatCommunicationTime,
  isCommunicationVariable,
} from '@/lib/domain/communication-variables';
import {
  DEFAULT_SERVICE_UPDATE_CONTENT,
  DEFAULT_SERVICE_UPDATE_FOLLOW_UP_CONTENT,
  communicationSeverity,
  ruleMatches,
  serviceKey,
  serviceUpdateOffer,
  type RuleCommunication,
} from '@/lib/domain/service-updates';
import { checkNotice, renderNotice, validateTemplate } from '@/lib/domain/notice-template';
import { LOCALES } from '@/lib/i18n/locales';
import { MESSAGES } from '@/lib/i18n/translate';
import { SERVICE_HEALTH_STATUSES } from '@/lib/schemas/graph';

const INCIDENT = {
  externalId: 'EX123456',
  title: 'Users may experience delays sending or receiving email',
  summary: 'Some users may see delays.',
  service: 'Exchange Online',
  status: 'serviceDegradation',
  startAt: new Date('2026-11-20T08:00:00Z'),
};

describe('communication variables', () => {
  it('are the six the issue names, and only those', () => {
    expect(COMMUNICATION_VARIABLES).toEqual([
      'communication.title',
      'communication.id',
      'communication.service',
      'communication.status',
      'communication.summary',
      'communication.startDateTime',
    ]);
    expect(isCommunicationVariable('communication.title')).toBe(true);
    expect(isCommunicationVariable('communication.severity')).toBe(false);
    expect(isCommunicationVariable('customer.name')).toBe(false);
  });

  it('word every Graph status as the portal shows it, in both languages', () => {
    for (const locale of LOCALES) {
      for (const status of SERVICE_HEALTH_STATUSES) {
        expect(communicationStatusText(status, locale)).toBe(MESSAGES[locale].communications.statuses[status]);
      }
    }
    expect(communicationStatusText('serviceRestored', 'zh-TW')).toBe('服務已還原');
    expect(communicationStatusText('constructor', 'en')).toBe('constructor');
  });

  it('write the start in UTC in each language, and nothing for an invalid date', () => {
    expect(formatCommunicationTime(INCIDENT.startAt, 'en')).toBe('November 20, 2026 at 8:00 AM UTC');
    expect(formatCommunicationTime(INCIDENT.startAt, 'zh-TW')).toBe('2026年11月20日 上午8:00 [UTC]');
    expect(formatCommunicationTime(new Date('nope'), 'en')).toBe('');
  });

  it('give each value, and nothing without a communication', () => {
    expect(COMMUNICATION_VARIABLES.map((variable) => communicationValue(variable, INCIDENT, 'en'))).toEqual([
      INCIDENT.title,
      'EX123456',
      'Exchange Online',
      'Service degradation',
      INCIDENT.summary,
      'November 20, 2026 at 8:00 AM UTC',
    ]);
    expect(COMMUNICATION_VARIABLES.map((variable) => communicationValue(variable, null, 'en'))).toEqual(['', '', '', '', '', '']);
  });
});

describe('the built-in text', () => {
  it('is valid in a notice about a communication, complete in both languages, and not elsewhere', () => {
    for (const content of [DEFAULT_SERVICE_UPDATE_CONTENT, DEFAULT_SERVICE_UPDATE_FOLLOW_UP_CONTENT]) {
      const targets = [
        {
          customerId: 'c',
          preferredLanguage: 'en' as const,
          contacts: [{ language: 'en' as const }, { language: 'zh-TW' as const }],
          subscriptionCount: 0,
        },
      ];
      expect(checkNotice({ content, targets, communication: true })).toEqual([]);
      expect(validateTemplate(content.en.subject, 'subject')).not.toEqual([]);
    }
  });

  it('tells the incident in each language, the update with its new status first', () => {
    const context = { customer: { name: 'Tailspin Toys' }, partner: { name: 'Contoso' }, subscriptions: [], communication: INCIDENT };
    const first = renderNotice(DEFAULT_SERVICE_UPDATE_CONTENT.en, context, 'en');
    expect(first.subject).toBe(`Microsoft service notice: ${INCIDENT.title}`);
    expect(first.text).toContain('EX123456');
    expect(first.text).toContain('Status: Service degradation');
    const zh = renderNotice(DEFAULT_SERVICE_UPDATE_CONTENT['zh-TW'], context, 'zh-TW');
    expect(zh.text).toContain('狀態：服務效能降低');
    const update = renderNotice(
      DEFAULT_SERVICE_UPDATE_FOLLOW_UP_CONTENT.en,
      { ...context, communication: { ...INCIDENT, status: 'serviceRestored' } },
      'en',
    );
    expect(update.subject).toBe(`Update: ${INCIDENT.title} — Service restored`);
  });
});

describe('serviceUpdateOffer', () => {
  const at = (minutes: number) => new Date(Date.UTC(2026, 10, 20, 8, minutes));

  it('offers to tell the customers while no notice about it has gone out', () => {
    expect(serviceUpdateOffer('investigating', [])).toEqual({ code: 'TELL' });
    expect(
      serviceUpdateOffer('investigating', [
        { id: 'a', status: 'DRAFT', communicationStatus: 'investigating', createdAt: at(1) },
        { id: 'b', status: 'CANCELLED', communicationStatus: 'investigating', createdAt: at(2) },
        { id: 'c', status: 'SCHEDULED', communicationStatus: 'investigating', createdAt: at(3) },
      ]),
    ).toEqual({ code: 'TELL' });
  });

  it('offers an update once the status differs from the last notice that went out', () => {
    const notices = [
      { id: 'first', status: 'SENT' as const, communicationStatus: 'investigating', createdAt: at(1) },
      { id: 'draft', status: 'DRAFT' as const, communicationStatus: 'serviceRestored', createdAt: at(5) },
    ];
    expect(serviceUpdateOffer('investigating', notices)).toEqual({ code: 'UP_TO_DATE', previousNoticeId: 'first' });
    expect(serviceUpdateOffer('serviceRestored', notices)).toEqual({
      code: 'UPDATE',
      previousNoticeId: 'first',
      previousStatus: 'investigating',
    });
    const later = [
      ...notices,
      { id: 'second', status: 'PARTIALLY_FAILED' as const, communicationStatus: 'serviceRestored', createdAt: at(6) },
    ];
    expect(serviceUpdateOffer('serviceRestored', later)).toEqual({ code: 'UP_TO_DATE', previousNoticeId: 'second' });
  });

  it('breaks a tie in time by id, whatever the order given', () => {
    const a = { id: 'a', status: 'SENT' as const, communicationStatus: 'x', createdAt: at(1) };
    const b = { id: 'b', status: 'SENT' as const, communicationStatus: 'y', createdAt: at(1) };
    expect(serviceUpdateOffer('y', [a, b])).toEqual(serviceUpdateOffer('y', [b, a]));
    expect(serviceUpdateOffer('y', [a, b])).toEqual({ code: 'UP_TO_DATE', previousNoticeId: 'b' });
  });
});

describe('automatic rules', () => {
  const incident: RuleCommunication = {
    category: 'SERVICE_INCIDENT',
    affectedService: 'Exchange Online',
    severity: null,
    classification: 'incident',
    status: 'serviceDegradation',
  };

  it('read a severity from a post, else from an issue’s classification and status', () => {
    expect(communicationSeverity({ severity: 'critical', classification: 'advisory', status: 'x' })).toBe('critical');
    expect(communicationSeverity({ severity: 'High', classification: 'advisory', status: 'x' })).toBe('high');
    expect(communicationSeverity({ severity: 'unknownFutureValue', classification: 'incident', status: 'x' })).toBe('normal');
    expect(communicationSeverity({ severity: null, classification: 'advisory', status: 'serviceInterruption' })).toBe('normal');
    expect(communicationSeverity({ severity: null, classification: 'incident', status: 'serviceDegradation' })).toBe('high');
    expect(communicationSeverity({ severity: null, classification: 'incident', status: 'serviceInterruption' })).toBe('critical');
  });

  it('match on categories, services (case and spaces aside; none: any) and the least severity (none: any)', () => {
    const rule = { categories: ['SERVICE_INCIDENT' as const], services: [], minSeverity: null };
    expect(ruleMatches(rule, incident)).toBe(true);
    expect(ruleMatches({ ...rule, categories: ['OPERATIONAL'] }, incident)).toBe(false);
    expect(ruleMatches({ ...rule, services: ['  exchange   online '] }, incident)).toBe(true);
    expect(ruleMatches({ ...rule, services: ['SharePoint Online'] }, incident)).toBe(false);
    expect(ruleMatches({ ...rule, minSeverity: 'high' }, incident)).toBe(true);
    expect(ruleMatches({ ...rule, minSeverity: 'critical' }, incident)).toBe(false);
    expect(ruleMatches({ ...rule, minSeverity: 'critical' }, { ...incident, status: 'serviceInterruption' })).toBe(true);
    expect(ruleMatches({ ...rule, minSeverity: 'normal' }, { ...incident, classification: 'advisory' })).toBe(true);
    expect(ruleMatches({ ...rule, minSeverity: 'high' }, { ...incident, classification: 'advisory' })).toBe(false);
  });

  it('compare services by one key', () => {
    expect(serviceKey('  Microsoft   Teams ')).toBe('microsoft teams');
  });
});
