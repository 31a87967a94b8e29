// The Microsoft connector's forms (/settings/microsoft) and the category rules' form and tester
// (/settings/microsoft/categories): zod schemas shared by the forms, the server actions and the
// data layer. Messages are codes; the forms word them (microsoftConnector.fieldErrors.<code>).
import { z } from '../zod';
import { CATEGORY_RULE_LIMITS, ruleListOf } from '../domain/communication-category';
import { GOVERNMENT_GRAPH_CHOICES } from '../domain/microsoft-cloud';
import { isStorableText } from '../domain/text';

/** How often the connector reads every tenant, in minutes (15 unless the partner picks another). */
export const SYNC_INTERVALS = [5, 15, 30, 60, 120, 240, 720, 1440] as const;
export const DEFAULT_SYNC_INTERVAL = 15;

/** What started a sync run: the interval, or someone's "Sync now". */
export const SYNC_TRIGGERS = ['SCHEDULE', 'SYNC_NOW'] as const;
export type SyncTrigger = (typeof SYNC_TRIGGERS)[number];
/** Failed tenants a run's summary names at most (its audit event and its webhook). */
export const SYNC_FAILURES_LISTED = 200;

export const CONNECTOR_CREDENTIALS = ['CLIENT_SECRET', 'CERTIFICATE'] as const;
export type ConnectorCredentialKind = (typeof CONNECTOR_CREDENTIALS)[number];

export type ConnectorFieldError =
  | 'clientIdInvalid'
  | 'credentialInvalid'
  | 'secretRequired'
  | 'tooLong'
  | 'certificateRequired'
  | 'keyRequired'
  | 'CERTIFICATE_UNREADABLE'
  | 'KEY_UNREADABLE'
  | 'KEY_NOT_RSA'
  | 'KEY_MISMATCH'
  | 'CERTIFICATE_EXPIRED'
  | 'intervalInvalid'
  | 'versionInvalid'
  | 'tooMany'
  | 'invalid';

const SECRET_MAX = 1000;
const PEM_MAX = 20_000;

const optionalText = (max: number) =>
  z
    .string()
    .optional()
    .default('')
    .transform((value) => value.trim())
    .refine((value) => value.length <= max, { error: 'tooLong' })
    .refine(isStorableText, { error: 'invalid' });

export const connectorSchema = z.object({
  version: z.coerce.number({ error: 'versionInvalid' }).int({ error: 'versionInvalid' }).min(0, { error: 'versionInvalid' }),
  clientId: z
    .string({ error: 'clientIdInvalid' })
    .trim()
    .pipe(z.guid({ error: 'clientIdInvalid' }))
    .transform((value) => value.toLowerCase()),
  credential: z.enum(CONNECTOR_CREDENTIALS, { error: 'credentialInvalid' }),
  /** A new client secret; empty keeps the stored one. */
  secret: optionalText(SECRET_MAX),
  /** A new certificate (PEM) and its private key (PEM); empty keeps the stored ones. */
  certificatePem: optionalText(PEM_MAX),
  privateKeyPem: optionalText(PEM_MAX),
  syncIntervalMinutes: z.coerce
    .number({ error: 'intervalInvalid' })
    .refine((value) => (SYNC_INTERVALS as readonly number[]).includes(value), { error: 'intervalInvalid' }),
  enabled: z.boolean(),
});
export type ConnectorInput = z.infer<typeof connectorSchema>;

export const governmentGraphSchema = z.object({
  customerId: z.uuid({ error: 'invalid' }),
  governmentGraph: z.enum(GOVERNMENT_GRAPH_CHOICES, { error: 'invalid' }),
});

/** One textarea of the category rules: entries a line (or comma), each at most 100 characters, at most 100. */
const ruleList = z
  .string()
  .optional()
  .default('')
  .transform((value) => ruleListOf(value))
  .superRefine((list, ctx) => {
    if (list.length > CATEGORY_RULE_LIMITS.entries) ctx.addIssue({ code: 'custom', message: 'tooMany' });
    else if (list.some((entry) => entry.length > CATEGORY_RULE_LIMITS.length)) ctx.addIssue({ code: 'custom', message: 'tooLong' });
    else if (!list.every(isStorableText)) ctx.addIssue({ code: 'custom', message: 'invalid' });
  });

export const categoryRulesSchema = z.object({
  version: z.coerce.number({ error: 'versionInvalid' }).int({ error: 'versionInvalid' }).min(0, { error: 'versionInvalid' }),
  titleWords: ruleList,
  tags: ruleList,
  services: ruleList,
});
export type CategoryRulesInput = z.infer<typeof categoryRulesSchema>;

/** The tester's query: a post typed in (title, tags, services) and a customer's products bought outside CSP. */
export const categoryTestSchema = z.object({
  title: z.string().trim().max(1000).refine(isStorableText).catch(''),
  tags: z.string().max(2000).refine(isStorableText).catch('').transform(ruleListOf),
  services: z.string().max(2000).refine(isStorableText).catch('').transform(ruleListOf),
  directServices: z.string().max(2000).refine(isStorableText).catch('').transform(ruleListOf),
});

/** The first problem of each field, as codes (for `fieldErrors`). */
export function connectorFieldErrorsOf(issues: readonly { path: PropertyKey[]; message: string }[]): Record<string, ConnectorFieldError> {
  const out: Record<string, ConnectorFieldError> = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? 'form');
    if (!(field in out)) out[field] = issue.message as ConnectorFieldError;
  }
  return out;
}
