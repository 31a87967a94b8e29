import { PortalLink } from '@/components/ui/portal-link';

export type Bar = { key: string; label: string; value: number; display: string; href: string; detail?: string };

/**
 * A small horizontal bar chart in plain HTML and CSS (no chart library, no client JavaScript):
 * each bar is a link to the filtered list behind it, named by its label and figure; the bar
 * itself is decoration.
 */
export function BarList({ bars, label, newTab }: { bars: Bar[]; label: string; newTab?: boolean }) {
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  return (
    <ul aria-label={label} className="mt-3 space-y-2">
      {bars.map((bar) => (
        <li key={bar.key}>
          <PortalLink href={bar.href} newTab={newTab} className="group block rounded px-1 py-0.5 hover:bg-neutral-50">
            <span className="flex items-baseline justify-between gap-3 text-sm">
              <span className="group-hover:underline">{bar.label}</span>
              <span className="font-semibold tabular-nums">{bar.display}</span>
            </span>
            <span aria-hidden="true" className="mt-1 block h-2 w-full rounded bg-neutral-100">
              <span className="block h-2 rounded bg-brand" style={{ width: `${Math.round((bar.value / max) * 100)}%` }} />
            </span>
            {bar.detail ? <span className="mt-0.5 block text-xs text-neutral-700">{bar.detail}</span> : null}
          </PortalLink>
        </li>
      ))}
    </ul>
  );
}
