import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CATEGORY_RULES,
  baseCategory,
  billingMatches,
  categoryForCustomer,
  explainCategory,
  nonCspServiceOf,
  ruleListOf,
  sameService,
  titleHas,
  type CategoryRules,
} from '@/lib/domain/communication-category';
import { DIRECT_RELATIONSHIPS } from '@/lib/domain/policy';

const post = (title: string, tags: string[] = [], services: string[] = []) => ({
  kind: 'serviceUpdateMessage' as const,
  title,
  tags,
  services,
});
const issue = { kind: 'serviceHealthIssue' as const, title: 'Price of everything', tags: ['Billing'], services: ['Azure'] };
const NO_RULES: CategoryRules = { titleWords: [], tags: [], services: [] };

describe('base category: incidents, posts, billing rules', () => {
  it('a health issue is a service incident whatever its words, tags and services', () => {
    expect(baseCategory(issue, DEFAULT_CATEGORY_RULES)).toBe('SERVICE_INCIDENT');
    expect(baseCategory({ ...issue, tags: ['Non-CSP'] }, DEFAULT_CATEGORY_RULES)).toBe('SERVICE_INCIDENT');
  });

  it.each([
    ['Price update for Microsoft 365 Business plans', [], 'SUBSCRIPTION_BILLING'],
    ['New pricing for Teams Phone', [], 'SUBSCRIPTION_BILLING'],
    ['Changes to license assignment reports', [], 'SUBSCRIPTION_BILLING'],
    ['Licensing changes for Copilot', [], 'SUBSCRIPTION_BILLING'],
    ['Your invoice will show a new line', [], 'SUBSCRIPTION_BILLING'],
    ['Microsoft 365 定價調整', [], 'SUBSCRIPTION_BILLING'],
    ['授權報表變更', [], 'SUBSCRIPTION_BILLING'],
    ['Priceless new feature in Teams', [], 'OPERATIONAL'],
    ['Retirement of Exchange Web Services', ['Retirement', 'Admin impact'], 'OPERATIONAL'],
    ['A plain title', ['billing'], 'SUBSCRIPTION_BILLING'],
    ['A plain title', ['Licensing', 'Admin impact'], 'SUBSCRIPTION_BILLING'],
    ['A plain title', ['Non-CSP'], 'NON_CSP_PRODUCTS'],
    ['Price update', ['Enterprise Agreement'], 'NON_CSP_PRODUCTS'],
  ] as const)('%j tagged %j → %s (default rules)', (title, tags, category) => {
    expect(baseCategory(post(title, [...tags]), DEFAULT_CATEGORY_RULES)).toBe(category);
  });

  it('the partner’s rules decide: words, tags, services, each without regard to case', () => {
    const rules: CategoryRules = {
      titleWords: ['subscription renewal', '續約'],
      tags: ['Plan for change'],
      services: ['Microsoft 365 Apps'],
    };
    expect(baseCategory(post('Subscription  Renewal reminders change'), rules)).toBe('SUBSCRIPTION_BILLING');
    expect(baseCategory(post('自動續約的變更'), rules)).toBe('SUBSCRIPTION_BILLING');
    expect(baseCategory(post('x', ['PLAN FOR CHANGE']), rules)).toBe('SUBSCRIPTION_BILLING');
    expect(baseCategory(post('x', [], ['microsoft 365 apps']), rules)).toBe('SUBSCRIPTION_BILLING');
    expect(baseCategory(post('Price update'), rules)).toBe('OPERATIONAL');
    expect(baseCategory(post('Price update', ['Billing']), NO_RULES)).toBe('OPERATIONAL');
  });

  it('whole words for Latin script, anywhere for Chinese', () => {
    expect(titleHas('Price update', 'price')).toBe(true);
    expect(titleHas('(Updated) Price: Teams', 'price')).toBe(true);
    expect(titleHas('Priceless', 'price')).toBe(false);
    expect(titleHas('Sublicense terms', 'license')).toBe(false);
    expect(titleHas('Microsoft 365 價格', '價格')).toBe(true);
    expect(titleHas('anything', '   ')).toBe(false);
  });

  it('says which rules matched', () => {
    expect(billingMatches(post('New pricing', ['Billing'], ['Azure']), { ...DEFAULT_CATEGORY_RULES, services: ['azure'] })).toEqual([
      { rule: 'TITLE_WORD', value: 'pricing' },
      { rule: 'TAG', value: 'Billing' },
      { rule: 'SERVICE', value: 'azure' },
    ]);
  });

  it('property: with no rules and no non-CSP tag a post is operational; a non-CSP tag always wins', () => {
    const special = new Set(['non-csp', 'direct agreement', 'enterprise agreement']);
    const plain = fc.string().filter((tag) => !special.has(tag.trim().replace(/\s+/g, ' ').toLowerCase()));
    fc.assert(
      fc.property(
        fc.string(),
        fc.array(plain),
        fc.array(fc.string()),
        (title, tags, services) => baseCategory(post(title, tags, services), NO_RULES) === 'OPERATIONAL',
      ),
    );
    fc.assert(
      fc.property(
        fc.string(),
        fc.array(fc.string()),
        fc.constantFrom('Non-CSP', 'direct agreement', ' ENTERPRISE  agreement '),
        (title, tags, tag) => baseCategory(post(title, [...tags, tag]), DEFAULT_CATEGORY_RULES) === 'NON_CSP_PRODUCTS',
      ),
    );
  });
});

describe('per customer: a post about what the customer buys outside CSP', () => {
  const dynamics = post('Dynamics 365: new security roles', ['Admin impact'], ['Dynamics 365 Apps']);
  const verified = { directRelationship: 'VERIFIED' as const, directServices: ['Azure', 'Dynamics 365'] };

  it('is NON_CSP_PRODUCTS for a verified customer who buys it directly, the base category for the others', () => {
    expect(categoryForCustomer('OPERATIONAL', dynamics, verified)).toBe('NON_CSP_PRODUCTS');
    expect(categoryForCustomer('SUBSCRIPTION_BILLING', dynamics, verified)).toBe('NON_CSP_PRODUCTS');
    expect(categoryForCustomer('OPERATIONAL', dynamics, { directRelationship: 'VERIFIED', directServices: ['Azure'] })).toBe('OPERATIONAL');
    for (const directRelationship of DIRECT_RELATIONSHIPS.filter((r) => r !== 'VERIFIED')) {
      expect(categoryForCustomer('OPERATIONAL', dynamics, { directRelationship, directServices: ['Dynamics 365'] })).toBe('OPERATIONAL');
    }
  });

  it('never changes an incident, and a tagged non-CSP post stays one', () => {
    expect(categoryForCustomer('SERVICE_INCIDENT', { kind: 'serviceHealthIssue', services: ['Azure'] }, verified)).toBe('SERVICE_INCIDENT');
    expect(categoryForCustomer('NON_CSP_PRODUCTS', dynamics, { directRelationship: 'NONE', directServices: [] })).toBe('NON_CSP_PRODUCTS');
  });

  it.each([
    ['Microsoft Azure', 'Azure', true],
    ['Dynamics 365 Apps', 'Dynamics 365', true],
    ['Exchange Online', 'Exchange Online Plan 2', true],
    ['Microsoft 365 suite', 'microsoft 365', true],
    ['Dynamics 365 Apps', 'Dynamics 365 Business Central', false],
    ['Azure DevOps', 'DevOps Server', false],
    ['Microsoft Teams', 'Teams Phone', false],
  ] as const)('%j and %j are the same service: %s', (service, declared, same) => {
    expect(sameService(service, declared)).toBe(same);
  });

  it('names the first matching service', () => {
    expect(nonCspServiceOf(['Exchange Online', 'Microsoft Azure'], ['Azure'])).toBe('Microsoft Azure');
    expect(nonCspServiceOf(['Exchange Online'], ['Azure'])).toBeNull();
    expect(nonCspServiceOf([], ['Azure'])).toBeNull();
  });

  it('the tester explains the category, and what it is for a customer', () => {
    expect(explainCategory(post('Price update', ['Billing'], ['Azure']), DEFAULT_CATEGORY_RULES, ['Azure'])).toEqual({
      category: 'SUBSCRIPTION_BILLING',
      reason: 'BILLING_RULES',
      matches: [
        { rule: 'TITLE_WORD', value: 'price' },
        { rule: 'TAG', value: 'Billing' },
      ],
      nonCspService: 'Azure',
    });
    expect(explainCategory(post('x', ['Non-CSP']), DEFAULT_CATEGORY_RULES, ['Azure'])).toMatchObject({
      category: 'NON_CSP_PRODUCTS',
      reason: 'NON_CSP_TAG',
      nonCspService: null,
    });
    expect(explainCategory(post('x'), DEFAULT_CATEGORY_RULES)).toMatchObject({ category: 'OPERATIONAL', reason: 'NO_RULE', matches: [] });
    expect(explainCategory(issue, DEFAULT_CATEGORY_RULES)).toMatchObject({ category: 'SERVICE_INCIDENT', reason: 'HEALTH_ISSUE' });
  });
});

describe('rule lists from a form', () => {
  it('one entry a line or comma (also the Chinese ones), tidied, without duplicates', () => {
    expect(ruleListOf(' price \nPRICE\n\n billing ,  licensing，授權、帳單\n')).toEqual(['price', 'billing', 'licensing', '授權', '帳單']);
    expect(ruleListOf('')).toEqual([]);
  });
});
