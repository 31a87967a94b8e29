'use client';
import { useMemo, type Dispatch } from 'react';
import { useI18n } from '@/components/i18n-provider';
import { CONTACT_ROLES } from '@/lib/domain/notice-template';
import { fieldId } from './compose-messages';
import { chosenAffected, estimateRecipients, type ComposerAction, type ComposerState } from './composer-state';
import { FieldError, type ComposerFieldErrors } from './field-error';

/** Who receives the notice at each target customer: its contacts of the roles checked (with an estimate for picked customers). */
export function RecipientsSection({
  values,
  dispatch,
  fields,
}: {
  values: ComposerState;
  dispatch: Dispatch<ComposerAction>;
  fields: ComposerFieldErrors;
}) {
  const { t } = useI18n();
  const { customers, recipientRoles, communication, excludedIds } = values;
  // A notice about a communication: estimated from its chosen affected customers when every one of them is listed.
  const chosen = useMemo(
    () => (communication ? chosenAffected({ communication, excludedIds }) : customers),
    [communication, excludedIds, customers],
  );
  const estimate = useMemo(() => estimateRecipients(chosen, recipientRoles), [chosen, recipientRoles]);
  const estimated =
    values.targetMode === 'customers'
      ? customers.length > 0
      : values.targetMode === 'affected' && communication !== null && communication.affected.length === communication.affectedCount;

  return (
    <fieldset
      className="space-y-2 rounded-md border border-neutral-200 bg-white p-5 shadow-sm"
      aria-describedby={`recipients-hint${fields.text('recipientRoles') ? ' recipientRoles-error' : ''}`}
    >
      <legend className="px-1 text-lg font-semibold">{t('noticeComposer.sections.recipients')}</legend>
      <p id="recipients-hint" className="text-sm text-neutral-700">
        {t('noticeComposer.recipients.hint')}
      </p>
      {CONTACT_ROLES.map((role) => (
        <div key={role} className="flex items-center gap-2">
          <input
            id={fieldId(`recipientRoles.${role}`)}
            type="checkbox"
            name="recipientRoles"
            value={role}
            checked={recipientRoles.includes(role)}
            onChange={(event) => dispatch({ type: 'setRecipientRole', role, checked: event.target.checked })}
            aria-invalid={fields.invalid('recipientRoles') || undefined}
            className="h-4 w-4 accent-[#0f6cbd]"
          />
          <label htmlFor={fieldId(`recipientRoles.${role}`)} className="text-sm font-medium">
            {t(`noticeComposer.roles.${role}`)}
          </label>
        </div>
      ))}
      <FieldError id="recipientRoles-error" text={fields.text('recipientRoles')} />
      {estimated ? <p className="text-sm text-neutral-800">{t('noticeComposer.recipients.estimate', { count: estimate })}</p> : null}
    </fieldset>
  );
}
