/** The consent prompt: the intranet is a first-party client, so it is granted what it asked for, with no page. */
import type Provider from "oidc-provider";
import type { Interaction } from "oidc-provider";

/** Grants the first-party client the scopes, claims and authorization details the consent prompt lists; returns the grant id. */
export async function grantConsent(provider: Provider, interaction: Interaction): Promise<string> {
  const accountId = interaction.session?.accountId;
  const clientId = interaction.params.client_id;
  if (!accountId || typeof clientId !== "string") throw new Error("consent without a session or client");
  const existing = interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined;
  const grant = existing ?? new provider.Grant({ accountId, clientId });
  const details = interaction.prompt.details;
  if (Array.isArray(details.missingOIDCScope)) grant.addOIDCScope(details.missingOIDCScope.join(" "));
  if (Array.isArray(details.missingOIDCClaims)) grant.addOIDCClaims(details.missingOIDCClaims.filter((c): c is string => typeof c === "string"));
  const resourceScopes = details.missingResourceScopes;
  if (typeof resourceScopes === "object" && resourceScopes !== null) {
    for (const [indicator, scopes] of Object.entries(resourceScopes)) {
      if (Array.isArray(scopes)) grant.addResourceScope(indicator, scopes.join(" "));
    }
  }
  // RFC 9396: the details were approved with the second factor just passed (mfa-policy.ts asks for one every time).
  if (Array.isArray(details.rar)) {
    for (const detail of details.rar) if (typeof detail === "object" && detail !== null) grant.addRar(detail as Record<string, unknown>);
  }
  return grant.save();
}
