import { type NextRequest, NextResponse } from "next/server";
import { config } from "@/lib/config";
import { pendingApproval } from "@/lib/transfers/pending-transfer";
import { appCookies } from "./cookies";
import { evaluatePolicy, policyForPath } from "./policy";
import { authStateOf, unsealSession } from "./session";

/**
 * The optimistic first gate, run by middleware.ts: a page navigation whose session falls short of the route
 * policy is sent to /auth/login, which works out what to ask the provider for. Other methods pass: server
 * actions and route handlers re-check and answer for themselves (an action must keep the user's form input).
 */
export async function gate(request: NextRequest, forwardHeaders?: Headers): Promise<NextResponse> {
  const pass = () => NextResponse.next(forwardHeaders ? { request: { headers: forwardHeaders } } : undefined);
  const { pathname, search } = request.nextUrl;
  const app = config();
  const policy = policyForPath(pathname);
  if (!policy || (request.method !== "GET" && request.method !== "HEAD")) return pass();

  const now = Math.floor(Date.now() / 1000);
  const session = await unsealSession(appCookies(app.secureCookies).session.read(request.cookies), app.sessionSecret, now);
  // The confirmation page's policy is about the transfer waiting for it.
  const pending = policy.transferApproval ? await pendingApproval(request.cookies, session?.sid) : undefined;
  if (evaluatePolicy(policy, authStateOf(session, pending), now, app.profile).ok) return pass();

  const login = new URL("/auth/login", app.appBaseUrl);
  login.searchParams.set("returnTo", `${pathname}${search}`);
  return NextResponse.redirect(login, 303);
}
