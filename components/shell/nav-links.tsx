'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

/** `match`: the path (or paths) under which the item is the current one. */
export type NavItem = { href: string; label: string; match: string | readonly string[] };

export function NavLinks({ items, label }: { items: NavItem[]; label: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label={label}>
      <ul className="space-y-0.5">
        {items.map((item) => {
          const current = (typeof item.match === 'string' ? [item.match] : item.match).some(
            (match) => pathname === match || pathname.startsWith(`${match}/`),
          );
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={current ? 'page' : undefined}
                className={`block rounded px-3 py-2 text-sm ${current ? 'bg-white font-semibold text-brand shadow-sm' : 'text-neutral-800 hover:bg-white/70'}`}
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
