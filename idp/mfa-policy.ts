/**
 * THE multi-factor policy of the dev IdP: the equivalent of the Auth0
 * Post-Login Action that calls `api.multifactor.enable(...)`.
 * Pure, so it can be read in one go and tested as a table.
 */
import { ACR_MFA, HIGH_VALUE_SCOPES } from "../common/step-up";

/** Why a second factor is asked; the sign-in page explains it to the user. */
export type MfaReason = "acr_values" | "claims" | "high_value_scope";

export interface MfaRequest {
  /** Space-separated `acr_values` authorization parameter, if any. */
  acrValues?: string;
  /** The parsed `claims` authorization parameter (OIDC Core 5.5), if any. */
  claims?: unknown;
  /** Space-separated `scope` authorization parameter. */
  scope?: string;
  /** True when the current session already holds a second factor (and no re-authentication is forced). */
  sessionHasMfa: boolean;
  /** `off` imitates a tenant with MFA misconfigured: every request is ignored. */
  policy: "on" | "off";
}

export type MfaDecision =
  | { required: false }
  | { required: true; reason: MfaReason; scopes?: string[] };

/** Decides whether this authorization request must pass a second factor now. */
export function mfaDecision(request: MfaRequest): MfaDecision {
  if (request.policy === "off") return { required: false };

  // A high-value scope demands a fresh second factor every time (Auth0's allowRememberBrowser: false).
  const scopes = (request.scope ?? "").split(" ").filter(Boolean);
  const highValue = scopes.filter((scope) => HIGH_VALUE_SCOPES.includes(scope));
  if (highValue.length > 0) return { required: true, reason: "high_value_scope", scopes: highValue };

  // An MFA session already satisfies a request for the MFA ACR.
  if (request.sessionHasMfa) return { required: false };

  const acrValues = (request.acrValues ?? "").split(" ").filter(Boolean);
  if (acrValues.includes(ACR_MFA)) return { required: true, reason: "acr_values" };

  if (claimsAskForMfa(request.claims)) return { required: true, reason: "claims" };

  return { required: false };
}

/** True when `claims.id_token.acr` is essential and names the MFA ACR in `value` or `values`. */
function claimsAskForMfa(claims: unknown): boolean {
  const acr = property(property(claims, "id_token"), "acr");
  if (property(acr, "essential") !== true) return false;
  const values = property(acr, "values");
  if (Array.isArray(values) && values.includes(ACR_MFA)) return true;
  return property(acr, "value") === ACR_MFA;
}

function property(value: unknown, key: string): unknown {
  if (typeof value !== "object" || value === null) return undefined;
  return (value as Record<string, unknown>)[key];
}
