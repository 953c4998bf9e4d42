import { NextResponse, type NextRequest } from "next/server";
import * as client from "openid-client";
import { audit } from "@/lib/audit/audit";
import { endCurrentSession, getSession } from "@/lib/auth/dal";
import { oidcConfiguration } from "@/lib/auth/oidc-client";
import { sessionCookie } from "@/lib/auth/session";
import { config } from "@/lib/config";

/** Signs out (POST only: a GET link could be triggered by any page). Clears our session, then ends the provider's. */
export async function POST(request: NextRequest) {
  const app = config();
  // A cross-site form post cannot sign people out.
  const origin = request.headers.get("origin");
  if (origin !== null && origin !== new URL(app.APP_BASE_URL).origin) {
    return NextResponse.json({ error: "forbidden", error_description: "Sign-out must come from this site." }, { status: 403 });
  }
  const session = await getSession();
  let destination = new URL("/", app.APP_BASE_URL);
  try {
    destination = client.buildEndSessionUrl(await oidcConfiguration(), {
      client_id: app.OIDC_CLIENT_ID,
      post_logout_redirect_uri: `${app.APP_BASE_URL}/`,
    });
  } catch {
    // Provider unreachable or without end_session_endpoint: the local sign-out still happens.
  }
  await endCurrentSession(session);
  if (session) await audit(session.sub, "signed_out");
  const response = NextResponse.redirect(destination, 303);
  const { name, options } = sessionCookie(app.secureCookies);
  response.cookies.set(name, "", { ...options, maxAge: 0 });
  return response;
}
