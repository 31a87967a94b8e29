'use client';
import Link from 'next/link';
import { useActionState, useEffect, useMemo, useRef, useState, useTransition, type FormEvent } from 'react';
import { useI18n } from '@/components/i18n-provider';
import { ConfirmDialog } from '@/components/customer-forms/confirm-dialog';
import { inputClass, primaryButton, secondaryButton } from '@/components/customer-forms/form-parts';
import { loadNoticeCustomersAction, previewNoticeAction, saveNoticeAction, type ComposeResult } from '@/lib/server/actions/notice-compose';
import type { ComposerCustomer, ComposerCustomerMatch, ComposerTemplate } from '@/lib/server/data/notice-composer';
import { NOTICE_KINDS, ENDING_WITHIN_MAX_DAYS, NOTICE_SUBJECT_MAX, type NoticeKind } from '@/lib/schemas/notices';
import { CONTACT_ROLES, TEMPLATE_VARIABLES, type ContactRole, type NoticeCheckError } from '@/lib/domain/notice-template';
import { MARKDOWN_MAX_LENGTH } from '@/lib/domain/markdown';
import { localDateTimeToInstant } from '@/lib/domain/local-date-time';
import { LOCALES, type Locale } from '@/lib/i18n/locales';
import type { MessageKey } from '@/lib/i18n/translate';
import { CustomerPicker } from './customer-picker';
import { ComposerPreview } from './composer-preview';
import { checkErrorText, composeCodeText, fieldErrorText, fieldId } from './compose-messages';

export type ComposerInitial = {
  noticeId?: string;
  version?: number;
  /** The stored notice's status (editing): a scheduled one keeps its schedule when saved. */
  status?: 'DRAFT' | 'SCHEDULED';
  kind: NoticeKind;
  templateId: string | null;
  targetMode: 'customers' | 'endingWithin';
  days: string;
  customers: ComposerCustomer[];
  subscriptionIds: string[];
  recipientRoles: ContactRole[];
  content: Record<Locale, { subject: string; body: string }>;
  scheduleAt: string;
  /** The stored notice has more target customers than the form lists: keep them unless the targets are edited. */
  moreTargets: number;
};

type Content = Record<Locale, { subject: string; body: string }>;
type TextField = 'subject' | 'body';

const hasText = (content: Content) =>
  LOCALES.some((language) => content[language].subject.trim() !== '' || content[language].body.trim() !== '');

function formatDay(day: string, locale: Locale): string {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/**
 * The notice composer, for a new notice and for editing a draft or scheduled one: kind, template,
 * targets (customers picked, with their subscriptions, or every customer with a subscription
 * ending within N days), recipients by contact role, subject and Markdown body per language with
 * the variables, a preview of exactly what a recipient gets, and Save draft / Schedule / Send now.
 * What the user typed stays in the form whatever the server answers.
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
  const { t, locale } = useI18n();
  const [notice, setNotice] = useState<{ id?: string; version?: number }>({ id: initial.noticeId, version: initial.version });
  // A notice saved before a refused schedule or send: the form goes on editing that draft.
  const [state, formAction, pending] = useActionState<ComposeResult | null, FormData>(async (previous, data) => {
    const result = await saveNoticeAction(previous, data);
    if (!result.ok && result.saved) setNotice({ id: result.saved.id, version: result.saved.version });
    return result;
  }, null);
  const [, startTransition] = useTransition();
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  const [kind, setKind] = useState<NoticeKind>(initial.kind);
  const [templateId, setTemplateId] = useState<string>(initial.templateId ?? '');
  const [templateChoice, setTemplateChoice] = useState<string>('');
  const [onlyKind, setOnlyKind] = useState(true);
  const [targetMode, setTargetMode] = useState(initial.targetMode);
  const [days, setDays] = useState(initial.days);
  const [customers, setCustomers] = useState<ComposerCustomer[]>(initial.customers);
  const [subscriptionIds, setSubscriptionIds] = useState<string[]>(initial.subscriptionIds);
  const [keepTargets, setKeepTargets] = useState(initial.moreTargets > 0);
  const [roles, setRoles] = useState<ContactRole[]>(initial.recipientRoles);
  const [content, setContent] = useState<Content>(initial.content);
  const [scheduleAt, setScheduleAt] = useState(initial.scheduleAt);
  const [pendingTemplate, setPendingTemplate] = useState<ComposerTemplate | null>(null);
  const [previewOpen, setPreviewOpen] = useState(false);
  const [previewVersion, setPreviewVersion] = useState(0);
  const [sendCheck, setSendCheck] = useState<{ count: number } | null>(null);
  const [sendBlocked, setSendBlocked] = useState<NoticeCheckError[] | null>(null);
  const [checking, setChecking] = useState(false);
  const lastField = useRef<Record<Locale, TextField>>({ en: 'body', 'zh-TW': 'body' });
  const fields = useRef<Record<string, HTMLInputElement | HTMLTextAreaElement | null>>({});

  useEffect(() => {
    if (state && !state.ok) alertRef.current?.focus();
  }, [state]);

  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const fieldError = (path: string) => fieldErrorText(t, errors[path]);
  const checkErrors: NoticeCheckError[] = sendBlocked ?? (state && !state.ok && state.errors ? state.errors : []);
  const customerName = (id: string) => customers.find((customer) => customer.id === id)?.companyName ?? t('noticeComposer.aCustomer');
  const checkFields = new Set(checkErrors.map((error) => checkErrorText(t, error, customerName).field).filter(Boolean));
  const invalid = (path: string) => Boolean(errors[path]) || checkFields.has(path);

  const selectedIds = customers.map((customer) => customer.id);
  const shownTemplates = templates.filter((template) => !onlyKind || template.kind === kind);

  const recipientsEstimate = useMemo(
    () => customers.reduce((sum, customer) => sum + roles.reduce((n, role) => n + customer.contactsByRole[role], 0), 0),
    [customers, roles],
  );

  const scheduleShown = useMemo(() => {
    if (scheduleAt === '') return null;
    const converted = localDateTimeToInstant(scheduleAt, timeZone);
    if (!converted.ok) return null;
    return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short', timeZone }).format(converted.instant);
  }, [scheduleAt, timeZone, locale]);

  const touchTargets = () => setKeepTargets(false);

  const addCustomer = async (match: ComposerCustomerMatch) => {
    touchTargets();
    const result = await loadNoticeCustomersAction([match.id]);
    if (!result.ok || result.customers.length === 0) return;
    const loaded = result.customers[0]!;
    setCustomers((current) => (current.some((customer) => customer.id === loaded.id) ? current : [...current, loaded]));
  };

  const removeCustomer = (customer: ComposerCustomer) => {
    touchTargets();
    setCustomers((current) => current.filter((c) => c.id !== customer.id));
    const gone = new Set(customer.subscriptions.map((subscription) => subscription.id));
    setSubscriptionIds((current) => current.filter((id) => !gone.has(id)));
    document.getElementById('customer-search')?.focus();
  };

  const setText = (language: Locale, field: TextField, value: string) =>
    setContent((current) => ({ ...current, [language]: { ...current[language], [field]: value } }));

  const insertVariable = (language: Locale, variable: string) => {
    const field = variable === 'subscriptions' ? 'body' : lastField.current[language];
    const element = fields.current[`content.${language}.${field}`];
    const token = `{{${variable}}}`;
    const value = content[language][field];
    const start = element?.selectionStart ?? value.length;
    const end = element?.selectionEnd ?? value.length;
    const next = value.slice(0, start) + token + value.slice(end);
    setText(language, field, next);
    requestAnimationFrame(() => {
      if (!element) return;
      element.focus();
      element.setSelectionRange(start + token.length, start + token.length);
    });
  };

  const applyTemplate = (template: ComposerTemplate) => {
    setKind(template.kind);
    setTemplateId(template.id);
    setContent({
      en: { ...template.content.en },
      'zh-TW': { ...template.content['zh-TW'] },
    });
    setPendingTemplate(null);
  };

  const chooseTemplate = () => {
    const template = templates.find((candidate) => candidate.id === templateChoice);
    if (!template) return;
    if (hasText(content)) setPendingTemplate(template);
    else applyTemplate(template);
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

  const showAlert = Boolean(sendBlocked) || (state !== null && !state.ok);
  const alertCode = sendBlocked ? 'NOTICE_INVALID' : state && !state.ok ? state.code : null;
  const editHref = notice.id ? `/notices/${notice.id}/edit` : null;

  return (
    <>
      <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-6" aria-describedby="composer-rule">
        {showAlert && alertCode ? (
          <div
            ref={alertRef}
            tabIndex={-1}
            role="alert"
            className="rounded border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900 outline-none"
          >
            <p className="font-semibold">{composeCodeText(t, alertCode)}</p>
            {alertCode === 'STALE' && editHref ? (
              <a href={editHref} className="mt-1 inline-block font-semibold underline">
                {t('noticeErrors.reload')}
              </a>
            ) : null}
            {state && !state.ok && state.saved && !sendBlocked ? <p className="mt-1">{t('noticeErrors.savedAsDraft')}</p> : null}
            {checkErrors.length > 0 ? (
              <ul className="mt-2 list-disc space-y-1 pl-5">
                {checkErrors.map((error, index) => {
                  const { text, field } = checkErrorText(t, error, customerName);
                  const target =
                    field === 'target'
                      ? targetMode === 'customers'
                        ? 'customer-search'
                        : 'target-days'
                      : field
                        ? fieldId(field === 'recipientRoles' ? 'recipientRoles.PRIMARY' : field)
                        : null;
                  return (
                    <li key={index}>
                      {target ? (
                        <a
                          href={`#${target}`}
                          onClick={(event) => {
                            event.preventDefault();
                            document.getElementById(target)?.focus();
                          }}
                          className="underline"
                        >
                          {text}
                        </a>
                      ) : (
                        text
                      )}
                    </li>
                  );
                })}
              </ul>
            ) : null}
            {Object.keys(errors).length > 0 ? <p className="mt-1">{t('noticeErrors.fieldsBelow')}</p> : null}
          </div>
        ) : null}

        <input type="hidden" name="noticeId" value={notice.id ?? ''} />
        <input type="hidden" name="version" value={notice.version ?? ''} />
        <input type="hidden" name="templateId" value={templateId} />
        <input type="hidden" name="keepTargets" value={keepTargets ? '1' : ''} />

        <p id="composer-rule" className="rounded border border-sky-300 bg-sky-50 px-4 py-3 text-sm text-sky-950">
          {t('noticeComposer.rule')}
        </p>

        <fieldset className="space-y-4 rounded-md border border-neutral-200 bg-white p-5 shadow-sm">
          <legend className="px-1 text-lg font-semibold">{t('noticeComposer.sections.notice')}</legend>
          <div>
            <label htmlFor="kind" className="block text-sm font-medium">
              {t('noticeComposer.fields.kind')}
            </label>
            <select
              id="kind"
              name="kind"
              value={kind}
              onChange={(event) => setKind(event.target.value as NoticeKind)}
              className={inputClass}
              aria-invalid={invalid('kind') || undefined}
              aria-describedby={fieldError('kind') ? 'kind-error' : undefined}
            >
              {NOTICE_KINDS.map((value) => (
                <option key={value} value={value}>
                  {t(`noticeComposer.kinds.${value}`)}
                </option>
              ))}
            </select>
            {fieldError('kind') ? (
              <p id="kind-error" className="mt-1 text-sm font-medium text-red-800">
                {fieldError('kind')}
              </p>
            ) : null}
          </div>
          <div className="space-y-2">
            <div className="flex flex-wrap items-end gap-3">
              <div className="min-w-64 flex-1">
                <label htmlFor="template-choice" className="block text-sm font-medium">
                  {t('noticeComposer.fields.template')}
                </label>
                <select
                  id="template-choice"
                  value={templateChoice}
                  onChange={(event) => setTemplateChoice(event.target.value)}
                  className={inputClass}
                  aria-describedby={`template-choice-hint${fieldError('templateId') ? ' template-choice-error' : ''}`}
                  aria-invalid={invalid('templateId') || undefined}
                >
                  <option value="">
                    {shownTemplates.length === 0 ? t('noticeComposer.template.none') : t('noticeComposer.template.choose')}
                  </option>
                  {shownTemplates.map((template) => (
                    <option key={template.id} value={template.id}>
                      {template.name} · {t(`noticeComposer.kinds.${template.kind}`)}
                    </option>
                  ))}
                </select>
              </div>
              <button type="button" onClick={chooseTemplate} disabled={templateChoice === ''} className={secondaryButton}>
                {t('noticeComposer.template.use')}
              </button>
            </div>
            <div className="flex items-center gap-2">
              <input
                id="template-only-kind"
                type="checkbox"
                checked={onlyKind}
                onChange={(event) => setOnlyKind(event.target.checked)}
                className="h-4 w-4 accent-[#0f6cbd]"
              />
              <label htmlFor="template-only-kind" className="text-sm">
                {t('noticeComposer.template.onlyKind')}
              </label>
            </div>
            <p id="template-choice-hint" className="text-sm text-neutral-700">
              {templateId
                ? t('noticeComposer.template.current', { name: templates.find((template) => template.id === templateId)?.name ?? '' })
                : t('noticeComposer.template.hint')}
            </p>
            {fieldError('templateId') ? (
              <p id="template-choice-error" className="text-sm font-medium text-red-800">
                {fieldError('templateId')}
              </p>
            ) : null}
          </div>
        </fieldset>

        <fieldset
          className="space-y-4 rounded-md border border-neutral-200 bg-white p-5 shadow-sm"
          aria-describedby={fieldError('target') ? 'target-error' : undefined}
        >
          <legend className="px-1 text-lg font-semibold">{t('noticeComposer.sections.targets')}</legend>
          <div role="radiogroup" aria-label={t('noticeComposer.targets.mode')} className="space-y-2">
            {(['customers', 'endingWithin'] as const).map((mode) => (
              <div key={mode} className="flex items-center gap-2">
                <input
                  id={`target-mode-${mode}`}
                  type="radio"
                  name="targetMode"
                  value={mode}
                  checked={targetMode === mode}
                  onChange={() => {
                    touchTargets();
                    setTargetMode(mode);
                  }}
                  className="h-4 w-4 accent-[#0f6cbd]"
                />
                <label htmlFor={`target-mode-${mode}`} className="text-sm font-medium">
                  {t(`noticeComposer.targets.${mode}`)}
                </label>
              </div>
            ))}
          </div>
          {fieldError('target') ? (
            <p id="target-error" className="text-sm font-medium text-red-800">
              {fieldError('target')}
            </p>
          ) : null}

          {targetMode === 'customers' ? (
            <div className="space-y-4">
              <CustomerPicker
                selectedIds={selectedIds}
                onPick={addCustomer}
                invalid={invalid('target') || invalid('target.customerIds')}
                describedBy={fieldError('target.customerIds') ? 'target-customerIds-error' : undefined}
              />
              {fieldError('target.customerIds') ? (
                <p id="target-customerIds-error" className="text-sm font-medium text-red-800">
                  {fieldError('target.customerIds')}
                </p>
              ) : null}
              {keepTargets ? (
                <p className="text-sm text-neutral-800">{t('noticeComposer.targets.moreTargets', { count: initial.moreTargets })}</p>
              ) : null}
              {customers.length === 0 ? (
                <p className="text-sm text-neutral-700">{t('noticeComposer.targets.noneChosen')}</p>
              ) : (
                <ul aria-label={t('noticeComposer.targets.chosen')} className="flex flex-wrap gap-2">
                  {customers.map((customer) => (
                    <li
                      key={customer.id}
                      className="inline-flex items-center gap-1 rounded-full border border-brand bg-sky-50 py-1 pr-1 pl-3 text-sm"
                    >
                      <input type="hidden" name="target.customerIds" value={customer.id} />
                      <span>{customer.companyName}</span>
                      <button
                        type="button"
                        onClick={() => removeCustomer(customer)}
                        aria-label={t('noticeComposer.targets.remove', { name: customer.companyName })}
                        className="rounded-full px-2 leading-6 text-neutral-800 hover:bg-neutral-200"
                      >
                        <span aria-hidden="true">×</span>
                      </button>
                    </li>
                  ))}
                </ul>
              )}
              {customers.map((customer) => (
                <fieldset key={customer.id} className="rounded border border-neutral-200 p-3">
                  <legend className="px-1 text-sm font-semibold">
                    {t('noticeComposer.targets.subscriptionsOf', { name: customer.companyName })}
                  </legend>
                  {customer.subscriptions.length === 0 ? (
                    <p className="text-sm text-neutral-700">{t('noticeComposer.targets.noSubscriptions')}</p>
                  ) : (
                    <ul className="space-y-1">
                      {customer.subscriptions.map((subscription) => {
                        const checkboxId = `subscription-${subscription.id}`;
                        return (
                          <li key={subscription.id} className="flex items-start gap-2">
                            <input
                              id={checkboxId}
                              type="checkbox"
                              name="target.subscriptionIds"
                              value={subscription.id}
                              checked={subscriptionIds.includes(subscription.id)}
                              onChange={(event) => {
                                touchTargets();
                                setSubscriptionIds((current) =>
                                  event.target.checked ? [...current, subscription.id] : current.filter((id) => id !== subscription.id),
                                );
                              }}
                              className="mt-1 h-4 w-4 accent-[#0f6cbd]"
                            />
                            <label htmlFor={checkboxId} className="text-sm">
                              <span className="font-medium">{subscription.offerName}</span>
                              {' — '}
                              {t('noticeComposer.targets.subscriptionLine', {
                                quantity: subscription.quantity,
                                date: formatDay(subscription.commitmentEndDate, locale),
                              })}
                              {subscription.status !== 'ACTIVE'
                                ? ` · ${t(`noticeComposer.subscriptionStatuses.${subscription.status}`)}`
                                : ''}
                            </label>
                          </li>
                        );
                      })}
                    </ul>
                  )}
                  {customer.moreSubscriptions ? (
                    <p className="mt-1 text-sm text-neutral-700">{t('noticeComposer.targets.moreSubscriptions')}</p>
                  ) : null}
                </fieldset>
              ))}
            </div>
          ) : (
            <div>
              <label htmlFor="target-days" className="block text-sm font-medium">
                {t('noticeComposer.targets.days')}
              </label>
              <input
                id="target-days"
                name="target.days"
                type="number"
                inputMode="numeric"
                min={1}
                max={ENDING_WITHIN_MAX_DAYS}
                step={1}
                value={days}
                onChange={(event) => setDays(event.target.value)}
                className={`${inputClass} max-w-40`}
                aria-invalid={invalid('target.days') || invalid('target') || undefined}
                aria-describedby={`target-days-hint${fieldError('target.days') ? ' target-days-error' : ''}`}
              />
              <p id="target-days-hint" className="mt-1 max-w-xl text-sm text-neutral-700">
                {t('noticeComposer.targets.daysHint', { max: ENDING_WITHIN_MAX_DAYS })}
              </p>
              {fieldError('target.days') ? (
                <p id="target-days-error" className="mt-1 text-sm font-medium text-red-800">
                  {fieldError('target.days')}
                </p>
              ) : null}
            </div>
          )}
        </fieldset>

        <fieldset
          className="space-y-2 rounded-md border border-neutral-200 bg-white p-5 shadow-sm"
          aria-describedby={`recipients-hint${fieldError('recipientRoles') ? ' recipientRoles-error' : ''}`}
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
                checked={roles.includes(role)}
                onChange={(event) => setRoles((current) => (event.target.checked ? [...current, role] : current.filter((r) => r !== role)))}
                aria-invalid={invalid('recipientRoles') || undefined}
                className="h-4 w-4 accent-[#0f6cbd]"
              />
              <label htmlFor={fieldId(`recipientRoles.${role}`)} className="text-sm font-medium">
                {t(`noticeComposer.roles.${role}`)}
              </label>
            </div>
          ))}
          {fieldError('recipientRoles') ? (
            <p id="recipientRoles-error" className="text-sm font-medium text-red-800">
              {fieldError('recipientRoles')}
            </p>
          ) : null}
          {targetMode === 'customers' && customers.length > 0 ? (
            <p className="text-sm text-neutral-800">{t('noticeComposer.recipients.estimate', { count: recipientsEstimate })}</p>
          ) : null}
        </fieldset>

        <fieldset className="space-y-4 rounded-md border border-neutral-200 bg-white p-5 shadow-sm">
          <legend className="px-1 text-lg font-semibold">{t('noticeComposer.sections.content')}</legend>
          <p className="text-sm text-neutral-700">{t('noticeComposer.content.hint')}</p>
          <div className="grid gap-6 xl:grid-cols-2">
            {LOCALES.map((language) => {
              const subjectPath = `content.${language}.subject`;
              const bodyPath = `content.${language}.body`;
              const languageLabel = t(`noticeComposer.languages.${language}` as MessageKey);
              return (
                <fieldset key={language} lang={language} className="space-y-3 rounded border border-neutral-200 p-4">
                  <legend className="px-1 font-semibold">{languageLabel}</legend>
                  <div>
                    <label htmlFor={fieldId(subjectPath)} className="block text-sm font-medium">
                      {t('noticeComposer.content.subjectIn', { language: languageLabel })}
                    </label>
                    <input
                      id={fieldId(subjectPath)}
                      ref={(element) => {
                        fields.current[subjectPath] = element;
                      }}
                      name={subjectPath}
                      value={content[language].subject}
                      maxLength={NOTICE_SUBJECT_MAX}
                      onChange={(event) => setText(language, 'subject', event.target.value)}
                      onFocus={() => (lastField.current[language] = 'subject')}
                      className={`${inputClass} max-w-none`}
                      aria-invalid={invalid(subjectPath) || undefined}
                      aria-describedby={fieldError(subjectPath) ? `${fieldId(subjectPath)}-error` : undefined}
                    />
                    {fieldError(subjectPath) ? (
                      <p id={`${fieldId(subjectPath)}-error`} className="mt-1 text-sm font-medium text-red-800">
                        {fieldError(subjectPath)}
                      </p>
                    ) : null}
                  </div>
                  <div>
                    <label htmlFor={fieldId(bodyPath)} className="block text-sm font-medium">
                      {t('noticeComposer.content.bodyIn', { language: languageLabel })}
                    </label>
                    <textarea
                      id={fieldId(bodyPath)}
                      ref={(element) => {
                        fields.current[bodyPath] = element;
                      }}
                      name={bodyPath}
                      value={content[language].body}
                      rows={12}
                      maxLength={MARKDOWN_MAX_LENGTH}
                      onChange={(event) => setText(language, 'body', event.target.value)}
                      onFocus={() => (lastField.current[language] = 'body')}
                      className={`${inputClass} max-w-none font-mono text-sm`}
                      aria-invalid={invalid(bodyPath) || undefined}
                      aria-describedby={`${fieldId(bodyPath)}-hint${fieldError(bodyPath) ? ` ${fieldId(bodyPath)}-error` : ''}`}
                    />
                    <p id={`${fieldId(bodyPath)}-hint`} className="mt-1 text-sm text-neutral-700">
                      {t('noticeComposer.content.markdownHint')}
                    </p>
                    {fieldError(bodyPath) ? (
                      <p id={`${fieldId(bodyPath)}-error`} className="mt-1 text-sm font-medium text-red-800">
                        {fieldError(bodyPath)}
                      </p>
                    ) : null}
                  </div>
                  <div role="group" aria-label={t('noticeComposer.content.variablesIn', { language: languageLabel })}>
                    <p className="text-sm font-medium">{t('noticeComposer.content.variables')}</p>
                    <ul className="mt-1 flex flex-wrap gap-2">
                      {TEMPLATE_VARIABLES.map((variable) => (
                        <li key={variable}>
                          <button
                            type="button"
                            onClick={() => insertVariable(language, variable)}
                            title={t(`noticeComposer.variables.${variable.replace('.', '_')}` as MessageKey)}
                            aria-label={t('noticeComposer.content.insert', {
                              variable: `{{${variable}}}`,
                              language: languageLabel,
                            })}
                            className="rounded border border-neutral-400 bg-neutral-50 px-2 py-0.5 font-mono text-xs hover:bg-neutral-100"
                          >
                            {`{{${variable}}}`}
                          </button>
                        </li>
                      ))}
                    </ul>
                  </div>
                </fieldset>
              );
            })}
          </div>
          <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
            {TEMPLATE_VARIABLES.map((variable) => (
              <div key={variable} className="contents">
                <dt className="font-mono text-xs leading-5">{`{{${variable}}}`}</dt>
                <dd className="text-neutral-800">{t(`noticeComposer.variables.${variable.replace('.', '_')}` as MessageKey)}</dd>
              </div>
            ))}
          </dl>
        </fieldset>

        <section
          aria-labelledby="composer-preview-heading"
          className="space-y-3 rounded-md border border-neutral-200 bg-white p-5 shadow-sm"
        >
          <div className="flex flex-wrap items-center justify-between gap-3">
            <h2 id="composer-preview-heading" className="text-lg font-semibold">
              {t('noticeComposer.preview.title')}
            </h2>
            <button
              type="button"
              className={secondaryButton}
              aria-expanded={previewOpen}
              aria-controls="composer-preview"
              onClick={() => {
                setPreviewOpen(true);
                setPreviewVersion((value) => value + 1);
              }}
            >
              {previewOpen ? t('noticeComposer.preview.refresh') : t('noticeComposer.preview.open')}
            </button>
          </div>
          <div id="composer-preview">
            {previewOpen ? (
              <ComposerPreview formRef={formRef} refresh={previewVersion} customerName={customerName} />
            ) : (
              <p className="text-sm text-neutral-700">{t('noticeComposer.preview.hint')}</p>
            )}
          </div>
        </section>

        <fieldset className="space-y-3 rounded-md border border-neutral-200 bg-white p-5 shadow-sm">
          <legend className="px-1 text-lg font-semibold">{t('noticeComposer.sections.send')}</legend>
          <div>
            <label htmlFor="scheduleAt" className="block text-sm font-medium">
              {t('noticeComposer.schedule.label', { timeZone })}
            </label>
            <input
              id="scheduleAt"
              name="scheduleAt"
              type="datetime-local"
              value={scheduleAt}
              onChange={(event) => setScheduleAt(event.target.value)}
              className={`${inputClass} max-w-64`}
              aria-invalid={invalid('scheduleAt') || undefined}
              aria-describedby={`scheduleAt-hint${fieldError('scheduleAt') ? ' scheduleAt-error' : ''}`}
            />
            <p id="scheduleAt-hint" className="mt-1 text-sm text-neutral-700" aria-live="polite">
              {scheduleShown
                ? t('noticeComposer.schedule.shown', { time: scheduleShown, timeZone })
                : t('noticeComposer.schedule.hint', { timeZone })}
            </p>
            {fieldError('scheduleAt') ? (
              <p id="scheduleAt-error" className="mt-1 text-sm font-medium text-red-800">
                {fieldError('scheduleAt')}
              </p>
            ) : null}
          </div>
          <div className="flex flex-wrap gap-3 pt-2">
            <button type="submit" name="intent" value="draft" disabled={pending} className={primaryButton}>
              {pending
                ? t('noticeComposer.actions.saving')
                : initial.status === 'SCHEDULED'
                  ? t('noticeComposer.actions.saveChanges')
                  : t('noticeComposer.actions.saveDraft')}
            </button>
            <button type="submit" name="intent" value="schedule" disabled={pending} className={secondaryButton}>
              {initial.status === 'SCHEDULED' ? t('noticeComposer.actions.reschedule') : t('noticeComposer.actions.schedule')}
            </button>
            <button type="button" disabled={pending || checking} onClick={askSend} className={secondaryButton}>
              {t('noticeComposer.actions.sendNow')}
            </button>
            <Link href={cancelHref} className="rounded px-4 py-2 font-semibold text-brand underline-offset-2 hover:underline">
              {t('noticeComposer.actions.cancel')}
            </Link>
          </div>
        </fieldset>
      </form>

      <ConfirmDialog
        open={sendCheck !== null}
        onClose={() => setSendCheck(null)}
        title={t('noticeComposer.confirmSend.title')}
        cancelLabel={t('noticeComposer.confirmSend.cancel')}
      >
        {({ cancelButton, descriptionId }) => (
          <>
            <p id={descriptionId} className="mt-3 text-sm">
              {t('noticeComposer.confirmSend.body', { count: sendCheck?.count ?? 0 })}
            </p>
            <div className="mt-5 flex flex-wrap justify-end gap-3">
              {cancelButton}
              <button
                type="button"
                className={primaryButton}
                onClick={() => {
                  setSendCheck(null);
                  submit('send');
                }}
              >
                {t('noticeComposer.confirmSend.confirm', { count: sendCheck?.count ?? 0 })}
              </button>
            </div>
          </>
        )}
      </ConfirmDialog>

      <ConfirmDialog
        open={pendingTemplate !== null}
        onClose={() => setPendingTemplate(null)}
        title={t('noticeComposer.confirmTemplate.title')}
        cancelLabel={t('noticeComposer.confirmTemplate.cancel')}
      >
        {({ cancelButton, descriptionId }) => (
          <>
            <p id={descriptionId} className="mt-3 text-sm">
              {t('noticeComposer.confirmTemplate.body', { name: pendingTemplate?.name ?? '' })}
            </p>
            <div className="mt-5 flex flex-wrap justify-end gap-3">
              {cancelButton}
              <button type="button" className={primaryButton} onClick={() => pendingTemplate && applyTemplate(pendingTemplate)}>
                {t('noticeComposer.confirmTemplate.confirm')}
              </button>
            </div>
          </>
        )}
      </ConfirmDialog>
    </>
  );
}
