import Link from "next/link";
import type { Session } from "@/lib/auth/session";
import { NavLinks } from "./nav-links";
import { SignOutButton } from "./sign-out-button";

const NAV = [
  { href: "/directory", label: "Directory" },
  { href: "/salary", label: "Salary" },
  { href: "/accounts", label: "Accounts" },
  { href: "/transfer", label: "Transfer" },
  { href: "/activity", label: "Activity" },
  { href: "/inspector", label: "Inspector" },
] as const;

/** Top bar: brand, navigation, and who is signed in. */
export function SiteHeader({ session }: { session: Session | undefined }) {
  return (
    <header className="border-b border-slate-200 bg-white/90 backdrop-blur dark:border-slate-800 dark:bg-slate-900/90">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-5 gap-y-2 px-4 py-3 sm:px-6">
        <Link href="/" className="brand-mark">
          <svg aria-hidden="true" viewBox="0 0 24 24" className="h-7 w-7">
            <rect width="24" height="24" rx="6" className="fill-brand-600" />
            <path d="M7 6h10v3H10.5v2H16v3h-5.5v4H7z" className="fill-white" />
          </svg>
          <span>Fabrikam Intranet</span>
        </Link>
        {/* One row from lg up; below that the navigation gets a row of its own. */}
        <nav aria-label="Main" className="order-last w-full lg:order-none lg:w-auto">
          <NavLinks items={NAV} />
        </nav>
        <div className="ml-auto flex items-center gap-3 text-sm">
          {session ? (
            <>
              <span className="hidden max-w-56 truncate sm:inline">
                <span className="sr-only xl:not-sr-only">Signed in as </span>
                <strong>{session.name}</strong>
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
