import { type NextRequest, NextResponse } from "next/server";
import { audit } from "@/lib/audit/audit";
import { startAuthorization } from "@/lib/auth/authorize";
import { readSession } from "@/lib/auth/dal";
import { AuthError } from "@/lib/auth/errors";
import { logAuthEvent } from "@/lib/auth/log";
import { keepLoginTransaction } from "@/lib/auth/login-state";
import { localRedirectUrl, safeReturnTo } from "@/lib/auth/return-to";
import { config } from "@/lib/config";

/** Starts a sign-in or step-up for `returnTo`. Only `returnTo` is read from the query, and only as a same-origin path. */
export async function GET(request: NextRequest) {
  const app = config();
  const returnTo = safeReturnTo(request.nextUrl.searchParams.get("returnTo"));
  const session = await readSession(request.cookies);
  try {
    const { url, transaction } = await startAuthorization(returnTo, session);
    logAuthEvent("authorization_started", {
      sub: session?.sub,
      returnTo,
      acr_values: url.searchParams.get("acr_values") ?? undefined,
      scope: url.searchParams.get("scope") ?? undefined,
    });
    if (session)
      await audit(session.sub, "step_up_requested", {
        page: returnTo,
        acr_values: url.searchParams.get("acr_values") ?? undefined,
        scope: url.searchParams.get("scope") ?? undefined,
      });
    const response = NextResponse.redirect(url, 303);
    keepLoginTransaction(request.cookies, response.cookies, transaction, app.secureCookies);
    return response;
  } catch (error) {
    const code = error instanceof AuthError ? error.code : "idp_unavailable";
    logAuthEvent("authorization_failed", { code, detail: error instanceof Error ? error.message : String(error) });
    return NextResponse.redirect(localRedirectUrl(`/auth/error?code=${code}`, app.appBaseUrl), 303);
  }
}
