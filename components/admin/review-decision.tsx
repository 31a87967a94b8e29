'use client';
import { useState } from 'react';
import { useI18n } from '@/components/i18n-provider';
import { decideRelationshipAction } from '@/lib/server/actions/relationships';
import { ConfirmDialog } from '@/components/customer-forms/confirm-dialog';
import {
  dangerButton,
  describedBy,
  FormAlert,
  fieldErrorText,
  fieldErrorsOf,
  inputClass,
  primaryButton,
  useKeptForm,
} from '@/components/customer-forms/form-parts';

/** Approve (one click) or reject (a dialog with the required comment) one pending declaration. */
export function ReviewDecision({ reviewId, customerName, partnerName }: { reviewId: string; customerName: string; partnerName: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const {
    state: approveState,
    formAction: approveAction,
    onSubmit: onApprove,
    pending: approving,
    formRef: approveForm,
    alertRef: approveAlert,
  } = useKeptForm(decideRelationshipAction);
  const {
    state: rejectState,
    formAction: rejectAction,
    onSubmit: onReject,
    pending: rejecting,
    formRef: rejectForm,
    alertRef: rejectAlert,
  } = useKeptForm(decideRelationshipAction);
  const errors = fieldErrorsOf(rejectState);
  const noteError = errors.note ? fieldErrorText(t, errors.note) : undefined;
  const noteId = `note-${reviewId}`;
  return (
    <div className="flex flex-wrap items-start gap-2">
      <form ref={approveForm} action={approveAction} onSubmit={onApprove}>
        <input type="hidden" name="reviewId" value={reviewId} />
        <input type="hidden" name="decision" value="approve" />
        <button
          type="submit"
          disabled={approving}
          aria-label={`${t('admin.relationships.approve')}: ${customerName}`}
          className={`${primaryButton} px-3 py-1.5 text-sm`}
        >
          {approving ? t('admin.relationships.approving') : t('admin.relationships.approve')}
        </button>
        <FormAlert state={approveState} alertRef={approveAlert} />
      </form>
      <button
        type="button"
        onClick={() => setOpen(true)}
        aria-label={`${t('admin.relationships.reject')} ${customerName}`}
        className="rounded border border-red-700 bg-white px-3 py-1.5 text-sm font-semibold text-red-800 hover:bg-red-50"
      >
        {t('admin.relationships.reject')}
      </button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title={t('admin.relationships.rejectTitle', { customer: customerName })}
        cancelLabel={t('admin.relationships.cancel')}
      >
        {({ cancelButton, descriptionId }) => (
          <form ref={rejectForm} action={rejectAction} onSubmit={onReject} noValidate className="mt-3 space-y-4">
            <p id={descriptionId} className="text-sm text-neutral-800">
              {t('admin.relationships.rejectBody', { partner: partnerName })}
            </p>
            {rejectState && !rejectState.ok && rejectState.code !== 'noteRequired' ? (
              <FormAlert state={rejectState} alertRef={rejectAlert} />
            ) : null}
            <input type="hidden" name="reviewId" value={reviewId} />
            <input type="hidden" name="decision" value="reject" />
            <div>
              <label htmlFor={noteId} className="block text-sm font-medium">
                {t('admin.relationships.comment')}
                <span className="ml-1 text-xs font-normal text-neutral-700">({t('customerForms.required')})</span>
              </label>
              <textarea
                id={noteId}
                name="note"
                rows={4}
                maxLength={2000}
                required
                className={inputClass}
                {...describedBy(noteId, false, noteError)}
              />
              {noteError ? (
                <p id={`${noteId}-error`} className="mt-1 text-sm font-medium text-red-800">
                  {noteError}
                </p>
              ) : null}
            </div>
            <div className="flex flex-wrap justify-end gap-3">
              {cancelButton}
              <button type="submit" disabled={rejecting} className={dangerButton}>
                {rejecting ? t('admin.relationships.rejecting') : t('admin.relationships.confirmReject')}
              </button>
            </div>
          </form>
        )}
      </ConfirmDialog>
    </div>
  );
}
