/**
 * A realistic signed-in session after a step-up: the shape of lib/auth/session.ts holding two RS256 RFC 9068
 * access tokens from a provider with long names (as lib/auth/session.test.ts builds), so the sealed cookie
 * is the 2–3 KB a real one is.
 */
import { generateKeyPair, SignJWT } from "jose";
import { DEV_DEFAULTS } from "../../common/dev-defaults";
import { ACR_MFA } from "../../common/step-up";
import type { Session } from "../../lib/auth/session";

/** The dev default of lib/config.ts, which the bench stack runs with (FABRIKAM_DEMO=1). */
export const DEV_SESSION_SECRET = DEV_DEFAULTS.sessionSecret;

async function rs256AccessToken(now: number, scope: string): Promise<string> {
  const { privateKey } = await generateKeyPair("RS256");
  return new SignJWT({
    scope,
    client_id: "fabrikam-intranet",
    acr: ACR_MFA,
    amr: ["pwd", "otp", "mfa"],
    auth_time: now,
    jti: "Yq9WXRn4LL2LZ2xaB3PrKdLTgCZqELF7LZED6wYN0cy",
  })
    .setProtectedHeader({ alg: "RS256", typ: "at+jwt", kid: "r1Lkbq-_kV3eRVaUK1b8AmEp8b7Mw5HbA6TyGQ2Fz5w" })
    .setIssuer("https://fabrikam-production.eu.auth0.com/")
    .setSubject("alice")
    .setAudience(["https://api.fabrikam.example", "https://fabrikam-production.eu.auth0.com/userinfo"])
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(privateKey);
}

/** A session that satisfies /salary's policy (MFA, fresh auth_time) and holds both access tokens. */
export async function realisticSession(now = Math.floor(Date.now() / 1000)): Promise<Session> {
  return {
    v: 1,
    sid: "0123456789abcdef0123",
    sub: "alice",
    name: "Alice Johnson",
    acr: ACR_MFA,
    amr: ["pwd", "otp", "mfa"],
    authTime: now,
    createdAt: now,
    expiresAt: now + 8 * 3600,
    accessToken: {
      value: await rs256AccessToken(now, "openid profile email read:accounts"),
      expiresAt: now + 3600,
      scope: "openid profile email read:accounts",
    },
    transferToken: { expiresAt: now + 300, scope: "openid transfer:funds" },
  };
}
