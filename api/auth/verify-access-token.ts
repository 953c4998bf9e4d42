import * as oauth from "oauth4webapi";
import { isLoopbackUrl } from "../../common/loopback";
import { DEFAULT_CLIENT_ID } from "../../common/step-up";
import { ApiError, identityProviderUnavailable } from "../http/errors";
import { RFC9068_CLIENT_ID_CLAIMS, requireAllowedClient } from "./client-binding";
import { bindingProblem, challengeScheme, describeProofFailure, hasKeyBinding, isBound, type Presented, proofHeaderProblem } from "./dpop-refusals";
import { createIssuerMetadataLoader, type FetchLike, IdentityProviderUnreachableError, idpFetch } from "./issuer-metadata";
import { createPlainJwtVerifier, type PlainJwtShape } from "./verify-plain-jwt";
import { invalidToken, malformedAuthorization, missingToken, type TokenScheme } from "./www-authenticate";

/** A JWT access token that passed validation (RFC 9068, or a provider's plain JWT), with the bits the API uses. */
export interface VerifiedAccessToken {
  sub: string;
  /** The single-use id (`jti`, or the profile's claim); undefined only for a plain JWT lacking it. */
  jti: string | undefined;
  /** The client the token was issued to, one of the clients the route serves (client-binding.ts). */
  clientId: string;
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
  /**
   * Resolves with the token's claims, or throws an ApiError (400/401/503) ready to send. `allowedClients` replaces
   * the verifier's own list for routes that serve other clients (the directory serves the IdP, not the intranet).
   */
  verify(request: Request, allowedClients?: readonly string[]): Promise<VerifiedAccessToken>;
}

/** Settings of the verifier. */
export interface AccessTokenVerifierOptions {
  issuer: string;
  audience: string;
  /**
   * Client ids whose tokens this API serves (API_ALLOWED_CLIENTS); tokens issued to any other client are refused.
   * Defaults to the intranet's dev client id alone, never to "any client".
   */
  allowedClients?: readonly string[];
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

function isKeySelectionError(error: unknown): boolean {
  return error instanceof oauth.OperationProcessingError && error.code === oauth.KEY_SELECTION;
}

// Maps what oauth4webapi threw to the API's answer, saying whether the token or the DPoP proof failed and why;
// the library's message goes to the logs.
function toApiError(error: unknown, request: Request, scheme: TokenScheme): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof IdentityProviderUnreachableError) return identityProviderUnavailable(error);
  if (error instanceof oauth.OperationProcessingError || error instanceof oauth.UnsupportedOperationError) {
    const code = error.code ?? "unsupported";
    const proofProblem = scheme === "DPoP" ? describeProofFailure(error, request) : undefined;
    return invalidToken(proofProblem ?? DESCRIPTIONS[code] ?? DEFAULT_DESCRIPTION, scheme, { logDetail: `${code}: ${error.message}` });
  }
  // Anything else came from checking what the client sent (e.g. WebCrypto refusing a key a proof names): not a 5xx.
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return invalidToken(DEFAULT_DESCRIPTION, scheme, { logDetail: `unexpected: ${detail}` });
}

/** Creates a verifier for RFC 9068 (or, with `plainJwt`, plain) JWT access tokens from `issuer` meant for `audience`. */
export function createAccessTokenVerifier(options: AccessTokenVerifierOptions): AccessTokenVerifier {
  const fetchImpl = idpFetch(options.fetch);
  const metadata = createIssuerMetadataLoader(options.issuer, fetchImpl);
  const refetchInterval = options.unknownKidRefetchInterval ?? 10;
  const allowInsecure = new URL(options.issuer).protocol === "http:" && isLoopbackUrl(new URL(options.issuer));
  // oauth4webapi caches the JWKS per metadata object; a fresh copy of the object forces a refetch.
  let current: oauth.AuthorizationServer | undefined;
  let lastForcedRefetch = -Infinity;
  const allowedClients = options.allowedClients ?? [DEFAULT_CLIENT_ID];
  const plain = options.plainJwt && createPlainJwtVerifier({ ...options, ...options.plainJwt, allowedClients });

  const validateOptions: oauth.ValidateJWTAccessTokenOptions = {
    [oauth.customFetch]: fetchImpl,
    [oauth.allowInsecureRequests]: allowInsecure,
  };
  const validate = (as: oauth.AuthorizationServer, request: Request) => oauth.validateJwtAccessToken(as, request, options.audience, validateOptions);

  // Not async: once the metadata is loaded, a known kid's check is oauth4webapi's own promise, with no await added.
  function validateRefetchingOnUnknownKid(request: Request): Promise<oauth.JWTAccessTokenClaims> {
    const used = current;
    if (used === undefined) {
      return metadata.get().then((loaded) => {
        current ??= loaded;
        return validateRefetchingOnUnknownKid(request);
      });
    }
    return validate(used, request).catch((error: unknown) => {
      if (!isKeySelectionError(error)) throw error;
      if (current === used) {
        const now = Date.now() / 1000;
        if (now - lastForcedRefetch < refetchInterval) throw error;
        lastForcedRefetch = now;
        current = { ...used };
      }
      return validate(current ?? used, request);
    });
  }

  return {
    async verify(request, clients = allowedClients) {
      const authorization = request.headers.get("authorization");
      // No Bearer credentials at all: RFC 6750 §3.1 says answer without an error code.
      if (authorization === null || !/^(bearer|dpop)(\s|$)/i.test(authorization)) throw missingToken();
      const [usedScheme = "", accessToken = "", ...rest] = authorization.split(/ +/);
      const dpopScheme = /^dpop$/i.test(usedScheme);
      // Exactly a scheme, spaces, and a token: "Bearer\ttoken" or a trailing word is malformed, not guessed at. The
      // plain-JWT path supports only Bearer, so its refusals name only Bearer (see verify-plain-jwt.ts).
      if (rest.length > 0 || accessToken === "" || !(dpopScheme || /^bearer$/i.test(usedScheme))) {
        throw malformedAuthorization(!plain && dpopScheme ? "DPoP" : "Bearer");
      }
      if (plain) return plain.verify(authorization, clients);

      const presented: Presented = { dpopScheme, proof: request.headers.get("dpop") };
      const proofProblem = proofHeaderProblem(presented);
      if (proofProblem) throw proofProblem;
      let claims: oauth.JWTAccessTokenClaims;
      try {
        // oauth4webapi checks the DPoP proof (signature, htm, htu, iat, ath, key thumbprint = cnf.jkt) whenever
        // DPoP is in play, so a bound token presented as plain Bearer or with another key's proof is refused.
        claims = await validateRefetchingOnUnknownKid(request);
      } catch (error) {
        // Only a refusal decodes the token unverified, to name the scheme and say what to change; a valid one is
        // read once, by oauth4webapi.
        const bound = isBound(accessToken);
        throw bindingProblem(presented, bound) ?? toApiError(error, request, challengeScheme(presented, bound));
      }
      const bound = hasKeyBinding(claims);
      const scheme = challengeScheme(presented, bound);
      // oauth4webapi has refused these already; kept so the rule does not rest on the library's internals alone.
      const mismatch = bindingProblem(presented, bound);
      if (mismatch) throw mismatch;
      return {
        sub: claims.sub,
        jti: claims.jti,
        clientId: requireAllowedClient(claims, RFC9068_CLIENT_ID_CLAIMS, clients, scheme),
        scopes: typeof claims.scope === "string" ? claims.scope.split(" ").filter(Boolean) : [],
        exp: claims.exp,
        scheme,
        claims,
      };
    },
  };
}
