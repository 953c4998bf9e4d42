import { type NextRequest, NextResponse } from "next/server";
import * as client from "openid-client";
import { audit } from "@/lib/audit/audit";
import { appCookies } from "@/lib/auth/cookies";
import { endCurrentSession, readSession } from "@/lib/auth/dal";
import { FLASH_MAX_AGE } from "@/lib/auth/flash";
import { oidcConfiguration } from "@/lib/auth/oidc-client";
import { localRedirectUrl } from "@/lib/auth/return-to";
import { sessionIdToken } from "@/lib/auth/session-store";
import { config } from "@/lib/config";
import { appDb } from "@/lib/db/app-db";
import { signedOutKind } from "@/lib/sign-out/signed-out-notice";

/** Signs out (POST only: a GET link could be triggered by any page). Clears our session, then ends the provider's. */
export async function POST(request: NextRequest) {
  const app = config();
  // A cross-site form post cannot sign people out.
  const origin = request.headers.get("origin");
  if (origin !== null && origin !== new URL(app.appBaseUrl).origin) {
    return NextResponse.json({ error: "forbidden", error_description: "Sign-out must come from this site." }, { status: 403 });
  }
  const session = await readSession(request.cookies);
  const home = localRedirectUrl("/", app.appBaseUrl);
  let destination = home;
  let idTokenHint: string | undefined;
  try {
    // The ID token tells the provider which session this client is ending (OIDC RP-Initiated Logout §2), so it
    // can sign the user out without asking; without one it must ask, or any site could sign people out.
    idTokenHint = session ? await sessionIdToken(await appDb(), session.sid) : undefined;
    destination = client.buildEndSessionUrl(await oidcConfiguration(), {
      client_id: app.clientId,
      post_logout_redirect_uri: home.href,
      ...(idTokenHint ? { id_token_hint: idTokenHint } : {}),
    });
  } catch {
    // Provider unreachable or without end_session_endpoint: the local sign-out still happens.
  }
  await endCurrentSession(session);
  if (session) await audit(session.sub, "signed_out");
  const response = NextResponse.redirect(destination, 303);
  const cookies = appCookies(app.secureCookies);
  cookies.session.clear(response.cookies);
  // Nothing of this session outlives it: a kept transfer is not offered to whoever signs in next.
  cookies.pendingTransfer.clear(response.cookies);
  // The home page says which sessions ended; only a sign-out with the session's ID token ends the provider's unasked.
  const kind = signedOutKind({ provider: destination !== home, idTokenHint: idTokenHint !== undefined });
  cookies.flash.write(response.cookies, kind, FLASH_MAX_AGE);
  return response;
}
