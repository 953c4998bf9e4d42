import { type NextRequest, NextResponse } from "next/server";
import { type TransferDetails, transferDetails } from "@/common/authorization-details";
import { audit } from "@/lib/audit/audit";
import { startAuthorization } from "@/lib/auth/authorize";
import { readSession } from "@/lib/auth/dal";
import { AuthError } from "@/lib/auth/errors";
import { logAuthEvent } from "@/lib/auth/log";
import { keepLoginTransaction } from "@/lib/auth/login-state";
import { policyForPath } from "@/lib/auth/policy";
import { localRedirectUrl, safeReturnTo } from "@/lib/auth/return-to";
import { config } from "@/lib/config";
import { readPendingTransfer } from "@/lib/transfers/pending-transfer";

/** Starts a sign-in or step-up for `returnTo`. Only `returnTo` is read from the query, and only as a same-origin path. */
export async function GET(request: NextRequest) {
  const app = config();
  const returnTo = safeReturnTo(request.nextUrl.searchParams.get("returnTo"));
  const session = await readSession(request.cookies);
  // The confirmation page asks the provider to approve the transfer waiting for it: read from its sealed cookie,
  // bound to this session. With none waiting there is nothing to approve: back to the form.
  let transfer: TransferDetails | undefined;
  if (session && policyForPath(returnTo)?.transferApproval) {
    const pending = await readPendingTransfer(request.cookies, session.sid);
    if (!pending) return NextResponse.redirect(localRedirectUrl("/transfer", app.appBaseUrl), 303);
    transfer = transferDetails(pending);
  }
  try {
    const { url, transaction, asked } = await startAuthorization(returnTo, session, { transfer });
    const logged = { acr_values: asked.acrValues, scope: asked.scope, amount: asked.transfer?.amount, to: asked.transfer?.to };
    logAuthEvent("authorization_started", { sub: session?.sub, returnTo, ...logged });
    if (session) await audit(session.sub, "step_up_requested", { page: returnTo, ...logged });
    const response = NextResponse.redirect(url, 303);
    keepLoginTransaction(request.cookies, response.cookies, transaction, app.secureCookies);
    return response;
  } catch (error) {
    const code = error instanceof AuthError ? error.code : "idp_unavailable";
    logAuthEvent("authorization_failed", { code, detail: error instanceof Error ? error.message : String(error) });
    return NextResponse.redirect(localRedirectUrl(`/auth/error?code=${code}`, app.appBaseUrl), 303);
  }
}
