import type { RefusalReason } from "../../common/api-refusals";
import { ApiError, type ApiErrorOptions } from "../http/errors";

/** Realm named in every challenge, so clients can tell this API's challenges apart. */
export const REALM = "fabrikam-api";

/** The authentication scheme of a challenge: DPoP (RFC 9449 §7.1) for sender-constrained tokens, else Bearer. */
export type TokenScheme = "Bearer" | "DPoP";

/** The proof algorithm the API accepts, advertised in DPoP challenges (`algs`, RFC 9449 §7.1). */
export const DPOP_ALGS = "ES256";

/** Parameters of a Bearer or DPoP challenge (RFC 6750 §3, RFC 9449 §7.1, RFC 9470 §3). */
export interface BearerChallenge {
  /** Defaults to Bearer. */
  scheme?: TokenScheme;
  error?: "invalid_request" | "invalid_token" | "insufficient_scope" | "insufficient_user_authentication" | "insufficient_authorization_details";
  errorDescription?: string;
  /** Space-separated scopes the request needs (insufficient_scope). */
  scope?: string;
  /** Space-separated ACR values the user must authenticate with (RFC 9470). */
  acrValues?: string;
  /** Seconds: the authentication must be at most this old (RFC 9470). */
  maxAge?: number;
}

/**
 * RFC 6750 §3 limits error_description and scope to printable ASCII without `"` and `\`: quotes and backslashes
 * become `'`, anything else outside 0x20-0x7E is dropped. What a client parses back is this reduction.
 */
export function printable(value: string): string {
  return value.replace(/["\\]/g, "'").replace(/[^\x20-\x7e]/g, "");
}

// RFC 9110 §5.6.4 quoted-string; escaping is belt and braces after `printable`.
function quoted(value: string): string {
  return `"${printable(value).replace(/(["\\])/g, "\\$1")}"`;
}

/** Builds a `WWW-Authenticate` value such as `Bearer realm="fabrikam-api", error="invalid_token", ...` (or `DPoP ...`). */
export function buildBearerChallenge(challenge: BearerChallenge = {}): string {
  const params = [`realm=${quoted(REALM)}`];
  if (challenge.error) params.push(`error=${quoted(challenge.error)}`);
  if (challenge.errorDescription) params.push(`error_description=${quoted(challenge.errorDescription)}`);
  if (challenge.scope) params.push(`scope=${quoted(challenge.scope)}`);
  if (challenge.acrValues) params.push(`acr_values=${quoted(challenge.acrValues)}`);
  if (challenge.maxAge !== undefined) {
    if (!Number.isInteger(challenge.maxAge) || challenge.maxAge < 0) throw new RangeError("maxAge must be a whole number of seconds");
    params.push(`max_age=${challenge.maxAge}`);
  }
  const scheme = challenge.scheme ?? "Bearer";
  if (scheme === "DPoP") params.push(`algs=${quoted(DPOP_ALGS)}`);
  return `${scheme} ${params.join(", ")}`;
}

/** 401 without an error code: the request carried no Bearer or DPoP credentials at all (RFC 6750 §3.1). */
export function missingToken(): ApiError {
  return new ApiError(401, "invalid_token", "This API needs a Bearer access token in the Authorization header.", {
    headers: { "WWW-Authenticate": buildBearerChallenge() },
    logDetail: "no bearer token",
  });
}

// Every refusal below names the scheme the request used (RFC 9449 §7.1): a DPoP request gets a DPoP challenge.

/** 400 for an Authorization header that is not `<scheme> <token>` (RFC 6750 §3.1 invalid_request). */
export function malformedAuthorization(scheme: TokenScheme): ApiError {
  const errorDescription = `The Authorization header must be '${scheme}' followed by one access token.`;
  return new ApiError(400, "invalid_request", errorDescription, {
    headers: { "WWW-Authenticate": buildBearerChallenge({ scheme, error: "invalid_request", errorDescription }) },
  });
}

/** 401 invalid_token: expired, forged, replayed or otherwise unacceptable token (or DPoP proof). */
export function invalidToken(errorDescription: string, scheme: TokenScheme, options: Pick<ApiErrorOptions, "logDetail" | "reason"> = {}): ApiError {
  return new ApiError(401, "invalid_token", errorDescription, {
    ...options,
    headers: { "WWW-Authenticate": buildBearerChallenge({ scheme, error: "invalid_token", errorDescription }) },
  });
}

/** 403 insufficient_scope naming the scope the request needs. */
export function insufficientScope(scope: string, scheme: TokenScheme): ApiError {
  const errorDescription = `This request needs the ${scope} scope.`;
  return new ApiError(403, "insufficient_scope", errorDescription, {
    headers: { "WWW-Authenticate": buildBearerChallenge({ scheme, error: "insufficient_scope", errorDescription, scope }) },
  });
}

/** 401 insufficient_user_authentication: the client must step up (RFC 9470 §3). */
export function insufficientUserAuthentication(errorDescription: string, acrValues: string, maxAge: number, scheme: TokenScheme): ApiError {
  return new ApiError(401, "insufficient_user_authentication", errorDescription, {
    headers: {
      "WWW-Authenticate": buildBearerChallenge({
        scheme,
        error: "insufficient_user_authentication",
        errorDescription,
        acrValues,
        maxAge,
      }),
    },
  });
}

/**
 * 403 insufficient_authorization_details: the token approves another transfer, or none. RFC 9396 defines no error
 * for a resource server, so this follows RFC 6750's insufficient_scope (403, same challenge shape) in its own words.
 * `differing` names the members, for programs.
 */
export function insufficientAuthorizationDetails(
  errorDescription: string,
  scheme: TokenScheme,
  reason: RefusalReason,
  differing: readonly string[] = [],
): ApiError {
  return new ApiError(403, "insufficient_authorization_details", errorDescription, {
    reason,
    extra: { differing },
    logDetail: differing.length > 0 ? `differs in ${differing.join(", ")}` : "no approved transfer",
    headers: { "WWW-Authenticate": buildBearerChallenge({ scheme, error: "insufficient_authorization_details", errorDescription }) },
  });
}
