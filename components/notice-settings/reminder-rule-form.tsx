'use client';
import { useI18n } from '@/components/i18n-provider';
import { describedBy, Field, inputClass, primaryButton, useKeptForm } from '@/components/customer-forms/form-parts';
import { saveReminderRuleAction } from '@/lib/server/actions/notice-settings';
import { REMINDER_OFFSET_MAX_DAYS, REMINDER_OFFSETS_MAX } from '@/lib/schemas/notices';
import { SavedMessage, SettingsAlert, settingsFieldError } from './shared';

export type ReminderRuleValues = {
  enabled: boolean;
  offsetsDays: number[];
  templateId: string | null;
  templateName: string | null;
  version: number;
};

/** Automatic renewal reminders: on/off, offsets in days, the RENEWAL template; saved with its version. */
export function ReminderRuleForm({ rule, templates }: { rule: ReminderRuleValues; templates: { id: string; name: string }[] }) {
  const { t } = useI18n();
  const { state, onSubmit, formAction, pending, formRef, alertRef } = useKeptForm(saveReminderRuleAction);
  // After a save the page is revalidated and brings the new version; until then, the save's own.
  const version = state?.ok && state.version ? state.version : String(rule.version);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const error = (field: string) => settingsFieldError(t, errors[field]);
  // A rule may still point at a template that is not (or no longer) a renewal one: keep it choosable.
  const known = rule.templateId === null || templates.some((template) => template.id === rule.templateId);
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className="space-y-4">
      {state?.ok ? <SavedMessage text={t('noticeSettings.reminders.saved')} /> : null}
      <SettingsAlert state={state} staleText={t('noticeSettings.reminders.stale')} alertRef={alertRef} reloadHref="/settings/notices" />
      <input type="hidden" name="version" value={version} />
      <div className="flex items-center gap-2">
        <input
          id="enabled"
          name="enabled"
          type="checkbox"
          value="on"
          defaultChecked={rule.enabled}
          className="h-4 w-4 rounded border-neutral-500 accent-brand"
        />
        <label htmlFor="enabled" className="text-sm font-medium">
          {t('noticeSettings.reminders.enabled')}
        </label>
      </div>
      <Field
        id="offsetsDays"
        label={t('noticeSettings.reminders.offsets')}
        hint={t('noticeSettings.reminders.offsetsHint', { count: REMINDER_OFFSETS_MAX, max: REMINDER_OFFSET_MAX_DAYS })}
        error={error('offsetsDays')}
        required
      >
        <input
          id="offsetsDays"
          name="offsetsDays"
          defaultValue={rule.offsetsDays.join(', ')}
          inputMode="numeric"
          autoComplete="off"
          maxLength={200}
          required
          className={inputClass}
          {...describedBy('offsetsDays', true, error('offsetsDays'))}
        />
      </Field>
      <Field
        id="templateId"
        label={t('noticeSettings.reminders.template')}
        hint={templates.length === 0 ? t('noticeSettings.reminders.noTemplates') : t('noticeSettings.reminders.templateHint')}
        error={error('templateId')}
      >
        <select
          id="templateId"
          name="templateId"
          defaultValue={rule.templateId ?? ''}
          className={inputClass}
          {...describedBy('templateId', true, error('templateId'))}
        >
          <option value="">{t('noticeSettings.reminders.templateChoose')}</option>
          {!known && rule.templateId ? <option value={rule.templateId}>{rule.templateName ?? rule.templateId}</option> : null}
          {templates.map((template) => (
            <option key={template.id} value={template.id}>
              {template.name}
            </option>
          ))}
        </select>
      </Field>
      <button type="submit" disabled={pending} className={primaryButton}>
        {pending ? t('noticeSettings.reminders.saving') : t('noticeSettings.reminders.save')}
      </button>
    </form>
  );
}
