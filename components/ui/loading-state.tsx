/** A list page's loading state: its heading, a line saying what is coming, and a placeholder. */
export function LoadingState({ title, message }: { title: string; message: string }) {
  return (
    <div role="status" aria-live="polite" className="space-y-3">
      <h1 className="text-2xl font-semibold">{title}</h1>
      <p className="text-sm text-neutral-700">{message}</p>
      <div aria-hidden="true" className="h-40 animate-pulse rounded-md bg-neutral-100" />
    </div>
  );
}
