import type { ReactNode } from 'react';
import { PortalLink } from './portal-link';

export function StatCard({
  label,
  value,
  hint,
  href,
  newTab,
}: {
  label: string;
  value: string;
  hint?: ReactNode;
  href?: string;
  /** The link opens the portal in a new tab (the embedded dashboard). */
  newTab?: boolean;
}) {
  const body = (
    <>
      <p className="text-sm text-neutral-700">{label}</p>
      <p className="mt-2 text-3xl font-semibold">{value}</p>
      {hint ? <p className="mt-1 text-sm text-neutral-700">{hint}</p> : null}
    </>
  );
  const className = 'block rounded-md border border-neutral-200 bg-white p-4 shadow-sm';
  return (
    <section aria-label={label} className={className}>
      {href ? (
        <PortalLink href={href} newTab={newTab} className="block hover:underline">
          {body}
        </PortalLink>
      ) : (
        body
      )}
    </section>
  );
}
