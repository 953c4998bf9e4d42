"use client";

import { ErrorScreen } from "./components/error-screen";

/** The error screen of every page, inside the site's layout. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorScreen title="This page could not be loaded" digest={error.digest} reset={reset} home />;
}
