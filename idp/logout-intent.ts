/**
 * Whether an end-session request was started by the relying party for this very session, so that the confirmation
 * may submit itself. Anyone can link to the end-session endpoint; only the client the user signed in to holds an ID
 * token of the user's current session. oidc-provider has already checked the id_token_hint's signature, issuer and
 * audience (and that a client_id sent with it matches) before the page renders (OIDC RP-Initiated Logout §2); this
 * adds that the token names the signed-in account and belongs to this session: by its `sid` when it has one (oidc-
 * provider puts one in only for clients that ask, e.g. for back-channel logout), else by being issued no earlier than
 * the session began. Another account's token, or one kept from an earlier session, leads to the question instead.
 */
import type { KoaContextWithOIDC } from "oidc-provider";

export function logoutStartedByRelyingParty(ctx: KoaContextWithOIDC): boolean {
  const hint = ctx.oidc.entities.IdTokenHint?.payload;
  const client = ctx.oidc.entities.Client;
  const { session } = ctx.oidc;
  if (!hint || !client || !session.accountId || hint.sub !== session.accountId) return false;
  if (hint.sid !== undefined) return hint.sid === session.authorizations?.[client.clientId]?.sid;
  return typeof hint.iat === "number" && typeof session.iat === "number" && hint.iat >= session.iat;
}
