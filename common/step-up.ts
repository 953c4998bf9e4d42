/**
 * The step-up vocabulary that the intranet, the dev identity provider and the
 * Accounts API all agree on. What differs between identity providers lives in ./profiles/.
 */

/** Auth0's ACR for "the user passed a second factor" (OpenID PAPE 1.0 multi-factor policy). */
export const ACR_MFA = "http://schemas.openid.net/pape/policies/2007/06/multi-factor";

/** ACR the dev IdP reports for a password-only sign-in. */
export const ACR_PASSWORD = "urn:fabrikam:acr:password";

/** Authentication method references, RFC 8176 section 2. */
export const AMR = {
  password: "pwd",
  oneTimePassword: "otp",
  multiFactor: "mfa",
} as const;

/** OAuth scopes of the Fabrikam Accounts API. */
export const SCOPES = {
  readAccounts: "read:accounts",
  /** High-value scope: requesting it always demands a fresh second factor. */
  transferFunds: "transfer:funds",
} as const;

/**
 * Scope of the Accounts API's directory, granted only to the dev IdP's own client (a token without a user):
 * it looks up whom an account belongs to, to show the payee on the page that approves a transfer. Kept out of
 * SCOPES, which the provider profiles spell per vendor for the intranet's user tokens.
 */
export const DIRECTORY_READ_SCOPE = "directory:read";

/** Scopes that make the identity provider demand a second factor on every request. */
export const HIGH_VALUE_SCOPES: readonly string[] = [SCOPES.transferFunds];

/** Default API identifier (RFC 8707 resource / Auth0 audience). */
export const DEFAULT_API_AUDIENCE = "https://api.fabrikam.example";

/** Default client id of the intranet at the dev IdP. */
export const DEFAULT_CLIENT_ID = "fabrikam-intranet";

/** Default client id of the dev IdP itself at the Accounts API's directory. */
export const DEFAULT_DIRECTORY_CLIENT_ID = "fabrikam-idp";

/** How recent (seconds) a second factor must be for a transfer, per the API. */
export const DEFAULT_TRANSFER_MAX_AGE = 300;
