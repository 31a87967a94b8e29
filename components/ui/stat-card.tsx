import Link from 'next/link';
import type { ReactNode } from 'react';

export function StatCard({ label, value, hint, href }: { label: string; value: string; hint?: ReactNode; href?: string }) {
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
        <Link href={href} className="block hover:underline">
          {body}
        </Link>
      ) : (
        body
      )}
    </section>
  );
}
