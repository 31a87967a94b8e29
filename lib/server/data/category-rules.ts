import 'server-only';
import { getDb } from '../db';
import { partnerScope, type Viewer } from '../viewer';
import { can } from '../../domain/permissions';
import { DEFAULT_CATEGORY_RULES, type CategoryRules } from '../../domain/communication-category';
import { auditBy, writeAudit } from './audit';
import { recategorizePartner } from './communication-links';
import { runWrite } from './transaction';

// The partner's rules that recognise billing and licensing posts (/settings/microsoft/categories,
// permission settings:microsoft). Without saved rules the defaults apply
// (lib/domain/communication-category.ts). Saving decides again, in the same transaction, the
// category of every message-center post of the partner and of each affected customer's link, so
// that the list, the conflicts and the dashboard follow the new rules at once; the audit event
// says how many posts changed category.

export type CategoryRulesView = { rules: CategoryRules; version: number; isDefault: boolean };

export type CategoryRulesResult<T extends object = object> = ({ ok: true } & T) | { ok: false; code: 'FORBIDDEN' | 'STALE' };

const FORBIDDEN = { ok: false, code: 'FORBIDDEN' } as const;

export async function getCategoryRules(viewer: Viewer): Promise<CategoryRulesResult<{ view: CategoryRulesView }>> {
  if (!can(viewer.role, 'settings:microsoft')) return FORBIDDEN;
  const partnerId = partnerScope(viewer);
  const row = await getDb().communicationCategoryRules.findUnique({
    where: { partnerId },
    select: { titleWords: true, tags: true, services: true, version: true },
  });
  if (!row) return { ok: true, view: { rules: DEFAULT_CATEGORY_RULES, version: 0, isDefault: true } };
  const { version, ...rules } = row;
  return { ok: true, view: { rules, version, isDefault: false } };
}

/** Saves the rules (`version` 0: the partner has none yet) and re-decides the partner's categories. */
export async function saveCategoryRules(
  viewer: Viewer,
  input: CategoryRules & { version: number },
  ctx: { address?: string | null } = {},
): Promise<CategoryRulesResult<{ version: number; recategorized: number }>> {
  if (!can(viewer.role, 'settings:microsoft')) return FORBIDDEN;
  const partnerId = partnerScope(viewer);
  const rules: CategoryRules = { titleWords: input.titleWords, tags: input.tags, services: input.services };
  return runWrite<CategoryRulesResult<{ version: number; recategorized: number }>>(
    async (tx) => {
      const before = await tx.communicationCategoryRules.findUnique({
        where: { partnerId },
        select: { titleWords: true, tags: true, services: true, version: true },
      });
      if ((before?.version ?? 0) !== input.version) return { ok: false, code: 'STALE' };
      let version: number;
      if (!before) {
        version = (await tx.communicationCategoryRules.create({ data: { partnerId, ...rules }, select: { version: true } })).version;
      } else {
        const updated = await tx.communicationCategoryRules.updateMany({
          where: { partnerId, version: before.version },
          data: { ...rules, version: { increment: 1 } },
        });
        if (updated.count !== 1) return { ok: false, code: 'STALE' };
        version = before.version + 1;
      }
      const recategorized = await recategorizePartner(tx, partnerId, rules);
      await writeAudit(tx, [
        auditBy(viewer, partnerId, ctx.address, {
          action: 'communication_rules.saved',
          targetType: 'CommunicationCategoryRules',
          targetId: partnerId,
          before: before ? { titleWords: before.titleWords, tags: before.tags, services: before.services } : DEFAULT_CATEGORY_RULES,
          after: { ...rules, recategorized },
        }),
      ]);
      return { ok: true, version, recategorized };
    },
    // Every post of the partner is looked at again: as the import, a write that grows with the data.
    { limits: { maxWait: 5_000, timeout: 60_000 } },
  );
}
