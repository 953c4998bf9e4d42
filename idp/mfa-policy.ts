/**
 * THE multi-factor policy of the dev IdP: the equivalent of the Auth0
 * Post-Login Action that calls `api.multifactor.enable(...)`.
 * Pure, so it can be read in one go and tested as a table.
 */
import { acrMeetsMfa, highValueScopes, type ProviderProfile } from "../common/profiles";

/** Why a second factor is asked; the sign-in page explains it to the user. */
export type MfaReason = "acr_values" | "claims" | "high_value_scope" | "authorization_details";

export interface MfaRequest {
  /** Space-separated `acr_values` authorization parameter, if any. */
  acrValues?: string;
  /** The parsed `claims` authorization parameter (OIDC Core 5.5), if any. */
  claims?: unknown;
  /** Space-separated `scope` authorization parameter. */
  scope?: string;
  /** True when the request carries a `fabrikam_transfer` authorization details entry (RFC 9396). */
  transfer?: boolean;
  /** True when the current session already holds a second factor (and no re-authentication is forced). */
  sessionHasMfa: boolean;
  /** `off` imitates a tenant with MFA misconfigured: every request is ignored. */
  policy: "on" | "off";
  /** The imitated vendor's vocabulary: which ACR values ask for MFA (at or above its MFA level). */
  profile: ProviderProfile;
}

export type MfaDecision = { required: false } | { required: true; reason: MfaReason; scopes?: string[] };

/** Decides whether this authorization request must pass a second factor now. */
export function mfaDecision(request: MfaRequest): MfaDecision {
  if (request.policy === "off") return { required: false };

  // Each transfer approval is its own second factor, whatever the session already holds (dynamic linking).
  if (request.transfer) return { required: true, reason: "authorization_details" };

  // A high-value scope demands a fresh second factor every time (Auth0's allowRememberBrowser: false).
  const scopes = (request.scope ?? "").split(" ").filter(Boolean);
  const highValue = scopes.filter((scope) => highValueScopes(request.profile).includes(scope));
  if (highValue.length > 0) return { required: true, reason: "high_value_scope", scopes: highValue };

  // An MFA session already satisfies a request for the MFA ACR.
  if (request.sessionHasMfa) return { required: false };

  const acrValues = (request.acrValues ?? "").split(" ").filter(Boolean);
  if (acrValues.some((acr) => acrMeetsMfa(request.profile, acr))) return { required: true, reason: "acr_values" };

  if (claimsAskForMfa(request.claims, request.profile)) return { required: true, reason: "claims" };

  return { required: false };
}

/** True when `claims.id_token.acr` is essential and names an MFA-level ACR in `value` or `values`. */
function claimsAskForMfa(claims: unknown, profile: ProviderProfile): boolean {
  const acr = property(property(claims, "id_token"), "acr");
  if (property(acr, "essential") !== true) return false;
  const values = property(acr, "values");
  const meets = (value: unknown) => typeof value === "string" && acrMeetsMfa(profile, value);
  if (Array.isArray(values) && values.some(meets)) return true;
  return meets(property(acr, "value"));
}

function property(value: unknown, key: string): unknown {
  if (typeof value !== "object" || value === null) return undefined;
  return (value as Record<string, unknown>)[key];
}
