'use client';
import Link from 'next/link';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useI18n } from '@/components/i18n-provider';
import { inputClass, primaryButton, secondaryButton } from '@/components/customer-forms/form-parts';
import type { ImportPreviewBody, ImportResponse } from '@/lib/server/customer-import';
import type { ImportField, ImportKind } from '@/lib/domain/customer-import/columns';
import type { ImportIssue } from '@/lib/domain/customer-import/issues';
import type { PlanAction, PlanEntry } from '@/lib/domain/customer-import/plan';
import type { MessageKey, Translate } from '@/lib/i18n/translate';

const KINDS: readonly ImportKind[] = ['customers', 'contacts', 'subscriptions'];

type Phase =
  | { name: 'idle' }
  | { name: 'working'; mode: 'preview' | 'apply'; preview?: ImportPreviewBody }
  | { name: 'preview'; preview: ImportPreviewBody }
  | { name: 'invalid'; preview: ImportPreviewBody }
  | { name: 'applied'; counts: Record<PlanAction, number> }
  | { name: 'error'; message: string; preview?: ImportPreviewBody };

const ENUM_KEYS: Partial<Record<ImportField, string>> = {
  cloud: 'clouds',
  relationshipToPartner: 'customerForms.relationship',
  preferredLanguage: 'customerForms.languages',
  language: 'customerForms.languages',
  role: 'customerForms.roles',
  status: 'customerForms.statuses',
  term: 'customerForms.terms',
  billingCycle: 'customerForms.cycles',
};

function showValue(t: Translate, field: ImportField, value: string | null): string {
  if (value === null || value === '') return t('customerImport.emptyValue');
  if (field === 'autoRenew') return value === 'true' ? t('customerImport.yes') : t('customerImport.no');
  const prefix = ENUM_KEYS[field];
  return prefix ? t(`${prefix}.${value}` as MessageKey) : value;
}

function issueText(t: Translate, issue: ImportIssue): string {
  return t(`customerImport.issues.${issue.code}` as MessageKey, { ...(issue.params ?? {}) });
}

function columnText(t: Translate, issue: ImportIssue): string {
  if (issue.column === null)
    return issue.line <= 1 && issue.code !== 'noRows' ? t('customerImport.wholeFile') : t('customerImport.wholeRow');
  return issue.header ? t('customerImport.columnLabel', { number: issue.column, header: issue.header }) : String(issue.column);
}

export function ImportForm({ maxBytes, maxRows }: { maxBytes: number; maxRows: number }) {
  const { t, locale } = useI18n();
  const [kind, setKind] = useState<ImportKind>('customers');
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>({ name: 'idle' });
  const resultRef = useRef<HTMLHeadingElement>(null);
  const sizeMb = Math.round(maxBytes / (1024 * 1024));
  const numbers = new Intl.NumberFormat(locale);

  useEffect(() => {
    if (phase.name !== 'idle' && phase.name !== 'working') resultRef.current?.focus();
  }, [phase.name]);

  async function send(mode: 'preview' | 'apply', fingerprint?: string) {
    if (!file) {
      setPhase({ name: 'error', message: t('customerImport.errors.fileMissing') });
      return;
    }
    if (file.size > maxBytes) {
      setPhase({ name: 'error', message: t('customerImport.errors.fileTooLarge', { size: sizeMb }) });
      return;
    }
    const previous = phase.name === 'preview' ? phase.preview : undefined;
    setPhase({ name: 'working', mode, preview: previous });
    const body = new FormData();
    body.set('kind', kind);
    body.set('file', file, file.name);
    if (fingerprint) body.set('fingerprint', fingerprint);
    let result: ImportResponse;
    try {
      const response = await fetch(`/customers/import/${mode}`, { method: 'POST', body, headers: { Accept: 'application/json' } });
      // Signed out meanwhile: the request was sent to the sign-in page.
      if (response.redirected && new URL(response.url).pathname.startsWith('/signin')) {
        setPhase({ name: 'error', message: t('customerImport.errors.notFound') });
        return;
      }
      if (!(response.headers.get('content-type') ?? '').includes('application/json')) throw new Error('not json');
      result = (await response.json()) as ImportResponse;
    } catch {
      setPhase({ name: 'error', message: t('customerImport.errors.unexpected') });
      return;
    }
    if (result.ok) {
      setPhase(result.mode === 'preview' ? { name: 'preview', preview: result.preview } : { name: 'applied', counts: result.counts });
    } else if (result.code === 'invalid') {
      setPhase({ name: 'invalid', preview: result.preview });
    } else {
      const message =
        result.code === 'fileTooLarge'
          ? t('customerImport.errors.fileTooLarge', { size: sizeMb })
          : t(`customerImport.errors.${result.code}` as MessageKey);
      setPhase({ name: 'error', message });
    }
  }

  const onPreview = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void send('preview');
  };
  const reset = () => setPhase({ name: 'idle' });
  const working = phase.name === 'working';
  const preview = phase.name === 'preview' ? phase.preview : phase.name === 'working' ? phase.preview : undefined;

  return (
    <div className="space-y-6">
      <form onSubmit={onPreview} noValidate className="max-w-3xl space-y-5 rounded-md border border-neutral-200 bg-white p-6 shadow-sm">
        <fieldset>
          <legend className="text-sm font-medium">{t('customerImport.kind')}</legend>
          <div className="mt-2 space-y-3">
            {KINDS.map((value) => (
              <div key={value} className="flex items-start gap-2">
                <input
                  id={`kind-${value}`}
                  type="radio"
                  name="kind"
                  value={value}
                  checked={kind === value}
                  onChange={() => {
                    setKind(value);
                    reset();
                  }}
                  aria-describedby={`kind-${value}-hint`}
                  className="mt-1 h-4 w-4 accent-[#0f6cbd]"
                />
                <div>
                  <label htmlFor={`kind-${value}`} className="font-medium">
                    {t(`customerImport.kinds.${value}`)}
                  </label>
                  <p id={`kind-${value}-hint`} className="text-sm text-neutral-700">
                    {t(`customerImport.kindHints.${value}`)}{' '}
                    <a href={`/customers/import/samples/${value}.csv`} download className="text-brand underline">
                      {t('customerImport.sample')}
                      <span className="sr-only"> ({t(`customerImport.kinds.${value}`)})</span>
                    </a>
                  </p>
                </div>
              </div>
            ))}
          </div>
        </fieldset>
        <div>
          <label htmlFor="import-file" className="block text-sm font-medium">
            {t('customerImport.file')}
          </label>
          <input
            id="import-file"
            name="file"
            type="file"
            accept=".csv,.txt,text/csv,text/plain"
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              reset();
            }}
            aria-describedby="import-file-hint"
            className={`${inputClass} file:mr-3 file:rounded file:border-0 file:bg-neutral-100 file:px-3 file:py-1`}
          />
          <p id="import-file-hint" className="mt-1 text-sm text-neutral-700">
            {t('customerImport.fileHint', { size: sizeMb, rows: maxRows })}
          </p>
        </div>
        <button type="submit" disabled={working} className={primaryButton}>
          {working && phase.mode === 'preview' ? t('customerImport.previewing') : t('customerImport.preview')}
        </button>
      </form>

      {phase.name === 'error' ? (
        <div role="alert" className="max-w-3xl rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          <h2 ref={resultRef} tabIndex={-1} className="outline-none">
            {phase.message}
          </h2>
        </div>
      ) : null}

      {phase.name === 'applied' ? (
        <section aria-labelledby="import-applied" className="max-w-3xl rounded-md border border-green-300 bg-green-50 p-4 text-green-900">
          <h2 id="import-applied" ref={resultRef} tabIndex={-1} role="status" className="font-semibold outline-none">
            {t('customerImport.applied', { create: phase.counts.create, update: phase.counts.update, unchanged: phase.counts.unchanged })}
          </h2>
          <p className="mt-2 flex flex-wrap gap-4">
            <Link href="/customers" className="font-semibold text-green-900 underline">
              {t('customerImport.viewCustomers')}
            </Link>
            <button type="button" onClick={reset} className="font-semibold underline">
              {t('customerImport.chooseAnother')}
            </button>
          </p>
        </section>
      ) : null}

      {phase.name === 'invalid' ? (
        <section aria-labelledby="import-problems" className="rounded-md border border-red-300 bg-white p-4 shadow-sm">
          <h2 id="import-problems" ref={resultRef} tabIndex={-1} className="text-lg font-semibold text-red-900 outline-none">
            {t('customerImport.problemsTitle')}
          </h2>
          <p role="alert" className="mt-1 text-sm text-red-900">
            {t('customerImport.problemsIntro', { count: phase.preview.issueCount })}
          </p>
          {phase.preview.issueCount > phase.preview.issues.length ? (
            <p className="mt-1 text-sm text-neutral-700">
              {t('customerImport.problemsShownFirst', { shown: phase.preview.issues.length, total: phase.preview.issueCount })}
            </p>
          ) : null}
          <div className="mt-3 overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">{t('customerImport.problemsTable')}</caption>
              <thead className="bg-neutral-50">
                <tr>
                  <th scope="col" className="px-3 py-2">
                    {t('customerImport.columns.line')}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t('customerImport.columns.column')}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t('customerImport.columns.problem')}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t('customerImport.columns.value')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {phase.preview.issues.map((issue, index) => (
                  <tr key={`${issue.line}-${issue.column}-${index}`} className="border-t border-neutral-100 align-top">
                    <th scope="row" className="px-3 py-2 text-left font-normal tabular-nums">
                      {numbers.format(issue.line)}
                    </th>
                    <td className="px-3 py-2">{columnText(t, issue)}</td>
                    <td className="px-3 py-2">{issueText(t, issue)}</td>
                    <td className="px-3 py-2 break-all">
                      {issue.value === null ? '—' : issue.value === '' ? t('customerImport.emptyValue') : <code>{issue.value}</code>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      {preview ? <PreviewTable preview={preview} headingRef={phase.name === 'preview' ? resultRef : undefined} /> : null}
      {preview && preview.fingerprint ? (
        <div className="flex flex-wrap gap-3">
          <button
            type="button"
            disabled={working}
            onClick={() => void send('apply', preview.fingerprint ?? undefined)}
            className={primaryButton}
          >
            {working && phase.mode === 'apply' ? t('customerImport.applying') : t('customerImport.apply')}
          </button>
          <button type="button" disabled={working} onClick={reset} className={secondaryButton}>
            {t('customerImport.chooseAnother')}
          </button>
        </div>
      ) : null}
    </div>
  );
}

function PreviewTable({ preview, headingRef }: { preview: ImportPreviewBody; headingRef?: React.Ref<HTMLHeadingElement> }) {
  const { t, locale } = useI18n();
  const numbers = new Intl.NumberFormat(locale);
  const showCustomer = preview.kind !== 'customers';
  return (
    <section aria-labelledby="import-preview" className="rounded-md border border-neutral-200 bg-white p-4 shadow-sm">
      <h2 id="import-preview" ref={headingRef} tabIndex={-1} className="text-lg font-semibold outline-none">
        {t('customerImport.previewTitle')}
      </h2>
      <p className="mt-1 text-sm text-neutral-800">
        {t('customerImport.fileSummary', { file: preview.fileName, rows: preview.rowCount })} · {t('customerImport.previewNote')}
      </p>
      <div role="status" className="mt-3">
        <dl className="grid max-w-xl grid-cols-3 gap-3">
          {(['create', 'update', 'unchanged'] as const).map((action) => (
            <div key={action} className="rounded border border-neutral-200 p-3">
              <dt className="text-sm text-neutral-700">{t(`customerImport.counts.${action}`)}</dt>
              <dd className="text-2xl font-semibold tabular-nums">{numbers.format(preview.counts[action])}</dd>
            </div>
          ))}
        </dl>
      </div>
      {preview.ignoredColumns.length > 0 ? (
        <p className="mt-3 text-sm text-neutral-700">
          {t('customerImport.ignoredColumns', { columns: preview.ignoredColumns.join(', ') })}
        </p>
      ) : null}
      {preview.entryCount > preview.entries.length ? (
        <p className="mt-3 text-sm text-neutral-700">
          {t('customerImport.shownFirst', { shown: preview.entries.length, total: preview.entryCount })}
        </p>
      ) : null}
      <div className="mt-3 overflow-x-auto">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{t('customerImport.changeTable')}</caption>
          <thead className="bg-neutral-50">
            <tr>
              <th scope="col" className="px-3 py-2">
                {t('customerImport.columns.line')}
              </th>
              <th scope="col" className="px-3 py-2">
                {t('customerImport.columns.action')}
              </th>
              <th scope="col" className="px-3 py-2">
                {t('customerImport.columns.row')}
              </th>
              {showCustomer ? (
                <th scope="col" className="px-3 py-2">
                  {t('customerImport.columns.customer')}
                </th>
              ) : null}
              <th scope="col" className="px-3 py-2">
                {t('customerImport.columns.changes')}
              </th>
            </tr>
          </thead>
          <tbody>
            {preview.entries.map((entry) => (
              <EntryRow key={entry.line} entry={entry} showCustomer={showCustomer} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

const ACTION_STYLE: Record<PlanAction, string> = {
  create: 'bg-green-100 text-green-900',
  update: 'bg-amber-100 text-amber-900',
  unchanged: 'bg-neutral-100 text-neutral-800',
};

function EntryRow({ entry, showCustomer }: { entry: PlanEntry; showCustomer: boolean }) {
  const { t, locale } = useI18n();
  return (
    <tr className="border-t border-neutral-100 align-top">
      <td className="px-3 py-2 tabular-nums">{new Intl.NumberFormat(locale).format(entry.line)}</td>
      <td className="px-3 py-2">
        <span className={`rounded px-2 py-0.5 text-xs font-semibold ${ACTION_STYLE[entry.action]}`}>
          {t(`customerImport.actions.${entry.action}`)}
        </span>
      </td>
      <th scope="row" className="px-3 py-2 text-left font-normal">
        {entry.label}
      </th>
      {showCustomer ? <td className="px-3 py-2">{entry.customerName ?? '—'}</td> : null}
      <td className="px-3 py-2">
        {entry.changes.length === 0 ? (
          <span className="text-neutral-700">{entry.action === 'create' ? '—' : t('customerImport.noChanges')}</span>
        ) : (
          <ul className="space-y-0.5">
            {entry.changes.map((change) => (
              <li key={change.field}>
                <span className="font-medium">{t(`customerForms.fields.${change.field}`)}</span>:{' '}
                {showValue(t, change.field, change.before)} → {showValue(t, change.field, change.after)}
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}
