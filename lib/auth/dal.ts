import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { config } from "@/lib/config";
import { appDb } from "@/lib/db/app-db";
import { pendingApproval } from "@/lib/transfers/pending-transfer";
import { assuranceDecreaseOf } from "./assurance-store";
import { appCookies, type CookieSink, type CookieSource } from "./cookies";
import { evaluatePolicy, policyForPath } from "./policy";
import { authStateOf, type Session, sealSession, unsealSession } from "./session";
import { applyAssuranceDecrease } from "./session-downgrade";
import { endSession, isSessionActive, type SessionFacts, sessionHistory, startSession } from "./session-store";
import { keepTransferToken, peekTransferToken, takeTransferToken } from "./transfer-token-store";

const nowSeconds = () => Math.floor(Date.now() / 1000);
const sessionCookie = () => appCookies(config().secureCookies).session;

/**
 * The session in a cookie store, if it still counts: the seal proves we issued the cookie, the database says
 * whether it was ended (sign-out, replacement, the provider's logout or CAEP session-revoked), went idle or passed
 * its lifetime, and whether a CAEP assurance decrease took its second factor away. Route handlers pass the request's
 * cookies; pages and actions go through `getSession`.
 */
export async function readSession(from: CookieSource, now = nowSeconds()): Promise<Session | undefined> {
  const app = config();
  const session = await unsealSession(sessionCookie().read(from), app.sessionSecret, now);
  if (!session) return undefined;
  const db = await appDb();
  // Two independent reads, asked together: a page view waits for one round trip, not two in a row.
  const [active, decrease] = await Promise.all([
    isSessionActive(db, session.sid, session.sub, now, app.sessionIdleTimeout),
    assuranceDecreaseOf(db, session.sub),
  ]);
  return active ? applyAssuranceDecrease(session, decrease) : undefined;
}

/** The current session, read once per request. Pages and server actions all go through here. */
export const getSession = cache(
  async (): Promise<Session | undefined> =>
    // cookies() first: it marks the render as per-request, so nothing here runs at build time.
    readSession(await cookies()),
);

/**
 * Records a freshly sealed session (with the ID token a sign-out will hint with, the provider session a back-channel
 * logout will name, and the value of its transfer token, all server-side) and ends the one it replaces.
 */
export async function recordNewSession(
  session: Session,
  previous: Session | undefined,
  kept: { idToken?: string; idpSid?: string; email?: string; transferTokenValue?: string },
): Promise<void> {
  const db = await appDb();
  await startSession(db, { ...session, idToken: kept.idToken, idpSid: kept.idpSid, email: kept.email }, previous?.sid);
  if (session.transferToken && kept.transferTokenValue) {
    await keepTransferToken(db, session.sid, kept.transferTokenValue, session.transferToken.expiresAt, config().sessionSecret);
  }
}

/** Takes the current session's transfer token out of the store: presented once, whatever happens next. */
export async function takeSessionTransferToken(session: Session): Promise<string | undefined> {
  return takeTransferToken(await appDb(), session.sid, nowSeconds(), config().sessionSecret);
}

/** The current session's transfer token, left in place, for the inspector to decode. */
export async function peekSessionTransferToken(session: Session): Promise<string | undefined> {
  return peekTransferToken(await appDb(), session.sid, nowSeconds(), config().sessionSecret);
}

/** The user's newest session records (the current one among them), for the inspector: provider session, end and why. */
export async function sessionHistoryOf(session: Session): Promise<SessionFacts[]> {
  return sessionHistory(await appDb(), session.sub);
}

/** Ends the current session server-side (sign-out): its cookie is useless even if a copy survives. */
export async function endCurrentSession(session: Session | undefined): Promise<void> {
  if (session) await endSession(await appDb(), session.sid, nowSeconds(), "signed_out");
}

/** Login URL that comes back to `returnTo` (a same-origin path). */
export function loginUrl(returnTo: string): string {
  return `/auth/login?returnTo=${encodeURIComponent(returnTo)}`;
}

/**
 * Re-checks the route policy for `path` on the server. Middleware is only the optimistic first gate
 * (CVE-2025-29927 showed it can be skipped), so every page and action that needs a policy calls this.
 */
export async function requirePolicy(path: string): Promise<Session> {
  const session = await getSession();
  const policy = policyForPath(path);
  if (!policy) throw new Error(`No route policy for ${path}`);
  const pending = policy.transferApproval ? await pendingApproval(await cookies(), session?.sid) : undefined;
  const verdict = evaluatePolicy(policy, authStateOf(session, pending), nowSeconds(), config().profile);
  if (!verdict.ok || !session) redirect(loginUrl(path));
  return session;
}

/** Seals `session` into its cookie on `to` (a route handler's response, or `cookies()` in an action). */
export async function writeSessionCookie(to: CookieSink, session: Session, now = nowSeconds()): Promise<void> {
  sessionCookie().write(to, await sealSession(session, config().sessionSecret, now), session.expiresAt - now);
}

/** Seals and stores a session (server actions only). */
export async function saveSession(session: Session): Promise<void> {
  await writeSessionCookie(await cookies(), session);
}
