import type { StoredToken } from "./session";

/**
 * An access token as the session keeps it. `boundTo` is the thumbprint of the DPoP key the token request was
 * proven with; the token counts as DPoP-bound only when the provider also says so (token_type DPoP).
 */
export function storedToken(value: string, expiresIn: number | undefined, scope: string, now: number, tokenType?: string, boundTo?: string): StoredToken {
  // Without expires_in (RFC 6749 §5.1 makes it optional) assume the shortest sensible life.
  const token: StoredToken = { value, expiresAt: now + (expiresIn ?? 300), scope };
  // A provider without DPoP support answers token_type Bearer; the token is then used as a plain Bearer token.
  return tokenType?.toLowerCase() === "dpop" && boundTo !== undefined ? { ...token, dpop: true, jkt: boundTo } : token;
}
