/**
 * The provider profiles and the two things every party does with one: pick it from the environment
 * (`OIDC_PROFILE` plus per-field overrides) and decide whether claims prove a second factor.
 */
import { auth0 } from "./auth0";
import { entra } from "./entra";
import { generic } from "./generic";
import { keycloak } from "./keycloak";
import { okta } from "./okta";
import { type AcrRequestStyle, type AudienceParam, PROFILE_NAMES, type ProfileName, type ProviderProfile } from "./types";

export * from "./types";

export const PROFILES: Readonly<Record<ProfileName, ProviderProfile>> = { auth0, okta, keycloak, entra, generic };

/** The dev IdP imitates Auth0, so that is the default. */
export const DEFAULT_PROFILE: ProfileName = "auth0";

const ACR_REQUEST_STYLES: readonly AcrRequestStyle[] = ["acr_values", "claims", "both"];
const AUDIENCE_PARAMS: readonly AudienceParam[] = ["audience", "resource", "none"];

/** Thrown for an unusable profile setting; `problems` name each variable. */
export class ProfileConfigError extends Error {
  readonly code = "profile_invalid";
  constructor(readonly problems: string[]) {
    super(`Invalid provider profile settings:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ProfileConfigError";
  }
}

const list = (value: string) => value.split(/[\s,]+/).filter(Boolean);
const oneOf = <T extends string>(allowed: readonly T[], value: string): value is T => (allowed as readonly string[]).includes(value);

/**
 * The profile named by `profileVariable` (default `OIDC_PROFILE`), with these overrides applied:
 * OIDC_MFA_ACR, OIDC_ACR_LEVELS, OIDC_MFA_AMR, OIDC_ACR_REQUEST, OIDC_AUDIENCE_PARAM,
 * OIDC_SCOPE_READ_ACCOUNTS, OIDC_SCOPE_TRANSFER_FUNDS. Empty values count as unset.
 */
export function resolveProfile(env: Record<string, string | undefined>, profileVariable = "OIDC_PROFILE"): ProviderProfile {
  const get = (name: string) => (env[name] === "" ? undefined : env[name]?.trim());
  const problems: string[] = [];
  const name = get(profileVariable) ?? get("OIDC_PROFILE") ?? DEFAULT_PROFILE;
  if (!oneOf(PROFILE_NAMES, name)) {
    throw new ProfileConfigError([`${profileVariable}: must be one of ${PROFILE_NAMES.join(", ")} (got ${JSON.stringify(name)})`]);
  }
  const base = PROFILES[name];
  const acrRequest = get("OIDC_ACR_REQUEST") ?? base.acrRequest;
  if (!oneOf(ACR_REQUEST_STYLES, acrRequest)) problems.push(`OIDC_ACR_REQUEST: must be one of ${ACR_REQUEST_STYLES.join(", ")}`);
  const audienceParam = get("OIDC_AUDIENCE_PARAM") ?? base.audienceParam;
  if (!oneOf(AUDIENCE_PARAMS, audienceParam)) problems.push(`OIDC_AUDIENCE_PARAM: must be one of ${AUDIENCE_PARAMS.join(", ")}`);
  const mfaAcr = get("OIDC_MFA_ACR") ?? base.mfaAcr;
  // ACR values travel in headers and URLs: printable ASCII without quotes or spaces.
  if (!/^[\x21\x23-\x5b\x5d-\x7e]{1,255}$/.test(mfaAcr)) problems.push("OIDC_MFA_ACR: must be one printable ASCII word without quotes or backslashes");
  const scope = (variable: string, fallback: string) => {
    const value = get(variable) ?? fallback;
    if (!/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(value)) problems.push(`${variable}: must be one scope token (no spaces or quotes)`);
    return value;
  };
  const scopes = {
    readAccounts: scope("OIDC_SCOPE_READ_ACCOUNTS", base.scopes.readAccounts),
    transferFunds: scope("OIDC_SCOPE_TRANSFER_FUNDS", base.scopes.transferFunds),
  };
  const dpop = get("OIDC_DPOP");
  if (dpop !== undefined && dpop !== "on" && dpop !== "off") problems.push("OIDC_DPOP: must be on or off");
  const rar = get("OIDC_RAR");
  if (rar !== undefined && rar !== "on" && rar !== "off") problems.push("OIDC_RAR: must be on or off");
  if (problems.length > 0) throw new ProfileConfigError(problems);
  const levels = get("OIDC_ACR_LEVELS");
  const amr = get("OIDC_MFA_AMR");
  return {
    ...base,
    mfaAcr,
    acrLevels: levels !== undefined ? list(levels) : base.acrLevels,
    // A changed MFA ACR replaces the profile's own MFA ACR as evidence, so the two never disagree.
    mfaAcrs: get("OIDC_MFA_ACR") !== undefined ? [mfaAcr] : base.mfaAcrs,
    mfaAmr: amr !== undefined ? list(amr) : base.mfaAmr,
    acrRequest: acrRequest as AcrRequestStyle,
    audienceParam: audienceParam as AudienceParam,
    scopes,
    dpop: dpop === undefined ? base.dpop : dpop === "on",
    rar: rar === undefined ? base.rar : rar === "on",
  };
}

/** The ACR value(s) in a claim as delivered: one string (possibly space-separated), or an array (Entra `acrs`). */
export function acrValuesOf(value: unknown): string[] {
  if (typeof value === "string") return list(value);
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return [];
}

/** True when `acr` is `mfaAcr` or ranks at or above it in the profile's ordered levels. Unknown values never do. */
export function acrMeetsMfa(profile: ProviderProfile, acr: string): boolean {
  if (acr === profile.mfaAcr || profile.mfaAcrs.includes(acr)) return true;
  const floor = profile.acrLevels.indexOf(profile.mfaAcr);
  const rank = profile.acrLevels.indexOf(acr);
  return floor >= 0 && rank >= floor;
}

/**
 * True when the claims prove a second factor under `profile`: an ACR at or above the MFA level, or an `amr`
 * containing one of the profile's MFA methods. `acr` is the value of the profile's ACR claim (`acr` or `acrs`).
 * Missing or malformed claims count as no evidence.
 */
export function showsMfa(profile: ProviderProfile, claims: { acr?: unknown; amr?: unknown }): boolean {
  if (acrValuesOf(claims.acr).some((acr) => acrMeetsMfa(profile, acr))) return true;
  return Array.isArray(claims.amr) && claims.amr.some((m) => typeof m === "string" && profile.mfaAmr.includes(m));
}
