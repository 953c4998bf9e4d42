/** Footer: what this is, and where the other parties live. */
export function SiteFooter() {
  return (
    <footer className="border-t border-slate-200 py-6 text-center text-sm text-slate-600 dark:border-slate-800 dark:text-slate-400">
      Fabrikam Intranet — a reference app for step-up authentication with OpenID Connect and OAuth 2.0. Demo data only.
    </footer>
  );
}
