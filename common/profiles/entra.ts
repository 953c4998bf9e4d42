import { SCOPES } from "../step-up";
import type { ProviderProfile } from "./types";

/**
 * Microsoft Entra ID: no OIDC `acr` levels. Conditional Access "authentication contexts" (c1..c99) are asked for
 * through an essential `acrs` claim in the `claims` parameter and come back in the `acrs` claim; `amr` holds `mfa`
 * after a second factor. The API is named by its scopes (api://.../scope), so no audience parameter is sent.
 */
export const entra: ProviderProfile = {
  name: "entra",
  label: "Microsoft Entra ID",
  mfaAcr: "c1",
  acrClaim: "acrs",
  acrLevels: [],
  mfaAcrs: [],
  mfaAmr: ["mfa"],
  acrRequest: "claims",
  audienceParam: "none",
  scopes: SCOPES,
  // Access tokens are typ JWT with a space-separated `scp`; `uti` names the token (there is no `jti`).
  accessTokenFormat: "jwt",
  scopeClaim: "scp",
  tokenIdClaim: "uti",
  dpop: false,
  rar: false,
};
