"use client";

/** The error screen of every page: a plain sentence, a way forward, and the digest that matches the server log. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="card mx-auto max-w-xl" role="alert">
      <h1 className="text-2xl font-bold">This page could not be loaded</h1>
      <p className="mt-2">
        The service behind it may be briefly unavailable: try again in a moment, or go back to the home page. If you had just
        submitted something, check whether it went through before submitting it again.
      </p>
      {error.digest ? <p className="mt-2 font-mono text-xs text-slate-600 dark:text-slate-300">Reference: {error.digest}</p> : null}
      <p className="mt-4 flex gap-3">
        <button type="button" className="btn" onClick={reset}>
          Try again
        </button>
        <a className="btn-secondary" href="/">
          Home
        </a>
      </p>
    </div>
  );
}
