'use client';
import { useActionState, useEffect, useRef, useTransition, type FormEvent, type ReactNode } from 'react';
import en from '@/messages/en.json';
import { useI18n } from '@/components/i18n-provider';
import type { MessageKey, Translate } from '@/lib/i18n/translate';

export const inputClass =
  'mt-1 block w-full max-w-xl rounded border border-neutral-500 bg-white px-3 py-2 aria-[invalid=true]:border-red-700 aria-[invalid=true]:ring-1 aria-[invalid=true]:ring-red-700';
export const primaryButton = 'rounded bg-brand px-4 py-2 font-semibold text-white hover:bg-brand-dark disabled:opacity-60';
export const secondaryButton = 'rounded border border-neutral-500 bg-white px-4 py-2 font-semibold text-neutral-900 hover:bg-neutral-100';
export const dangerButton = 'rounded bg-red-700 px-4 py-2 font-semibold text-white hover:bg-red-800 disabled:opacity-60';

type Result = { ok: true } | { ok: false; code: string; fieldErrors?: Record<string, string> };

/**
 * A server action behind a form that keeps what the user typed: the submit is dispatched from
 * onSubmit (React resets a form only when the action is passed as its `action` prop and runs
 * there); before hydration the form still posts to the action. After a refusal, focus goes to the
 * first field with an error, else to the message.
 */
export function useKeptForm<S extends Result>(action: (previous: S | null, form: FormData) => Promise<S>) {
  const [state, formAction, pending] = useActionState(action, null);
  const [, startTransition] = useTransition();
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (!state || state.ok) return;
    const firstField = Object.keys(state.fieldErrors ?? {})
      .map((name) => formRef.current?.querySelector<HTMLElement>(`[name="${CSS.escape(name)}"]`))
      .find((element) => element && element.getAttribute('type') !== 'hidden');
    (firstField ?? alertRef.current)?.focus();
  }, [state]);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => formAction(data));
  };
  return { state, formAction, onSubmit, pending, formRef, alertRef };
}

/** A field error code in words; a code the messages do not know reads as the general "check the fields". */
export function fieldErrorText(t: Translate, code: string | undefined): string | undefined {
  if (!code) return undefined;
  return code in en.customerForms.errors ? t(`customerForms.errors.${code}` as MessageKey) : t('customerForms.errors.invalid');
}

export function FormAlert({
  state,
  staleKey = 'customerForms.errors.stale',
  alertRef,
  reloadHref,
}: {
  state: Result | null;
  staleKey?: MessageKey;
  alertRef?: React.Ref<HTMLParagraphElement>;
  reloadHref?: string;
}) {
  const { t } = useI18n();
  if (!state || state.ok) return null;
  const message = state.code === 'stale' ? t(staleKey) : (fieldErrorText(t, state.code) ?? t('customerForms.errors.unexpected'));
  return (
    <div role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
      <p ref={alertRef} tabIndex={-1} className="outline-none">
        {message}
      </p>
      {state.code === 'stale' && reloadHref ? (
        <a href={reloadHref} className="mt-1 inline-block font-semibold text-red-900 underline">
          {t('customerForms.reload')}
        </a>
      ) : null}
    </div>
  );
}

/** aria attributes for an input with an optional hint and error (ids `<id>-hint`, `<id>-error`). */
export function describedBy(id: string, hint: boolean, error: string | undefined) {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return { 'aria-invalid': error ? true : undefined, 'aria-describedby': ids || undefined } as const;
}

export function Field({
  id,
  label,
  hint,
  error,
  required,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
        {required ? <span className="ml-1 text-xs font-normal text-neutral-700">({t('customerForms.required')})</span> : null}
      </label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 max-w-xl text-sm text-neutral-700">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="mt-1 max-w-xl text-sm font-medium text-red-800">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A labelled select of fixed options: a Field whose select is named like its id, hint and error wired to aria-describedby. */
export function SelectField({
  id,
  label,
  hint,
  error,
  required,
  defaultValue,
  options,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
  defaultValue: string;
  options: readonly { value: string; label: string }[];
}) {
  return (
    <Field id={id} label={label} hint={hint} error={error} required={required}>
      <select id={id} name={id} defaultValue={defaultValue} className={inputClass} {...describedBy(id, Boolean(hint), error)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function fieldErrorsOf(state: Result | null): Record<string, string> {
  return state && !state.ok ? (state.fieldErrors ?? {}) : {};
}
