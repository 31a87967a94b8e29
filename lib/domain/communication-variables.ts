// The {{communication.*}} variables of a SERVICE_UPDATE notice, pure (no I/O): their names, the
// values of one Microsoft communication for a recipient in that recipient's language, and the
// rule that they exist only in a notice linked to a communication (or in a template of the kind
// SERVICE_UPDATE, which prefills such notices).
//
// - communication.title, communication.summary, communication.service: as Microsoft wrote them;
// - communication.id: the Graph id (EX123456, MC123456);
// - communication.status: the Graph status in the recipient's language ("Service restored",
//   "服務已還原"), the same words the portal shows; a value the portal does not know, as stored;
// - communication.startDateTime: the start in the recipient's language, in UTC and saying so
//   ("March 31, 2026 at 6:05 PM UTC"): a contact has no time zone of its own in the portal.
import { DEFAULT_LOCALE, isLocale, type Locale } from '../i18n/locales';
import { MESSAGES } from '../i18n/translate';

export const COMMUNICATION_VARIABLES = [
  'communication.title',
  'communication.id',
  'communication.service',
  'communication.status',
  'communication.summary',
  'communication.startDateTime',
] as const;
export type CommunicationVariable = (typeof COMMUNICATION_VARIABLES)[number];

export function isCommunicationVariable(name: string): name is CommunicationVariable {
  return (COMMUNICATION_VARIABLES as readonly string[]).includes(name);
}

/** What the variables are filled from: the communication as it is when the message is rendered. */
export type CommunicationContext = {
  externalId: string;
  title: string;
  summary: string;
  service: string;
  status: string;
  startAt: Date;
};

/** A Graph status in the language's words (the portal's own labels); an unknown one as it is. */
export function communicationStatusText(status: string, locale: Locale): string {
  const labels = MESSAGES[isLocale(locale) ? locale : DEFAULT_LOCALE].communications.statuses as Record<string, string>;
  return Object.hasOwn(labels, status) ? labels[status]! : status;
}

const timeFormats = new Map<Locale, Intl.DateTimeFormat>();

/** An instant in the language's long form, in UTC, with the zone named: "March 31, 2026 at 6:05 PM UTC". */
export function formatCommunicationTime(instant: Date, locale: Locale): string {
  if (!(instant instanceof Date) || !Number.isFinite(instant.getTime())) return '';
  const language = isLocale(locale) ? locale : DEFAULT_LOCALE;
  let format = timeFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language, {
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZone: 'UTC',
      timeZoneName: 'short',
    });
    timeFormats.set(language, format);
  }
  return format.format(instant);
}

/** The value of one variable for `communication` in `locale` (plain text; the renderer escapes it). None: empty. */
export function communicationValue(
  variable: CommunicationVariable,
  communication: CommunicationContext | null | undefined,
  locale: Locale,
): string {
  if (!communication) return '';
  switch (variable) {
    case 'communication.title':
      return communication.title;
    case 'communication.id':
      return communication.externalId;
    case 'communication.service':
      return communication.service;
    case 'communication.status':
      return communicationStatusText(communication.status, locale);
    case 'communication.summary':
      return communication.summary;
    case 'communication.startDateTime':
      return formatCommunicationTime(communication.startAt, locale);
  }
}
