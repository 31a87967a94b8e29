'use client';
import Link from 'next/link';
import { useI18n } from '@/components/i18n-provider';
import { describedBy, Field, inputClass, primaryButton, secondaryButton, useKeptForm } from '@/components/customer-forms/form-parts';
import { deleteServiceUpdateRuleAction, saveServiceUpdateRuleAction, type ServiceUpdateResult } from '@/lib/server/actions/service-updates';
import type { ServiceUpdateRuleView } from '@/lib/server/data/service-update-rules';
import { CATEGORIES } from '@/lib/domain/policy';
import { CONTACT_ROLES } from '@/lib/domain/notice-template';
import { SEVERITIES } from '@/lib/domain/service-updates';
import { TEMPLATE_NAME_MAX } from '@/lib/schemas/notices';
import { SERVICE_UPDATE_ACTIONS } from '@/lib/schemas/service-updates';
import { ConfirmedDelete, settingsFieldError } from './shared';

/** What the form edits of a rule (ServiceUpdateRuleView's fields, the template by id). */
export type ServiceUpdateRuleValues = Pick<
  ServiceUpdateRuleView,
  'name' | 'enabled' | 'action' | 'categories' | 'services' | 'minSeverity' | 'recipientRoles'
> & { templateId: string | null };

function RuleAlert({
  state,
  alertRef,
  reloadHref,
}: {
  state: ServiceUpdateResult | null;
  alertRef: React.Ref<HTMLParagraphElement>;
  reloadHref?: string;
}) {
  const { t } = useI18n();
  if (!state || state.ok) return null;
  return (
    <div role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
      <p ref={alertRef} tabIndex={-1} className="outline-none">
        {t(`noticeSettings.serviceUpdates.errors.${state.code}`)}
      </p>
      {state.code === 'STALE' && reloadHref ? (
        <a href={reloadHref} className="mt-1 inline-block font-semibold underline">
          {t('noticeSettings.errors.reload')}
        </a>
      ) : null}
    </div>
  );
}

const checkbox = 'h-4 w-4 accent-[#0f6cbd]';

/**
 * Create (no `ruleId`) or edit an automatic service-update rule: which communications (categories,
 * services, least severity), what it does (a draft for review, or send at once), to whom (contact
 * roles) and with which text (a Service update template, or the built-in one).
 */
export function ServiceUpdateRuleForm({
  initial,
  ruleId,
  version,
  templates,
  knownServices,
}: {
  initial: ServiceUpdateRuleValues;
  ruleId?: string;
  version?: number;
  templates: { id: string; name: string }[];
  /** Services named in the partner's Microsoft communications, as a hint. */
  knownServices: string[];
}) {
  const { t } = useI18n();
  const editing = ruleId !== undefined;
  const { state, formAction, onSubmit, pending, formRef, alertRef } = useKeptForm(saveServiceUpdateRuleAction);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const error = (field: string) => (errors[field] ? settingsFieldError(t, errors[field]) : undefined);
  return (
    <form
      ref={formRef}
      action={formAction}
      onSubmit={onSubmit}
      noValidate
      className="max-w-4xl space-y-5 rounded-md border border-neutral-200 bg-white p-6 shadow-sm"
    >
      <RuleAlert state={state} alertRef={alertRef} reloadHref={editing ? `/settings/notices/service-updates/${ruleId}` : undefined} />
      {editing ? (
        <>
          <input type="hidden" name="ruleId" value={ruleId} />
          <input type="hidden" name="version" value={version} />
        </>
      ) : null}
      <Field id="name" label={t('noticeSettings.serviceUpdates.fieldName')} error={error('name')} required>
        <input
          id="name"
          name="name"
          defaultValue={initial.name}
          maxLength={TEMPLATE_NAME_MAX}
          required
          autoComplete="off"
          className={inputClass}
          {...describedBy('name', false, error('name'))}
        />
      </Field>
      <div className="flex items-center gap-2">
        <input id="enabled" name="enabled" type="checkbox" value="on" defaultChecked={initial.enabled} className={checkbox} />
        <label htmlFor="enabled" className="text-sm font-medium">
          {t('noticeSettings.serviceUpdates.fieldEnabled')}
        </label>
      </div>
      <fieldset className="space-y-2" aria-describedby={error('categories') ? 'categories-error' : undefined}>
        <legend className="text-sm font-medium">{t('noticeSettings.serviceUpdates.fieldCategories')}</legend>
        {CATEGORIES.map((category) => (
          <div key={category} className="flex items-center gap-2">
            <input
              id={`category-${category}`}
              name="categories"
              type="checkbox"
              value={category}
              defaultChecked={initial.categories.includes(category)}
              aria-invalid={error('categories') ? true : undefined}
              className={checkbox}
            />
            <label htmlFor={`category-${category}`} className="text-sm">
              {t(`policy.categories.${category}`)}
            </label>
          </div>
        ))}
        {error('categories') ? (
          <p id="categories-error" className="text-sm font-medium text-red-800">
            {error('categories')}
          </p>
        ) : null}
      </fieldset>
      <Field
        id="services"
        label={t('noticeSettings.serviceUpdates.fieldServices')}
        hint={
          knownServices.length > 0
            ? t('noticeSettings.serviceUpdates.servicesHintKnown', { services: knownServices.join(', ') })
            : t('noticeSettings.serviceUpdates.servicesHint')
        }
        error={error('services')}
      >
        <textarea
          id="services"
          name="services"
          rows={4}
          defaultValue={initial.services.join('\n')}
          className={inputClass}
          {...describedBy('services', true, error('services'))}
        />
      </Field>
      <Field
        id="minSeverity"
        label={t('noticeSettings.serviceUpdates.fieldSeverity')}
        hint={t('noticeSettings.serviceUpdates.severityHint')}
      >
        <select
          id="minSeverity"
          name="minSeverity"
          defaultValue={initial.minSeverity ?? ''}
          className={inputClass}
          {...describedBy('minSeverity', true, undefined)}
        >
          <option value="">{t('noticeSettings.serviceUpdates.anySeverity')}</option>
          {SEVERITIES.map((severity) => (
            <option key={severity} value={severity}>
              {t(`communications.severities.${severity}`)}
            </option>
          ))}
        </select>
      </Field>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">{t('noticeSettings.serviceUpdates.fieldAction')}</legend>
        {SERVICE_UPDATE_ACTIONS.map((action) => (
          <div key={action} className="flex items-start gap-2">
            <input
              id={`action-${action}`}
              name="action"
              type="radio"
              value={action}
              defaultChecked={initial.action === action}
              aria-describedby={`action-${action}-hint`}
              className="mt-1 h-4 w-4 accent-[#0f6cbd]"
            />
            <div>
              <label htmlFor={`action-${action}`} className="text-sm font-medium">
                {t(`noticeSettings.serviceUpdates.actions.${action}`)}
              </label>
              <p id={`action-${action}-hint`} className="text-sm text-neutral-700">
                {t(`noticeSettings.serviceUpdates.actionHints.${action}`)}
              </p>
            </div>
          </div>
        ))}
      </fieldset>
      <fieldset className="space-y-2" aria-describedby={error('recipientRoles') ? 'recipientRoles-error' : undefined}>
        <legend className="text-sm font-medium">{t('noticeSettings.serviceUpdates.fieldRoles')}</legend>
        {CONTACT_ROLES.map((role) => (
          <div key={role} className="flex items-center gap-2">
            <input
              id={`role-${role}`}
              name="recipientRoles"
              type="checkbox"
              value={role}
              defaultChecked={initial.recipientRoles.includes(role)}
              aria-invalid={error('recipientRoles') ? true : undefined}
              className={checkbox}
            />
            <label htmlFor={`role-${role}`} className="text-sm">
              {t(`noticeComposer.roles.${role}`)}
            </label>
          </div>
        ))}
        {error('recipientRoles') ? (
          <p id="recipientRoles-error" className="text-sm font-medium text-red-800">
            {error('recipientRoles')}
          </p>
        ) : null}
      </fieldset>
      <Field
        id="templateId"
        label={t('noticeSettings.serviceUpdates.fieldTemplate')}
        hint={t('noticeSettings.serviceUpdates.templateHint')}
        error={error('templateId')}
      >
        <select
          id="templateId"
          name="templateId"
          defaultValue={initial.templateId ?? ''}
          className={inputClass}
          {...describedBy('templateId', true, error('templateId'))}
        >
          <option value="">{t('noticeSettings.serviceUpdates.builtInText')}</option>
          {templates.map((template) => (
            <option key={template.id} value={template.id}>
              {template.name}
            </option>
          ))}
        </select>
      </Field>
      <div className="flex flex-wrap gap-3">
        <button type="submit" disabled={pending} className={primaryButton}>
          {pending
            ? t('noticeSettings.serviceUpdates.saving')
            : editing
              ? t('noticeSettings.serviceUpdates.save')
              : t('noticeSettings.serviceUpdates.create')}
        </button>
        <Link href="/settings/notices/service-updates" className={secondaryButton}>
          {t('noticeSettings.serviceUpdates.cancel')}
        </Link>
      </div>
    </form>
  );
}

/** "Delete rule…": nothing is deleted before the dialog's confirmation; the notices it made stay. */
export function DeleteServiceUpdateRuleButton({ ruleId, version, name }: { ruleId: string; version: number; name: string }) {
  return (
    <ConfirmedDelete
      action={deleteServiceUpdateRuleAction}
      hidden={{ ruleId, version }}
      name={name}
      messages="noticeSettings.serviceUpdates"
      alert={(state, alertRef) => (
        <RuleAlert state={state} alertRef={alertRef} reloadHref={`/settings/notices/service-updates/${ruleId}`} />
      )}
    />
  );
}
