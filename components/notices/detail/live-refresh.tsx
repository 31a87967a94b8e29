'use client';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';

/**
 * Refreshes the page's server data every `intervalMs` while `active` (the notice is sending, or
 * scheduled and due), and stops when it is not. When sending ends while the page is open, the
 * `finished` text is announced politely.
 */
export function LiveRefresh({
  active,
  intervalMs = 2000,
  live,
  finished,
}: {
  active: boolean;
  intervalMs?: number;
  live: string;
  finished: string;
}) {
  const router = useRouter();
  const wasActive = useRef(active);
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => {
    if (wasActive.current && !active) setAnnouncement(finished);
    wasActive.current = active;
    if (!active) return;
    const timer = setInterval(() => router.refresh(), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs, router, finished]);
  return (
    <>
      {active ? <p className="text-sm text-neutral-700">{live}</p> : null}
      <p aria-live="polite" className="text-sm font-medium text-green-900">
        {announcement}
      </p>
    </>
  );
}
