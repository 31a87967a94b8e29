// The notice composer's form as one value: everything the form submits (the notice being edited,
// kind, template, targets, recipients, content per language, send time) and the template choice
// that fills it, changed only through composerReducer's actions. Pure (no React, no DOM), so the
// composer's rules are unit-tested on their own. A notice about a Microsoft communication (made
// with "Tell affected customers" or "Send an update") is a SERVICE_UPDATE notice whose targets are
// the communication's affected customers less those left out (`excludedIds`).
import type { ComposerCustomer, ComposerTemplate } from '@/lib/server/data/notice-composer';
import type { AffectedChoice, ServiceUpdateComposer } from '@/lib/server/data/service-updates';
import type { NoticeKind } from '@/lib/schemas/notices';
import { TEMPLATE_VARIABLES, type ContactRole, type TemplateVariable } from '@/lib/domain/notice-template';
import { isCommunicationVariable } from '@/lib/domain/communication-variables';
import { LOCALES, type Locale } from '@/lib/i18n/locales';

export type ComposerContent = Record<Locale, { subject: string; body: string }>;
export type TextField = 'subject' | 'body';
export type TargetMode = 'customers' | 'endingWithin' | 'affected';

/** The Microsoft communication a notice is about, and its affected customers to choose from. */
export type ComposerCommunication = {
  id: string;
  externalId: string;
  title: string;
  /** "Send an update": to the recipients of the last notice about it. */
  isUpdate: boolean;
  /** Every affected customer; `affected` lists the first of them. */
  affectedCount: number;
  affected: AffectedChoice[];
};

export type ComposerInitial = {
  noticeId?: string;
  version?: number;
  /** The stored notice's status (editing): a scheduled one keeps its schedule when saved. */
  status?: 'DRAFT' | 'SCHEDULED';
  kind: NoticeKind;
  templateId: string | null;
  targetMode: TargetMode;
  days: string;
  customers: ComposerCustomer[];
  subscriptionIds: string[];
  recipientRoles: ContactRole[];
  content: ComposerContent;
  scheduleAt: string;
  /** The stored notice has more target customers than the form lists: keep them unless the targets are edited. */
  moreTargets: number;
  /** A notice about a Microsoft communication (its kind is SERVICE_UPDATE, its targets its affected customers). */
  communication?: ComposerCommunication | null;
  /** Affected customers left out (of every affected customer, listed or not). */
  excludedIds?: string[];
};

export type ComposerState = {
  /** The notice edited (none for a new one until a refused schedule or send saved it as a draft). */
  notice: { id?: string; version?: number };
  kind: NoticeKind;
  /** The template the content came from ('' for none). */
  templateId: string;
  /** The template picked in the list, not yet used. */
  templateChoice: string;
  /** The list shows only the templates of the chosen kind. */
  onlyKind: boolean;
  /** A template waiting for the user's word before it replaces the text typed. */
  pendingTemplate: ComposerTemplate | null;
  targetMode: TargetMode;
  days: string;
  customers: ComposerCustomer[];
  subscriptionIds: string[];
  /** The stored notice's target customers beyond those listed are kept until the targets are edited. */
  keepTargets: boolean;
  recipientRoles: ContactRole[];
  content: ComposerContent;
  scheduleAt: string;
  communication: ComposerCommunication | null;
  /** The communication's affected customers left out. */
  excludedIds: string[];
};

export type ComposerAction =
  | { type: 'noticeSaved'; id: string; version: number }
  | { type: 'setKind'; kind: NoticeKind }
  | { type: 'setTemplateChoice'; templateId: string }
  | { type: 'setOnlyKind'; onlyKind: boolean }
  /** Use a template: at once on an empty form, else it waits for confirmTemplate or dismissTemplate. */
  | { type: 'chooseTemplate'; template: ComposerTemplate }
  | { type: 'confirmTemplate' }
  | { type: 'dismissTemplate' }
  | { type: 'setTargetMode'; mode: TargetMode }
  | { type: 'setDays'; days: string }
  /** The targets are being edited (a customer picked, still loading): the stored notice's other targets are let go. */
  | { type: 'touchTargets' }
  | { type: 'addCustomer'; customer: ComposerCustomer }
  | { type: 'removeCustomer'; customerId: string }
  | { type: 'setSubscription'; subscriptionId: string; checked: boolean }
  | { type: 'setRecipientRole'; role: ContactRole; checked: boolean }
  /** One affected customer of the communication chosen, or left out. */
  | { type: 'setAffected'; customerId: string; included: boolean }
  /** Every listed affected customer chosen, or left out. */
  | { type: 'setAllAffected'; included: boolean }
  | { type: 'setText'; language: Locale; field: TextField; value: string }
  /** `{{variable}}` in place of the characters from start to end of one field. */
  | { type: 'insertVariable'; language: Locale; field: TextField; variable: TemplateVariable; start: number; end: number }
  | { type: 'setScheduleAt'; scheduleAt: string };

/** The composer's communication from what the data layer gives for it (`isUpdate` false when editing). */
export function composerCommunicationOf(about: ServiceUpdateComposer, isUpdate = about.isUpdate): ComposerCommunication {
  const { id, externalId, title } = about.communication;
  return { id, externalId, title, isUpdate, affectedCount: about.affectedCount, affected: about.affected };
}

export function initialComposerState(initial: ComposerInitial): ComposerState {
  const communication = initial.communication ?? null;
  return {
    notice: { id: initial.noticeId, version: initial.version },
    kind: communication ? 'SERVICE_UPDATE' : initial.kind,
    templateId: initial.templateId ?? '',
    templateChoice: '',
    onlyKind: true,
    pendingTemplate: null,
    targetMode: communication ? 'affected' : initial.targetMode,
    days: initial.days,
    customers: initial.customers,
    subscriptionIds: initial.subscriptionIds,
    keepTargets: initial.moreTargets > 0,
    recipientRoles: initial.recipientRoles,
    content: initial.content,
    scheduleAt: initial.scheduleAt,
    communication,
    excludedIds: communication ? [...new Set(initial.excludedIds ?? [])] : [],
  };
}

/** The variables a notice may use: the {{communication.*}} ones only in a notice about a communication. */
export const availableVariables = (communication: boolean): TemplateVariable[] =>
  TEMPLATE_VARIABLES.filter((variable) => communication || !isCommunicationVariable(variable));

/** The listed affected customers that are chosen. */
export const chosenAffected = (state: Pick<ComposerState, 'communication' | 'excludedIds'>): AffectedChoice[] =>
  (state.communication?.affected ?? []).filter((customer) => !state.excludedIds.includes(customer.id));

/** How many affected customers the notice goes to (listed or not). */
export const chosenAffectedCount = (state: Pick<ComposerState, 'communication' | 'excludedIds'>): number =>
  Math.max(0, (state.communication?.affectedCount ?? 0) - state.excludedIds.length);

/** A variable as it is written in a subject or body. */
export const variableToken = (variable: TemplateVariable) => `{{${variable}}}`;

/** The field a variable goes into: the one used last, except {{subscriptions}} (a list), which only a body can hold. */
export const variableField = (variable: TemplateVariable, lastUsed: TextField): TextField =>
  variable === 'subscriptions' ? 'body' : lastUsed;

/** Whether anything but white space was typed in a subject or body of either language. */
export const hasText = (content: ComposerContent) =>
  LOCALES.some((language) => content[language].subject.trim() !== '' || content[language].body.trim() !== '');

/** The contacts of the chosen roles at the chosen customers: an estimate (an address listed under two of the roles counts twice here, once when sent). */
export const estimateRecipients = (customers: readonly Pick<ComposerCustomer, 'contactsByRole'>[], roles: readonly ContactRole[]) =>
  customers.reduce((sum, customer) => sum + roles.reduce((n, role) => n + customer.contactsByRole[role], 0), 0);

/** The templates the list offers. */
export const shownTemplates = (templates: readonly ComposerTemplate[], state: Pick<ComposerState, 'onlyKind' | 'kind'>) =>
  templates.filter((template) => !state.onlyKind || template.kind === state.kind);

const withMember = <T>(list: T[], member: T, present: boolean): T[] =>
  present ? (list.includes(member) ? list : [...list, member]) : list.filter((item) => item !== member);

const withText = (state: ComposerState, language: Locale, field: TextField, value: string): ComposerState => ({
  ...state,
  content: { ...state.content, [language]: { ...state.content[language], [field]: value } },
});

/** The template's kind and its text in both languages, in place of what was there. */
const applyTemplate = (state: ComposerState, template: ComposerTemplate): ComposerState => ({
  ...state,
  kind: state.communication ? 'SERVICE_UPDATE' : template.kind,
  templateId: template.id,
  content: { en: { ...template.content.en }, 'zh-TW': { ...template.content['zh-TW'] } },
  pendingTemplate: null,
});

export function composerReducer(state: ComposerState, action: ComposerAction): ComposerState {
  switch (action.type) {
    case 'noticeSaved':
      return { ...state, notice: { id: action.id, version: action.version } };
    case 'setKind':
      // A notice about a communication stays a service update.
      return state.communication ? state : { ...state, kind: action.kind };
    case 'setTemplateChoice':
      return { ...state, templateChoice: action.templateId };
    case 'setOnlyKind':
      return { ...state, onlyKind: action.onlyKind };
    case 'chooseTemplate':
      return hasText(state.content) ? { ...state, pendingTemplate: action.template } : applyTemplate(state, action.template);
    case 'confirmTemplate':
      return state.pendingTemplate ? applyTemplate(state, state.pendingTemplate) : state;
    case 'dismissTemplate':
      return state.pendingTemplate ? { ...state, pendingTemplate: null } : state;
    case 'setTargetMode':
      // A notice about a communication is for its affected customers; the other modes are for other notices.
      if (state.communication || action.mode === 'affected') return state;
      return { ...state, targetMode: action.mode, keepTargets: false };
    case 'setDays':
      return { ...state, days: action.days };
    case 'touchTargets':
      return { ...state, keepTargets: false };
    case 'addCustomer':
      return {
        ...state,
        keepTargets: false,
        customers: state.customers.some((customer) => customer.id === action.customer.id)
          ? state.customers
          : [...state.customers, action.customer],
      };
    case 'removeCustomer': {
      const gone = new Set(state.customers.find((customer) => customer.id === action.customerId)?.subscriptions.map(({ id }) => id));
      return {
        ...state,
        keepTargets: false,
        customers: state.customers.filter((customer) => customer.id !== action.customerId),
        subscriptionIds: state.subscriptionIds.filter((id) => !gone.has(id)),
      };
    }
    case 'setSubscription':
      return { ...state, keepTargets: false, subscriptionIds: withMember(state.subscriptionIds, action.subscriptionId, action.checked) };
    case 'setRecipientRole':
      return { ...state, recipientRoles: withMember(state.recipientRoles, action.role, action.checked) };
    case 'setAffected':
      if (!state.communication?.affected.some((customer) => customer.id === action.customerId)) return state;
      return { ...state, excludedIds: withMember(state.excludedIds, action.customerId, !action.included) };
    case 'setAllAffected': {
      if (!state.communication) return state;
      const listed = new Set(state.communication.affected.map((customer) => customer.id));
      const others = state.excludedIds.filter((id) => !listed.has(id));
      return { ...state, excludedIds: action.included ? others : [...others, ...listed] };
    }
    case 'setText':
      return withText(state, action.language, action.field, action.value);
    case 'insertVariable': {
      const value = state.content[action.language][action.field];
      return withText(
        state,
        action.language,
        action.field,
        value.slice(0, action.start) + variableToken(action.variable) + value.slice(action.end),
      );
    }
    case 'setScheduleAt':
      return { ...state, scheduleAt: action.scheduleAt };
  }
}
