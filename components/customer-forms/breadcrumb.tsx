import Link from 'next/link';

/** Customers › <customer> › <this page>: the way back, for keyboard and screen-reader users too. */
export function Breadcrumb({ label, items }: { label: string; items: { href?: string; label: string }[] }) {
  return (
    <nav aria-label={label} className="mb-3 text-sm">
      <ol className="flex flex-wrap items-center gap-1 text-neutral-700">
        {items.map((item, index) => (
          <li key={`${index}-${item.label}`} className="flex items-center gap-1">
            {index > 0 ? (
              <span aria-hidden="true" className="text-neutral-500">
                ›
              </span>
            ) : null}
            {item.href ? (
              <Link href={item.href} className="text-brand underline-offset-2 hover:underline">
                {item.label}
              </Link>
            ) : (
              <span aria-current="page">{item.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
