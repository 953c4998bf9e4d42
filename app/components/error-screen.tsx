/** The body of both error boundaries: a plain sentence, a way forward, and the digest that matches the server log. */
export function ErrorScreen({ title, digest, reset, home }: { title: string; digest?: string; reset: () => void; home: boolean }) {
  return (
    <div className="card mx-auto max-w-xl" role="alert">
      <h1 className="text-2xl font-bold">{title}</h1>
      <p className="mt-2">
        The service behind it may be briefly unavailable: try again in a moment. If you had just submitted something, check whether it went through before
        submitting it again.
      </p>
      {digest ? <p className="mt-2 font-mono text-xs text-slate-600 dark:text-slate-300">Reference: {digest}</p> : null}
      <p className="mt-4 flex gap-3">
        <button type="button" className="btn" onClick={reset}>
          Try again
        </button>
        {home ? (
          <a className="btn-secondary" href="/">
            Home
          </a>
        ) : null}
      </p>
    </div>
  );
}
