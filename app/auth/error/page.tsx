import type { Metadata } from "next";
import { AUTH_ERRORS, isAuthErrorCode } from "@/lib/auth/errors";

export const metadata: Metadata = { title: "Sign-in problem" };

/** Explains why a sign-in or step-up ended here. Public, and never redirects: this is where loops stop. */
export default async function AuthErrorPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { code: raw } = await searchParams;
  const code = isAuthErrorCode(raw) ? raw : "provider_error";
  const info = AUTH_ERRORS[code];
  return (
    <div className="mx-auto max-w-2xl">
      <div className="card" role="alert">
        <p className="font-mono text-sm text-slate-600 dark:text-slate-300">{code}</p>
        <h1 className="mt-1 text-2xl font-bold">{info.title}</h1>
        <p className="mt-3">{info.explanation}</p>
        <h2 className="mt-5 font-semibold">For the administrator</h2>
        <p className="mt-1 text-sm">{info.admin}</p>
        <p className="mt-6 flex gap-3">
          <a className="btn" href="/">
            Go to the home page
          </a>
          <a className="btn-secondary" href="/directory">
            Open the directory
          </a>
        </p>
      </div>
    </div>
  );
}
