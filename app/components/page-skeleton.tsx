/** Skeleton while the server checks the session and loads the page. */
export function PageSkeleton() {
  return (
    <div role="status" aria-live="polite" className="space-y-4">
      <span className="sr-only">Loading…</span>
      <div className="h-8 w-64 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      <div className="h-32 animate-pulse rounded-xl bg-slate-200 dark:bg-slate-800" />
    </div>
  );
}
