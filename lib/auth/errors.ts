/** Stable codes for everything that can end a sign-in; logs get the code, people get the sentence. */
export const AUTH_ERRORS = {
  mfa_not_performed: {
    title: "The identity provider did not perform multi-factor authentication",
    explanation:
      "Fabrikam Intranet asked for a second factor (acr_values set to the multi-factor policy), but the ID token that came back shows only a password sign-in. The page you wanted stays locked.",
    admin:
      "Configure the provider to honour acr_values: in Auth0 a Post-Login Action that calls api.multifactor.enable() when the multi-factor ACR is requested; in Keycloak a step-up browser flow with LoA conditions; in Okta an authentication policy rule for the ACR.",
  },
  stale_authentication: {
    title: "The sign-in was not recent enough",
    explanation:
      "Fabrikam Intranet asked the identity provider to authenticate you again (max_age), but the ID token reports an older sign-in time.",
    admin: "Make sure the provider honours the max_age parameter and returns auth_time in ID tokens.",
  },
  scope_not_granted: {
    title: "The identity provider did not grant the permission that was requested",
    explanation:
      "Fabrikam Intranet asked for an access token with the permission this action needs, and the provider returned one without it.",
    admin: "Grant the client the Accounts API permissions (read:accounts, transfer:funds) at the provider.",
  },
  access_denied: {
    title: "Sign-in was cancelled",
    explanation: "The identity provider reports that the sign-in was cancelled or refused. Nothing was changed.",
    admin: "If users cannot complete sign-in, check the provider's logs for this client.",
  },
  provider_error: {
    title: "The identity provider returned an error",
    explanation: "The identity provider could not complete the sign-in request. Nothing was changed; you can try again.",
    admin: "The intranet's server log has the provider's error code and description.",
  },
  invalid_callback: {
    title: "The sign-in response could not be verified",
    explanation:
      "The response from the identity provider failed a security check (state, issuer, signature, nonce or PKCE), so it was refused. Start again from the page you wanted.",
    admin: "The intranet's server log has the exact check that failed.",
  },
  transaction_missing: {
    title: "This sign-in has expired",
    explanation:
      "The sign-in took longer than ten minutes, was finished in another browser, or was already completed. Start again from the page you wanted.",
    admin: "No action needed unless this happens often.",
  },
  idp_unavailable: {
    title: "The identity provider is unavailable",
    explanation:
      "Fabrikam Intranet cannot reach its identity provider right now, so it cannot sign you in. Public pages still work; try again in a moment.",
    admin: "Check that OIDC_ISSUER is reachable from the intranet's server and that the provider is running.",
  },
} as const satisfies Record<string, { title: string; explanation: string; admin: string }>;

export type AuthErrorCode = keyof typeof AUTH_ERRORS;

/** Narrows an untrusted string (e.g. a query parameter) to a known code. */
export function isAuthErrorCode(value: unknown): value is AuthErrorCode {
  return typeof value === "string" && Object.hasOwn(AUTH_ERRORS, value);
}

/** A sign-in failure with a stable code; `detail` is for logs only. */
export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    readonly detail?: string,
  ) {
    super(`${code}: ${AUTH_ERRORS[code].title}${detail ? ` (${detail})` : ""}`);
    this.name = "AuthError";
  }
}
