import { decodeJwt } from "jose";
import { approvedTransfer, type TransferDetails } from "@/common/authorization-details";
import { acrValuesOf, type ProviderProfile } from "@/common/profiles";

/** The claims of an access token worth showing a person. The token string itself never leaves the server. */
export interface DisplayedTokenClaims {
  readonly scopes: readonly string[];
  readonly aud?: string;
  /** The ACR value(s), from the claim the profile names (`acr`, or Entra's `acrs`). */
  readonly acr: readonly string[];
  readonly amr: readonly string[];
  readonly authTime?: number;
  readonly issuedAt?: number;
  readonly expiresAt?: number;
  /** The one transfer the token approves (RFC 9396 `authorization_details`), if it names one. */
  readonly approvedTransfer?: TransferDetails;
}

const str = (value: unknown) => (typeof value === "string" ? value : undefined);
const num = (value: unknown) => (typeof value === "number" ? value : undefined);
const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

/**
 * Decodes a JWT access token's payload for display only: the API verifies tokens, the app never trusts these
 * values for decisions. Claim names follow the provider profile (`scope` or `scp`, `acr` or `acrs`). An opaque or
 * malformed token yields undefined.
 */
export function displayedClaims(token: string, profile: ProviderProfile): DisplayedTokenClaims | undefined {
  let payload: ReturnType<typeof decodeJwt>;
  try {
    payload = decodeJwt(token);
  } catch {
    return undefined;
  }
  // RFC 9068 tokens always say `scope`; vendors' plain JWTs use the profile's claim (Okta and Entra: `scp`, maybe an array).
  const rawScopes = payload.scope ?? payload[profile.scopeClaim];
  const approved = approvedTransfer(payload.authorization_details);
  return {
    scopes: typeof rawScopes === "string" ? rawScopes.split(" ").filter(Boolean) : strings(rawScopes),
    aud: Array.isArray(payload.aud) ? payload.aud.join(" ") : str(payload.aud),
    acr: acrValuesOf(payload[profile.acrClaim]),
    amr: strings(payload.amr),
    authTime: num(payload.auth_time),
    issuedAt: num(payload.iat),
    expiresAt: num(payload.exp),
    ...(approved ? { approvedTransfer: approved } : {}),
  };
}
