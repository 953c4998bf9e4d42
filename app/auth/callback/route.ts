import { type NextRequest, NextResponse } from "next/server";
import { audit } from "@/lib/audit/audit";
import { completeAuthorization } from "@/lib/auth/authorize";
import { appCookies, STATE_PATTERN } from "@/lib/auth/cookies";
import { readSession, recordNewSession, writeSessionCookie } from "@/lib/auth/dal";
import { AuthError } from "@/lib/auth/errors";
import { FLASH_MAX_AGE, flashFor } from "@/lib/auth/flash";
import { logAuthEvent } from "@/lib/auth/log";
import { unsealLoginTransaction } from "@/lib/auth/login-state";
import { localRedirectUrl } from "@/lib/auth/return-to";
import { config } from "@/lib/config";
import { carryPendingTransfer } from "@/lib/transfers/pending-transfer";

/** The redirect URI. Verifies the response, replaces the session, and never sends the user back to the provider. */
export async function GET(request: NextRequest) {
  const app = config();
  const cookies = appCookies(app.secureCookies);
  const errorPage = (code: string) => NextResponse.redirect(localRedirectUrl(`/auth/error?code=${code}`, app.appBaseUrl), 303);
  const state = request.nextUrl.searchParams.get("state") ?? "";
  const transactionCookie = STATE_PATTERN.test(state) ? cookies.loginTransaction(state) : undefined;
  const txn = transactionCookie && (await unsealLoginTransaction(transactionCookie.read(request.cookies), state, app.sessionSecret));
  if (!transactionCookie || !txn) {
    logAuthEvent("callback_refused", { code: "transaction_missing" });
    return errorPage("transaction_missing");
  }

  // The URL the provider redirected to, as the browser saw it (behind a proxy request.url may differ).
  const callbackUrl = new URL(`${app.appBaseUrl}/auth/callback${request.nextUrl.search}`);
  const previous = await readSession(request.cookies);
  let response: NextResponse;
  try {
    const { session, idToken, idpSid, email, transferTokenValue, shortfall } = await completeAuthorization(callbackUrl, txn, previous);
    await recordNewSession(session, previous, { idToken, idpSid, email, transferTokenValue });
    const stepUp = txn.purpose === "transfer" || txn.reason === "mfa_required" || txn.reason === "mfa_stale";
    await audit(session.sub, shortfall ? "step_up_refused" : stepUp ? "step_up_satisfied" : "signed_in", {
      replaced_session: previous !== undefined,
      purpose: txn.purpose,
      acr: session.acr,
      amr: session.amr.join(" "),
      shortfall,
    });
    // The Location is re-checked where it is built: only ever a path on this origin.
    response = shortfall ? errorPage(shortfall) : NextResponse.redirect(localRedirectUrl(txn.returnTo, app.appBaseUrl), 303);
    // Even after a shortfall the user did sign in; the session records honestly how.
    await writeSessionCookie(response.cookies, session);
    // A transfer kept for this step-up follows the user to the new session id; nobody else's session gets it.
    if (previous && previous.sub === session.sub) await carryPendingTransfer(request.cookies, response.cookies, previous.sid, session.sid);
    // A one-shot notice of what changed, kept apart from the session cookie (whose size budget is spent).
    if (!shortfall) cookies.flash.write(response.cookies, flashFor(txn.purpose, txn.acrValues !== undefined, session, app.profile), FLASH_MAX_AGE);
  } catch (error) {
    const code = error instanceof AuthError ? error.code : "invalid_callback";
    logAuthEvent("callback_refused", { code, detail: error instanceof Error ? error.message : String(error) });
    // The signed-in user's activity shows that someone finished their step-up as another account.
    if (previous && code === "account_mismatch") await audit(previous.sub, "step_up_refused", { purpose: txn.purpose, shortfall: code });
    response = errorPage(code);
  }
  transactionCookie.clear(response.cookies);
  return response;
}
