import type { Metadata } from "next";
import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { appCookies } from "@/lib/auth/cookies";
import { getSession } from "@/lib/auth/dal";
import { parseFlash } from "@/lib/auth/flash";
import { config } from "@/lib/config";
import { readPendingTransfer } from "@/lib/transfers/pending-transfer";
import { approvalDigestOf } from "@/lib/transfers/transfer-approval";
import { readTransferReceipt } from "@/lib/transfers/transfer-receipt";
import { ExceptOn } from "./components/except-on";
import { SessionPanel } from "./components/session-panel";
import { SiteFooter } from "./components/site-footer";
import { SiteHeader } from "./components/site-header";
import { StepUpNotice } from "./components/step-up-notice";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Fabrikam Intranet", template: "%s · Fabrikam Intranet" },
  description: "A reference app for step-up authentication with OpenID Connect and OAuth 2.0.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const session = await getSession();
  const jar = await cookies();
  const flashCookie = appCookies(config().secureCookies).flash;
  const flash = parseFlash(flashCookie.read(jar));
  // After a transfer step-up the notice names what was approved, from the sealed pending transfer (never the URL).
  const pending = session && flash === "transfer_token" ? await readPendingTransfer(jar, session.sid) : undefined;
  const approved = pending && {
    amount: pending.amount,
    toLabel: pending.toLabel,
    bound: config().profile.rar && session?.transferToken?.approves === approvalDigestOf(pending),
  };
  // After a transfer the notice is its receipt, from a sealed cookie of this session's.
  const receipt = session && flash === "transfer_done" ? await readTransferReceipt(jar, session.sid) : undefined;
  return (
    <html lang="en">
      <body className="flex min-h-screen flex-col font-sans antialiased">
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <SiteHeader session={session} />
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6">
          {/* Keyed by kind: after a server action the layout is reused, and a new notice must mount (and clear its cookie) anew. */}
          {session && flash ? (
            <StepUpNotice key={flash} kind={flash} session={session} clearFlash={flashCookie.clearScript} approved={approved} receipt={receipt} />
          ) : null}
          {children}
          {session ? (
            // The inspector shows all of this and more.
            <ExceptOn path="/inspector">
              <SessionPanel session={session} />
            </ExceptOn>
          ) : null}
        </main>
        <SiteFooter />
      </body>
    </html>
  );
}
