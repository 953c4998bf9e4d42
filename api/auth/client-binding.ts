/**
 * Which application a token was issued to, and whether this API serves it. Without this check another client of
 * the same tenant (any app its users sign in to) could obtain `transfer:funds` tokens for this audience and spend
 * them here. A token that names no client at all is refused in both formats: RFC 9068 §2.2 makes `client_id`
 * required, and every vendor whose plain JWTs the API reads (Okta `cid`, Keycloak `azp`, Entra `azp`/`appid`)
 * names the client in user tokens, so a token without one is a shape the API does not know.
 */
import type { ProfileName } from "../../common/profiles";
import { invalidToken, type TokenScheme } from "./www-authenticate";

/** A claim that names the client a token was issued to. */
export type ClientIdClaim = "client_id" | "azp" | "cid" | "appid";

/**
 * Where each provider's plain JWT access tokens name the client, most specific first. `client_id` is accepted too
 * where the vendor may add it (Keycloak's client-id mapper, Okta's client credentials) or the dev IdP imitates the
 * vendor with RFC 9068 tokens. Every one of these claims that is present must name an allowed client.
 */
export const PLAIN_JWT_CLIENT_ID_CLAIMS: Readonly<Record<ProfileName, readonly ClientIdClaim[]>> = {
  auth0: ["client_id", "azp"],
  generic: ["client_id", "azp"],
  okta: ["cid", "client_id"],
  keycloak: ["azp", "client_id"],
  // v2 tokens say azp, v1 tokens appid.
  entra: ["azp", "appid"],
};

/** RFC 9068 access tokens name the client in `client_id` only (§2.2). */
export const RFC9068_CLIENT_ID_CLAIMS: readonly ClientIdClaim[] = ["client_id"];

const NO_CLIENT = "The access token does not say which application it was issued to, so this API cannot accept it.";
const OTHER_CLIENT = "The access token was issued to an application this API does not serve.";

/**
 * The client the token was issued to, or 401 invalid_token when it names none or one outside `allowed`
 * (also when two client claims disagree and one of them is not allowed). `allowed` is per route family: the
 * intranet's clients for the customer routes (API_ALLOWED_CLIENTS), the IdP's for the directory.
 */
export function requireAllowedClient(
  claims: Readonly<Record<string, unknown>>,
  claimNames: readonly ClientIdClaim[],
  allowed: readonly string[],
  scheme: TokenScheme,
): string {
  const named = claimNames.filter((claim) => claims[claim] !== undefined);
  if (named.length === 0) throw invalidToken(NO_CLIENT, scheme, { logDetail: `none of ${claimNames.join(", ")}` });
  for (const claim of named) {
    const value = claims[claim];
    if (typeof value !== "string" || !allowed.includes(value)) {
      throw invalidToken(OTHER_CLIENT, scheme, {
        logDetail: `${claim} ${JSON.stringify(value)} is not among the clients this route serves (${allowed.join(", ")})`,
      });
    }
  }
  return claims[named[0] as ClientIdClaim] as string;
}
