"use client";

import { ErrorScreen } from "./components/error-screen";
import "./globals.css";

/**
 * The last-resort screen when the root layout itself fails (e.g. the session store is unreachable): it replaces
 * the whole document, so it brings its own <html> and <body>.
 */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body className="flex min-h-screen items-center justify-center p-4 font-sans antialiased">
        <main className="w-full">
          <ErrorScreen title="Fabrikam Intranet is unavailable" digest={error.digest} reset={reset} home={false} />
        </main>
      </body>
    </html>
  );
}
