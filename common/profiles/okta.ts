import { SCOPES } from "../step-up";
import type { ProviderProfile } from "./types";

/**
 * Okta (custom authorization server): `acr_values` with Okta's assurance levels; the ID token's `acr` echoes the
 * level met and `amr` lists the methods (`mfa` among them). The audience is fixed by the authorization server.
 */
export const okta: ProviderProfile = {
  name: "okta",
  label: "Okta",
  mfaAcr: "urn:okta:loa:2fa:any",
  acrClaim: "acr",
  // ":ifpossible" may fall back to one factor, so it ranks below 2fa:any.
  acrLevels: ["urn:okta:loa:1fa:pwd", "urn:okta:loa:1fa:any", "urn:okta:loa:2fa:any:ifpossible", "urn:okta:loa:2fa:any", "phr", "phrh"],
  mfaAcrs: [],
  mfaAmr: ["mfa"],
  acrRequest: "acr_values",
  audienceParam: "none",
  scopes: SCOPES,
  // Access tokens are typ JWT with scopes in an `scp` array and the client in `cid`.
  accessTokenFormat: "jwt",
  scopeClaim: "scp",
  tokenIdClaim: "jti",
  dpop: false,
  rar: false,
};
