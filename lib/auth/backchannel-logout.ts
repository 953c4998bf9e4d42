import "server-only";
import type { JWTVerifyGetKey } from "jose";
import { audit } from "@/lib/audit/audit";
import { config } from "@/lib/config";
import { appDb } from "@/lib/db/app-db";
import { logAuthEvent } from "./log";
import { LogoutTokenError, verifyLogoutToken } from "./logout-token";
import { releaseLogoutTokenId, spendLogoutTokenId } from "./logout-token-store";
import { ID_TOKEN_ALG, oidcConfiguration } from "./oidc-client";
import { remoteKeySet } from "./remote-key-sets";
import { endSessionsAtProvider } from "./session-store";

/** A logout request is one form field holding one JWT; anything longer is not one. */
export const LOGOUT_REQUEST_MAX_BYTES = 16 * 1024;

const nowSeconds = () => Math.floor(Date.now() / 1000);

async function providerKeys(): Promise<{ issuer: string; keys: JWTVerifyGetKey }> {
  const metadata = (await oidcConfiguration()).serverMetadata();
  if (!metadata.jwks_uri) throw new Error("the provider's discovery document has no jwks_uri");
  return { issuer: metadata.issuer, keys: remoteKeySet(metadata.jwks_uri) };
}

// §2.8: the RP answers no-store, both when it logged the user out and when it refused.
const answer = (status: number, body?: { error: string; error_description: string }) =>
  body ? Response.json(body, { status, headers: { "Cache-Control": "no-store" } }) : new Response(null, { status, headers: { "Cache-Control": "no-store" } });

const badRequest = (code: string, sentence: string) => {
  logAuthEvent("backchannel_logout_refused", { code, detail: sentence });
  return answer(400, { error: "invalid_request", error_description: sentence });
};

/** The logout token of a back-channel logout request (§2.5), or the sentence that says why there is none. */
async function logoutTokenOf(request: Request): Promise<string | { refused: string }> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(type)) {
    return { refused: "Send the logout token as a form (application/x-www-form-urlencoded)." };
  }
  const body = await request.text();
  if (Buffer.byteLength(body) > LOGOUT_REQUEST_MAX_BYTES) return { refused: "The request is longer than a logout token can be." };
  const tokens = new URLSearchParams(body).getAll("logout_token");
  if (tokens.length !== 1 || !tokens[0]) return { refused: "The request must carry exactly one logout_token." };
  return tokens[0];
}

/**
 * OIDC Back-Channel Logout 1.0 §2.5–2.8: the provider says a user's session there ended; every intranet session
 * bound to it (or, with only `sub`, every session of that user) ends too, so the next request asks for the password.
 * Only a token signed by the provider, addressed to this client, fresh and never seen before does anything: a
 * cross-site form post cannot sign anyone out. Refusals are 400 with a sentence and change nothing.
 */
export async function receiveBackchannelLogout(request: Request): Promise<Response> {
  const token = await logoutTokenOf(request);
  if (typeof token !== "string") return badRequest("logout_request_malformed", token.refused);
  const now = nowSeconds();
  let claims: Awaited<ReturnType<typeof verifyLogoutToken>>;
  try {
    const { issuer, keys } = await providerKeys();
    claims = await verifyLogoutToken(token, { issuer, clientId: config().clientId, keys, algorithm: ID_TOKEN_ALG }, now);
  } catch (error) {
    if (error instanceof LogoutTokenError) return badRequest(error.code, error.message);
    // The provider's keys could not be read: not the token's fault, and the provider may try again.
    logAuthEvent("backchannel_logout_failed", { code: "idp_unavailable", detail: error instanceof Error ? error.message : String(error) });
    return answer(503, { error: "temporarily_unavailable", error_description: "The identity provider's keys could not be read. Try again later." });
  }
  const db = await appDb();
  // Spent before acting: a copy of the token replayed later cannot end sessions started since.
  if (!(await spendLogoutTokenId(db, claims.jti, claims.keepUntil, now))) {
    return badRequest("logout_token_replayed", "This logout token was already used.");
  }
  let ended: { sid: string; sub: string }[];
  try {
    ended = await endSessionsAtProvider(db, { idpSid: claims.sid, sub: claims.sub }, now);
  } catch (error) {
    // Nothing ended: the jti is given back, so the same token sent again is acted on rather than refused as a replay.
    await releaseLogoutTokenId(db, claims.jti).catch(() => undefined);
    logAuthEvent("backchannel_logout_failed", { code: "not_acted_on", detail: error instanceof Error ? error.message : String(error) });
    return answer(503, { error: "temporarily_unavailable", error_description: "The sessions could not be ended just now. Send the logout token again." });
  }
  logAuthEvent("backchannel_logout_received", { sub: claims.sub, idp_sid: claims.sid, sessions_ended: ended.length });
  const perUser = new Map<string, number>();
  for (const { sub } of ended) perUser.set(sub, (perUser.get(sub) ?? 0) + 1);
  for (const [sub, count] of perUser) await audit(sub, "backchannel_logout", { sessions_ended: count });
  return answer(200);
}
