import Link from 'next/link';

const LINK = 'rounded border border-neutral-300 bg-white px-3 py-1.5 text-sm text-brand hover:bg-neutral-100';

/** A keyset-paged list's links: back to the first page (when not on it) and on to the next (when there is one). */
export function KeysetPagination({
  label,
  first,
  next,
}: {
  label: string;
  first: { href: string; label: string } | null;
  next: { href: string; label: string } | null;
}) {
  if (!first && !next) return null;
  return (
    <nav aria-label={label} className="mt-4 flex flex-wrap gap-2">
      {first ? (
        <Link href={first.href} className={LINK}>
          {first.label}
        </Link>
      ) : null}
      {next ? (
        <Link href={next.href} rel="next" className={LINK}>
          {next.label}
        </Link>
      ) : null}
    </nav>
  );
}
