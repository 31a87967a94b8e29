'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

/** The two pages of the Microsoft settings (the connector, the category rules); the current one is marked. */
export function MicrosoftNav({ items, label }: { items: { href: string; label: string }[]; label: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label={label} className="mb-6">
      <ul className="flex flex-wrap gap-2">
        {items.map((item) => {
          const current = pathname === item.href;
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={current ? 'page' : undefined}
                className={`inline-block rounded-full border px-3 py-1 text-sm ${current ? 'border-brand bg-brand font-semibold text-white' : 'border-neutral-400 text-neutral-900 hover:bg-neutral-100'}`}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
