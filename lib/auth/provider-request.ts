import type { TransferDetails } from "@/common/authorization-details";
import type { ProviderProfile } from "@/common/profiles";

/** What the authorization request must convey, independent of any vendor's dialect. */
export interface ProviderAsk {
  /** Space-separated ACR values to demand (from the route policy or the API's RFC 9470 challenge). */
  readonly acrValues?: string;
  /** The Accounts API's identifier. */
  readonly audience: string;
  /** RFC 9396: the one transfer the second factor is to approve (only for providers whose profile says `rar`). */
  readonly transfer?: TransferDetails;
}

/**
 * The vendor-specific authorization parameters for `ask`: the ACR as `acr_values` and/or as an essential claim
 * in the `claims` parameter (OIDC Core §5.5.1.1), and the API as Auth0's `audience` or RFC 8707 `resource`.
 */
export function providerParameters(profile: ProviderProfile, ask: ProviderAsk): Record<string, string> {
  const parameters: Record<string, string> = {};
  if (profile.audienceParam !== "none") parameters[profile.audienceParam] = ask.audience;
  if (ask.transfer && profile.rar) parameters.authorization_details = JSON.stringify([ask.transfer]);
  const acrs = (ask.acrValues ?? "").split(" ").filter(Boolean);
  if (acrs.length === 0) return parameters;
  if (profile.acrRequest !== "claims") parameters.acr_values = acrs.join(" ");
  if (profile.acrRequest !== "acr_values") parameters.claims = JSON.stringify(essentialAcrClaims(profile, acrs));
  return parameters;
}

function essentialAcrClaims(profile: ProviderProfile, acrs: readonly string[]) {
  // Entra documents `value` for one authentication context; OIDC allows `values` for a choice of several.
  const demand = acrs.length === 1 ? { essential: true, value: acrs[0] } : { essential: true, values: acrs };
  const claim = { [profile.acrClaim]: demand };
  // Entra's authentication context also has to reach the access token the API checks.
  return profile.acrClaim === "acrs" ? { id_token: claim, access_token: claim } : { id_token: claim };
}
