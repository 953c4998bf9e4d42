/**
 * A provider profile: what one identity provider vendor means by "the user did MFA", and how it wants to be
 * asked. Pure data, shared by the intranet (to build requests and check ID tokens) and the Accounts API (to
 * check access tokens and phrase RFC 9470 challenges).
 */

export const PROFILE_NAMES = ["auth0", "okta", "keycloak", "entra", "generic"] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

/** How the intranet asks for the MFA ACR: `acr_values` (voluntary), the `claims` parameter (essential), or both. */
export type AcrRequestStyle = "acr_values" | "claims" | "both";

/** How the API's identifier is sent: Auth0's `audience`, RFC 8707 `resource`, or not at all (fixed by the provider). */
export type AudienceParam = "audience" | "resource" | "none";

/**
 * How the Accounts API reads access tokens: RFC 9068 (`typ: at+jwt`, `scope`, `client_id`, `jti`), or a vendor's
 * plain signed JWT (Okta, Keycloak, Entra) whose scope and token-id claims are named below.
 */
export type AccessTokenFormat = "rfc9068" | "jwt";

/** Where a plain JWT access token lists its scopes: `scope` (space-separated) or `scp` (string or array). */
export type ScopeClaim = "scope" | "scp";

/** The claim naming one access token, spent by a transfer: `jti`, or Entra's `uti`. */
export type TokenIdClaim = "jti" | "uti";

export interface ProviderProfile {
  readonly name: ProfileName;
  /** For people: "Auth0", "Keycloak", ... */
  readonly label: string;
  /** The ACR value the intranet requests for MFA and the API names in its challenges. */
  readonly mfaAcr: string;
  /** The ID/access token claim that carries the ACR: `acr` (OIDC), or Entra's `acrs` (authentication contexts). */
  readonly acrClaim: "acr" | "acrs";
  /** ACR values from weakest to strongest; an `acr` at or above `mfaAcr` in this list proves MFA (Keycloak LoA). */
  readonly acrLevels: readonly string[];
  /** Further ACR values that prove MFA on their own (e.g. Okta's phishing-resistant levels). */
  readonly mfaAcrs: readonly string[];
  /** `amr` values (RFC 8176) any one of which proves a second factor. */
  readonly mfaAmr: readonly string[];
  readonly acrRequest: AcrRequestStyle;
  readonly audienceParam: AudienceParam;
  /** The Accounts API's scope names as this provider spells them. */
  readonly scopes: { readonly readAccounts: string; readonly transferFunds: string };
  /** How the API validates this provider's access tokens. */
  readonly accessTokenFormat: AccessTokenFormat;
  /** For `jwt`: the claim holding the granted scopes (RFC 9068 always uses `scope`). */
  readonly scopeClaim: ScopeClaim;
  /** For `jwt`: the claim a transfer spends to make the token single-use (RFC 9068 always uses `jti`). */
  readonly tokenIdClaim: TokenIdClaim;
  /**
   * Ask for a DPoP-bound (RFC 9449) transfer token. Only where the API checks proofs: its RFC 9068 path does
   * (oauth4webapi), its plain-JWT path refuses bound tokens rather than accept them unchecked.
   */
  readonly dpop: boolean;
  /**
   * The provider takes RFC 9396 `authorization_details` of type `fabrikam_transfer` and puts them in the access
   * token, so the second factor approves one exact transfer and the API can hold the token to it. Without it the
   * transfer token is scope-only: valid for any one transfer.
   */
  readonly rar: boolean;
}

/** Scopes that make the provider demand a second factor every time they are requested. */
export function highValueScopes(profile: ProviderProfile): readonly string[] {
  return [profile.scopes.transferFunds];
}
