'use client';
import { useI18n } from '@/components/i18n-provider';
import { FilterForm, FilterInput, FilterSelect } from '@/components/ui/filter-form';
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES } from '@/lib/domain/audit';
import type { AuditQuery } from '@/lib/schemas/audit';
import { actionLabel, targetTypeLabel } from './labels';

/**
 * The audit trail's filters (see FilterForm): actor, action (one code, or the start of one),
 * target, partner (portal admins) and days in the viewer's time zone. A new choice starts again
 * at the newest events.
 */
export function AuditFilters({
  values,
  partners,
  timeZone,
}: {
  values: AuditQuery;
  /** The partners to choose from; none: no partner filter (a partner admin sees only their own). */
  partners: readonly { id: string; name: string }[] | null;
  timeZone: string;
}) {
  const { t } = useI18n();
  // A value from the URL that this version does not list is still offered, so the form shows it.
  const withCurrent = (known: readonly string[], current: string | undefined) =>
    current && !known.includes(current) ? [...known, current] : known;

  return (
    <FilterForm
      path="/admin/audit"
      label={t('audit.filters.region')}
      className="xl:grid-cols-4"
      applyLabel={t('audit.filters.apply')}
      clearLabel={t('audit.filters.clear')}
      actionsClassName="md:col-span-2 xl:col-span-4"
    >
      <FilterInput
        id="audit-actor"
        name="actor"
        type="search"
        label={t('audit.filters.actor')}
        defaultValue={values.actor}
        maxLength={320}
        hint={t('audit.filters.actorHint')}
        className="md:col-span-2"
      />
      <FilterSelect
        id="audit-action"
        name="action"
        label={t('audit.filters.action')}
        defaultValue={values.action}
        emptyLabel={t('audit.filters.anyAction')}
        options={withCurrent(AUDIT_ACTIONS, values.action).map((code) => ({ value: code, label: `${actionLabel(t, code)} (${code})` }))}
      />
      <FilterInput
        id="audit-action-prefix"
        name="actionPrefix"
        type="search"
        label={t('audit.filters.actionPrefix')}
        defaultValue={values.actionPrefix}
        maxLength={60}
        hint={t('audit.filters.actionPrefixHint')}
      />
      <FilterSelect
        id="audit-target-type"
        name="targetType"
        label={t('audit.filters.targetType')}
        defaultValue={values.targetType}
        emptyLabel={t('audit.filters.anyTargetType')}
        options={withCurrent(AUDIT_TARGET_TYPES, values.targetType).map((type) => ({ value: type, label: targetTypeLabel(t, type) }))}
      />
      <FilterInput
        id="audit-target-id"
        name="targetId"
        type="search"
        label={t('audit.filters.targetId')}
        defaultValue={values.targetId}
        maxLength={200}
      />
      {partners ? (
        <FilterSelect
          id="audit-partner"
          name="partner"
          label={t('audit.filters.partner')}
          defaultValue={values.partner}
          emptyLabel={t('audit.filters.anyPartner')}
          options={partners.map((partner) => ({ value: partner.id, label: partner.name }))}
          className="md:col-span-2"
        />
      ) : null}
      <FilterInput
        id="audit-from"
        name="from"
        type="date"
        label={t('audit.filters.from')}
        defaultValue={values.from}
        describedBy="audit-date-hint"
      />
      <FilterInput
        id="audit-to"
        name="to"
        type="date"
        label={t('audit.filters.to')}
        defaultValue={values.to}
        describedBy="audit-date-hint"
      />
      <p id="audit-date-hint" className="text-xs text-neutral-700 md:col-span-2 xl:col-span-4">
        {t('audit.filters.dateHint', { timeZone })}
      </p>
    </FilterForm>
  );
}
