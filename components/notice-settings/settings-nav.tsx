'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

/** The settings sections as tabs above the page; the current one is marked for assistive technology. */
export function SettingsNav({ items, label }: { items: { href: string; label: string }[]; label: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label={label} className="mb-6 border-b border-neutral-300">
      <ul className="flex flex-wrap gap-1">
        {items.map((item) => {
          const current = pathname === item.href || pathname.startsWith(`${item.href}/`);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={current ? 'page' : undefined}
                className={`-mb-px inline-block border-b-2 px-4 py-2 text-sm ${current ? 'border-brand font-semibold text-brand' : 'border-transparent text-neutral-800 hover:border-neutral-400'}`}
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
