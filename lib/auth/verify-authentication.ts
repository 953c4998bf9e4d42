import { AUTH_TIME_CLOCK_TOLERANCE_SECONDS, authTimeInFuture } from "@/common/auth-time";
import { acrValuesOf, type ProviderProfile, showsMfa } from "@/common/profiles";
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

const words = (value: string | undefined) => new Set((value ?? "").split(" ").filter(Boolean));

/**
 * Checks that the provider did what was asked. A provider may ignore `acr_values` (OIDC Core §3.1.2.1 makes it
 * voluntary), so the relying party must look at the ID token itself. `previousAuthTime` is the `auth_time` of the
 * same user's session this sign-in replaces, if any. Returns the first shortfall, if any.
 */
export function deliveredShortfall(
  requested: Requested,
  delivered: Delivered,
  now: number,
  profile: ProviderProfile,
  previousAuthTime?: number,
): AuthErrorCode | undefined {
  // The app asks for an ACR only to get a second factor, so any requested ACR must come back as MFA evidence.
  if (words(requested.acrValues).size > 0 && !showsMfa(profile, delivered)) return "mfa_not_performed";
  if (requested.maxAge !== undefined && !authenticatedAnew(requested.maxAge, delivered.authTime, now, previousAuthTime)) return "stale_authentication";
  const granted = words(delivered.grantedScope);
  for (const scope of [profile.scopes.transferFunds, profile.scopes.readAccounts]) {
    if (words(requested.scope).has(scope) && !granted.has(scope)) return "scope_not_granted";
  }
  return undefined;
}

/**
 * Whether `authTime` shows an authentication within `maxAge` (OIDC Core §3.1.2.1: older means the provider had to
 * authenticate again). One in the future beyond clock skew proves nothing. When the replaced session's own
 * authentication was already older than `maxAge`, the provider had to perform a new one, so the new `auth_time` must
 * be later: the same or an earlier one is a cached authentication passed off as fresh (within the skew allowance).
 */
function authenticatedAnew(maxAge: number, authTime: number | undefined, now: number, previousAuthTime: number | undefined): boolean {
  if (authTime === undefined || now - authTime > maxAge + AUTH_TIME_CLOCK_TOLERANCE_SECONDS || authTimeInFuture(authTime, now)) return false;
  const previousWasStale = previousAuthTime !== undefined && now - previousAuthTime > maxAge;
  return !previousWasStale || authTime > previousAuthTime;
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
