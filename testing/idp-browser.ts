/**
 * One browser against the dev IdP for HTTP-level tests: its own cookie jar, redirects not followed, forms posted as
 * a browser would (or as a hand-made request would, with repeated fields or any body). Starts sign-ins as the
 * intranet does (authorization code + PKCE), without a token exchange.
 */
import * as oidc from "openid-client";
import { DEV_DEFAULTS } from "../common/dev-defaults";
import { isLoopbackUrl } from "../common/loopback";
import { type CookieJar, cookieHeader, storeCookies } from "./cookie-jar";
import { authorizationUrlFor } from "./idp-sign-in";

export interface IdpResponse {
  status: number;
  /** The Location header, or "" when there is none. */
  location: string;
  html: string;
  headers: Headers;
}

export interface SignInRequest {
  clientId: string;
  redirectUri: string;
  scope?: string;
  acrValues?: string;
  /** For pushing the request (RFC 9126); defaults to the dev IdP's intranet secret. */
  clientSecret?: string;
  /** RFC 9396 `authorization_details` (sent as JSON). */
  authorizationDetails?: unknown;
}

/** A form as a browser sends it, or a raw body with its own content type. */
export type FormBody = Record<string, string> | URLSearchParams | { raw: string | Uint8Array<ArrayBuffer>; contentType?: string };

// RFC 7636 appendix B's verifier pair: these tests never redeem the code, so a fixed challenge is enough.
const PKCE_CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

export class IdpBrowser {
  private jar: CookieJar;

  /** `jar`: cookies from an earlier flow (e.g. scriptedLogin's), to continue its IdP session. */
  constructor(
    readonly origin: string,
    jar: CookieJar = [],
  ) {
    this.jar = [...jar];
  }

  /** GET `path`, or POST `form` to it. */
  async send(path: string, form?: FormBody, extraHeaders: Record<string, string> = {}): Promise<IdpResponse> {
    const url = new URL(path, this.origin);
    // What a browser navigating sends; a test may ask for JSON instead, as a page's script does.
    const headers = new Headers({ accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8", ...extraHeaders });
    const cookie = cookieHeader(this.jar, url);
    if (cookie) headers.set("cookie", cookie);
    let body: string | Uint8Array<ArrayBuffer> | undefined;
    if (form && "raw" in form) {
      body = form.raw;
      if (form.contentType) headers.set("content-type", form.contentType);
    } else if (form) {
      body = new URLSearchParams(form).toString();
      headers.set("content-type", "application/x-www-form-urlencoded");
    }
    const response = await fetch(url, { method: form ? "POST" : "GET", headers, body, redirect: "manual" });
    this.jar = storeCookies(this.jar, response, url);
    return { status: response.status, location: response.headers.get("location") ?? "", html: await response.text(), headers: response.headers };
  }

  /** The Cookie header this browser would send to `path` (undefined when none applies). */
  cookiesFor(path: string): string | undefined {
    return cookieHeader(this.jar, new URL(path, this.origin));
  }

  /** Starts an authorization request (pushed first when the IdP offers PAR) and returns the interaction's path (`/interaction/<uid>`). */
  async startSignIn(request: SignInRequest): Promise<string> {
    const parameters: Record<string, string> = {
      redirect_uri: request.redirectUri,
      response_type: "code",
      scope: request.scope ?? "openid",
      code_challenge: PKCE_CHALLENGE,
      code_challenge_method: "S256",
    };
    if (request.acrValues) parameters.acr_values = request.acrValues;
    const issuer = new URL(this.origin);
    const config = await oidc.discovery(issuer, request.clientId, undefined, oidc.ClientSecretBasic(request.clientSecret ?? DEV_DEFAULTS.clientSecret), {
      execute: isLoopbackUrl(issuer) ? [oidc.allowInsecureRequests] : [],
    });
    const url = await authorizationUrlFor(config, parameters, request.authorizationDetails);
    const response = await this.send(url.pathname + url.search);
    if (response.status !== 303 || !/^\/interaction\/[^/]+$/.test(response.location)) {
      throw new Error(`the IdP did not start an interaction (${response.status} ${response.location})`);
    }
    return response.location;
  }

  /** Follows redirects within the IdP; returns the first response that is not one, or the redirect that leaves it. */
  async follow(location: string): Promise<IdpResponse> {
    let response = await this.send(location);
    for (let hop = 0; hop < 10 && response.status >= 300 && response.status < 400; hop += 1) {
      const next = new URL(response.location, this.origin);
      if (next.origin !== this.origin) return response;
      response = await this.send(next.pathname + next.search);
    }
    return response;
  }
}
