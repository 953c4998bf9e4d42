/**
 * A tiny OpenID Provider for relying-party conformance tests: it serves discovery, a JWKS, an authorization
 * endpoint and a token endpoint. Its ID tokens are whatever the test minted — good, forged or broken — but it checks
 * each token request as strictly as a real provider (oidc-provider, the dev IdP) does: the code it issued, once;
 * the PKCE verifier against the S256 challenge; the redirect_uri; client_secret_basic with the right secret. A wrong
 * one gets the RFC 6749 §5.2 error a real provider sends, so a client that drops PKCE or authenticates wrongly fails.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from "jose";

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

/** A fresh RS256 key with a public JWK ready for the JWKS. */
export async function newSigningKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" } };
}

/** The one client the provider knows, registered for client_secret_basic like the dev IdP's. */
export interface HostileProviderClient {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Registered redirect URIs (exact match). */
  readonly redirectUris: readonly string[];
}

/** What an authorization request asked for, kept with the code it issued. */
export interface IssuedCode {
  readonly redirectUri: string;
  readonly codeChallenge: string;
  readonly nonce?: string;
  readonly maxAge?: number;
  readonly scope: string;
  /** RFC 9396 `authorization_details` as requested (JSON text), granted unchanged unless the test says otherwise. */
  readonly authorizationDetails?: string;
}

export interface HostileProvider {
  readonly issuer: string;
  /** Keys published at jwks_uri; replace to rotate. */
  jwks: JWK[];
  /** The ID token the next successful token request returns. */
  nextIdToken: string;
  /** The `expires_in` of the access tokens it issues (seconds). */
  accessTokenLifetime: number;
  /** Set: the `authorization_details` the token responses grant instead of what was asked (RFC 9396 §7). */
  grantAuthorizationDetails: unknown;
  /** Whether discovery advertises RFC 9207 `authorization_response_iss_parameter_supported` (and `iss` is sent). */
  advertisesIss: boolean;
  /** How many times the JWKS was fetched. */
  readonly jwksFetches: number;
  /** The authorization requests behind the codes issued so far, by code. */
  readonly issuedCodes: ReadonlyMap<string, IssuedCode>;
  /** Signs claims as this provider would, with sensible defaults the caller can override or delete (undefined). */
  mint(key: SigningKey, claims: Record<string, unknown>, header?: { alg?: string; kid?: string }): Promise<string>;
  /**
   * Sends an authorization request (as the browser would) and returns where the provider redirects: the client's
   * redirect_uri with a code or an error. Throws when the provider answers without redirecting (bad client or URI).
   */
  authorize(authorizationUrl: URL): Promise<URL>;
  close(): Promise<void>;
}

/** Authorization codes live a minute, like the dev IdP's (RFC 6749 §4.1.2 recommends at most ten). */
const CODE_TTL_SECONDS = 60;
/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

const s256 = (verifier: string) => createHash("sha256").update(verifier).digest("base64url");

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** RFC 6749 §2.3.1: client_id and secret are form-urlencoded before they are joined and base64-encoded. */
function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header ?? "");
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  try {
    const decode = (part: string) => decodeURIComponent(part.replace(/\+/g, " "));
    return { id: decode(decoded.slice(0, colon)), secret: decode(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

/** Starts the provider on a free loopback port. */
export async function startHostileProvider(
  client: Omit<HostileProviderClient, "redirectUris"> & Partial<Pick<HostileProviderClient, "redirectUris">>,
): Promise<HostileProvider> {
  const registered: HostileProviderClient = { redirectUris: ["https://intranet.example/auth/callback"], ...client };
  const codes = new Map<string, IssuedCode & { expiresAt: number; used: boolean }>();
  let jwksFetches = 0;
  const now = () => Math.floor(Date.now() / 1000);

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers }).end(JSON.stringify(body));
  const oauthError = (res: ServerResponse, status: number, error: string, description: string, headers?: Record<string, string>) =>
    json(res, status, { error, error_description: description }, headers);

  // RFC 6749 §4.1.2.1: with an unknown client or redirect_uri, say so here; otherwise errors go back to the client.
  function authorization(url: URL, res: ServerResponse) {
    const params = url.searchParams;
    const redirectUri = params.get("redirect_uri") ?? "";
    if (params.get("client_id") !== registered.clientId) return oauthError(res, 400, "invalid_client", "unknown client_id");
    if (!registered.redirectUris.includes(redirectUri)) return oauthError(res, 400, "invalid_redirect_uri", "redirect_uri is not registered");
    const back = new URL(redirectUri);
    const state = params.get("state");
    if (state !== null) back.searchParams.set("state", state);
    if (provider.advertisesIss) back.searchParams.set("iss", provider.issuer);
    const refuse = (error: string, description: string) => {
      back.searchParams.set("error", error);
      back.searchParams.set("error_description", description);
      res.writeHead(303, { location: back.href }).end();
    };
    if (params.get("response_type") !== "code") return refuse("unsupported_response_type", "only response_type=code is supported");
    // PKCE for every client, as the dev IdP requires (RFC 9700 §2.1.1), and only S256.
    const codeChallenge = params.get("code_challenge");
    if (!codeChallenge) return refuse("invalid_request", "Authorization Server policy requires PKCE to be used for this request");
    if (params.get("code_challenge_method") !== "S256") return refuse("invalid_request", "only S256 code_challenge_method is supported");
    const maxAge = params.get("max_age");
    const code = randomBytes(24).toString("base64url");
    codes.set(code, {
      redirectUri,
      codeChallenge,
      nonce: params.get("nonce") ?? undefined,
      maxAge: maxAge === null ? undefined : Number(maxAge),
      scope: params.get("scope") ?? "",
      authorizationDetails: params.get("authorization_details") ?? undefined,
      expiresAt: now() + CODE_TTL_SECONDS,
      used: false,
    });
    back.searchParams.set("code", code);
    res.writeHead(303, { location: back.href }).end();
  }

  // A RAR provider answers with the details it granted: what was asked, unless the test overrides it.
  function authorizationDetailsOf(issued: IssuedCode): { authorization_details?: unknown } {
    if (provider.grantAuthorizationDetails !== undefined) return { authorization_details: provider.grantAuthorizationDetails };
    return issued.authorizationDetails === undefined ? {} : { authorization_details: JSON.parse(issued.authorizationDetails) as unknown };
  }

  // The checks and their order follow oidc-provider's token endpoint (client authentication, grant_type, the
  // code, PKCE, redirect_uri, single use), with one difference: a secret in the body is refused, since the client is
  // registered for client_secret_basic (oidc-provider lets either secret method stand in for the other).
  async function token(req: IncomingMessage, res: ServerResponse) {
    const body = await formBody(req);
    const fail = (status: number, error: string, description: string, headers?: Record<string, string>) => oauthError(res, status, error, description, headers);
    const header = req.headers.authorization;
    if (header !== undefined && body.has("client_secret"))
      return fail(400, "invalid_request", "client authentication must only be provided using one mechanism");
    if (header !== undefined) {
      const credentials = basicCredentials(header);
      if (!credentials) return fail(400, "invalid_request", "invalid authorization header value format");
      if (body.has("client_id") && body.get("client_id") !== credentials.id) return fail(400, "invalid_request", "client_id mismatch");
      // RFC 6749 §5.2: a client that authenticated with the Authorization header gets 401 and a challenge for its scheme.
      if (credentials.id !== registered.clientId || !sameSecret(credentials.secret, registered.clientSecret)) {
        const description = credentials.id === registered.clientId ? "invalid secret provided" : "client not found";
        return fail(401, "invalid_client", description, {
          "www-authenticate": `Basic realm="${provider.issuer}", error="invalid_client", error_description="${description}"`,
        });
      }
    } else if (body.has("client_secret")) {
      return fail(401, "invalid_client", "the client is registered for client_secret_basic, not client_secret_post");
    } else if (body.has("client_id")) {
      return fail(401, "invalid_client", "the provided authentication mechanism does not match the registered client authentication method");
    } else {
      return fail(400, "invalid_request", "no client authentication mechanism provided");
    }

    if (!body.has("grant_type")) return fail(400, "invalid_request", "missing required parameter 'grant_type'");
    if (body.get("grant_type") !== "authorization_code") return fail(400, "unsupported_grant_type", "unsupported grant_type requested");
    const code = body.get("code");
    const redirectUri = body.get("redirect_uri");
    if (!code || !redirectUri) return fail(400, "invalid_request", `missing required parameter '${code ? "redirect_uri" : "code"}'`);
    const issued = codes.get(code);
    if (!issued) return fail(400, "invalid_grant", "authorization code not found");
    if (issued.expiresAt <= now()) return fail(400, "invalid_grant", "authorization code is expired");
    const verifier = body.get("code_verifier");
    if (verifier !== null && !VERIFIER.test(verifier)) return fail(400, "invalid_request", "code_verifier must be 43 to 128 unreserved characters");
    if (!verifier || s256(verifier) !== issued.codeChallenge) return fail(400, "invalid_grant", "PKCE verification failed");
    if (redirectUri !== issued.redirectUri) return fail(400, "invalid_grant", "authorization code redirect_uri mismatch");
    // Once only (RFC 6749 §4.1.2): a second redemption is refused.
    if (issued.used) return fail(400, "invalid_grant", "authorization code already consumed");
    issued.used = true;
    return json(res, 200, {
      access_token: "opaque-access-token",
      token_type: "Bearer",
      expires_in: provider.accessTokenLifetime,
      scope: issued.scope,
      id_token: provider.nextIdToken,
      ...authorizationDetailsOf(issued),
    });
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", provider.issuer);
    if (url.pathname === "/.well-known/openid-configuration") {
      return json(res, 200, {
        issuer: provider.issuer,
        authorization_endpoint: `${provider.issuer}/auth`,
        token_endpoint: `${provider.issuer}/token`,
        jwks_uri: `${provider.issuer}/jwks`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        code_challenge_methods_supported: ["S256"],
        token_endpoint_auth_methods_supported: ["client_secret_basic"],
        ...(provider.advertisesIss ? { authorization_response_iss_parameter_supported: true } : {}),
      });
    }
    if (url.pathname === "/jwks") {
      jwksFetches += 1;
      return json(res, 200, { keys: provider.jwks });
    }
    if (url.pathname === "/auth" && req.method === "GET") return authorization(url, res);
    if (url.pathname === "/token" && req.method === "POST") {
      return void token(req, res).catch(() => oauthError(res, 500, "server_error", "the token request could not be read"));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const provider: HostileProvider = {
    issuer: `http://localhost:${port}`,
    jwks: [],
    nextIdToken: "",
    accessTokenLifetime: 300,
    grantAuthorizationDetails: undefined,
    advertisesIss: true,
    get jwksFetches() {
      return jwksFetches;
    },
    issuedCodes: codes,
    async mint(key, claims, header) {
      const issuedAt = now();
      // auth_time as a provider sends it when max_age was asked (OIDC Core §2); tests delete or move it.
      const payload: Record<string, unknown> = {
        iss: provider.issuer,
        aud: registered.clientId,
        sub: "alice",
        iat: issuedAt,
        exp: issuedAt + 300,
        auth_time: issuedAt,
        ...claims,
      };
      for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
      return new SignJWT(payload as JWTPayload).setProtectedHeader({ alg: header?.alg ?? "RS256", kid: header?.kid ?? key.kid }).sign(key.privateKey);
    },
    async authorize(authorizationUrl) {
      const response = await fetch(authorizationUrl, { redirect: "manual" });
      const location = response.headers.get("location");
      if (response.status !== 303 || !location)
        throw new Error(`the authorization request was refused without a redirect: ${response.status} ${await response.text()}`);
      return new URL(location);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
  return provider;
}
