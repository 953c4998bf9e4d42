import { ACR_MFA, SCOPES } from "../step-up";
import type { ProviderProfile } from "./types";

/**
 * Auth0: a Post-Login Action calls `api.authentication.challengeWith*` / `api.multifactor.enable` when the
 * multi-factor ACR or a high-value scope is asked for; the ID token then carries `amr: ["mfa"]` (and the ACR).
 * The API is named with Auth0's own `audience` parameter.
 */
export const auth0: ProviderProfile = {
  name: "auth0",
  label: "Auth0",
  mfaAcr: ACR_MFA,
  acrClaim: "acr",
  acrLevels: [],
  mfaAcrs: [ACR_MFA],
  mfaAmr: ["mfa"],
  acrRequest: "acr_values",
  audienceParam: "audience",
  scopes: SCOPES,
  accessTokenFormat: "rfc9068",
  scopeClaim: "scope",
  tokenIdClaim: "jti",
  dpop: true,
  rar: true,
};
