import { judgeAuthTime } from "../../common/auth-time";
import { type ProviderProfile, showsMfa } from "../../common/profiles";
import type { VerifiedAccessToken } from "./verify-access-token";
import { insufficientScope, insufficientUserAuthentication } from "./www-authenticate";

/** Throws 403 insufficient_scope unless the token was granted `scope`. */
export function requireScope(token: VerifiedAccessToken, scope: string): void {
  if (!token.scopes.includes(scope)) throw insufficientScope(scope, token.scheme);
}

/**
 * Throws an RFC 9470 challenge naming the profile's MFA ACR unless the token shows a second factor (the
 * profile's acr/acrs and amr evidence) passed at most `maxAge` seconds ago (`auth_time`, and not beyond the clock
 * tolerance in the future: common/auth-time.ts).
 */
export function requireRecentMfa(token: VerifiedAccessToken, maxAge: number, profile: ProviderProfile, nowSeconds = Math.floor(Date.now() / 1000)): void {
  const { claims } = token;
  const acr = profile.mfaAcr;
  if (!showsMfa(profile, { acr: claims[profile.acrClaim], amr: claims.amr })) {
    throw insufficientUserAuthentication("A second factor is required for this request.", acr, maxAge, token.scheme);
  }
  // Without auth_time the API cannot tell how fresh the second factor is, so it asks again.
  const verdict = judgeAuthTime(claims.auth_time, maxAge, nowSeconds);
  if (verdict === "missing") {
    throw insufficientUserAuthentication("The access token does not say when you signed in.", acr, maxAge, token.scheme);
  }
  // A future auth_time beyond clock skew would otherwise count as fresh for as long as the token lives.
  if (verdict === "future") {
    throw insufficientUserAuthentication("The access token says you signed in later than now; sign in again with a second factor.", acr, maxAge, token.scheme);
  }
  if (verdict === "stale") {
    throw insufficientUserAuthentication(`Your sign-in is older than ${maxAge} seconds; sign in again with a second factor.`, acr, maxAge, token.scheme);
  }
}
