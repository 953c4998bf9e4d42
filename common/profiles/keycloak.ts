import { SCOPES } from "../step-up";
import type { ProviderProfile } from "./types";

/**
 * Keycloak: a step-up browser flow with "Condition - Level of Authentication" steps. `acr` is the level of
 * authentication reached ("1" password, "2" after OTP, or names from the realm's acr-to-LoA map). Asked with
 * both `acr_values` and an essential `acr` claim, so Keycloak refuses rather than silently downgrading.
 */
export const keycloak: ProviderProfile = {
  name: "keycloak",
  label: "Keycloak",
  mfaAcr: "2",
  acrClaim: "acr",
  acrLevels: ["0", "1", "2", "3", "4"],
  mfaAcrs: [],
  // Keycloak sends amr only with the "Authentication Method Reference" mapper; the level is the evidence.
  mfaAmr: [],
  acrRequest: "both",
  // The API audience comes from an audience mapper on a client scope.
  audienceParam: "none",
  scopes: SCOPES,
  // Access tokens are typ JWT (RFC 9068 headers are opt-in) with a space-separated `scope` and the client in `azp`.
  accessTokenFormat: "jwt",
  scopeClaim: "scope",
  tokenIdClaim: "jti",
  dpop: false,
  rar: false,
};
