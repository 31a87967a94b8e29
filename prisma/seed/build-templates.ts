// The partners' notice templates and renewal-reminder rules.
import type { Prisma } from '../../lib/generated/prisma/client';
import type { Clock } from './clock';
import { RENEWAL_RULES, TEMPLATES, type TemplateKey } from './data/notices';
import type { PartnerKey } from './data/partners';
import type { Random } from './random';
import { keyedRows, type PartnerRow, type TemplateRow } from './rows';

export function buildTemplates(
  rng: Random,
  clock: Clock,
  partner: (key: PartnerKey) => PartnerRow,
): { rows: TemplateRow[]; find: (key: TemplateKey) => TemplateRow } {
  return keyedRows('template', TEMPLATES, (spec): TemplateRow => ({
    id: rng.uuid(),
    partnerId: partner(spec.partner).id,
    name: spec.name,
    kind: spec.kind,
    ...spec.text,
    createdAt: clock.at(spec.createdAt),
    updatedAt: clock.at(spec.createdAt),
  }));
}

export function buildRenewalRules(
  rng: Random,
  clock: Clock,
  partner: (key: PartnerKey) => PartnerRow,
  template: (key: TemplateKey) => TemplateRow,
): Prisma.RenewalReminderRuleCreateManyInput[] {
  return RENEWAL_RULES.map((spec) => ({
    id: rng.uuid(),
    partnerId: partner(spec.partner).id,
    enabled: spec.enabled,
    offsetsDays: spec.offsetsDays,
    templateId: template(spec.template).id,
    createdAt: clock.at(spec.createdAt),
    updatedAt: clock.at(spec.createdAt),
  }));
}
