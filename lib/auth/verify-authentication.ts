import { acrValuesOf, showsMfa, type ProviderProfile } from "@/common/profiles";
import type { AuthErrorCode } from "./errors";

/** What the authorization request asked for. */
export interface Requested {
  readonly scope: string;
  readonly acrValues?: string;
  readonly maxAge?: number;
}

/** What came back: ID token claims (already narrowed) and the scope granted with the access token. */
export interface Delivered {
  readonly acr?: string;
  readonly amr: readonly string[];
  readonly authTime?: number;
  readonly grantedScope: string;
}

/** Seconds of clock difference tolerated between the provider and us. */
const CLOCK_TOLERANCE = 30;

const words = (value: string | undefined) => new Set((value ?? "").split(" ").filter(Boolean));

/**
 * Checks that the provider did what was asked. A provider may ignore `acr_values` (OIDC Core §3.1.2.1 makes it
 * voluntary), so the relying party must look at the ID token itself. Returns the first shortfall, if any.
 */
export function deliveredShortfall(requested: Requested, delivered: Delivered, now: number, profile: ProviderProfile): AuthErrorCode | undefined {
  // The app asks for an ACR only to get a second factor, so any requested ACR must come back as MFA evidence.
  if (words(requested.acrValues).size > 0 && !showsMfa(profile, delivered)) return "mfa_not_performed";
  if (requested.maxAge !== undefined) {
    if (delivered.authTime === undefined || now - delivered.authTime > requested.maxAge + CLOCK_TOLERANCE) {
      return "stale_authentication";
    }
  }
  const granted = words(delivered.grantedScope);
  for (const scope of [profile.scopes.transferFunds, profile.scopes.readAccounts]) {
    if (words(requested.scope).has(scope) && !granted.has(scope)) return "scope_not_granted";
  }
  return undefined;
}

/**
 * Narrows untyped ID token claims (openid-client types them as JSON values). The ACR is read from the profile's
 * claim (`acr`, or Entra's `acrs` array, kept space-separated).
 */
export function narrowAuthClaims(claims: Record<string, unknown>, profile: Pick<ProviderProfile, "acrClaim">): Omit<Delivered, "grantedScope"> {
  const { amr, auth_time: authTime } = claims;
  const acr = acrValuesOf(claims[profile.acrClaim]).join(" ");
  return {
    acr: acr === "" ? undefined : acr,
    amr: Array.isArray(amr) ? amr.filter((m): m is string => typeof m === "string") : [],
    authTime: typeof authTime === "number" && Number.isInteger(authTime) ? authTime : undefined,
  };
}
