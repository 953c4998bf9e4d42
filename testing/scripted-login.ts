/**
 * A scripted browser-less sign-in against the REAL dev IdP: authorization code
 * + PKCE with openid-client (pushed, RFC 9126, when the IdP offers PAR), the
 * IdP's password and one-time-code forms posted like a person would, and the
 * token response returned.
 */
import * as oidc from "openid-client";
import { isLoopbackUrl } from "../common/loopback";
import type { CookieJar } from "./cookie-jar";
import { authorizationUrlFor, IdpSignInError, signInAtIdp } from "./idp-sign-in";

export type { CookieJar } from "./cookie-jar";

export interface ScriptedLoginOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Need not be served: the flow stops at the redirect to it. */
  redirectUri: string;
  username: string;
  password: string;
  /** Base32 TOTP secret, used when the IdP shows the code page. */
  totpSecret: string;
  scope: string;
  resource?: string;
  acrValues?: string;
  maxAge?: number;
  prompt?: string;
  /** JSON `claims` request parameter (OIDC Core 5.5). */
  claims?: unknown;
  /** RFC 9396 `authorization_details` (sent as JSON), e.g. one `fabrikam_transfer` entry. */
  authorizationDetails?: unknown;
  /** The IdP cookies from an earlier run, to continue the same IdP session. */
  cookies?: CookieJar;
  /** Code to type instead of the right one (to test refusals). */
  codeOverride?: string;
  /**
   * Redeems the code instead of the script's own openid-client call, e.g. through the intranet's code exchange;
   * gets the callback URL and what the authorization request was made with.
   */
  redeem?: (callbackUrl: URL, request: ScriptedRequest) => Promise<oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers>;
}

/** What the script's authorization request was made with (the relying party's transaction). */
export interface ScriptedRequest {
  state: string;
  nonce: string;
  codeVerifier: string;
  maxAge?: number;
}

export interface ScriptedLoginResult {
  tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;
  /** The ID token claims (verified by openid-client: iss, aud, nonce, exp, auth_time vs max_age). */
  claims: oidc.IDToken;
  cookies: CookieJar;
  /** The IdP pages shown, in order. */
  pagesSeen: ("login" | "otp")[];
}

/** Thrown when the IdP answers with an error or a page the script cannot handle (the same as signInAtIdp's). */
export { currentTotp, IdpSignInError as ScriptedLoginError } from "./idp-sign-in";

/** Discovery for a local http:// issuer; insecure requests are allowed for localhost only. */
export async function discover(issuer: string, clientId: string, clientSecret: string): Promise<oidc.Configuration> {
  const url = new URL(issuer);
  return oidc.discovery(url, clientId, undefined, oidc.ClientSecretBasic(clientSecret), {
    execute: isLoopbackUrl(url) ? [oidc.allowInsecureRequests] : [],
  });
}

/** Runs one authorization-code + PKCE flow through the IdP's sign-in pages. */
export async function scriptedLogin(options: ScriptedLoginOptions): Promise<ScriptedLoginResult> {
  const config = await discover(options.issuer, options.clientId, options.clientSecret);
  oidc.enableNonRepudiationChecks(config);

  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const parameters: Record<string, string> = {
    redirect_uri: options.redirectUri,
    scope: options.scope,
    response_type: "code",
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state,
    nonce,
  };
  if (options.resource) parameters.resource = options.resource;
  if (options.acrValues) parameters.acr_values = options.acrValues;
  if (options.maxAge !== undefined) parameters.max_age = String(options.maxAge);
  if (options.prompt) parameters.prompt = options.prompt;
  if (options.claims !== undefined) parameters.claims = JSON.stringify(options.claims);

  const authorizationUrl = await authorizationUrlFor(config, parameters, options.authorizationDetails);
  const signedIn = await signInAtIdp(authorizationUrl, options.redirectUri, options, {
    cookies: options.cookies,
    codeOverride: options.codeOverride,
  });
  const { callbackUrl, pagesSeen } = signedIn;
  const error = callbackUrl.searchParams.get("error");
  if (error) {
    const description = callbackUrl.searchParams.get("error_description") ?? "";
    throw new IdpSignInError(`authorization error: ${error} ${description}`.trim(), 303, callbackUrl.href, pagesSeen);
  }
  const tokens = options.redeem
    ? await options.redeem(callbackUrl, { state, nonce, codeVerifier, maxAge: options.maxAge })
    : await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: codeVerifier,
        expectedState: state,
        expectedNonce: nonce,
        maxAge: options.maxAge,
      });
  const claims = tokens.claims();
  if (!claims) throw new IdpSignInError("no ID token in the token response", 200, "", pagesSeen);
  return { tokens, claims, cookies: signedIn.cookies, pagesSeen: [...pagesSeen] };
}
