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
    explanation: "Fabrikam Intranet asked the identity provider to authenticate you again (max_age), but the ID token reports an older sign-in time.",
    admin: "Make sure the provider honours the max_age parameter and returns auth_time in ID tokens.",
  },
  scope_not_granted: {
    title: "The identity provider did not grant the permission that was requested",
    explanation: "Fabrikam Intranet asked for an access token with the permission this action needs, and the provider returned one without it.",
    admin: "Grant the client the Accounts API permissions (read:accounts, transfer:funds) at the provider.",
  },
  transfer_not_approved: {
    title: "The identity provider did not approve this exact transfer",
    explanation:
      "Fabrikam Intranet asked the identity provider to approve one transfer — its amount, its accounts — with your second factor, and the approval that came back names another transfer or none. Nothing was sent. Your transfer is still waiting: open it again to approve it.",
    admin:
      "The provider must support RFC 9396 authorization details of type fabrikam_transfer and return them unchanged (in the token response and the access token). If it cannot, set OIDC_RAR=off: transfer tokens are then valid for any one transfer.",
  },
  account_mismatch: {
    title: "You verified as a different person",
    explanation:
      "Fabrikam Intranet asked the identity provider to confirm it was still you, but the sign-in came back for another account. Nothing was changed: you are still signed in as before, without the extra verification. To use another account, sign out first.",
    admin: "Expected when someone signs in at the provider with other credentials during a step-up; the activity page of the signed-in user records it.",
  },
  access_denied: {
    title: "Sign-in was cancelled",
    explanation: "The identity provider reports that the sign-in was cancelled or refused. Nothing was changed.",
    admin: "If users cannot complete sign-in, check the provider's logs for this client.",
  },
  unmet_authentication_requirements: {
    title: "The identity provider could not authenticate you as strongly as this needs",
    explanation:
      "Fabrikam Intranet asked for multi-factor authentication and the identity provider answered that it cannot meet that requirement for your account (for example, no second factor is enrolled). Nothing was changed.",
    admin:
      "Enrol a second factor for this user, and check that the provider maps the requested ACR (OIDC_MFA_ACR) to an MFA step: an Auth0 Action, a Keycloak acr-to-LoA mapping, an Okta policy rule, or an Entra authentication context.",
  },
  login_required: {
    title: "The identity provider needs you to sign in",
    explanation: "The identity provider would not continue without showing you its sign-in page. Start again from the page you wanted and sign in.",
    admin: "Expected only for silent requests (prompt=none); the intranet does not send those, so check the provider's session settings.",
  },
  interaction_required: {
    title: "The identity provider needs you to do something first",
    explanation:
      "The identity provider needs your input before it can sign you in (for example, to accept terms, enrol a factor or change a password). Start again from the page you wanted and follow the provider's steps.",
    admin: "The provider's logs for this client say which interaction was required.",
  },
  consent_required: {
    title: "Permission for Fabrikam Intranet has not been granted",
    explanation: "The identity provider needs someone to agree that Fabrikam Intranet may use your account and the Accounts API for you. Nothing was changed.",
    admin:
      "Grant consent for the client (in Entra: admin consent for the API permissions; in Auth0: mark the application first-party or allow skipping consent), then try again.",
  },
  temporarily_unavailable: {
    title: "The identity provider is busy",
    explanation: "The identity provider could not handle the sign-in just now. Nothing was changed; wait a moment and try again.",
    admin: "Check the provider's status page and rate limits.",
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
    explanation: "The sign-in took longer than ten minutes, was finished in another browser, or was already completed. Start again from the page you wanted.",
    admin: "No action needed unless this happens often.",
  },
  idp_unavailable: {
    title: "The identity provider is unavailable",
    explanation: "Fabrikam Intranet cannot reach its identity provider right now, so it cannot sign you in. Public pages still work; try again in a moment.",
    admin: "Check that OIDC_ISSUER is reachable from the intranet's server and that the provider is running.",
  },
} as const satisfies Record<string, { title: string; explanation: string; admin: string }>;

export type AuthErrorCode = keyof typeof AUTH_ERRORS;

/** OAuth/OIDC authorization error codes (RFC 6749 §4.1.2.1, OIDC Core §3.1.2.6, RFC 9470) with a page of their own. */
const PROVIDER_ERRORS: Readonly<Record<string, AuthErrorCode>> = {
  access_denied: "access_denied",
  unmet_authentication_requirements: "unmet_authentication_requirements",
  login_required: "login_required",
  interaction_required: "interaction_required",
  account_selection_required: "interaction_required",
  consent_required: "consent_required",
  temporarily_unavailable: "temporarily_unavailable",
};

/** Maps the `error` of a provider's authorization response to our code; anything unlisted is `provider_error`. */
export function authErrorFromProvider(error: string): AuthErrorCode {
  return Object.hasOwn(PROVIDER_ERRORS, error) ? (PROVIDER_ERRORS[error] ?? "provider_error") : "provider_error";
}

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
