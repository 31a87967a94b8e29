'use client';
import Link from 'next/link';
import { useState } from 'react';
import { useI18n } from '@/components/i18n-provider';
import { declareRelationshipAction } from '@/lib/server/actions/relationships';
import { AGREEMENT_TYPES, type AgreementType } from '@/lib/domain/customer-import/fields';
import {
  describedBy,
  Field,
  FormAlert,
  fieldErrorText,
  fieldErrorsOf,
  inputClass,
  primaryButton,
  secondaryButton,
  useKeptForm,
} from './form-parts';

/** A partner admin declares the customer's own commercial relationship with Microsoft. */
export function RelationshipForm({ customerId }: { customerId: string }) {
  const { t } = useI18n();
  const [agreement, setAgreement] = useState<AgreementType>('EA');
  const { state, formAction, onSubmit, pending, formRef, alertRef } = useKeptForm(declareRelationshipAction);
  const errors = fieldErrorsOf(state);
  const error = (field: string) => fieldErrorText(t, errors[field]);
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className="max-w-2xl space-y-5">
      <FormAlert state={state} alertRef={alertRef} reloadHref={`/customers/${customerId}/relationship`} />
      <input type="hidden" name="customerId" value={customerId} />
      <Field id="agreementType" label={t('relationshipReview.agreementType')} error={error('agreementType')} required>
        <select
          id="agreementType"
          name="agreementType"
          value={agreement}
          onChange={(event) => setAgreement(event.target.value as AgreementType)}
          className={inputClass}
          {...describedBy('agreementType', false, error('agreementType'))}
        >
          {AGREEMENT_TYPES.map((value) => (
            <option key={value} value={value}>
              {t(`relationshipReview.agreementTypes.${value}`)}
            </option>
          ))}
        </select>
      </Field>
      {agreement === 'OTHER' ? (
        <Field id="otherAgreement" label={t('relationshipReview.otherAgreement')} error={error('otherAgreement')} required>
          <input
            id="otherAgreement"
            name="otherAgreement"
            maxLength={200}
            required
            className={inputClass}
            {...describedBy('otherAgreement', false, error('otherAgreement'))}
          />
        </Field>
      ) : null}
      <Field
        id="services"
        label={t('relationshipReview.servicesLabel')}
        hint={t('relationshipReview.servicesHint')}
        error={error('services')}
      >
        <textarea
          id="services"
          name="services"
          rows={3}
          maxLength={3200}
          className={inputClass}
          {...describedBy('services', true, error('services'))}
        />
      </Field>
      <Field
        id="evidenceNote"
        label={t('relationshipReview.evidenceNote')}
        hint={t('relationshipReview.evidenceHint')}
        error={error('evidenceNote')}
        required
      >
        <textarea
          id="evidenceNote"
          name="evidenceNote"
          rows={4}
          maxLength={2000}
          required
          className={inputClass}
          {...describedBy('evidenceNote', true, error('evidenceNote'))}
        />
      </Field>
      <div className="flex flex-wrap gap-3">
        <button type="submit" disabled={pending} className={primaryButton}>
          {pending ? t('relationshipReview.submitting') : t('relationshipReview.submit')}
        </button>
        <Link href={`/customers/${customerId}`} className={secondaryButton}>
          {t('customerForms.cancel')}
        </Link>
      </div>
    </form>
  );
}
