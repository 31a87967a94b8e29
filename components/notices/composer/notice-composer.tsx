'use client';
import { useActionState, useEffect, useReducer, useRef, useState, useTransition, type FormEvent } from 'react';
import { useI18n } from '@/components/i18n-provider';
import { previewNoticeAction, saveNoticeAction, type ComposeResult } from '@/lib/server/actions/notice-compose';
import type { ComposerTemplate } from '@/lib/server/data/notice-composer';
import type { NoticeCheckError } from '@/lib/domain/notice-template';
import { checkErrorText, fieldErrorText } from './compose-messages';
import { availableVariables, composerReducer, initialComposerState, type ComposerInitial } from './composer-state';
import { ComposerAlert } from './composer-alert';
import { ComposerConfirm } from './composer-confirm';
import { NoticeSection } from './notice-section';
import { TargetsSection } from './targets-section';
import { RecipientsSection } from './recipients-section';
import { ContentSection } from './content-section';
import { PreviewSection } from './preview-section';
import { SendSection } from './send-section';
import type { ComposerFieldErrors } from './field-error';

/**
 * The notice composer, for a new notice and for editing a draft or scheduled one: kind, template,
 * targets (customers picked, with their subscriptions, or every customer with a subscription
 * ending within N days), recipients by contact role, subject and Markdown body per language with
 * the variables, a preview of exactly what a recipient gets, and Save draft / Schedule / Send now.
 * A notice about a Microsoft communication ("Tell affected customers", "Send an update") is a
 * service update to its affected customers, with the {{communication.*}} variables.
 * The form's values live in one reducer (composer-state.ts); what the user typed stays in the form
 * whatever the server answers.
 */
export function NoticeComposer({
  initial,
  templates,
  timeZone,
  cancelHref,
}: {
  initial: ComposerInitial;
  templates: ComposerTemplate[];
  timeZone: string;
  cancelHref: string;
}) {
  const { t } = useI18n();
  const [values, dispatch] = useReducer(composerReducer, initial, initialComposerState);
  // A notice saved before a refused schedule or send: the form goes on editing that draft.
  const [state, formAction, pending] = useActionState<ComposeResult | null, FormData>(async (previous, data) => {
    const result = await saveNoticeAction(previous, data);
    if (!result.ok && result.saved) dispatch({ type: 'noticeSaved', id: result.saved.id, version: result.saved.version });
    return result;
  }, null);
  const [, startTransition] = useTransition();
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  // Send now's steps (counting, the confirmation, the findings that stopped it): not form values.
  const [sendCheck, setSendCheck] = useState<{ count: number } | null>(null);
  const [sendBlocked, setSendBlocked] = useState<NoticeCheckError[] | null>(null);
  const [checking, setChecking] = useState(false);

  useEffect(() => {
    if (state && !state.ok) alertRef.current?.focus();
  }, [state]);

  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const checkErrors: NoticeCheckError[] = sendBlocked ?? (state && !state.ok && state.errors ? state.errors : []);
  const customerName = (id: string) =>
    values.customers.find((customer) => customer.id === id)?.companyName ??
    values.communication?.affected.find((customer) => customer.id === id)?.companyName ??
    t('noticeComposer.aCustomer');
  const checkFields = new Set(checkErrors.map((error) => checkErrorText(t, error, customerName).field).filter(Boolean));
  const fields: ComposerFieldErrors = {
    text: (path) => fieldErrorText(t, errors[path]),
    invalid: (path) => Boolean(errors[path]) || checkFields.has(path),
  };

  const submit = (intent: 'draft' | 'schedule' | 'send') => {
    const form = formRef.current;
    if (!form) return;
    setSendBlocked(null);
    const data = new FormData(form);
    data.set('intent', intent);
    startTransition(() => formAction(data));
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const intent = submitter?.value === 'schedule' ? 'schedule' : 'draft';
    submit(intent);
  };

  /** Send now: count the recipients of the form as it is (and check it) before asking for confirmation. */
  const askSend = async () => {
    const form = formRef.current;
    if (!form) return;
    setChecking(true);
    try {
      const result = await previewNoticeAction(new FormData(form), {});
      if (!result.ok) {
        submit('send');
        return;
      }
      if (result.preview.problems.length > 0) {
        setSendBlocked(result.preview.problems);
        requestAnimationFrame(() => alertRef.current?.focus());
        return;
      }
      setSendBlocked(null);
      setSendCheck({ count: result.preview.recipientCount });
    } finally {
      setChecking(false);
    }
  };

  const alertCode = sendBlocked ? 'NOTICE_INVALID' : state && !state.ok ? state.code : null;
  const { notice, communication } = values;

  return (
    <>
      <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-6" aria-describedby="composer-rule">
        {alertCode ? (
          <ComposerAlert
            alertRef={alertRef}
            code={alertCode}
            checkErrors={checkErrors}
            customerName={customerName}
            targetMode={values.targetMode}
            editHref={notice.id ? `/notices/${notice.id}/edit` : null}
            savedAsDraft={Boolean(state && !state.ok && state.saved && !sendBlocked)}
            fieldErrorsBelow={Object.keys(errors).length > 0}
          />
        ) : null}

        <input type="hidden" name="noticeId" value={notice.id ?? ''} />
        <input type="hidden" name="version" value={notice.version ?? ''} />
        <input type="hidden" name="templateId" value={values.templateId} />
        <input type="hidden" name="keepTargets" value={values.keepTargets ? '1' : ''} />
        <input type="hidden" name="communicationId" value={communication?.id ?? ''} />

        <p id="composer-rule" className="rounded border border-sky-300 bg-sky-50 px-4 py-3 text-sm text-sky-950">
          {communication ? t('noticeComposer.serviceUpdate.rule') : t('noticeComposer.rule')}
        </p>
        {communication ? (
          <section aria-labelledby="composer-communication" className="rounded-md border border-neutral-200 bg-white p-5 shadow-sm">
            <h2 id="composer-communication" className="text-lg font-semibold">
              {communication.isUpdate ? t('noticeComposer.serviceUpdate.updateAbout') : t('noticeComposer.serviceUpdate.about')}
            </h2>
            <p className="mt-1 text-sm">
              <span className="font-mono">{communication.externalId}</span> · {communication.title}
            </p>
            <p className="mt-1 text-sm text-neutral-700">
              {communication.isUpdate ? t('noticeComposer.serviceUpdate.updateHint') : t('noticeComposer.serviceUpdate.hint')}
            </p>
          </section>
        ) : null}

        <NoticeSection values={values} templates={templates} dispatch={dispatch} fields={fields} />
        <TargetsSection values={values} moreTargets={initial.moreTargets} dispatch={dispatch} fields={fields} />
        <RecipientsSection values={values} dispatch={dispatch} fields={fields} />
        <ContentSection
          content={values.content}
          variables={availableVariables(communication !== null)}
          dispatch={dispatch}
          fields={fields}
        />
        <PreviewSection formRef={formRef} customerName={customerName} />
        <SendSection
          scheduleAt={values.scheduleAt}
          status={initial.status}
          timeZone={timeZone}
          cancelHref={cancelHref}
          pending={pending}
          checking={checking}
          onSendNow={askSend}
          dispatch={dispatch}
          fields={fields}
        />
      </form>

      <ComposerConfirm
        open={sendCheck !== null}
        onClose={() => setSendCheck(null)}
        title={t('noticeComposer.confirmSend.title')}
        cancelLabel={t('noticeComposer.confirmSend.cancel')}
        confirmLabel={t('noticeComposer.confirmSend.confirm', { count: sendCheck?.count ?? 0 })}
        onConfirm={() => {
          setSendCheck(null);
          submit('send');
        }}
      >
        {t('noticeComposer.confirmSend.body', { count: sendCheck?.count ?? 0 })}
      </ComposerConfirm>

      <ComposerConfirm
        open={values.pendingTemplate !== null}
        onClose={() => dispatch({ type: 'dismissTemplate' })}
        title={t('noticeComposer.confirmTemplate.title')}
        cancelLabel={t('noticeComposer.confirmTemplate.cancel')}
        confirmLabel={t('noticeComposer.confirmTemplate.confirm')}
        onConfirm={() => dispatch({ type: 'confirmTemplate' })}
      >
        {t('noticeComposer.confirmTemplate.body', { name: values.pendingTemplate?.name ?? '' })}
      </ComposerConfirm>
    </>
  );
}
