import type { ReactNode } from 'react';

/** A titled card of the dashboard (a named region). */
export function DashboardCard({ id, title, hint, children }: { id: string; title: string; hint?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-md border border-neutral-200 bg-white p-4 shadow-sm">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {hint ? <p className="mt-1 text-sm text-neutral-700">{hint}</p> : null}
      {children}
    </section>
  );
}
