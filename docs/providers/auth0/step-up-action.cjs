/**
 * Auth0 Post-Login Action for Fabrikam Intranet: demand a second factor when the application asks for the
 * multi-factor ACR (step-up for the web app) or for a high-value scope (step-up for the API).
 *
 * Deploy: Actions > Library > Build Custom > "Fabrikam step-up" (trigger Login / Post Login), paste this
 * file, Deploy, then drag it into the Login flow and Apply. Tested by docs/providers/auth0/step-up-action.test.ts.
 */

/** Auth0's ACR for multi-factor authentication (OpenID PAPE). Must equal OIDC_MFA_ACR in the app's .env. */
const MFA_ACR = "http://schemas.openid.net/pape/policies/2007/06/multi-factor";

/** Scopes that must be backed by a fresh second factor every time they are requested. */
const HIGH_VALUE_SCOPES = ["transfer:funds"];

/** RFC 9396 authorization details types that approve one transaction: a second factor every time (PSD2 SCA). */
const TRANSACTION_DETAILS_TYPES = ["fabrikam_transfer"];

/**
 * @param {Event} event - Details about the user and the context in which they are logging in.
 * @param {PostLoginAPI} api - Interface whose methods can be used to change the behavior of the login.
 */
exports.onExecutePostLogin = async (event, api) => {
  const transaction = event.transaction || {};
  const acrValues = Array.isArray(transaction.acr_values) ? transaction.acr_values : [];
  const scopes = Array.isArray(transaction.requested_scopes) ? transaction.requested_scopes : [];

  // Highly Regulated Identity tenants (Rich Authorization Requests): the details the application asked to approve.
  const details = Array.isArray(transaction.requested_authorization_details) ? transaction.requested_authorization_details : [];

  const wantsMfaAcr = acrValues.includes(MFA_ACR);
  const wantsHighValueScope = scopes.some((scope) => HIGH_VALUE_SCOPES.includes(scope));
  const approvesATransaction = details.some((detail) => detail && TRANSACTION_DETAILS_TYPES.includes(detail.type));

  if (wantsMfaAcr || wantsHighValueScope || approvesATransaction) {
    // allowRememberBrowser: false — a remembered device must not stand in for the second factor.
    api.multifactor.enable("any", { allowRememberBrowser: false });
  }
};
