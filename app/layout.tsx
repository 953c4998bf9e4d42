import type { Metadata } from "next";
import type { ReactNode } from "react";
import { getSession } from "@/lib/auth/dal";
import { SessionPanel } from "./components/session-panel";
import { SiteHeader } from "./components/site-header";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Fabrikam Intranet", template: "%s · Fabrikam Intranet" },
  description: "A reference app for step-up authentication with OpenID Connect and OAuth 2.0.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const session = await getSession();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans antialiased">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
          Skip to content
        </a>
        <SiteHeader session={session} />
        <main id="main" className="mx-auto max-w-5xl px-4 py-8">
          {children}
          {session ? <SessionPanel session={session} /> : null}
        </main>
      </body>
    </html>
  );
}
