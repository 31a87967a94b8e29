'use client';
import { useEffect, useRef, type ReactNode } from 'react';
import { EMBED_HEIGHT_MESSAGE } from '@/lib/domain/embed-snippet';

/**
 * Inside the host page's frame, tells that page the height of its content whenever it changes,
 * so that the host's snippet (lib/domain/embed-snippet.ts) sizes the frame to fit. The message is
 * addressed to the token's host origin: the browser delivers it to no other page. Outside a frame,
 * or without a host origin, it sends nothing.
 */
export function ResizeReporter({ hostOrigin, children }: { hostOrigin: string | null; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!hostOrigin || !element || window.parent === window) return;
    const report = () =>
      window.parent.postMessage({ type: EMBED_HEIGHT_MESSAGE, height: Math.ceil(element.getBoundingClientRect().height) }, hostOrigin);
    const observer = new ResizeObserver(report);
    observer.observe(element);
    return () => observer.disconnect();
  }, [hostOrigin]);
  return <div ref={ref}>{children}</div>;
}
