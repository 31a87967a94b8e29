'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import type { FormEvent, ReactNode } from 'react';
import { filterUrl } from './filter-url';

// The filter forms of the list pages (customers, communications, notices) are built from these:
// one GET form, so that every choice lands in the URL (shareable, the back button works) and it
// works without JavaScript; with JavaScript, empty choices are left out of the URL and the page
// changes without a full reload. A new choice starts again at the first page (no cursor).

const FIELD = 'mt-1 block w-full rounded border border-neutral-400 bg-white px-3 py-2 text-sm';
const LABEL = 'block text-sm font-medium';

export function FilterForm({
  path,
  label,
  defaults,
  className,
  applyLabel,
  clearLabel,
  actionsClassName,
  children,
}: {
  /** The list page the form filters (its action). */
  path: string;
  /** The search region's accessible name. */
  label: string;
  /** Values left out of the URL when chosen, besides empty ones (e.g. `{ sort: 'name' }`). */
  defaults?: Readonly<Record<string, string>>;
  /** Grid columns at larger widths. */
  className: string;
  /** The submit button, and the link back to the unfiltered list (`path`) after the fields. */
  applyLabel: string;
  clearLabel: string;
  /** Where the buttons sit in the grid (column span, alignment). */
  actionsClassName: string;
  children: ReactNode;
}) {
  const router = useRouter();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    router.push(filterUrl(path, new FormData(event.currentTarget), defaults));
  }

  return (
    <form
      role="search"
      aria-label={label}
      action={path}
      method="get"
      onSubmit={onSubmit}
      className={`mb-4 grid gap-3 rounded-md border border-neutral-200 bg-white p-4 shadow-sm md:grid-cols-2 ${className}`}
    >
      {children}
      <div className={`flex flex-wrap items-center gap-3 ${actionsClassName}`}>
        <button type="submit" className="rounded bg-brand px-4 py-2 text-sm font-semibold text-white hover:bg-brand-dark">
          {applyLabel}
        </button>
        <Link href={path} className="text-sm text-brand underline">
          {clearLabel}
        </Link>
      </div>
    </form>
  );
}

type FieldProps = {
  id: string;
  name: string;
  label: string;
  /** A line under the field, tied to it by aria-describedby. */
  hint?: ReactNode;
  /** Another element describing the field (a hint shared by several fields). */
  describedBy?: string;
  /** Classes of the field's cell (e.g. a column span). */
  className?: string;
};

function Field({ id, label, hint, className, children }: Omit<FieldProps, 'name' | 'describedBy'> & { children: ReactNode }) {
  return (
    <div className={className}>
      <label htmlFor={id} className={LABEL}>
        {label}
      </label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-neutral-700">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

const describedByOf = (id: string, hint: ReactNode, describedBy: string | undefined) =>
  [hint ? `${id}-hint` : null, describedBy].filter(Boolean).join(' ') || undefined;

export function FilterSelect({
  defaultValue,
  emptyLabel,
  options,
  ...props
}: FieldProps & {
  defaultValue: string | undefined;
  /** The "any" choice (value ""); none when a value is always chosen (e.g. a sort). */
  emptyLabel?: string;
  options: readonly { value: string; label: string }[];
}) {
  return (
    <Field {...props}>
      <select
        id={props.id}
        name={props.name}
        defaultValue={defaultValue ?? ''}
        aria-describedby={describedByOf(props.id, props.hint, props.describedBy)}
        className={FIELD}
      >
        {emptyLabel !== undefined ? <option value="">{emptyLabel}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function FilterInput({
  type,
  defaultValue,
  maxLength,
  ...props
}: FieldProps & { type: 'search' | 'date'; defaultValue: string | undefined; maxLength?: number }) {
  return (
    <Field {...props}>
      <input
        id={props.id}
        name={props.name}
        type={type}
        defaultValue={defaultValue ?? ''}
        maxLength={maxLength}
        aria-describedby={describedByOf(props.id, props.hint, props.describedBy)}
        className={FIELD}
      />
    </Field>
  );
}
