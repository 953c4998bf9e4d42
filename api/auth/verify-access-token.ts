import { decodeJwt } from "jose";
import * as oauth from "oauth4webapi";
import { isLocalUrl } from "../config";
import { ApiError, identityProviderUnavailable } from "../http/errors";
import { invalidToken, malformedAuthorization, missingToken, type TokenScheme } from "./challenge";
import {
  createIssuerMetadataLoader,
  idpFetch,
  IdentityProviderUnreachableError,
  type FetchLike,
} from "./issuer-metadata";
import { createPlainJwtVerifier, type PlainJwtShape } from "./verify-plain-jwt";

/** A JWT access token that passed validation (RFC 9068, or a provider's plain JWT), with the bits the API uses. */
export interface VerifiedAccessToken {
  sub: string;
  /** The single-use id (`jti`, or the profile's claim); undefined only for a plain JWT lacking it. */
  jti: string | undefined;
  clientId: string | undefined;
  scopes: string[];
  /** Expiry, seconds since the epoch. */
  exp: number;
  /** DPoP when the token is sender-constrained (RFC 9449; its proof was checked), else Bearer. */
  scheme: TokenScheme;
  /** All claims; `scope` is always the space-separated granted scopes. */
  claims: Readonly<Record<string, unknown>>;
}

/** Checks the access token of an incoming request. */
export interface AccessTokenVerifier {
  /** Resolves with the token's claims, or throws an ApiError (400/401/503) ready to send. */
  verify(request: Request): Promise<VerifiedAccessToken>;
}

/** Settings of the verifier. */
export interface AccessTokenVerifierOptions {
  issuer: string;
  audience: string;
  fetch?: FetchLike;
  /**
   * Minimum seconds between JWKS refetches forced by an unknown `kid`. oauth4webapi alone refetches
   * only when its copy is at least 60 s old; this lets a freshly rotated key work at once while a
   * flood of made-up kids still cannot hammer the IdP.
   */
  unknownKidRefetchInterval?: number;
  /** Set: the provider issues plain JWT access tokens of this shape, not RFC 9068 ones (verify-plain-jwt.ts). */
  plainJwt?: PlainJwtShape;
}

const DESCRIPTIONS: Record<string, string> = {
  [oauth.JWT_TIMESTAMP_CHECK]: "The access token has expired or is not yet valid.",
  [oauth.JWT_CLAIM_COMPARISON]: "The access token was not issued by the trusted identity provider for this API.",
  [oauth.KEY_SELECTION]: "The access token was signed with a key the identity provider does not publish.",
};
const DEFAULT_DESCRIPTION = "The access token is not a valid JWT access token for this API.";
const DPOP_DESCRIPTION = "The access token is bound to a key (DPoP): send it with the DPoP scheme and a valid DPoP proof signed by that key.";

function isKeySelectionError(error: unknown): boolean {
  return error instanceof oauth.OperationProcessingError && error.code === oauth.KEY_SELECTION;
}

// DPoP is in play when the client used the DPoP scheme or sent a proof, or the token carries a key binding
// (`cnf.jkt`). The unverified decode only picks the challenge scheme (RFC 9449 §7.1); it grants nothing.
function schemeOf(request: Request, accessToken: string): TokenScheme {
  if (/^dpop\s/i.test(request.headers.get("authorization") ?? "") || request.headers.has("dpop")) return "DPoP";
  try {
    const cnf = decodeJwt(accessToken).cnf;
    return typeof cnf === "object" && cnf !== null && "jkt" in cnf ? "DPoP" : "Bearer";
  } catch {
    return "Bearer";
  }
}

// Maps what oauth4webapi threw to the API's answer; the library's message goes to the logs.
function toApiError(error: unknown, scheme: TokenScheme): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof IdentityProviderUnreachableError) return identityProviderUnavailable(error);
  if (error instanceof oauth.OperationProcessingError || error instanceof oauth.UnsupportedOperationError) {
    const code = error.code ?? "unsupported";
    const description = DESCRIPTIONS[code] ?? (scheme === "DPoP" ? DPOP_DESCRIPTION : DEFAULT_DESCRIPTION);
    return invalidToken(description, `${code}: ${error.message}`, scheme);
  }
  throw error;
}

/** Creates a verifier for RFC 9068 (or, with `plainJwt`, plain) JWT access tokens from `issuer` meant for `audience`. */
export function createAccessTokenVerifier(options: AccessTokenVerifierOptions): AccessTokenVerifier {
  const fetchImpl = idpFetch(options.fetch);
  const metadata = createIssuerMetadataLoader(options.issuer, fetchImpl);
  const refetchInterval = options.unknownKidRefetchInterval ?? 10;
  const allowInsecure = new URL(options.issuer).protocol === "http:" && isLocalUrl(new URL(options.issuer));
  // oauth4webapi caches the JWKS per metadata object; a fresh copy of the object forces a refetch.
  let current: oauth.AuthorizationServer | undefined;
  let lastForcedRefetch = -Infinity;
  const plain = options.plainJwt && createPlainJwtVerifier({ ...options, ...options.plainJwt });

  const validate = (as: oauth.AuthorizationServer, request: Request) =>
    oauth.validateJwtAccessToken(as, request, options.audience, {
      [oauth.customFetch]: fetchImpl,
      [oauth.allowInsecureRequests]: allowInsecure,
    });

  async function validateRefetchingOnUnknownKid(request: Request): Promise<oauth.JWTAccessTokenClaims> {
    current ??= await metadata.get();
    const used = current;
    try {
      return await validate(used, request);
    } catch (error) {
      if (!isKeySelectionError(error)) throw error;
      if (current === used) {
        const now = Date.now() / 1000;
        if (now - lastForcedRefetch < refetchInterval) throw error;
        lastForcedRefetch = now;
        current = { ...used };
      }
      return await validate(current, request);
    }
  }

  return {
    async verify(request) {
      const authorization = request.headers.get("authorization");
      // No Bearer credentials at all: RFC 6750 §3.1 says answer without an error code.
      if (authorization === null || !/^(bearer|dpop)(\s|$)/i.test(authorization)) throw missingToken();
      if (authorization.split(/ +/).length !== 2) throw malformedAuthorization();
      if (plain) return plain.verify(authorization);

      const scheme = schemeOf(request, authorization.split(/ +/)[1] ?? "");
      let claims: oauth.JWTAccessTokenClaims;
      try {
        // oauth4webapi checks the DPoP proof (signature, htm, htu, iat, ath, key thumbprint = cnf.jkt) whenever
        // DPoP is in play, so a bound token presented as plain Bearer or with another key's proof is refused.
        claims = await validateRefetchingOnUnknownKid(request);
      } catch (error) {
        throw toApiError(error, scheme);
      }
      return {
        sub: claims.sub,
        jti: claims.jti,
        clientId: claims.client_id,
        scopes: typeof claims.scope === "string" ? claims.scope.split(" ").filter(Boolean) : [],
        exp: claims.exp,
        scheme,
        claims,
      };
    },
  };
}
