import { describe, expect, it } from 'vitest';
import {
  availableVariables,
  chosenAffected,
  chosenAffectedCount,
  composerReducer,
  estimateRecipients,
  hasText,
  initialComposerState,
  shownTemplates,
  variableField,
  variableToken,
  type ComposerAction,
  type ComposerContent,
  type ComposerInitial,
  type ComposerState,
} from '@/components/notices/composer/composer-state';
import type { ComposerCustomer, ComposerTemplate } from '@/lib/server/data/notice-composer';
import type { AffectedChoice } from '@/lib/server/data/service-updates';
import type { TemplateVariable } from '@/lib/domain/notice-template';

const EMPTY: ComposerContent = { en: { subject: '', body: '' }, 'zh-TW': { subject: '', body: '' } };

function customer(id: string, subscriptionIds: string[], contacts = { PRIMARY: 1, BILLING: 2, TECHNICAL: 0 }): ComposerCustomer {
  return {
    id,
    companyName: `Company ${id}`,
    domain: `${id}.example.com`,
    preferredLanguage: 'en',
    subscriptions: subscriptionIds.map((subscriptionId) => ({
      id: subscriptionId,
      offerName: `Offer ${subscriptionId}`,
      quantity: 5,
      status: 'ACTIVE',
      commitmentEndDate: '2026-06-30',
    })),
    moreSubscriptions: false,
    contactsByRole: contacts,
  };
}

const TAILSPIN = customer('tailspin', ['t-1', 't-2']);
const FABRIKAM = customer('fabrikam', ['f-1'], { PRIMARY: 3, BILLING: 0, TECHNICAL: 4 });

const RENEWAL: ComposerTemplate = {
  id: 'template-renewal',
  name: 'Renewal reminder',
  kind: 'RENEWAL',
  content: {
    en: { subject: 'Your {{subscription.offerName}} renews', body: 'Dear {{customer.name}},' },
    'zh-TW': { subject: '', body: '' },
  },
};
const PRICE: ComposerTemplate = {
  id: 'template-price',
  name: 'Price change',
  kind: 'PRICE_CHANGE',
  content: { en: { subject: 'Prices change', body: 'New prices' }, 'zh-TW': { subject: '價格調整', body: '新價格' } },
};

/** The new-notice page's start: nothing chosen but the billing contacts. */
const NEW_NOTICE: ComposerInitial = {
  kind: 'RENEWAL',
  templateId: null,
  targetMode: 'customers',
  days: '30',
  customers: [],
  subscriptionIds: [],
  recipientRoles: ['BILLING'],
  content: EMPTY,
  scheduleAt: '',
  moreTargets: 0,
};

/** The edit page's start for a stored notice with two target customers beyond the one listed. */
const STORED_NOTICE: ComposerInitial = {
  noticeId: 'notice-1',
  version: 3,
  status: 'SCHEDULED',
  kind: 'GENERAL',
  templateId: 'template-renewal',
  targetMode: 'customers',
  days: '30',
  customers: [TAILSPIN],
  subscriptionIds: ['t-1'],
  recipientRoles: ['PRIMARY', 'BILLING'],
  content: { en: { subject: 'Hello', body: 'Dear {{customer.name}}' }, 'zh-TW': { subject: '', body: '' } },
  scheduleAt: '2026-04-01T09:30',
  moreTargets: 2,
};

const affected = (id: string, technical = 1): AffectedChoice => ({
  id,
  companyName: `Company ${id}`,
  category: 'SERVICE_INCIDENT',
  outcome: 'MICROSOFT_MAY_CONTACT',
  reason: 'SERVICE_INCIDENT_DIRECT',
  microsoftMayHaveTold: true,
  contactsByRole: { PRIMARY: 1, BILLING: 1, TECHNICAL: technical },
});

/** "Tell affected customers" for an incident affecting three customers listed and one more not listed ('hidden'). */
const INCIDENT_NOTICE: ComposerInitial = {
  ...NEW_NOTICE,
  kind: 'RENEWAL',
  recipientRoles: ['TECHNICAL'],
  communication: {
    id: 'communication-1',
    externalId: 'EX123456',
    title: 'Mail delays',
    isUpdate: false,
    affectedCount: 4,
    affected: [affected('a'), affected('b', 0), affected('c', 2)],
  },
  excludedIds: ['hidden', 'hidden'],
};

const fresh = () => initialComposerState(NEW_NOTICE);
const stored = () => initialComposerState(STORED_NOTICE);
const aboutIncident = () => initialComposerState(INCIDENT_NOTICE);
const run = (state: ComposerState, ...actions: ComposerAction[]) => actions.reduce(composerReducer, state);
const withText = (content: Partial<Record<keyof ComposerContent, Partial<ComposerContent['en']>>>): ComposerState => ({
  ...fresh(),
  content: {
    en: { ...EMPTY.en, ...content.en },
    'zh-TW': { ...EMPTY['zh-TW'], ...content['zh-TW'] },
  },
});

describe('initialComposerState', () => {
  it('starts a new notice from the page: no notice yet, no template, the template list narrowed to the kind', () => {
    expect(fresh()).toEqual({
      notice: { id: undefined, version: undefined },
      kind: 'RENEWAL',
      templateId: '',
      templateChoice: '',
      onlyKind: true,
      pendingTemplate: null,
      targetMode: 'customers',
      days: '30',
      customers: [],
      subscriptionIds: [],
      keepTargets: false,
      recipientRoles: ['BILLING'],
      content: EMPTY,
      scheduleAt: '',
      communication: null,
      excludedIds: [],
    });
  });

  it('starts a notice about a communication as a service update to its affected customers, the left-out ones once each', () => {
    const state = aboutIncident();
    expect(state).toMatchObject({ kind: 'SERVICE_UPDATE', targetMode: 'affected', recipientRoles: ['TECHNICAL'], excludedIds: ['hidden'] });
    expect(state.communication?.externalId).toBe('EX123456');
    expect(chosenAffected(state).map((customer) => customer.id)).toEqual(['a', 'b', 'c']);
    expect(chosenAffectedCount(state)).toBe(3);
  });

  it('starts an edit from the stored notice, keeping its target customers the form does not list', () => {
    const { noticeId, version, status: _status, moreTargets: _moreTargets, ...same } = STORED_NOTICE;
    const expected = {
      ...same,
      communication: null,
      excludedIds: [],
      notice: { id: noticeId, version },
      templateChoice: '',
      onlyKind: true,
      pendingTemplate: null,
      keepTargets: true,
    };
    expect(stored()).toEqual(expected);
  });
});

describe('values set as they come', () => {
  // Each changes its own value and nothing else: setKind keeps the template the text came from,
  // setTemplateChoice uses no template yet, setDays and setScheduleAt take the text as typed (the
  // server checks it) and leave keepTargets as it was.
  it.each<[string, ComposerAction, Partial<ComposerState>]>([
    [
      'noticeSaved (a draft saved before a refused schedule or send)',
      { type: 'noticeSaved', id: 'n-9', version: 1 },
      { notice: { id: 'n-9', version: 1 } },
    ],
    ['noticeSaved (a newer version)', { type: 'noticeSaved', id: 'notice-1', version: 4 }, { notice: { id: 'notice-1', version: 4 } }],
    ['setKind', { type: 'setKind', kind: 'BILLING' }, { kind: 'BILLING' }],
    ['setTemplateChoice', { type: 'setTemplateChoice', templateId: PRICE.id }, { templateChoice: PRICE.id }],
    ['setOnlyKind (off)', { type: 'setOnlyKind', onlyKind: false }, { onlyKind: false }],
    ['setDays', { type: 'setDays', days: '9x' }, { days: '9x' }],
    ['setDays (empty)', { type: 'setDays', days: '' }, { days: '' }],
    ['setScheduleAt', { type: 'setScheduleAt', scheduleAt: '2026-05-01T08:00' }, { scheduleAt: '2026-05-01T08:00' }],
    ['setScheduleAt (cleared)', { type: 'setScheduleAt', scheduleAt: '' }, { scheduleAt: '' }],
  ])('%s', (_name, action, changed) => {
    const before = stored();
    expect(composerReducer(before, action)).toEqual({ ...before, ...changed });
  });

  it('setOnlyKind narrows the list again', () => {
    const wide = composerReducer(fresh(), { type: 'setOnlyKind', onlyKind: false });
    expect(composerReducer(wide, { type: 'setOnlyKind', onlyKind: true })).toEqual(fresh());
  });
});

describe('templates', () => {
  it('shownTemplates offers the templates of the chosen kind, or all of them when asked', () => {
    const templates = [RENEWAL, PRICE];
    expect(shownTemplates(templates, { onlyKind: true, kind: 'RENEWAL' })).toEqual([RENEWAL]);
    expect(shownTemplates(templates, { onlyKind: true, kind: 'GENERAL' })).toEqual([]);
    expect(shownTemplates(templates, { onlyKind: false, kind: 'GENERAL' })).toEqual(templates);
  });

  it('chooseTemplate on an empty form uses the template at once: its kind, its id and its text in both languages', () => {
    const before = { ...fresh(), templateChoice: PRICE.id, onlyKind: false };
    const after = composerReducer(before, { type: 'chooseTemplate', template: PRICE });
    expect(after).toEqual({ ...before, kind: 'PRICE_CHANGE', templateId: PRICE.id, content: PRICE.content, pendingTemplate: null });
    // A copy: editing the form never edits the template.
    expect(after.content.en).not.toBe(PRICE.content.en);
    expect(after.content['zh-TW']).not.toBe(PRICE.content['zh-TW']);
  });

  it('chooseTemplate counts white space alone as an empty form', () => {
    const before = withText({ en: { subject: '  ', body: '\n\t' }, 'zh-TW': { subject: ' ' } });
    expect(composerReducer(before, { type: 'chooseTemplate', template: RENEWAL }).content).toEqual(RENEWAL.content);
  });

  it.each([
    ['the English subject', { en: { subject: 'My own words' } }],
    ['the English body', { en: { body: 'x' } }],
    ['the Chinese subject', { 'zh-TW': { subject: '您好' } }],
    ['the Chinese body', { 'zh-TW': { body: '內容' } }],
  ])('chooseTemplate with text in %s asks first and leaves the form as it is', (_where, text) => {
    const before = withText(text);
    const after = composerReducer(before, { type: 'chooseTemplate', template: PRICE });
    expect(after).toEqual({ ...before, pendingTemplate: PRICE });
  });

  it('confirmTemplate replaces all the text, the kind and the template, fields the template leaves empty included', () => {
    const before = withText({ en: { subject: 'Mine' }, 'zh-TW': { subject: '我的', body: '我的內容' } });
    const after = run(before, { type: 'chooseTemplate', template: RENEWAL }, { type: 'confirmTemplate' });
    expect(after).toEqual({ ...before, kind: 'RENEWAL', templateId: RENEWAL.id, content: RENEWAL.content, pendingTemplate: null });
  });

  it('confirmTemplate with no template waiting changes nothing', () => {
    const before = withText({ en: { subject: 'Mine' } });
    expect(composerReducer(before, { type: 'confirmTemplate' })).toBe(before);
  });

  it('dismissTemplate keeps the typed text and the template the text came from', () => {
    const before = { ...stored(), content: { ...stored().content, en: { subject: 'Edited', body: 'Mine' } } };
    const after = run(before, { type: 'chooseTemplate', template: PRICE }, { type: 'dismissTemplate' });
    expect(after).toEqual(before);
  });

  it('dismissTemplate with no template waiting changes nothing', () => {
    const before = fresh();
    expect(composerReducer(before, { type: 'dismissTemplate' })).toBe(before);
  });
});

describe('targets', () => {
  it('setTargetMode keeps the customers, their subscriptions and the days for the way back', () => {
    const before = { ...stored(), days: '45' };
    const ending = composerReducer(before, { type: 'setTargetMode', mode: 'endingWithin' });
    expect(ending).toEqual({ ...before, targetMode: 'endingWithin', keepTargets: false });
    const back = composerReducer(ending, { type: 'setTargetMode', mode: 'customers' });
    expect(back).toEqual({ ...before, keepTargets: false });
  });

  it('setTargetMode lets go of the stored notice’s target customers the form does not list', () => {
    expect(composerReducer(stored(), { type: 'setTargetMode', mode: 'endingWithin' }).keepTargets).toBe(false);
  });

  it('touchTargets (a customer picked, still loading) lets go of the unlisted targets and changes nothing else', () => {
    const before = stored();
    expect(composerReducer(before, { type: 'touchTargets' })).toEqual({ ...before, keepTargets: false });
  });

  it('addCustomer adds a loaded customer last, none of its subscriptions checked', () => {
    const after = run(fresh(), { type: 'addCustomer', customer: TAILSPIN }, { type: 'addCustomer', customer: FABRIKAM });
    expect(after.customers).toEqual([TAILSPIN, FABRIKAM]);
    expect(after.subscriptionIds).toEqual([]);
  });

  it('addCustomer of a customer already chosen keeps the list as it was', () => {
    const before = stored();
    const reloaded = { ...TAILSPIN, companyName: 'Renamed meanwhile' };
    const after = composerReducer(before, { type: 'addCustomer', customer: reloaded });
    expect(after.customers).toBe(before.customers);
    expect(after.subscriptionIds).toEqual(['t-1']);
  });

  it('addCustomer lets go of the unlisted targets', () => {
    expect(composerReducer(stored(), { type: 'addCustomer', customer: FABRIKAM }).keepTargets).toBe(false);
  });

  it('removeCustomer takes the customer and its checked subscriptions out, and leaves the others', () => {
    const before = {
      ...fresh(),
      customers: [TAILSPIN, FABRIKAM],
      subscriptionIds: ['t-1', 'f-1', 't-2'],
      keepTargets: true,
    };
    const after = composerReducer(before, { type: 'removeCustomer', customerId: TAILSPIN.id });
    expect(after).toEqual({ ...before, customers: [FABRIKAM], subscriptionIds: ['f-1'], keepTargets: false });
  });

  it('removeCustomer takes out only the subscriptions the customer lists', () => {
    // A stored notice may name a subscription beyond those listed for the customer: it is not shown, so it is not submitted either.
    const before = { ...fresh(), customers: [TAILSPIN], subscriptionIds: ['t-1', 't-unlisted'] };
    expect(composerReducer(before, { type: 'removeCustomer', customerId: TAILSPIN.id }).subscriptionIds).toEqual(['t-unlisted']);
  });

  it('removeCustomer of a customer not chosen keeps the lists, and still lets go of the unlisted targets', () => {
    const before = stored();
    const after = composerReducer(before, { type: 'removeCustomer', customerId: 'nobody' });
    expect(after).toEqual({ ...before, keepTargets: false });
  });

  it('setSubscription checks and unchecks a subscription, letting go of the unlisted targets', () => {
    const checked = composerReducer(stored(), { type: 'setSubscription', subscriptionId: 't-2', checked: true });
    expect(checked.subscriptionIds).toEqual(['t-1', 't-2']);
    expect(checked.keepTargets).toBe(false);
    const unchecked = composerReducer(checked, { type: 'setSubscription', subscriptionId: 't-1', checked: false });
    expect(unchecked.subscriptionIds).toEqual(['t-2']);
  });

  it('setSubscription never lists a subscription twice, and unchecking one not checked changes no list', () => {
    const before = stored();
    expect(composerReducer(before, { type: 'setSubscription', subscriptionId: 't-1', checked: true }).subscriptionIds).toEqual(['t-1']);
    expect(composerReducer(before, { type: 'setSubscription', subscriptionId: 't-2', checked: false }).subscriptionIds).toEqual(['t-1']);
  });
});

describe('recipients', () => {
  it('setRecipientRole adds and removes a role', () => {
    const added = composerReducer(fresh(), { type: 'setRecipientRole', role: 'PRIMARY', checked: true });
    expect(added.recipientRoles).toEqual(['BILLING', 'PRIMARY']);
    const removed = composerReducer(added, { type: 'setRecipientRole', role: 'BILLING', checked: false });
    expect(removed.recipientRoles).toEqual(['PRIMARY']);
    expect(composerReducer(removed, { type: 'setRecipientRole', role: 'PRIMARY', checked: false }).recipientRoles).toEqual([]);
  });

  it('setRecipientRole never lists a role twice, and leaves the targets alone', () => {
    const before = stored();
    const after = composerReducer(before, { type: 'setRecipientRole', role: 'BILLING', checked: true });
    expect(after).toEqual(before);
    expect(composerReducer(before, { type: 'setRecipientRole', role: 'TECHNICAL', checked: true }).keepTargets).toBe(true);
  });

  it('estimateRecipients adds up the contacts of the chosen roles at every chosen customer', () => {
    expect(estimateRecipients([TAILSPIN, FABRIKAM], ['BILLING'])).toBe(2);
    expect(estimateRecipients([TAILSPIN, FABRIKAM], ['PRIMARY', 'TECHNICAL'])).toBe(1 + 3 + 4);
    expect(estimateRecipients([TAILSPIN, FABRIKAM], [])).toBe(0);
    expect(estimateRecipients([], ['PRIMARY', 'BILLING', 'TECHNICAL'])).toBe(0);
  });
});

describe('content', () => {
  it('setText changes one field of one language, and the template the text came from stays', () => {
    const before = stored();
    const after = composerReducer(before, { type: 'setText', language: 'zh-TW', field: 'body', value: '您好' });
    expect(after).toEqual({ ...before, content: { en: before.content.en, 'zh-TW': { subject: '', body: '您好' } } });
    expect(after.content.en).toBe(before.content.en);
  });

  it('setText keeps white space as typed', () => {
    expect(composerReducer(fresh(), { type: 'setText', language: 'en', field: 'subject', value: '  Hi ' }).content.en.subject).toBe(
      '  Hi ',
    );
  });

  it.each<[string, string, number, number, TemplateVariable, string]>([
    ['at the cursor', 'Hello , welcome', 6, 6, 'customer.name', 'Hello {{customer.name}}, welcome'],
    ['in place of the selected characters', 'Your XXX ends', 5, 8, 'subscription.offerName', 'Your {{subscription.offerName}} ends'],
    ['at the end', 'Dear ', 5, 5, 'customer.name', 'Dear {{customer.name}}'],
    ['alone into an empty field', '', 0, 0, 'subscriptions', '{{subscriptions}}'],
  ])('insertVariable writes the variable %s', (_where, text, start, end, variable, expected) => {
    const before = withText({ 'zh-TW': { subject: text, body: text } });
    const after = composerReducer(before, { type: 'insertVariable', language: 'zh-TW', field: 'body', variable, start, end });
    expect(after.content).toEqual({ en: before.content.en, 'zh-TW': { subject: text, body: expected } });
  });

  it('variableField puts a variable into the field used last, except the list of subscriptions, always into the body', () => {
    expect(variableField('customer.name', 'subject')).toBe('subject');
    expect(variableField('subscription.endDate', 'body')).toBe('body');
    expect(variableField('subscriptions', 'subject')).toBe('body');
    expect(variableField('subscriptions', 'body')).toBe('body');
  });

  it('variableToken writes a variable in braces', () => {
    expect(variableToken('partner.name')).toBe('{{partner.name}}');
  });

  it('hasText sees any non-blank subject or body, in either language', () => {
    expect(hasText(EMPTY)).toBe(false);
    expect(hasText(withText({ en: { subject: ' \n ' }, 'zh-TW': { body: '\t' } }).content)).toBe(false);
    expect(hasText(withText({ 'zh-TW': { body: '.' } }).content)).toBe(true);
    expect(hasText(withText({ en: { subject: ' a ' } }).content)).toBe(true);
  });
});

describe('composerReducer', () => {
  // One action of every type: a type added to ComposerAction without a case here fails the typecheck.
  const EVERY_ACTION: Record<ComposerAction['type'], ComposerAction> = {
    noticeSaved: { type: 'noticeSaved', id: 'notice-2', version: 1 },
    setKind: { type: 'setKind', kind: 'SUSPENSION' },
    setTemplateChoice: { type: 'setTemplateChoice', templateId: PRICE.id },
    setOnlyKind: { type: 'setOnlyKind', onlyKind: false },
    chooseTemplate: { type: 'chooseTemplate', template: PRICE },
    confirmTemplate: { type: 'confirmTemplate' },
    dismissTemplate: { type: 'dismissTemplate' },
    setTargetMode: { type: 'setTargetMode', mode: 'endingWithin' },
    setDays: { type: 'setDays', days: '14' },
    touchTargets: { type: 'touchTargets' },
    addCustomer: { type: 'addCustomer', customer: FABRIKAM },
    removeCustomer: { type: 'removeCustomer', customerId: TAILSPIN.id },
    setSubscription: { type: 'setSubscription', subscriptionId: 't-2', checked: true },
    setRecipientRole: { type: 'setRecipientRole', role: 'TECHNICAL', checked: true },
    setAffected: { type: 'setAffected', customerId: 'b', included: false },
    setAllAffected: { type: 'setAllAffected', included: false },
    setText: { type: 'setText', language: 'en', field: 'body', value: 'New' },
    insertVariable: { type: 'insertVariable', language: 'zh-TW', field: 'subject', variable: 'partner.name', start: 0, end: 0 },
    setScheduleAt: { type: 'setScheduleAt', scheduleAt: '2026-05-01T08:00' },
  };

  const deepFreeze = <T>(value: T): T => {
    if (value && typeof value === 'object') {
      Object.values(value).forEach(deepFreeze);
      Object.freeze(value);
    }
    return value;
  };

  it.each(Object.values(EVERY_ACTION).map((action) => [action.type, action] as const))(
    '%s returns a new state and never changes the one it was given',
    (_type, action) => {
      const base = action.type === 'setAffected' || action.type === 'setAllAffected' ? aboutIncident() : stored();
      const before = deepFreeze({ ...base, pendingTemplate: RENEWAL });
      const snapshot = structuredClone(before);
      const after = composerReducer(before, action);
      expect(before).toEqual(snapshot);
      expect(after).not.toBe(before);
    },
  );

  it('keeps what the user typed through every other action', () => {
    const typed = withText({ en: { subject: 'Mine', body: 'My body' }, 'zh-TW': { subject: '我的', body: '內容' } });
    const others = Object.values(EVERY_ACTION).filter(
      (action) => !['setText', 'insertVariable', 'chooseTemplate', 'confirmTemplate'].includes(action.type),
    );
    expect(run(typed, ...others).content).toEqual(typed.content);
    // Even a template chosen on top of typed text only waits.
    expect(run(typed, EVERY_ACTION.chooseTemplate).content).toEqual(typed.content);
  });
});

describe('a notice about a Microsoft communication', () => {
  it('leaves affected customers out and takes them back, one or all listed, keeping those not listed out', () => {
    const state = aboutIncident();
    const without = run(state, { type: 'setAffected', customerId: 'b', included: false });
    expect(without.excludedIds).toEqual(['hidden', 'b']);
    expect(chosenAffected(without).map((customer) => customer.id)).toEqual(['a', 'c']);
    expect(chosenAffectedCount(without)).toBe(2);
    expect(run(without, { type: 'setAffected', customerId: 'b', included: true }).excludedIds).toEqual(['hidden']);
    expect(run(without, { type: 'setAffected', customerId: 'b', included: false }).excludedIds).toEqual(['hidden', 'b']);
    const none = run(state, { type: 'setAllAffected', included: false });
    expect(none.excludedIds).toEqual(['hidden', 'a', 'b', 'c']);
    expect(chosenAffectedCount(none)).toBe(0);
    expect(run(none, { type: 'setAllAffected', included: true }).excludedIds).toEqual(['hidden']);
  });

  it('ignores a customer that is not affected, and the affected-customer actions of another notice', () => {
    expect(run(aboutIncident(), { type: 'setAffected', customerId: 'elsewhere', included: false })).toEqual(aboutIncident());
    expect(run(fresh(), { type: 'setAffected', customerId: 'a', included: false })).toEqual(fresh());
    expect(run(fresh(), { type: 'setAllAffected', included: false })).toEqual(fresh());
  });

  it('stays a service update to the affected customers, whatever kind, mode or template is chosen', () => {
    const state = run(
      aboutIncident(),
      { type: 'setKind', kind: 'GENERAL' },
      { type: 'setTargetMode', mode: 'endingWithin' },
      { type: 'chooseTemplate', template: PRICE },
    );
    expect(state).toMatchObject({ kind: 'SERVICE_UPDATE', targetMode: 'affected', templateId: PRICE.id });
    expect(state.content).toEqual(PRICE.content);
    // Other notices never take the communication's mode.
    expect(run(fresh(), { type: 'setTargetMode', mode: 'affected' }).targetMode).toBe('customers');
  });

  it('offers the {{communication.*}} variables only to a notice about a communication', () => {
    expect(availableVariables(true)).toContain('communication.status');
    expect(availableVariables(false)).not.toContain('communication.status');
    expect(availableVariables(false)).toContain('subscriptions');
  });

  it('estimates recipients from the chosen affected customers’ contacts of the roles', () => {
    const state = run(aboutIncident(), { type: 'setAffected', customerId: 'a', included: false });
    expect(estimateRecipients(chosenAffected(state), ['TECHNICAL'])).toBe(2);
    expect(estimateRecipients(chosenAffected(state), ['TECHNICAL', 'PRIMARY'])).toBe(4);
  });
});
