/**
 * Which vendor the dev IdP imitates (IDP_PROFILE): the ACR it reports for a password and after a second
 * factor, the `amr` it issues, and what counts as a request for MFA — so the intranet and the API can be
 * tested against each dialect without a real tenant.
 */
import { PROFILES, type ProviderProfile } from "../common/profiles";
import { ACR_PASSWORD, AMR } from "../common/step-up";

export const IMPERSONATED = ["auth0", "keycloak", "okta"] as const;
export type ImpersonatedVendor = (typeof IMPERSONATED)[number];

export interface Impersonation {
  /** The shared profile: MFA ACR, ordered levels, high-value scopes. */
  readonly profile: ProviderProfile;
  /** `acr` after a password alone. */
  readonly passwordAcr: string;
  /** `amr` after a password and a one-time code. */
  readonly mfaAmr: readonly string[];
}

export const IMPERSONATIONS: Readonly<Record<ImpersonatedVendor, Impersonation>> = {
  // Auth0 reports the PAPE multi-factor ACR and amr "mfa" after MFA.
  auth0: { profile: PROFILES.auth0, passwordAcr: ACR_PASSWORD, mfaAmr: [AMR.password, AMR.oneTimePassword, AMR.multiFactor] },
  // Keycloak: level of authentication "1" for a password, "2" after OTP; amr via its AMR mapper.
  keycloak: { profile: PROFILES.keycloak, passwordAcr: "1", mfaAmr: [AMR.password, AMR.oneTimePassword] },
  okta: { profile: PROFILES.okta, passwordAcr: "urn:okta:loa:1fa:pwd", mfaAmr: [AMR.password, AMR.oneTimePassword, AMR.multiFactor] },
};
