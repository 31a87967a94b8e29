import type { ReactNode } from 'react';

// The embedded dashboard's frame: none of the portal's shell (no navigation, no sign-out), the
// host page around it is the frame. The page checks its token itself.
export default function EmbedLayout({ children }: { children: ReactNode }) {
  return <div className="bg-neutral-50">{children}</div>;
}
