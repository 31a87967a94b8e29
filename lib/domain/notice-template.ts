// Notice templates, pure (no I/O): the variables of a subject or body, their validation, the
// rendering of a notice for one recipient in that recipient's language (the one renderer of the
// composer's preview and of the e-mail), the recipient's language, the recipients of a notice,
// and the checks a notice must pass before it is saved or sent. Results carry codes, never
// text; the only words written here are the few labels of the {{subscriptions}} block, which
// are part of the e-mail itself.
//
// Variables: {{customer.name}}, {{partner.name}}, {{subscription.offerName}},
// {{subscription.endDate}}, {{subscription.quantity}}, the {{subscriptions}} block, and the
// {{communication.*}} variables of a notice about a Microsoft communication
// (./communication-variables.ts; valid only where the notice has one). Spaces inside the braces
// are allowed: {{ customer.name }}. Names are case-sensitive. There is no escape for a literal
// "{{": every "{{" must open a variable.
//
// The targeted subscriptions of the recipient's customer are ordered by commitment end date
// (earliest first), then offer name, then as given; {{subscription.*}} is the first of them —
// the most urgent one — and {{subscriptions}} lists them all. A customer without a targeted
// subscription renders them empty (checkNotice refuses such a target when the text uses them).
import { DEFAULT_LOCALE, LOCALES, isLocale, type Locale } from '../i18n/locales';
import { renderMarkdown } from './markdown';
import {
  COMMUNICATION_VARIABLES,
  communicationValue,
  isCommunicationVariable,
  type CommunicationContext,
  type CommunicationVariable,
} from './communication-variables';

export const TEMPLATE_VARIABLES = [
  'customer.name',
  'partner.name',
  'subscription.offerName',
  'subscription.endDate',
  'subscription.quantity',
  'subscriptions',
  ...COMMUNICATION_VARIABLES,
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

/** The variables that need a targeted subscription. */
export const SUBSCRIPTION_VARIABLES: readonly TemplateVariable[] = [
  'subscription.offerName',
  'subscription.endDate',
  'subscription.quantity',
  'subscriptions',
];

/** A subject is one line of plain text: the {{subscriptions}} list has no place there. */
export const BODY_ONLY_VARIABLES: readonly TemplateVariable[] = ['subscriptions'];

export type TemplateField = 'subject' | 'body';

export function isTemplateVariable(name: string): name is TemplateVariable {
  return (TEMPLATE_VARIABLES as readonly string[]).includes(name);
}

// ---------------------------------------------------------------------------------------------
// Finding and validating variables
// ---------------------------------------------------------------------------------------------

/** Where something is in a text: `offset` from 0 (UTF-16 units), `line` and `column` from 1. */
export type TextPosition = { offset: number; line: number; column: number };

export type VariableOccurrence = TextPosition & {
  /** The name inside the braces, trimmed. */
  name: string;
  /** The occurrence as written, braces included. */
  raw: string;
  length: number;
  known: boolean;
};

const VARIABLE = /\{\{([^{}\n\r]*)\}\}/g;

/** Every well-formed `{{…}}` in `text`, known or not, in order. */
export function findVariables(text: string): VariableOccurrence[] {
  const source = typeof text === 'string' ? text : '';
  const found: VariableOccurrence[] = [];
  for (const match of source.matchAll(VARIABLE)) {
    const offset = match.index;
    const name = (match[1] ?? '').trim();
    found.push({ name, raw: match[0], length: match[0].length, known: isTemplateVariable(name), ...positionOf(source, offset) });
  }
  return found;
}

export type TemplateError =
  | (TextPosition & { code: 'UNKNOWN_VARIABLE'; name: string; suggestion?: TemplateVariable })
  | (TextPosition & { code: 'MALFORMED_VARIABLE' })
  | (TextPosition & { code: 'VARIABLE_NOT_ALLOWED_IN_SUBJECT'; name: TemplateVariable })
  | (TextPosition & { code: 'VARIABLE_NEEDS_COMMUNICATION'; name: TemplateVariable });

/** Where a text is used: `communication` — in a notice linked to a Microsoft communication (or a SERVICE_UPDATE template). */
export type TemplateUse = { communication?: boolean };

/**
 * The errors of a subject or body, in the order of the text:
 * - `UNKNOWN_VARIABLE`: `{{name}}` that is not one of TEMPLATE_VARIABLES (with a `suggestion`
 *   when the name differs from a known one only in case or punctuation: `{{Customer_Name}}`);
 * - `MALFORMED_VARIABLE`: a `{{` that does not open a well-formed `{{name}}` (unclosed, closed on
 *   another line, or with a brace inside);
 * - `VARIABLE_NOT_ALLOWED_IN_SUBJECT`: the {{subscriptions}} block in a subject;
 * - `VARIABLE_NEEDS_COMMUNICATION`: a {{communication.*}} variable where there is no communication
 *   to fill it from (`use.communication` is not set).
 */
export function validateTemplate(text: string, field: TemplateField = 'body', use: TemplateUse = {}): TemplateError[] {
  const source = typeof text === 'string' ? text : '';
  const errors: TemplateError[] = [];
  const occurrences = findVariables(source);
  for (const occurrence of occurrences) {
    const position = { offset: occurrence.offset, line: occurrence.line, column: occurrence.column };
    if (!isTemplateVariable(occurrence.name)) {
      const suggestion = suggestVariable(occurrence.name);
      errors.push(
        suggestion
          ? { code: 'UNKNOWN_VARIABLE', name: occurrence.name, suggestion, ...position }
          : { code: 'UNKNOWN_VARIABLE', name: occurrence.name, ...position },
      );
    } else if (field === 'subject' && BODY_ONLY_VARIABLES.includes(occurrence.name)) {
      errors.push({ code: 'VARIABLE_NOT_ALLOWED_IN_SUBJECT', name: occurrence.name, ...position });
    } else if (isCommunicationVariable(occurrence.name) && !use.communication) {
      errors.push({ code: 'VARIABLE_NEEDS_COMMUNICATION', name: occurrence.name, ...position });
    }
  }
  // Every "{{" outside a well-formed occurrence is malformed (one error per run of braces).
  let covered = 0;
  let index = source.indexOf('{{');
  const spans = occurrences.map((o) => [o.offset, o.offset + o.length] as const);
  while (index !== -1) {
    const inside = spans.some(([start, end]) => index >= start && index < end);
    if (!inside && index >= covered) {
      errors.push({ code: 'MALFORMED_VARIABLE', ...positionOf(source, index) });
      covered = skipBraces(source, index);
    }
    index = source.indexOf('{{', index + 1);
  }
  return errors.sort((a, b) => a.offset - b.offset);
}

/** True when the text uses a variable that needs a targeted subscription. */
export function usesSubscriptionVariables(text: string): boolean {
  return findVariables(text).some((occurrence) => (SUBSCRIPTION_VARIABLES as readonly string[]).includes(occurrence.name));
}

function skipBraces(source: string, index: number): number {
  let end = index;
  while (source[end] === '{') end += 1;
  return end;
}

function positionOf(source: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = source.indexOf('\n'); i !== -1 && i < offset; i = source.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { offset, line, column: offset - lineStart + 1 };
}

function suggestVariable(name: string): TemplateVariable | undefined {
  const key = (value: string) => value.toLowerCase().replace(/[^a-z0-9]/g, '');
  const wanted = key(name);
  if (wanted === '') return undefined;
  return TEMPLATE_VARIABLES.find((variable) => key(variable) === wanted);
}

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

export type TemplateSubscription = {
  offerName: string;
  quantity: number;
  /**
   * The commitment end: a calendar date, as read from a DATE column (midnight UTC). It is
   * written as that calendar day in every time zone — a commitment that ends on 31 March ends
   * on 31 March for a reader in Taipei and in Los Angeles alike.
   */
  endDate: Date;
};

export type TemplateContext = {
  customer: { name: string };
  partner: { name: string };
  /** The notice's targeted subscriptions that belong to the recipient's customer. */
  subscriptions: readonly TemplateSubscription[];
  /** The Microsoft communication a SERVICE_UPDATE notice is about, as it is now (none: its variables are empty). */
  communication?: CommunicationContext | null;
};

/** Commitment end first (earliest first), then offer name; ties keep their given order. */
export function orderSubscriptions(subscriptions: readonly TemplateSubscription[]): TemplateSubscription[] {
  const time = (date: Date) => (date instanceof Date && Number.isFinite(date.getTime()) ? date.getTime() : Number.POSITIVE_INFINITY);
  return [...subscriptions].sort((a, b) => {
    const byDate = time(a.endDate) - time(b.endDate);
    if (byDate !== 0 && !Number.isNaN(byDate)) return byDate;
    return a.offerName < b.offerName ? -1 : a.offerName > b.offerName ? 1 : 0;
  });
}

const dateFormats = new Map<Locale, Intl.DateTimeFormat>();
const numberFormats = new Map<Locale, Intl.NumberFormat>();
// Formatted calendar days, by language and day: a notice to thousands of customers formats the
// same few commitment-end days again and again, and Intl's format() is the costly part of
// rendering a message. Bounded: cleared when full.
const formattedDays = new Map<string, string>();
const formattedNumbers = new Map<string, string>();

/** A calendar date in the language's long form: "March 31, 2026", "2026年3月31日". */
export function formatCalendarDate(date: Date, locale: Locale): string {
  if (!(date instanceof Date) || !Number.isFinite(date.getTime())) return '';
  const language = isLocale(locale) ? locale : DEFAULT_LOCALE;
  const key = `${language}|${date.getTime()}`;
  const known = formattedDays.get(key);
  if (known !== undefined) return known;
  let format = dateFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' });
    dateFormats.set(language, format);
  }
  const formatted = format.format(date);
  if (formattedDays.size >= 10_000) formattedDays.clear();
  formattedDays.set(key, formatted);
  return formatted;
}

/** A number in the language's form: "1,250". Not a finite number: empty. */
export function formatNumber(value: number, locale: Locale): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '';
  const language = isLocale(locale) ? locale : DEFAULT_LOCALE;
  // Quantities repeat (25 seats, 100 seats…): formatted once per language, like the days above.
  const key = `${language}|${value}`;
  const known = formattedNumbers.get(key);
  if (known !== undefined) return known;
  let format = numberFormats.get(language);
  if (!format) {
    format = new Intl.NumberFormat(language, { maximumFractionDigits: 2 });
    numberFormats.set(language, format);
  }
  const formatted = format.format(value);
  if (formattedNumbers.size >= 10_000) formattedNumbers.clear();
  formattedNumbers.set(key, formatted);
  return formatted;
}

/**
 * A point in time for people, in their language and time zone ("Mar 31, 2026, 6:00 PM"), e.g.
 * when a notice is scheduled. Not a valid date or time zone: empty.
 */
export function formatDateTime(instant: Date, locale: Locale, timeZone: string): string {
  if (!(instant instanceof Date) || !Number.isFinite(instant.getTime())) return '';
  try {
    return new Intl.DateTimeFormat(isLocale(locale) ? locale : DEFAULT_LOCALE, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone,
    }).format(instant);
  } catch {
    return '';
  }
}

const BLOCK_LABELS: Record<Locale, { quantity: string; endDate: string; separator: string }> = {
  en: { quantity: 'Quantity: ', endDate: 'Ends: ', separator: ' · ' },
  'zh-TW': { quantity: '數量：', endDate: '結束日期：', separator: ' · ' },
};

/**
 * Makes a value inert inside Markdown: whitespace (line breaks included) collapses to single
 * spaces, so it cannot start a block (heading, list, quote, code); every ASCII punctuation
 * character is backslash-escaped, so it cannot open a link, an image, emphasis, an HTML tag, a
 * character reference or an autolink.
 */
export function escapeMarkdown(value: string): string {
  return collapseWhitespace(String(value ?? ''))
    .replace(/\u0000/g, '\uFFFD')
    .replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

function collapseWhitespace(value: string): string {
  return value.replace(/[\s\u2028\u2029]+/g, ' ').trim();
}

/**
 * Fills the variables of a subject or body for one recipient, in `locale`. A body stays
 * Markdown, with every value escaped (see escapeMarkdown) so that customer data cannot add
 * links, images or HTML; a subject is one line of plain text. Unknown or malformed variables
 * are left as written (validateTemplate reports them). Never throws.
 *
 * {{subscriptions}} in a body becomes a Markdown list, one item per subscription: offer,
 * quantity, commitment end. Alone on its line (possibly after quote markers "> "), the list
 * takes that line's place and ends with a blank line; within a line of text, it starts on a
 * line of its own. In a subject (refused by validateTemplate) it is the offers, comma-separated.
 */
export function renderTemplate(text: string, context: TemplateContext, locale: Locale, field: TemplateField = 'body'): string {
  const source = typeof text === 'string' ? text : '';
  const language: Locale = isLocale(locale) ? locale : DEFAULT_LOCALE;
  const subscriptions = orderSubscriptions(context.subscriptions ?? []);
  const first = subscriptions[0];
  const value = (raw: string) => (field === 'body' ? escapeMarkdown(raw) : plainLine(raw));

  let rendered = '';
  let from = 0;
  for (const match of source.matchAll(VARIABLE)) {
    const offset = match.index;
    const whole = match[0];
    let before = source.slice(from, offset);
    let replacement: string;
    from = offset + whole.length;
    switch ((match[1] ?? '').trim()) {
      case 'customer.name':
        replacement = value(context.customer?.name ?? '');
        break;
      case 'partner.name':
        replacement = value(context.partner?.name ?? '');
        break;
      case 'subscription.offerName':
        replacement = first ? value(first.offerName) : '';
        break;
      case 'subscription.endDate':
        replacement = first ? value(formatCalendarDate(first.endDate, language)) : '';
        break;
      case 'subscription.quantity':
        replacement = first ? value(formatNumber(first.quantity, language)) : '';
        break;
      case 'communication.title':
      case 'communication.id':
      case 'communication.service':
      case 'communication.status':
      case 'communication.summary':
      case 'communication.startDateTime':
        replacement = value(communicationValue((match[1] ?? '').trim() as CommunicationVariable, context.communication, language));
        break;
      case 'subscriptions': {
        if (field === 'subject') {
          replacement = subscriptions.map((subscription) => plainLine(subscription.offerName)).join(', ');
          break;
        }
        const items = subscriptionItems(subscriptions, language);
        const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
        const nextBreak = source.indexOf('\n', from);
        const prefix = source.slice(lineStart, offset);
        const suffix = source.slice(from, nextBreak === -1 ? source.length : nextBreak);
        if (/^[ \t]*(?:>[ \t]?)*$/.test(prefix) && suffix.trim() === '') {
          // Alone on its line: the list takes the line's place, and a blank line ends it.
          replacement = items.length === 0 ? '' : `${items.join(`\n${prefix}`)}\n${prefix.trimEnd()}`;
        } else if (items.length === 0) {
          replacement = '';
        } else {
          // Within a line: the list gets lines of its own, the spaces around it go.
          before = before.replace(/[ \t]+$/, '');
          from += suffix.length - suffix.replace(/^[ \t]+/, '').length;
          replacement = `\n\n${items.join('\n')}\n\n`;
        }
        break;
      }
      default:
        replacement = whole;
    }
    rendered += before + replacement;
  }
  rendered += source.slice(from);
  return field === 'subject' ? plainLine(rendered) : rendered;
}

/** One line of plain text (a subject): whitespace collapsed, control characters removed. */
function plainLine(value: string): string {
  return collapseWhitespace(value).replace(/[\u0000-\u001F\u007F-\u009F]/g, '');
}

/** The {{subscriptions}} list items: offer (bold), quantity and commitment end, in `locale`. */
function subscriptionItems(subscriptions: readonly TemplateSubscription[], locale: Locale): string[] {
  const labels = BLOCK_LABELS[locale];
  return subscriptions.map((subscription) => {
    const offer = escapeMarkdown(subscription.offerName);
    const quantity = escapeMarkdown(formatNumber(subscription.quantity, locale));
    const endDate = escapeMarkdown(formatCalendarDate(subscription.endDate, locale));
    return `- ${offer === '' ? '' : `**${offer}** `}— ${labels.quantity}${quantity}${labels.separator}${labels.endDate}${endDate}`;
  });
}

export type LanguageContent = { subject: string; body: string };
export type NoticeContent = Record<Locale, LanguageContent>;

export type RenderedNotice = {
  locale: Locale;
  subject: string;
  /** The body after the variables, before Markdown: what renderMarkdown turned into html/text. */
  markdown: string;
  html: string;
  text: string;
};

/** The message one recipient receives, in their language: the preview and the e-mail both come from here. */
export function renderNotice(content: LanguageContent, context: TemplateContext, locale: Locale): RenderedNotice {
  const language: Locale = isLocale(locale) ? locale : DEFAULT_LOCALE;
  const subject = renderTemplate(content.subject, context, language, 'subject');
  const markdown = renderTemplate(content.body, context, language, 'body');
  const { html, text } = renderMarkdown(markdown);
  return { locale: language, subject, markdown, html, text };
}

// ---------------------------------------------------------------------------------------------
// Recipients and languages
// ---------------------------------------------------------------------------------------------

/** A recipient gets the contact's language, else the customer's, else English. */
export function recipientLanguage(
  contact: { language?: Locale | null } | null | undefined,
  customer: { preferredLanguage?: Locale | null } | null | undefined,
): Locale {
  if (isLocale(contact?.language)) return contact.language;
  if (isLocale(customer?.preferredLanguage)) return customer.preferredLanguage;
  return DEFAULT_LOCALE;
}

export const CONTACT_ROLES = ['PRIMARY', 'BILLING', 'TECHNICAL'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

export type RecipientContact = { id: string; name: string; email: string; role: ContactRole; language?: Locale | null };
export type RecipientCustomer = { id: string; preferredLanguage?: Locale | null; contacts: readonly RecipientContact[] };
export type Recipient = { customerId: string; contactId: string; name: string; email: string; language: Locale };

/**
 * The recipients of a notice: the contacts of the target customers whose role is one of
 * `roles`, in the order given, each e-mail address once (a delivery is unique per notice and
 * address; compared without regard to case, the first contact wins). Contacts without an
 * address are skipped.
 */
export function selectRecipients(customers: readonly RecipientCustomer[], roles: readonly ContactRole[]): Recipient[] {
  const wanted = new Set(roles);
  const seen = new Set<string>();
  const recipients: Recipient[] = [];
  for (const customer of customers) {
    for (const contact of customer.contacts) {
      const email = contact.email.trim();
      const key = email.toLowerCase();
      if (!wanted.has(contact.role) || email === '' || seen.has(key)) continue;
      seen.add(key);
      recipients.push({
        customerId: customer.id,
        contactId: contact.id,
        name: contact.name,
        email,
        language: recipientLanguage(contact, customer),
      });
    }
  }
  return recipients;
}

export type LanguageError = { code: 'SUBJECT_REQUIRED' | 'BODY_REQUIRED'; language: Locale };

/** A subject and a body (not only spaces) in every language that some recipient needs, in LOCALES order. */
export function checkLanguages(content: NoticeContent, languages: Iterable<Locale>): LanguageError[] {
  const needed = new Set(languages);
  const errors: LanguageError[] = [];
  for (const language of LOCALES) {
    if (!needed.has(language)) continue;
    const entry = content[language];
    if (!entry || entry.subject.trim() === '') errors.push({ code: 'SUBJECT_REQUIRED', language });
    if (!entry || entry.body.trim() === '') errors.push({ code: 'BODY_REQUIRED', language });
  }
  return errors;
}

export type NoticeTarget = {
  customerId: string;
  preferredLanguage?: Locale | null;
  /** The customer's contacts that the notice's recipient roles select. */
  contacts: readonly { language?: Locale | null }[];
  /** How many of the notice's targeted subscriptions belong to this customer. */
  subscriptionCount: number;
};

/** The languages the recipients of these targets read, in LOCALES order. */
export function neededLanguages(targets: readonly NoticeTarget[]): Locale[] {
  const needed = new Set<Locale>();
  for (const target of targets) {
    for (const contact of target.contacts) needed.add(recipientLanguage(contact, { preferredLanguage: target.preferredLanguage }));
  }
  return LOCALES.filter((language) => needed.has(language));
}

export type NoticeCheckError =
  | { code: 'NO_TARGET' }
  | (TemplateError & { language: Locale; field: TemplateField })
  | LanguageError
  | { code: 'TARGET_WITHOUT_RECIPIENT'; customerId: string }
  | { code: 'TARGET_WITHOUT_SUBSCRIPTION'; customerId: string };

/**
 * Everything that must hold before a notice is saved or sent, as coded errors in this order:
 * - `NO_TARGET`: no target customer;
 * - template errors of each language's subject and body (validateTemplate, with `communication`:
 *   whether the notice is linked to a Microsoft communication), with `language` and `field` — in
 *   every language, needed or not;
 * - `SUBJECT_REQUIRED` / `BODY_REQUIRED` for each language that a recipient needs;
 * - `TARGET_WITHOUT_RECIPIENT`: a target customer with no contact of the chosen roles;
 * - `TARGET_WITHOUT_SUBSCRIPTION`: a target customer without a targeted subscription while the
 *   subject or body in a language its recipients read uses a subscription variable.
 * Empty when the notice is ready.
 */
export function checkNotice(input: {
  content: NoticeContent;
  targets: readonly NoticeTarget[];
  communication?: boolean;
}): NoticeCheckError[] {
  const { content, targets } = input;
  const errors: NoticeCheckError[] = [];
  if (targets.length === 0) errors.push({ code: 'NO_TARGET' });
  const use = { communication: input.communication === true };
  for (const language of LOCALES) {
    for (const field of ['subject', 'body'] as const) {
      for (const error of validateTemplate(content[language]?.[field] ?? '', field, use)) errors.push({ ...error, language, field });
    }
  }
  errors.push(...checkLanguages(content, neededLanguages(targets)));
  for (const target of targets) {
    if (target.contacts.length === 0) errors.push({ code: 'TARGET_WITHOUT_RECIPIENT', customerId: target.customerId });
  }
  for (const target of targets) {
    if (target.subscriptionCount > 0) continue;
    const languages = neededLanguages([target]);
    const needsSubscription = languages.some(
      (language) => usesSubscriptionVariables(content[language]?.subject ?? '') || usesSubscriptionVariables(content[language]?.body ?? ''),
    );
    if (needsSubscription) errors.push({ code: 'TARGET_WITHOUT_SUBSCRIPTION', customerId: target.customerId });
  }
  return errors;
}
