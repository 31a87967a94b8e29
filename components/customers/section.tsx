import type { ReactNode } from 'react';

/** A titled card on the customer page; `id` names its heading for aria-labelledby. */
export function Section({ id, title, actions, children }: { id: string; title: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-md border border-neutral-200 bg-white p-4 shadow-sm">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 id={id} className="text-lg font-semibold">
          {title}
        </h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

export const tableClass = 'w-full text-left text-sm';
export const thClass = 'px-3 py-2 font-semibold';
export const tdClass = 'px-3 py-2';
export const emptyClass = 'text-neutral-700';
export const secondaryLink = 'rounded border border-brand px-3 py-1.5 text-sm font-semibold text-brand hover:bg-neutral-50';

/** "Showing the first/most recent N" under a list cut at its limit. */
export function Truncated({ text }: { text: string }) {
  return <p className="mt-2 text-sm text-neutral-700">{text}</p>;
}
