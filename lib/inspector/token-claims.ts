import "server-only";
import { decodeJwt } from "jose";

/** The claims of an access token worth showing a person. The token string itself never leaves the server. */
export interface DisplayedTokenClaims {
  readonly scope?: string;
  readonly aud?: string;
  readonly acr?: string;
  readonly amr: readonly string[];
  readonly authTime?: number;
  readonly issuedAt?: number;
  readonly expiresAt?: number;
}

/**
 * Decodes a JWT access token's payload for display only: the API verifies tokens, the app never trusts these
 * values for decisions. An opaque or malformed token yields undefined.
 */
export function displayedClaims(token: string): DisplayedTokenClaims | undefined {
  let payload: ReturnType<typeof decodeJwt>;
  try {
    payload = decodeJwt(token);
  } catch {
    return undefined;
  }
  const str = (value: unknown) => (typeof value === "string" ? value : undefined);
  const num = (value: unknown) => (typeof value === "number" ? value : undefined);
  return {
    scope: str(payload.scope),
    aud: Array.isArray(payload.aud) ? payload.aud.join(" ") : str(payload.aud),
    acr: str(payload.acr),
    amr: Array.isArray(payload.amr) ? payload.amr.filter((m): m is string => typeof m === "string") : [],
    authTime: num(payload.auth_time),
    issuedAt: num(payload.iat),
    expiresAt: num(payload.exp),
  };
}
