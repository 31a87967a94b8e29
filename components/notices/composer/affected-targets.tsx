'use client';
import Link from 'next/link';
import type { Dispatch } from 'react';
import { useI18n } from '@/components/i18n-provider';
import { CONTACT_ROLES } from '@/lib/domain/notice-template';
import { chosenAffectedCount, type ComposerAction, type ComposerState } from './composer-state';
import { FieldError, type ComposerFieldErrors } from './field-error';

/**
 * The customers a notice about a Microsoft communication goes to: every affected customer, each
 * chosen to begin with (an update: those the last notice went to) and any left out with its
 * checkbox, with what the policy says about it — where Microsoft may already have told it directly
 * — and its contacts per role. Those left out go with the form as `target.excludeCustomerIds`.
 */
export function AffectedTargets({
  values,
  dispatch,
  fields,
}: {
  values: ComposerState;
  dispatch: Dispatch<ComposerAction>;
  fields: ComposerFieldErrors;
}) {
  const { t } = useI18n();
  const communication = values.communication;
  if (!communication) return null;
  const unlisted = communication.affectedCount - communication.affected.length;
  const chosen = chosenAffectedCount(values);
  return (
    <fieldset
      className="space-y-4 rounded-md border border-neutral-200 bg-white p-5 shadow-sm"
      aria-describedby={`affected-hint${fields.text('target') ? ' target-error' : ''}`}
    >
      <legend className="px-1 text-lg font-semibold">{t('noticeComposer.affected.title')}</legend>
      <input type="hidden" name="targetMode" value="affected" />
      {values.excludedIds.map((id) => (
        <input key={id} type="hidden" name="target.excludeCustomerIds" value={id} />
      ))}
      <p id="affected-hint" className="text-sm text-neutral-700">
        {t('noticeComposer.affected.hint', { id: communication.externalId })}
      </p>
      <p role="status" aria-live="polite" className="text-sm font-medium">
        {t('noticeComposer.affected.chosen', { chosen, count: communication.affectedCount })}
      </p>
      <FieldError id="target-error" text={fields.text('target')} />
      {communication.affectedCount === 0 ? (
        <p className="text-sm text-neutral-700">{t('noticeComposer.affected.none')}</p>
      ) : (
        <>
          <div className="flex flex-wrap gap-3 text-sm">
            <button
              type="button"
              className="font-semibold text-brand underline"
              onClick={() => dispatch({ type: 'setAllAffected', included: true })}
            >
              {t('noticeComposer.affected.chooseAll')}
            </button>
            <button
              type="button"
              className="font-semibold text-brand underline"
              onClick={() => dispatch({ type: 'setAllAffected', included: false })}
            >
              {t('noticeComposer.affected.leaveAllOut')}
            </button>
          </div>
          <ul id="affected-targets" tabIndex={-1} aria-label={t('noticeComposer.affected.listLabel')} className="space-y-3 outline-none">
            {communication.affected.map((customer) => {
              const id = `affected-${customer.id}`;
              const contacts = CONTACT_ROLES.map((role) =>
                t('noticeComposer.affected.contacts', { role: t(`noticeComposer.roles.${role}`), count: customer.contactsByRole[role] }),
              ).join(' · ');
              return (
                <li key={customer.id} className="flex items-start gap-3 border-t border-neutral-100 pt-3 first:border-t-0 first:pt-0">
                  <input
                    id={id}
                    type="checkbox"
                    checked={!values.excludedIds.includes(customer.id)}
                    onChange={(event) => dispatch({ type: 'setAffected', customerId: customer.id, included: event.target.checked })}
                    aria-describedby={`${id}-policy ${id}-contacts`}
                    className="mt-1 h-4 w-4 accent-[#0f6cbd]"
                  />
                  <div className="text-sm">
                    <label htmlFor={id} className="font-medium">
                      {customer.companyName}
                    </label>
                    <p id={`${id}-policy`} className={customer.microsoftMayHaveTold ? 'text-sky-900' : 'text-neutral-800'}>
                      {customer.microsoftMayHaveTold
                        ? t('noticeComposer.affected.microsoftMayHaveTold')
                        : t('noticeComposer.affected.policy', { outcome: t(`policy.outcomes.${customer.outcome}`) })}
                    </p>
                    <p id={`${id}-contacts`} className="text-neutral-700">
                      {contacts}
                    </p>
                  </div>
                </li>
              );
            })}
          </ul>
          {unlisted > 0 ? <p className="text-sm text-neutral-800">{t('noticeComposer.affected.unlisted', { count: unlisted })}</p> : null}
        </>
      )}
      <p className="text-sm">
        <Link href={`/communications/${communication.id}`} className="text-brand underline">
          {t('noticeComposer.affected.openCommunication', { id: communication.externalId })}
        </Link>
      </p>
    </fieldset>
  );
}
