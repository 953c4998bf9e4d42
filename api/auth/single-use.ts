import type { TokenIdClaim } from "../../common/profiles";
import type { VerifiedAccessToken } from "./verify-access-token";
import { invalidToken } from "./www-authenticate";

/**
 * The id a transfer spends to make its token single-use, or 401 invalid_token when the token has none: without
 * it the API could not stop the same token paying twice. `claim` names the profile's id claim for the message.
 */
export function requireTokenId(token: VerifiedAccessToken, claim: TokenIdClaim): string {
  if (token.jti === undefined) {
    throw invalidToken(`This access token has no ${claim} claim, so it cannot be limited to one transfer.`, token.scheme, { logDetail: `no ${claim}` });
  }
  return token.jti;
}
