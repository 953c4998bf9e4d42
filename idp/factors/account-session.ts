/**
 * The user's own session at the IdP for the Fabrikam Verify device page and the passkey settings page:
 * separate from oidc-provider's session, because these pages are not part of any client's sign-in.
 */
import { randomBytes } from "node:crypto";
import type { Request, Response } from "express";

const COOKIE = "idp_account";
const TTL_SECONDS = 8 * 60 * 60;

interface AccountSession {
  readonly username: string;
  readonly expiresAt: number;
}

const sessions = new Map<string, AccountSession>();

const nowSeconds = () => Math.floor(Date.now() / 1000);

// One cookie is all these pages read; a full cookie parser would be one dependency more for a dev-only page.
function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=");
  }
  return undefined;
}

/** The signed-in username for these pages, if any. */
export function accountOf(req: Request): string | undefined {
  const token = readCookie(req, COOKIE);
  const session = token ? sessions.get(token) : undefined;
  if (!session || !token) return undefined;
  if (session.expiresAt <= nowSeconds()) {
    sessions.delete(token);
    return undefined;
  }
  return session.username;
}

/** Starts a session after the password and the code were checked. SameSite=Strict: approvals cannot be posted from another site. */
export function startAccountSession(res: Response, username: string, secure: boolean): void {
  const token = randomBytes(32).toString("base64url");
  sessions.set(token, { username, expiresAt: nowSeconds() + TTL_SECONDS });
  res.cookie(COOKIE, token, { httpOnly: true, sameSite: "strict", secure, path: "/", maxAge: TTL_SECONDS * 1000 });
}

/** Ends the session of this request. */
export function endAccountSession(req: Request, res: Response): void {
  const token = readCookie(req, COOKIE);
  if (token) sessions.delete(token);
  res.clearCookie(COOKIE, { path: "/" });
}
