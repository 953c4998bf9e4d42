/** The sentences a sign-in page shows for its interaction: why a second factor is asked, why a password again. */
import type { Interaction } from "oidc-provider";
import type { IdpConfig } from "./config";
import { decisionAfterPassword } from "./interaction-state";
import { explainWhy, maxAgeOf, type RequestContext, reauthNotice } from "./sign-in-notices";

function requestContext(interaction: Interaction, config: IdpConfig): RequestContext {
  return { maxAge: maxAgeOf(interaction.params.max_age), transferScope: config.impersonation.profile.scopes.transferFunds };
}

/** Why this interaction asks for a second factor, from the MFA check's details or the policy. */
export function explainFromDetails(interaction: Interaction, config: IdpConfig): string {
  const { mfa_reason: reason, mfa_scopes: scopes } = interaction.prompt.details;
  if (reason === "high_value_scope" || reason === "acr_values" || reason === "claims" || reason === "authorization_details") {
    const list = Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === "string") : [];
    return explainWhy({ required: true, reason, scopes: list }, requestContext(interaction, config));
  }
  return explainWhy(decisionAfterPassword(interaction, config), requestContext(interaction, config));
}

/** The notice of the password page when a session exists but must sign in again. */
export function reauthNoticeFor(interaction: Interaction, config: IdpConfig): string | undefined {
  if (!interaction.session?.accountId) return undefined;
  return reauthNotice(interaction.prompt.reasons, {
    maxAge: maxAgeOf(interaction.params.max_age),
    secondFactorFollows: decisionAfterPassword(interaction, config).required,
  });
}
