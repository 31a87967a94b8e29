import Link from 'next/link';
import type { ReactNode } from 'react';

/**
 * A link to a page of the portal: a client-side navigation, or with `newTab` (the embedded
 * dashboard, inside another site's frame) a plain link that opens the portal in a new tab.
 */
export function PortalLink({
  href,
  newTab,
  className,
  children,
}: {
  href: string;
  newTab?: boolean;
  className?: string;
  children: ReactNode;
}) {
  return newTab ? (
    <a href={href} target="_blank" rel="noopener" className={className}>
      {children}
    </a>
  ) : (
    <Link href={href} className={className}>
      {children}
    </Link>
  );
}
