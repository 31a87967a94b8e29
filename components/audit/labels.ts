import { AUDIT_TARGET_TYPES, isKnownAuditAction } from '@/lib/domain/audit';
import type { Translate } from '@/lib/i18n/translate';

/** An action in words; an action this version does not know is shown as its code. */
export function actionLabel(t: Translate, code: string): string {
  return isKnownAuditAction(code) ? t(`audit.actions.${code}`) : code;
}

/** A target type in words; an unknown one as it is stored. */
export function targetTypeLabel(t: Translate, type: string): string {
  return (AUDIT_TARGET_TYPES as readonly string[]).includes(type)
    ? t(`audit.targetTypes.${type as (typeof AUDIT_TARGET_TYPES)[number]}`)
    : type;
}
