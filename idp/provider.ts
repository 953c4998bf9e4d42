/**
 * The oidc-provider configuration of the dev IdP: two confidential clients
 * (the intranet, and the IdP itself reading the API's account directory),
 * one resource server (the Accounts API), acr/amr in tokens.
 */
import Provider, { type ClientLike, errors, type KoaContextWithOIDC, type ResourceServer, type TokenLike } from "oidc-provider";
import { TRANSFER_DETAILS_TYPE } from "../common/authorization-details";
import { SSF_MANAGE_SCOPE } from "../common/ssf";
import { DEFAULT_DIRECTORY_CLIENT_ID as DIRECTORY_CLIENT_ID, DIRECTORY_READ_SCOPE as DIRECTORY_SCOPE, HIGH_VALUE_SCOPES, SCOPES } from "../common/step-up";
import { findAccount } from "./accounts";
import { CLIENT_NAME } from "./client-name";
import type { IdpConfig } from "./config";
import { buildInteractionPolicy } from "./interaction-policy";
import type { IdpKeys } from "./keys";
import { logoutStartedByRelyingParty } from "./logout-intent";
import { outgoingFetch } from "./outgoing-fetch";
import { richAuthorizationRequests } from "./rich-authorization";
import { streamsEndpoint } from "./ssf/stream-routes";
import { loggedOutPage, logoutPage } from "./views/logout";
import { messagePage } from "./views/message";

const API_SCOPES: readonly string[] = [SCOPES.readAccounts, SCOPES.transferFunds];

const SESSION_COOKIE = "idp_session";

function scopeList(scope: string | undefined): string[] {
  return (scope ?? "").split(" ").filter(Boolean);
}

function hasHighValueScope(scope: string | undefined): boolean {
  return scopeList(scope).some((s) => HIGH_VALUE_SCOPES.includes(s));
}

/**
 * Builds the provider; mount `provider.callback()` after the interaction routes. `signedOutBefore` says when an
 * account last signed out of every application (idp/ssf/account-signals.ts): its older sessions ask for the password.
 */
export function createProvider(config: IdpConfig, keys: IdpKeys, signedOutBefore: (accountId: string) => number | undefined = () => undefined): Provider {
  const apiResourceServer: ResourceServer = {
    scope: API_SCOPES.join(" "),
    audience: config.apiAudience,
    accessTokenTTL: 3600,
    // RFC 9068 JWT access tokens (typ at+jwt), so the API can validate them offline.
    accessTokenFormat: "jwt",
    jwt: { sign: { alg: "RS256" } },
  };

  // The IdP's own client may read the directory and nothing else; the intranet may not read it.
  const directoryResourceServer: ResourceServer = { ...apiResourceServer, scope: DIRECTORY_SCOPE, accessTokenTTL: 600 };

  // The SSF stream configuration endpoint (idp/ssf/): the intranet manages its stream with a client-credentials token.
  // Opaque: only this IdP reads it, by looking it up.
  const ssfResource = streamsEndpoint(config.issuer);
  const ssfResourceServer: ResourceServer = { scope: SSF_MANAGE_SCOPE, audience: ssfResource, accessTokenTTL: 600, accessTokenFormat: "opaque" };

  const provider = new Provider(config.issuer, {
    clients: [
      {
        client_id: config.clientId,
        client_secret: config.clientSecret,
        client_name: CLIENT_NAME,
        redirect_uris: config.appOrigins.map((origin) => `${origin}/auth/callback`),
        post_logout_redirect_uris: config.appOrigins.map((origin) => `${origin}/`),
        // OIDC Back-Channel Logout 1.0: when the user's session here ends, the intranet is told server-to-server, with
        // the session's `sid` (also put in every ID token), so it ends its own sessions bound to it.
        backchannel_logout_uri: config.backchannelLogoutUri,
        backchannel_logout_session_required: true,
        // client_credentials only for its SSF stream (getResourceServerInfo below refuses it any other resource).
        grant_types: ["authorization_code", "refresh_token", "client_credentials"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
        id_token_signed_response_alg: "RS256",
        // RFC 9126: the request travels back-channel, authenticated, so it cannot be altered or read in the browser.
        require_pushed_authorization_requests: config.requirePar,
        // RFC 9396: the one details type it may send, where the imitated vendor has RAR at all.
        authorization_details_types: config.impersonation.profile.rar ? [TRANSFER_DETAILS_TYPE] : [],
      },
      {
        client_id: DIRECTORY_CLIENT_ID,
        client_secret: config.directoryClientSecret,
        client_name: "Fabrikam Identity (directory reader)",
        grant_types: ["client_credentials"],
        response_types: [],
        redirect_uris: [],
        // What it may get is decided by the resource server below (directory:read only), not a client scope list.
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    clientAuthMethods: ["client_secret_basic", "client_secret_post"],
    // A dev intranet on localhost must hear about logouts; oidc-provider's SSRF guard stays on for everything else.
    fetch: outgoingFetch(config.backchannelLogoutUri),
    responseTypes: ["code"],
    // PKCE for every client, not only public ones (OAuth 2.0 Security BCP, RFC 9700 2.1.1).
    pkce: { required: () => true },
    acrValues: [config.impersonation.passwordAcr, config.impersonation.profile.mfaAcr],
    scopes: ["openid", "profile", "email", "offline_access"],
    // acr and amr only reach the ID token when listed here.
    claims: {
      openid: ["sub", "acr", "amr", "auth_time", "sid"],
      profile: ["name", "preferred_username"],
      email: ["email", "email_verified"],
    },
    // Like Auth0: profile claims go in the ID token, so the app needs no userinfo call.
    conformIdTokenClaims: false,
    // Auth0's `audience` parameter, accepted as a synonym of `resource` for the API.
    extraParams: ["audience"],
    findAccount,
    jwks: keys.jwks,
    cookies: {
      // The app shares the `localhost` cookie jar: distinct names keep the two apart.
      names: { session: SESSION_COOKIE, interaction: "idp_interaction", resume: "idp_interaction_resume" },
      keys: keys.cookieKeys,
    },
    interactions: {
      policy: buildInteractionPolicy(config.mfaPolicy, config.impersonation.profile, signedOutBefore),
      url: (_ctx: KoaContextWithOIDC, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    features: {
      devInteractions: { enabled: false },
      claimsParameter: { enabled: true },
      introspection: { enabled: true },
      // The IdP's own client fetches a token for the API's account directory (names on the approval pages).
      clientCredentials: { enabled: true },
      pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: false },
      richAuthorizationRequests: richAuthorizationRequests(config.impersonation.profile),
      // RFC 9449: a client that sends a DPoP proof to the token endpoint gets a token bound to its key (cnf.jkt).
      dPoP: { enabled: true },
      revocation: { enabled: true },
      // Plain http is accepted for backchannel_logout_uri (a web URI, unlike CIBA's https-only endpoint): loopback dev works.
      backchannelLogout: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx: KoaContextWithOIDC, form: string) => {
          ctx.type = "html";
          ctx.body = logoutPage({ form, autoSubmit: logoutStartedByRelyingParty(ctx), clientName: ctx.oidc.client?.clientName });
        },
        postLogoutSuccessSource: (ctx: KoaContextWithOIDC) => {
          ctx.type = "html";
          // "Sign out" deletes the session cookie on the way here; "Stay signed in" keeps it.
          ctx.body = loggedOutPage(ctx.oidc.client?.clientName, Boolean(ctx.cookies.get(SESSION_COOKIE)));
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: (ctx: KoaContextWithOIDC, _client: ClientLike, oneOf?: string[]) => {
          if (oneOf) return oneOf;
          const { audience, scope, authorization_details } = ctx.oidc.params;
          if (audience === config.apiAudience) return config.apiAudience;
          // Transfer details are for the API (oidc-provider needs a resource for RAR).
          if (authorization_details !== undefined) return config.apiAudience;
          // API scopes without `resource` would otherwise be dropped silently.
          return scopeList(scope).some((s) => API_SCOPES.includes(s)) ? config.apiAudience : undefined;
        },
        useGrantedResource: () => true,
        getResourceServerInfo: (ctx: KoaContextWithOIDC, indicator: string, client: ClientLike) => {
          const withoutUser = ctx.oidc.params.grant_type === "client_credentials";
          if (indicator === ssfResource) {
            if (withoutUser && client.clientId === config.clientId) return ssfResourceServer;
            throw new errors.InvalidTarget();
          }
          if (indicator !== config.apiAudience) throw new errors.InvalidTarget();
          if (client.clientId === DIRECTORY_CLIENT_ID) return directoryResourceServer;
          // The intranet's own client credentials reach its SSF stream only: never an API token without a user.
          if (withoutUser) throw new errors.InvalidTarget();
          return apiResourceServer;
        },
      },
    },
    // RFC 9068 lets access tokens carry authentication context; the API checks it.
    extraTokenClaims: (ctx: KoaContextWithOIDC, token: TokenLike) => {
      if (token.kind !== "AccessToken") return undefined;
      const source = ctx.oidc.entities.AuthorizationCode ?? ctx.oidc.entities.RefreshToken;
      if (!source) return undefined;
      return { acr: source.acr, amr: source.amr, auth_time: source.authTime };
    },
    // A refresh token must not mint new high-value tokens (or approve a transfer again) without a fresh second factor.
    issueRefreshToken: (_ctx: KoaContextWithOIDC, client: ClientLike, code: TokenLike) =>
      client.grantTypeAllowed("refresh_token") && scopeList(code.scope).includes("offline_access") && !hasHighValueScope(code.scope) && !code.rar?.length,
    ttl: {
      // transfer:funds tokens live 5 minutes: long enough for one transfer.
      AccessToken: (_ctx: KoaContextWithOIDC, token: TokenLike) =>
        hasHighValueScope(token.scope) || token.rar?.length ? 300 : (token.resourceServer?.accessTokenTTL ?? 3600),
      ClientCredentials: (_ctx: KoaContextWithOIDC, token: TokenLike) => token.resourceServer?.accessTokenTTL ?? 600,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 30 * 60,
      Session: 8 * 60 * 60,
      Grant: 14 * 24 * 60 * 60,
      RefreshToken: 24 * 60 * 60,
    },
    renderError: (ctx: KoaContextWithOIDC, out: { error?: string; error_description?: string }) => {
      ctx.type = "html";
      const detail = out.error_description ?? out.error ?? "unknown error";
      ctx.body = messagePage("Sign-in problem", `The request could not be completed: ${detail}.`);
    },
  });
  // A relying party that could not be told keeps its sessions until they idle out: say so where the developer looks.
  provider.on("backchannel.error", (_ctx, error, client, accountId, sid) => {
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`idp back-channel logout not delivered to ${(client as ClientLike).clientId} (sub ${String(accountId)}, sid ${String(sid)}): ${reason}`);
  });
  return provider;
}
