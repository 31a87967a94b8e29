'use client';
import Link from 'next/link';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useI18n } from '@/components/i18n-provider';
import { describedBy, Field, inputClass, primaryButton, useKeptForm } from '@/components/customer-forms/form-parts';
import { createRenewalNoticesAction, type RenewalNoticesResult } from '@/lib/server/actions/renewals';
import type { NoticeCheckError } from '@/lib/domain/notice-template';
import type { NoticeStatus } from '@/lib/domain/notice-lifecycle';
import type { Translate } from '@/lib/i18n/translate';

/** One row, with its texts already formatted on the server in the viewer's language and time zone. */
export type RenewalRow = {
  subscriptionId: string;
  customerId: string;
  customerName: string;
  offerName: string;
  quantity: string;
  commitmentEnd: string;
  daysLeft: string;
  autoRenew: boolean;
  covered: boolean;
  notices: { id: string; status: NoticeStatus; when: string | null; fromReminder: boolean }[];
};

const th = 'px-3 py-2 font-semibold';
const td = 'px-3 py-2';

/**
 * The coverage table; with `create` (notice:write) each row gets a checkbox, the header a
 * "select all on this page" box, and below the table a template, a time and "Create renewal notices".
 */
export function RenewalList({
  rows,
  caption,
  create,
}: {
  rows: RenewalRow[];
  caption: string;
  create: { templates: { id: string; name: string }[]; defaultScheduleAt: string; timeZone: string; maxSubscriptions: number } | null;
}) {
  const { t } = useI18n();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [when, setWhen] = useState<'draft' | 'schedule'>('draft');
  const { state, formAction, onSubmit, pending, formRef, alertRef } = useKeptForm(createRenewalNoticesAction);
  const statusRef = useRef<HTMLDivElement>(null);
  const allRef = useRef<HTMLInputElement>(null);
  const customerNames = useMemo(() => new Map(rows.map((row) => [row.customerId, row.customerName])), [rows]);
  // Customer names as they were when the notices were asked for (a refreshed page may no longer list them).
  const [namesAtSubmit, setNamesAtSubmit] = useState<Map<string, string>>(new Map());
  // A new result clears the selection (state adjusted while rendering, not in an effect).
  const [seenState, setSeenState] = useState(state);
  if (state !== seenState) {
    setSeenState(state);
    if (state?.ok) setSelected(new Set());
  }
  const created = state?.ok
    ? state.notices.map((notice) => ({
        ...notice,
        customerName: namesAtSubmit.get(notice.customerId) ?? customerNames.get(notice.customerId) ?? '—',
      }))
    : null;
  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    setNamesAtSubmit(new Map(customerNames));
    onSubmit(event);
  };
  useEffect(() => {
    if (state?.ok) statusRef.current?.focus();
  }, [state]);

  const pageIds = rows.map((row) => row.subscriptionId);
  const selectedOnPage = pageIds.filter((id) => selected.has(id)).length;
  const allSelected = pageIds.length > 0 && selectedOnPage === pageIds.length;
  useEffect(() => {
    if (allRef.current) allRef.current.indeterminate = selectedOnPage > 0 && !allSelected;
  }, [selectedOnPage, allSelected]);
  const toggle = (id: string, on: boolean) =>
    setSelected((previous) => {
      const next = new Set(previous);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const toggleAll = (on: boolean) => setSelected(on ? new Set(pageIds) : new Set());
  const fieldErrors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const scheduleError = fieldErrors.scheduleAt
    ? t(`renewals.errors.${fieldErrors.scheduleAt === 'timeNotInFuture' ? 'timeNotInFuture' : 'timeInvalid'}`)
    : undefined;
  const templateError = fieldErrors.templateId ? t('renewals.errors.templateRequired') : undefined;

  const table = (
    <div className="overflow-x-auto rounded-md border border-neutral-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-neutral-50">
          <tr>
            {create ? (
              <th scope="col" className={`${th} w-10`}>
                <input
                  ref={allRef}
                  type="checkbox"
                  checked={allSelected}
                  onChange={(event) => toggleAll(event.target.checked)}
                  aria-label={t('renewals.table.selectAll')}
                  className="h-4 w-4 accent-brand"
                />
              </th>
            ) : null}
            <th scope="col" className={th}>
              {t('renewals.table.customer')}
            </th>
            <th scope="col" className={th}>
              {t('renewals.table.offer')}
            </th>
            <th scope="col" className={`${th} text-right`}>
              {t('renewals.table.quantity')}
            </th>
            <th scope="col" className={th}>
              {t('renewals.table.commitmentEnd')}
            </th>
            <th scope="col" className={`${th} text-right`}>
              {t('renewals.table.daysLeft')}
            </th>
            <th scope="col" className={th}>
              {t('renewals.table.autoRenew')}
            </th>
            <th scope="col" className={th}>
              {t('renewals.table.covered')}
            </th>
            <th scope="col" className={th}>
              {t('renewals.table.notices')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.subscriptionId} className="border-t border-neutral-100 align-top">
              {create ? (
                <td className={td}>
                  <input
                    type="checkbox"
                    name="subscriptionIds"
                    value={row.subscriptionId}
                    checked={selected.has(row.subscriptionId)}
                    onChange={(event) => toggle(row.subscriptionId, event.target.checked)}
                    aria-label={t('renewals.table.selectRow', { offer: row.offerName, customer: row.customerName })}
                    className="h-4 w-4 accent-brand"
                  />
                </td>
              ) : null}
              <th scope="row" className={`${td} font-normal`}>
                <Link href={`/customers/${row.customerId}`} className="font-semibold text-brand hover:underline">
                  {row.customerName}
                </Link>
              </th>
              <td className={td}>{row.offerName}</td>
              <td className={`${td} text-right tabular-nums`}>{row.quantity}</td>
              <td className={`${td} whitespace-nowrap`}>{row.commitmentEnd}</td>
              <td className={`${td} whitespace-nowrap text-right tabular-nums`}>{row.daysLeft}</td>
              <td className={td}>{row.autoRenew ? t('renewals.table.on') : t('renewals.table.off')}</td>
              <td className={td}>{row.covered ? t('renewals.table.yes') : t('renewals.table.no')}</td>
              <td className={td}>
                {row.notices.length === 0 ? (
                  <span className="text-neutral-700">{t('renewals.table.noNotices')}</span>
                ) : (
                  <ul className="space-y-0.5">
                    {row.notices.map((notice) => (
                      <li key={notice.id}>
                        <Link href={`/notices/${notice.id}`} className="text-brand underline">
                          {t(`noticeStatus.${notice.status}`)}
                        </Link>
                        {notice.when ? <span className="text-neutral-700"> · {notice.when}</span> : null}
                        {notice.fromReminder ? (
                          <span className="ml-1 rounded bg-neutral-100 px-1.5 py-0.5 text-xs text-neutral-800">
                            {t('renewals.table.fromReminder')}
                          </span>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );

  if (!create) return table;

  return (
    <form ref={formRef} action={formAction} onSubmit={submit} noValidate className="space-y-4">
      {table}
      <section aria-labelledby="create-renewals" className="space-y-4 rounded-md border border-neutral-200 bg-white p-4 shadow-sm">
        <h2 id="create-renewals" className="text-lg font-semibold">
          {t('renewals.create.title')}
        </h2>
        <p className="max-w-3xl text-sm text-neutral-700">{t('renewals.create.intro')}</p>
        <p className="text-sm font-medium" aria-live="polite">
          {t('renewals.create.selected', { count: selected.size })}
        </p>
        {created ? (
          <div
            ref={statusRef}
            tabIndex={-1}
            role="status"
            className="rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900 outline-none"
          >
            <p>{created.length === 1 ? t('renewals.create.createdOne') : t('renewals.create.created', { count: created.length })}</p>
            <ul className="mt-1 list-disc pl-5">
              {created.map((notice) => (
                <li key={notice.id}>
                  <Link href={`/notices/${notice.id}`} className="font-semibold underline">
                    {notice.customerName}
                  </Link>{' '}
                  — {t(`noticeStatus.${notice.status}`)}
                </li>
              ))}
            </ul>
            {created.some((notice) => notice.status === 'DRAFT') ? <p className="mt-1">{t('renewals.create.createdDraftsHint')}</p> : null}
          </div>
        ) : null}
        <RenewalAlert state={state} alertRef={alertRef} customerNames={customerNames} maxSubscriptions={create.maxSubscriptions} />
        <Field
          id="templateId"
          label={t('renewals.create.template')}
          hint={create.templates.length === 0 ? t('renewals.create.noTemplates') : undefined}
          error={templateError}
          required
        >
          <select
            id="templateId"
            name="templateId"
            defaultValue=""
            className={inputClass}
            {...describedBy('templateId', create.templates.length === 0, templateError)}
          >
            <option value="">{t('renewals.create.templateChoose')}</option>
            {create.templates.map((template) => (
              <option key={template.id} value={template.id}>
                {template.name}
              </option>
            ))}
          </select>
        </Field>
        <fieldset>
          <legend className="text-sm font-medium">{t('renewals.create.when')}</legend>
          <div className="mt-1 space-y-1">
            <label className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name="when"
                value="draft"
                checked={when === 'draft'}
                onChange={() => setWhen('draft')}
                className="accent-brand"
              />
              {t('renewals.create.whenDraft')}
            </label>
            <label className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name="when"
                value="schedule"
                checked={when === 'schedule'}
                onChange={() => setWhen('schedule')}
                className="accent-brand"
              />
              {t('renewals.create.whenSchedule')}
            </label>
          </div>
        </fieldset>
        {when === 'schedule' ? (
          <Field
            id="scheduleAt"
            label={t('renewals.create.scheduleAt')}
            hint={t('renewals.create.scheduleHint', { timeZone: create.timeZone })}
            error={scheduleError}
            required
          >
            <input
              id="scheduleAt"
              name="scheduleAt"
              type="datetime-local"
              defaultValue={create.defaultScheduleAt}
              required
              className={inputClass}
              {...describedBy('scheduleAt', true, scheduleError)}
            />
          </Field>
        ) : null}
        <button type="submit" disabled={pending} className={primaryButton}>
          {pending ? t('renewals.create.creating') : t('renewals.create.submit')}
        </button>
      </section>
    </form>
  );
}

function RenewalAlert({
  state,
  alertRef,
  customerNames,
  maxSubscriptions,
}: {
  state: RenewalNoticesResult | null;
  alertRef: React.Ref<HTMLParagraphElement>;
  customerNames: Map<string, string>;
  maxSubscriptions: number;
}) {
  const { t } = useI18n();
  if (!state || state.ok) return null;
  const details: string[] = [];
  if (state.code === 'NOTICE_INVALID') {
    for (const error of state.errors ?? []) details.push(checkErrorText(t, error, customerNames));
  } else if (state.code === 'INVALID') {
    const subscriptions = state.fieldErrors?.subscriptionIds;
    if (subscriptions === 'tooMany') details.push(t('renewals.errors.subscriptionsTooMany', { max: maxSubscriptions }));
    else if (subscriptions) details.push(t('renewals.errors.subscriptionsRequired'));
  } else {
    details.push(t(`renewals.errors.${state.code}`));
  }
  return (
    <div role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
      <p ref={alertRef} tabIndex={-1} className="font-semibold outline-none">
        {t('renewals.create.failed')}
      </p>
      <ul className="mt-1 list-disc pl-5">
        {(details.length > 0 ? details : [t('renewals.errors.INVALID')]).map((text, index) => (
          <li key={index}>{text}</li>
        ))}
      </ul>
    </div>
  );
}

function checkErrorText(t: Translate, error: NoticeCheckError, customerNames: Map<string, string>): string {
  const customer = 'customerId' in error ? (customerNames.get(error.customerId) ?? '—') : '';
  switch (error.code) {
    case 'NO_TARGET':
      return t('renewals.errors.noTarget');
    case 'TARGET_WITHOUT_RECIPIENT':
      return t('renewals.errors.targetWithoutRecipient', { customer });
    case 'TARGET_WITHOUT_SUBSCRIPTION':
      return t('renewals.errors.targetWithoutSubscription', { customer });
    case 'SUBJECT_REQUIRED':
    case 'BODY_REQUIRED': {
      const language = t(`renewals.languages.${error.language}`);
      return t('renewals.errors.languageMissing', {
        language,
        field: t(`renewals.fields.${error.code === 'SUBJECT_REQUIRED' ? 'subject' : 'body'}`),
      });
    }
    default: {
      const variable = 'name' in error ? `{{${error.name}}}` : '';
      const problem =
        error.code === 'UNKNOWN_VARIABLE'
          ? error.suggestion
            ? t('renewals.problems.unknownVariableSuggestion', { variable, suggestion: `{{${error.suggestion}}}` })
            : t('renewals.problems.unknownVariable', { variable })
          : error.code === 'VARIABLE_NOT_ALLOWED_IN_SUBJECT'
            ? t('renewals.problems.variableInSubject', { variable })
            : t('renewals.problems.malformedVariable');
      return t('renewals.errors.templateText', {
        language: t(`renewals.languages.${error.language}`),
        field: t(`renewals.fields.${error.field}`),
        line: error.line,
        column: error.column,
        problem,
      });
    }
  }
}
