import { ACR_MFA, SCOPES } from "../step-up";
import type { ProviderProfile } from "./types";

/** Any OpenID Provider that honours `acr_values` and RFC 8707 `resource`, and reports `amr` per RFC 8176. */
export const generic: ProviderProfile = {
  name: "generic",
  label: "OpenID Provider",
  mfaAcr: ACR_MFA,
  acrClaim: "acr",
  acrLevels: [],
  mfaAcrs: [ACR_MFA],
  mfaAmr: ["mfa", "otp"],
  acrRequest: "acr_values",
  audienceParam: "resource",
  scopes: SCOPES,
  accessTokenFormat: "rfc9068",
  scopeClaim: "scope",
  tokenIdClaim: "jti",
  dpop: true,
  rar: true,
};
