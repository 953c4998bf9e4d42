"use client";

import "./globals.css";

/**
 * The last-resort screen when the root layout itself fails (e.g. the session store is unreachable): it replaces
 * the whole document, so it brings its own <html> and <body>.
 */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body className="flex min-h-screen items-center justify-center p-4 font-sans antialiased">
        <main className="card max-w-xl" role="alert">
          <h1 className="text-2xl font-bold">Fabrikam Intranet is unavailable</h1>
          <p className="mt-2">
            A service the intranet needs did not answer: try again in a moment. If you had just submitted something, check
            whether it went through before submitting it again.
          </p>
          {error.digest ? <p className="mt-2 font-mono text-xs text-slate-600 dark:text-slate-300">Reference: {error.digest}</p> : null}
          <p className="mt-4 flex gap-3">
            <button type="button" className="btn" onClick={reset}>
              Try again
            </button>
          </p>
        </main>
      </body>
    </html>
  );
}
