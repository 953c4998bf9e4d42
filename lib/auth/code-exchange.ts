import * as client from "openid-client";
import { AuthError, authErrorFromProvider } from "./errors";
import type { LoginTransaction } from "./login-state";

/** What the relying party needs to know about its provider registration. */
export interface ProviderRegistration {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Seconds before discovery and token requests give up. */
  readonly timeout?: number;
}

/** The one ID token signing algorithm accepted; anything else, including "none", is refused. */
export const ID_TOKEN_ALG = "RS256";

const isLoopback = (host: string) => host === "localhost" || host === "127.0.0.1" || host === "[::1]";

/**
 * Discovers the provider and returns a configuration that verifies every ID token signature against the
 * provider's JWKS. Kept free of Next.js imports so the protocol checks run under plain Node tests.
 */
export async function discoverProvider(registration: ProviderRegistration): Promise<client.Configuration> {
  const issuer = new URL(registration.issuer);
  // openid-client refuses http:// issuers; a local dev IdP is the one place that is acceptable.
  const insecure = issuer.protocol === "http:" && isLoopback(issuer.hostname);
  const configuration = await client.discovery(
    issuer,
    registration.clientId,
    // Pin the ID token algorithm: tokens signed any other way (including "none") are refused.
    { id_token_signed_response_alg: ID_TOKEN_ALG },
    client.ClientSecretBasic(registration.clientSecret),
    { execute: insecure ? [client.allowInsecureRequests] : [], timeout: registration.timeout ?? 5 },
  );
  // ID tokens from the token endpoint are not signature-checked by default; this is a reference app, so check them.
  client.enableNonRepudiationChecks(configuration);
  return configuration;
}

/** The token response of a successful code exchange. */
export type CodeExchangeTokens = Awaited<ReturnType<typeof client.authorizationCodeGrant>>;

/**
 * Redeems the authorization code. openid-client checks state, RFC 9207 `iss`, PKCE, and the ID token's
 * signature, alg, iss, aud, exp, iat, sub, nonce and auth_time against max_age. Failures become AuthErrors.
 */
export async function exchangeCode(
  configuration: client.Configuration,
  callbackUrl: URL,
  txn: Pick<LoginTransaction, "state" | "nonce" | "codeVerifier" | "maxAge">,
  options?: client.DPoPOptions,
): Promise<CodeExchangeTokens> {
  try {
    return await client.authorizationCodeGrant(
      configuration,
      callbackUrl,
      { pkceCodeVerifier: txn.codeVerifier, expectedState: txn.state, expectedNonce: txn.nonce, maxAge: txn.maxAge },
      undefined,
      options,
    );
  } catch (error) {
    if (error instanceof client.AuthorizationResponseError) {
      throw new AuthError(authErrorFromProvider(error.error), `${error.error}: ${error.error_description ?? ""}`);
    }
    // The token endpoint's RFC 6749 §5.2 error: a code, verifier or redirect_uri it refused is a failed check of the
    // callback; a refused client authentication (invalid_client, 401 with a challenge) is the provider's refusal.
    if (error instanceof client.ResponseBodyError) {
      throw new AuthError(error.error === "invalid_client" ? "provider_error" : "invalid_callback", `${error.error}: ${error.error_description ?? error.message}`);
    }
    if (error instanceof client.WWWAuthenticateChallengeError) {
      const parameters = error.cause[0]?.parameters;
      throw new AuthError("provider_error", `${parameters?.error ?? `HTTP ${error.status}`}: ${parameters?.error_description ?? error.message}`);
    }
    if (error instanceof client.ClientError) {
      throw new AuthError("invalid_callback", `${error.code ?? error.name}: ${error.message}${describeCause(error.cause)}`);
    }
    throw new AuthError("idp_unavailable", error instanceof Error ? error.message : String(error));
  }
}

// The failed check (e.g. which claim, which value was expected) is what an operator needs in the log.
function describeCause(cause: unknown): string {
  if (cause === undefined) return "";
  if (cause instanceof Error) return ` (${cause.message})`;
  try {
    return ` ${JSON.stringify(cause, (_key, value: unknown) => (typeof value === "string" && value.length > 200 ? `${value.slice(0, 200)}…` : value))}`;
  } catch {
    return "";
  }
}
