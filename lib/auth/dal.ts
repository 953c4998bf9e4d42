import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { config } from "@/lib/config";
import { appDb } from "@/lib/db/app-db";
import { policies } from "./authorize";
import { evaluatePolicy, policyFor } from "./policy";
import { authStateOf, sealSession, sessionCookie, unsealSession, type Session } from "./session";
import { endSession, isSessionActive, startSession } from "./session-store";

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The current session, read once per request. Pages, actions and route handlers all go through here. */
export const getSession = cache(async (): Promise<Session | undefined> => {
  // cookies() first: it marks the render as per-request, so nothing here runs at build time.
  const jar = await cookies();
  const { name } = sessionCookie(config().secureCookies);
  const now = nowSeconds();
  const session = await unsealSession(jar.get(name)?.value, config().SESSION_SECRET, now);
  // The seal proves we issued the cookie; the database says whether it still counts (sign-out, replacement, idle).
  if (!session || !(await isSessionActive(await appDb(), session.sid, session.sub, now, config().SESSION_IDLE_TIMEOUT))) return undefined;
  return session;
});

/** Records a freshly sealed session and ends the one it replaces, so the old cookie stops working. */
export async function recordNewSession(session: Session, previous: Session | undefined): Promise<void> {
  await startSession(await appDb(), session, previous?.sid);
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
  const policy = policyFor(policies(), path);
  if (!policy) throw new Error(`No route policy for ${path}`);
  const verdict = evaluatePolicy(policy, authStateOf(session), nowSeconds(), config().profile);
  if (!verdict.ok || !session) redirect(loginUrl(path));
  return session;
}

/** Seals and stores a session (server actions and route handlers only). */
export async function saveSession(session: Session): Promise<void> {
  const { name, options } = sessionCookie(config().secureCookies);
  const now = nowSeconds();
  (await cookies()).set(name, await sealSession(session, config().SESSION_SECRET, now), {
    ...options,
    maxAge: session.expiresAt - now,
  });
}

/** Removes the session cookie. */
export async function clearSession(): Promise<void> {
  const { name, options } = sessionCookie(config().secureCookies);
  (await cookies()).set(name, "", { ...options, maxAge: 0 });
}
