/**
 * Plays the person at the REAL dev IdP: from an authorization URL (built by whatever client is under test), it
 * follows the IdP's redirects, posts the password and one-time-code forms like a browser would, and stops at
 * the redirect back to the client. Tests only.
 */
import * as oidc from "openid-client";
import { Secret, TOTP } from "otpauth";
import { type CookieJar, cookieHeader, storeCookies } from "./cookie-jar";

/** Someone who can sign in at the dev IdP. */
export interface IdpUser {
  readonly username: string;
  readonly password: string;
  /** Base32 TOTP secret, used when the IdP shows the code page. */
  readonly totpSecret: string;
}

/** The IdP's pages this helper knows how to fill in. */
export type IdpPage = "login" | "otp";

export interface IdpSignIn {
  /** The redirect back to the client, with `code`, `state` and `iss` (or `error`). */
  readonly callbackUrl: URL;
  /** The IdP's cookies afterwards: pass them back to continue the same IdP session. */
  readonly cookies: CookieJar;
  readonly pagesSeen: readonly IdpPage[];
}

/** Thrown when the IdP answers with an error or a page this helper cannot handle. */
export class IdpSignInError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: string,
    readonly pagesSeen: readonly IdpPage[],
  ) {
    super(message);
    this.name = "IdpSignInError";
  }
}

/** Ready-made demo users (README). */
export const ALICE: IdpUser = { username: "alice", password: "fabrikam-alice", totpSecret: "JBSWY3DPEHPK3PXP" };
export const BOB: IdpUser = { username: "bob", password: "fabrikam-bob", totpSecret: "GEZDGNBVGY3TQOJQ" };

const LOGIN_FORM = /<form method="post" action="(\/interaction\/[^"/]+\/login)"/;
const OTP_FORM = /<form method="post" action="(\/interaction\/[^"/]+\/otp)"/;
const ALERT = /role="alert"[^>]*>([^<]*)</;

/**
 * The authorization URL for `parameters` as a careful client builds it: pushed first (RFC 9126, with the client's
 * authentication) when the provider advertises a PAR endpoint, so it also works where PAR is required; a plain
 * front-channel URL otherwise. `authorizationDetails` becomes the RFC 9396 `authorization_details` parameter.
 */
export async function authorizationUrlFor(config: oidc.Configuration, parameters: Record<string, string>, authorizationDetails?: unknown): Promise<URL> {
  const all = authorizationDetails === undefined ? parameters : { ...parameters, authorization_details: JSON.stringify(authorizationDetails) };
  return config.serverMetadata().pushed_authorization_request_endpoint
    ? oidc.buildAuthorizationUrlWithPAR(config, all)
    : oidc.buildAuthorizationUrl(config, all);
}

/** The current TOTP code for a base32 secret. */
export function currentTotp(totpSecret: string): string {
  return new TOTP({ secret: Secret.fromBase32(totpSecret), digits: 6, period: 30, algorithm: "SHA1" }).generate();
}

/** Signs `user` in at the IdP from `authorizationUrl` until the IdP redirects to `redirectUri`. */
export async function signInAtIdp(
  authorizationUrl: URL,
  redirectUri: string,
  user: IdpUser,
  options: { cookies?: CookieJar; codeOverride?: string } = {},
): Promise<IdpSignIn> {
  let jar: CookieJar = options.cookies ?? [];
  const pagesSeen: IdpPage[] = [];
  let url = authorizationUrl;
  let init: RequestInit = { method: "GET" };

  for (let hop = 0; hop < 20; hop += 1) {
    const headers = new Headers(init.headers);
    const cookie = cookieHeader(jar, url);
    if (cookie) headers.set("cookie", cookie);
    const response = await fetch(url, { ...init, headers, redirect: "manual" });
    jar = storeCookies(jar, response, url);

    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get("location");
      if (!location) throw new IdpSignInError("redirect without Location", response.status, "", pagesSeen);
      const next = new URL(location, url);
      if (next.href.startsWith(redirectUri)) return { callbackUrl: next, cookies: jar, pagesSeen };
      url = next;
      init = { method: "GET" };
      continue;
    }

    const body = await response.text();
    const alert = ALERT.exec(body)?.[1];
    if (response.status !== 200 || alert) {
      throw new IdpSignInError(`IdP answered ${response.status}${alert ? `: ${alert.trim()}` : ""}`, response.status, body, pagesSeen);
    }
    const login = LOGIN_FORM.exec(body)?.[1];
    const otp = OTP_FORM.exec(body)?.[1];
    if (login) {
      pagesSeen.push("login");
      url = new URL(login, url);
      init = formPost({ username: user.username, password: user.password });
    } else if (otp) {
      pagesSeen.push("otp");
      url = new URL(otp, url);
      init = formPost({ code: options.codeOverride ?? currentTotp(user.totpSecret) });
    } else {
      throw new IdpSignInError("unexpected IdP page", response.status, body, pagesSeen);
    }
  }
  throw new IdpSignInError("too many redirects", 0, "", pagesSeen);
}

function formPost(fields: Record<string, string>): RequestInit {
  return {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  };
}
