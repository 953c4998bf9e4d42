import * as client from "openid-client";
import { AuthError, authErrorFromProvider } from "./errors";
import type { LoginTransaction } from "./login-state";

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
      throw new AuthError(
        error.error === "invalid_client" ? "provider_error" : "invalid_callback",
        `${error.error}: ${error.error_description ?? error.message}`,
      );
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
