/**
 * Verification of plain signed-JWT access tokens (Okta, Keycloak, Entra): not RFC 9068, so oauth4webapi's
 * `validateJwtAccessToken` refuses them. jose checks signature, issuer, audience and times; this file only
 * decides which header types are acceptable and where the scopes and the single-use id live.
 */
import { createRemoteJWKSet, customFetch, errors, type JWTPayload, type JWTVerifyResult, jwtVerify, type RemoteJWKSet } from "jose";
import { isLoopbackUrl } from "../../common/loopback";
import type { ScopeClaim, TokenIdClaim } from "../../common/profiles";
import { ApiError, identityProviderUnavailable } from "../http/errors";
import { type ClientIdClaim, requireAllowedClient } from "./client-binding";
import { createIssuerMetadataLoader, type FetchLike, IdentityProviderUnreachableError, idpFetch } from "./issuer-metadata";
import type { VerifiedAccessToken } from "./verify-access-token";
import { invalidToken } from "./www-authenticate";

/** Where a provider's plain JWT access token keeps what the API needs. */
export interface PlainJwtShape {
  scopeClaim: ScopeClaim;
  tokenIdClaim: TokenIdClaim;
  /** Claims naming the client the token was issued to (client-binding.ts, per profile). */
  clientIdClaims: readonly ClientIdClaim[];
  /** Prepended to every granted scope (Entra's `scp` omits the API's Application ID URI). */
  scopePrefix?: string;
}

/** Settings of the plain-JWT verifier. */
export interface PlainJwtVerifierOptions extends PlainJwtShape {
  issuer: string;
  audience: string;
  /** Client ids whose tokens this API serves (API_ALLOWED_CLIENTS). */
  allowedClients: readonly string[];
  fetch?: FetchLike;
  /** Minimum seconds between JWKS refetches forced by an unknown `kid` (as for RFC 9068 tokens). */
  unknownKidRefetchInterval?: number;
}

/** Checks the credentials of an `Authorization` header already known to hold one `Bearer`/`DPoP` token. */
export interface PlainJwtVerifier {
  /** `allowedClients` replaces the verifier's own list for a route that serves other clients. */
  verify(authorization: string, allowedClients?: readonly string[]): Promise<VerifiedAccessToken>;
}

/** Signature algorithms accepted: asymmetric only, so neither `none` nor an HMAC keyed with public data passes. */
export const ASYMMETRIC_ALGORITHMS: readonly string[] = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519"];

// RFC 7515 §4.1.9: typ is case-insensitive and may omit "application/". Absent typ is allowed (Entra omits it).
const ACCEPTED_TYPES = new Set(["jwt", "at+jwt"]);
const CLOCK_TOLERANCE_SECONDS = 5;

const EXPIRED = "The access token has expired or is not yet valid.";
const WRONG_ISSUER_OR_AUDIENCE = "The access token was not issued by the trusted identity provider for this API.";
const UNKNOWN_KEY = "The access token was signed with a key the identity provider does not publish.";
const NOT_AN_ACCESS_TOKEN = "The access token is not a valid JWT access token for this API.";

// This path accepts only Bearer tokens, so its challenges name only Bearer: a DPoP challenge would invite a retry
// with a proof that this path never checks (RFC 9110 §11.6.1: a challenge names a scheme the resource supports).
const refuse = (description: string, logDetail: string) => invalidToken(description, "Bearer", { logDetail });

// Maps what jose threw to the API's answer; the library's message goes to the logs.
function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof IdentityProviderUnreachableError || error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return identityProviderUnavailable(error);
  }
  if (!(error instanceof errors.JOSEError)) throw error;
  const detail = `${error.code}: ${error.message}`;
  if (error instanceof errors.JWTExpired) return refuse(EXPIRED, detail);
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "iss" || error.claim === "aud") return refuse(WRONG_ISSUER_OR_AUDIENCE, detail);
    if (error.claim === "nbf" || error.claim === "iat") return refuse(EXPIRED, detail);
  }
  if (error instanceof errors.JWKSNoMatchingKey) return refuse(UNKNOWN_KEY, detail);
  return refuse(NOT_AN_ACCESS_TOKEN, detail);
}

/** The granted scopes as a list, from a space-separated string or an array (Okta's `scp`); anything else is none. */
export function scopesOf(value: unknown): string[] {
  if (typeof value === "string") return value.split(" ").filter(Boolean);
  if (Array.isArray(value)) return value.filter((scope): scope is string => typeof scope === "string" && scope !== "");
  return [];
}

// Everything jose does not check but an access token for this API must satisfy.
function accessTokenOf({ payload, protectedHeader }: JWTVerifyResult, shape: PlainJwtShape, allowedClients: readonly string[]): VerifiedAccessToken {
  const typ = protectedHeader.typ?.toLowerCase().replace(/^application\//, "");
  if (typ !== undefined && !ACCEPTED_TYPES.has(typ)) {
    throw refuse(NOT_AN_ACCESS_TOKEN, `typ ${protectedHeader.typ} is not an access token type`);
  }
  // A sender-constrained token is only safe with its proof checked, which this path does not do.
  if (payload.cnf !== undefined) {
    throw refuse("This API accepts only Bearer access tokens in this mode; the token is bound to a key (cnf).", "cnf in plain JWT");
  }
  if (typeof payload.sub !== "string" || payload.sub === "" || typeof payload.exp !== "number") {
    throw refuse(NOT_AN_ACCESS_TOKEN, "sub or exp malformed");
  }
  const prefix = shape.scopePrefix ?? "";
  const scopes = scopesOf(payload[shape.scopeClaim]).map((scope) => prefix + scope);
  const tokenId = payload[shape.tokenIdClaim];
  const clientId = requireAllowedClient(payload, shape.clientIdClaims, allowedClients, "Bearer");
  return {
    sub: payload.sub,
    jti: typeof tokenId === "string" && tokenId !== "" ? tokenId : undefined,
    clientId,
    scopes,
    exp: payload.exp,
    // This path refuses key-bound tokens and the DPoP scheme, so what it accepts is a Bearer token.
    scheme: "Bearer",
    // The step-up policy reads `scope` as in RFC 9068, whatever claim the provider used.
    claims: { ...payload, scope: scopes.join(" ") },
  };
}

/** Creates a verifier for plain JWT access tokens from `issuer` meant for `audience`, keys from its `jwks_uri`. */
export function createPlainJwtVerifier(options: PlainJwtVerifierOptions): PlainJwtVerifier {
  const fetchImpl = idpFetch(options.fetch);
  const metadata = createIssuerMetadataLoader(options.issuer, fetchImpl);
  const refetchInterval = options.unknownKidRefetchInterval ?? 10;
  let keys: RemoteJWKSet | undefined;
  let lastForcedRefetch = -Infinity;

  async function keySet(): Promise<RemoteJWKSet> {
    if (keys) return keys;
    const { jwks_uri } = await metadata.get();
    const url = new URL(jwks_uri as string);
    if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackUrl(url))) {
      throw new IdentityProviderUnreachableError(`jwks_uri ${url.href} must use https`);
    }
    // cooldownDuration Infinity: jose never refetches for an unknown kid by itself; verifyToken decides when.
    keys ??= createRemoteJWKSet(url, { cooldownDuration: Infinity, [customFetch]: fetchImpl });
    return keys;
  }

  const check = (token: string, jwks: RemoteJWKSet) =>
    jwtVerify<JWTPayload>(token, jwks, {
      issuer: options.issuer,
      audience: options.audience,
      algorithms: [...ASYMMETRIC_ALGORITHMS],
      requiredClaims: ["exp", "iat", "sub"],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    });

  // A freshly rotated key works at once; a flood of made-up kids causes at most one refetch per interval.
  async function verifyToken(token: string): Promise<JWTVerifyResult> {
    const jwks = await keySet();
    try {
      return await check(token, jwks);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
      const now = Date.now() / 1000;
      if (now - lastForcedRefetch < refetchInterval) throw error;
      lastForcedRefetch = now;
      await jwks.reload();
      return await check(token, jwks);
    }
  }

  return {
    async verify(authorization, allowedClients = options.allowedClients) {
      const [scheme = "", token = ""] = authorization.split(/ +/);
      if (scheme.toLowerCase() !== "bearer") {
        throw refuse("This API accepts only Bearer access tokens from this identity provider, not DPoP-bound ones.", `scheme ${scheme}`);
      }
      try {
        return accessTokenOf(await verifyToken(token), options, allowedClients);
      } catch (error) {
        throw toApiError(error);
      }
    },
  };
}
