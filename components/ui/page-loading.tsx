/** A page's loading state: its title, what is loading, and a placeholder. */
export function PageLoading({ title, message }: { title: string; message: string }) {
  return (
    <div role="status" aria-live="polite" className="space-y-3">
      <h1 className="text-2xl font-semibold">{title}</h1>
      <p className="text-sm text-neutral-700">{message}</p>
      <div aria-hidden="true" className="h-40 animate-pulse rounded-md bg-neutral-100" />
    </div>
  );
}
