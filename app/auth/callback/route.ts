import { NextResponse, type NextRequest } from "next/server";
import { completeAuthorization } from "@/lib/auth/authorize";
import { audit } from "@/lib/audit/audit";
import { getSession, recordNewSession } from "@/lib/auth/dal";
import { AuthError } from "@/lib/auth/errors";
import { FLASH_COOKIE, flashCookieOptions, flashFor } from "@/lib/auth/flash";
import { logAuthEvent } from "@/lib/auth/log";
import { sealSession, sessionCookie } from "@/lib/auth/session";
import { transactionCookieName, unsealTransaction } from "@/lib/auth/transaction";
import { config } from "@/lib/config";

/** The redirect URI. Verifies the response, replaces the session, and never sends the user back to the provider. */
export async function GET(request: NextRequest) {
  const app = config();
  const errorPage = (code: string) => NextResponse.redirect(new URL(`/auth/error?code=${code}`, app.APP_BASE_URL), 303);
  const state = request.nextUrl.searchParams.get("state") ?? "";
  const cookieName = transactionCookieName(state);
  const txn = /^[\w-]{16,128}$/.test(state)
    ? await unsealTransaction(request.cookies.get(cookieName)?.value, state, app.SESSION_SECRET)
    : undefined;
  if (!txn) {
    logAuthEvent("callback_refused", { code: "transaction_missing" });
    return errorPage("transaction_missing");
  }

  // The URL the provider redirected to, as the browser saw it (behind a proxy request.url may differ).
  const callbackUrl = new URL(`${app.APP_BASE_URL}/auth/callback${request.nextUrl.search}`);
  const previous = await getSession();
  let response: NextResponse;
  try {
    const { session, shortfall } = await completeAuthorization(callbackUrl, txn, previous);
    await recordNewSession(session, previous);
    const stepUp = txn.purpose === "transfer" || txn.reason === "mfa_required" || txn.reason === "mfa_stale";
    await audit(session.sub, shortfall ? "step_up_refused" : stepUp ? "step_up_satisfied" : "signed_in", {
      replaced_session: previous !== undefined,
      purpose: txn.purpose, acr: session.acr, amr: session.amr.join(" "), shortfall,
    });
    response = shortfall ? errorPage(shortfall) : NextResponse.redirect(new URL(txn.returnTo, app.APP_BASE_URL), 303);
    const { name, options } = sessionCookie(app.secureCookies);
    const now = Math.floor(Date.now() / 1000);
    // Even after a shortfall the user did sign in; the session records honestly how.
    response.cookies.set(name, await sealSession(session, app.SESSION_SECRET, now), { ...options, maxAge: session.expiresAt - now });
    // A one-shot notice of what changed, kept apart from the session cookie (whose size budget is spent).
    if (!shortfall) {
      const flash = flashFor(txn.purpose, txn.acrValues !== undefined, session, app.profile);
      response.cookies.set(FLASH_COOKIE, flash, flashCookieOptions(app.secureCookies));
    }
  } catch (error) {
    const code = error instanceof AuthError ? error.code : "invalid_callback";
    logAuthEvent("callback_refused", { code, detail: error instanceof Error ? error.message : String(error) });
    // The signed-in user's activity shows that someone finished their step-up as another account.
    if (previous && code === "account_mismatch") await audit(previous.sub, "step_up_refused", { purpose: txn.purpose, shortfall: code });
    response = errorPage(code);
  }
  response.cookies.set(cookieName, "", { path: "/auth/callback", maxAge: 0 });
  return response;
}
