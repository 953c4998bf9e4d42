/**
 * A scripted browser-less sign-in against the REAL dev IdP: authorization code
 * + PKCE with openid-client, the IdP's password and one-time-code forms posted
 * like a person would, and the token response returned.
 */
import * as oidc from "openid-client";
import { Secret, TOTP } from "otpauth";
import { type CookieJar, cookieHeader, storeCookies } from "./cookie-jar";

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

/** Thrown when the IdP answers with an error or a page the script cannot handle. */
export class ScriptedLoginError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: string,
    readonly pagesSeen: ("login" | "otp")[],
  ) {
    super(message);
    this.name = "ScriptedLoginError";
  }
}

const LOGIN_FORM = /<form method="post" action="(\/interaction\/[^"/]+\/login)"/;
const OTP_FORM = /<form method="post" action="(\/interaction\/[^"/]+\/otp)"/;
const ALERT = /role="alert"[^>]*>([^<]*)</;

/** Discovery for a local http:// issuer; insecure requests are allowed for localhost only. */
export async function discover(issuer: string, clientId: string, clientSecret: string): Promise<oidc.Configuration> {
  const url = new URL(issuer);
  const local = url.hostname === "localhost" || url.hostname === "127.0.0.1";
  return oidc.discovery(url, clientId, undefined, oidc.ClientSecretBasic(clientSecret), {
    execute: local ? [oidc.allowInsecureRequests] : [],
  });
}

/** The current TOTP code for a base32 secret. */
export function currentTotp(totpSecret: string): string {
  return new TOTP({ secret: Secret.fromBase32(totpSecret), digits: 6, period: 30, algorithm: "SHA1" }).generate();
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

  let jar: CookieJar = options.cookies ?? [];
  const pagesSeen: ("login" | "otp")[] = [];
  let url = oidc.buildAuthorizationUrl(config, parameters);
  let init: RequestInit = { method: "GET" };

  for (let hop = 0; hop < 20; hop += 1) {
    const headers = new Headers(init.headers);
    const cookie = cookieHeader(jar, url);
    if (cookie) headers.set("cookie", cookie);
    const response = await fetch(url, { ...init, headers, redirect: "manual" });
    jar = storeCookies(jar, response, url);

    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get("location");
      if (!location) throw new ScriptedLoginError("redirect without Location", response.status, "", pagesSeen);
      const next = new URL(location, url);
      if (next.href.startsWith(options.redirectUri)) {
        const error = next.searchParams.get("error");
        if (error) {
          const description = next.searchParams.get("error_description") ?? "";
          throw new ScriptedLoginError(`authorization error: ${error} ${description}`.trim(), response.status, next.href, pagesSeen);
        }
        const tokens = options.redeem
          ? await options.redeem(next, { state, nonce, codeVerifier, maxAge: options.maxAge })
          : await oidc.authorizationCodeGrant(config, next, {
              pkceCodeVerifier: codeVerifier,
              expectedState: state,
              expectedNonce: nonce,
              maxAge: options.maxAge,
            });
        const claims = tokens.claims();
        if (!claims) throw new ScriptedLoginError("no ID token in the token response", 200, "", pagesSeen);
        return { tokens, claims, cookies: jar, pagesSeen };
      }
      url = next;
      init = { method: "GET" };
      continue;
    }

    const body = await response.text();
    const alert = ALERT.exec(body)?.[1];
    if (response.status !== 200 || alert) {
      throw new ScriptedLoginError(`IdP answered ${response.status}${alert ? `: ${alert.trim()}` : ""}`, response.status, body, pagesSeen);
    }
    const login = LOGIN_FORM.exec(body)?.[1];
    const otp = OTP_FORM.exec(body)?.[1];
    if (login) {
      pagesSeen.push("login");
      url = new URL(login, url);
      init = formPost({ username: options.username, password: options.password });
    } else if (otp) {
      pagesSeen.push("otp");
      url = new URL(otp, url);
      init = formPost({ code: options.codeOverride ?? currentTotp(options.totpSecret) });
    } else {
      throw new ScriptedLoginError("unexpected IdP page", response.status, body, pagesSeen);
    }
  }
  throw new ScriptedLoginError("too many redirects", 0, "", pagesSeen);
}

function formPost(fields: Record<string, string>): RequestInit {
  return {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  };
}
