// Automatic service-update rules (/settings/notices/service-updates): the zod schema shared by the
// settings form's action and the data layer (which parses its input again). Messages are codes
// (NoticeFormErrorCode); the form words them.
import { z } from '../zod';
import { CATEGORIES } from '../domain/policy';
import { SEVERITIES, serviceKey } from '../domain/service-updates';
import { hasControlCharacters } from '../domain/customer-import/fields';
import { TEMPLATE_NAME_MAX, nameText, rolesSchema } from './notices';

export const SERVICE_UPDATE_ACTIONS = ['DRAFT', 'SEND'] as const;
export type ServiceUpdateAction = (typeof SERVICE_UPDATE_ACTIONS)[number];

/** Services a rule may name; a service name's length. */
export const RULE_SERVICES_MAX = 50;
export const RULE_SERVICE_MAX_LENGTH = 200;

const serviceSchema = z
  .string({ error: 'invalid' })
  .transform((value) => value.trim().replace(/\s+/g, ' '))
  .pipe(
    z
      .string()
      .min(1, { error: 'required' })
      .max(RULE_SERVICE_MAX_LENGTH, { error: 'tooLong' })
      .refine((value) => !hasControlCharacters(value), 'controlCharacters'),
  );

/** One rule: what it matches (categories, services — none: any —, least severity — none: any), what it does, to whom, with which text. */
export const serviceUpdateRuleSchema = z.object({
  name: nameText(TEMPLATE_NAME_MAX),
  enabled: z.boolean({ error: 'invalid' }),
  action: z.enum(SERVICE_UPDATE_ACTIONS, { error: 'invalid' }),
  categories: z
    .array(z.enum(CATEGORIES, { error: 'invalid' }), { error: 'categoriesRequired' })
    .min(1, { error: 'categoriesRequired' })
    .transform((categories) => CATEGORIES.filter((category) => categories.includes(category))),
  services: z
    .array(serviceSchema, { error: 'invalid' })
    .max(RULE_SERVICES_MAX, { error: 'tooMany' })
    .default([])
    // One of each, as rules compare them (case and spaces aside), in the order given.
    .transform((services) =>
      services.filter((service, index) => services.findIndex((other) => serviceKey(other) === serviceKey(service)) === index),
    ),
  minSeverity: z.enum(SEVERITIES, { error: 'invalid' }).nullable().default(null),
  recipientRoles: rolesSchema,
  templateId: z.uuid({ error: 'idInvalid' }).nullable().default(null),
});
export type ServiceUpdateRuleInput = z.input<typeof serviceUpdateRuleSchema>;
export type ParsedServiceUpdateRule = z.output<typeof serviceUpdateRuleSchema>;
