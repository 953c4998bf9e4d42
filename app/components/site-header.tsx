import Link from "next/link";
import type { Session } from "@/lib/auth/session";
import { SignOutButton } from "./sign-out-button";

const NAV = [
  { href: "/directory", label: "Directory" },
  { href: "/salary", label: "Salary" },
  { href: "/accounts", label: "Accounts" },
  { href: "/transfer", label: "Transfer" },
  { href: "/activity", label: "Activity" },
] as const;

/** Top bar: brand, navigation, and who is signed in. */
export function SiteHeader({ session }: { session: Session | undefined }) {
  return (
    <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-4 px-4 py-3">
        <Link href="/" className="text-lg font-semibold text-brand-900 no-underline dark:text-white">
          Fabrikam Intranet
        </Link>
        <nav aria-label="Main" className="flex flex-wrap gap-3 text-sm">
          {NAV.map((item) => (
            // Protected pages may redirect to the provider: a full navigation, not a client-side one.
            <a key={item.href} href={item.href}>
              {item.label}
            </a>
          ))}
        </nav>
        <div className="ml-auto flex items-center gap-3 text-sm">
          {session ? (
            <>
              <span>
                Signed in as <strong>{session.name}</strong>
              </span>
              <SignOutButton />
            </>
          ) : (
            <a className="btn text-sm" href="/auth/login?returnTo=%2Fdirectory">
              Sign in
            </a>
          )}
        </div>
      </div>
    </header>
  );
}
