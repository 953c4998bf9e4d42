/**
 * Validation of an OIDC Back-Channel Logout 1.0 logout token (§2.4, §2.6). jose checks the signature, `iss`, `aud`
 * and the times; this file adds what makes a JWT a logout token rather than, say, an ID token replayed at the
 * logout endpoint: the event member, `sid` and/or `sub`, no `nonce`, and a `jti` to spend once.
 * Invariant: a token is accepted only when every check passes; anything else is a LogoutTokenError with a code.
 */
import { errors, type JWTPayload, type JWTVerifyGetKey, type JWTVerifyResult, jwtVerify } from "jose";
import { isObject, nonEmpty } from "./claim-values";

/** The event member a logout token must carry (§2.4). */
export const BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

/** A logout token is acted on only within this many seconds of its `iat` (the spec leaves the window to the RP). */
export const LOGOUT_TOKEN_MAX_AGE_SECONDS = 300;

/** Clock difference tolerated between the provider and the intranet, for `iat` in the future and for `exp`. */
export const LOGOUT_TOKEN_CLOCK_SKEW_SECONDS = 60;

/** Why a logout token was refused, for logs; the message is the sentence the sender gets back. */
export type LogoutTokenErrorCode =
  | "logout_token_malformed"
  | "logout_token_algorithm"
  | "logout_token_signature"
  | "logout_token_issuer"
  | "logout_token_audience"
  | "logout_token_time"
  | "logout_token_type"
  | "logout_token_event"
  | "logout_token_subject"
  | "logout_token_nonce"
  | "logout_token_id";

/** A refused logout token. `message` is a plain sentence safe to return to the sender. */
export class LogoutTokenError extends Error {
  constructor(
    readonly code: LogoutTokenErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "LogoutTokenError";
  }
}

/** Who to sign out, and how long the token's `jti` must be remembered to refuse a replay. */
export interface LogoutTokenClaims {
  readonly jti: string;
  /** The provider's session id; with it, only the sessions bound to that provider session end. */
  readonly sid?: string;
  /** The subject; alone, every session of that user ends. */
  readonly sub?: string;
  /** Epoch seconds after which the token could not be accepted any more. */
  readonly keepUntil: number;
}

/** What a logout token is checked against. */
export interface LogoutTokenExpectations {
  readonly issuer: string;
  readonly clientId: string;
  /** The provider's signing keys (jose `createRemoteJWKSet` on its `jwks_uri`). */
  readonly keys: JWTVerifyGetKey;
  /** The one signature algorithm accepted, as for ID tokens; `none` and HMAC never pass. */
  readonly algorithm: string;
}

// RFC 7515 §4.1.9: typ is case-insensitive and may carry "application/".
const LOGOUT_TYPE = "logout+jwt";

const refuse = (code: LogoutTokenErrorCode, message: string): never => {
  throw new LogoutTokenError(code, message);
};

/** Verifies `token` and returns its logout claims, or throws LogoutTokenError. Errors fetching keys are rethrown as they are. */
export async function verifyLogoutToken(token: string, expect: LogoutTokenExpectations, now: number): Promise<LogoutTokenClaims> {
  let verified: JWTVerifyResult;
  try {
    verified = await jwtVerify<JWTPayload>(token, expect.keys, {
      issuer: expect.issuer,
      audience: expect.clientId,
      algorithms: [expect.algorithm],
      requiredClaims: ["iat", "jti"],
      maxTokenAge: LOGOUT_TOKEN_MAX_AGE_SECONDS,
      clockTolerance: LOGOUT_TOKEN_CLOCK_SKEW_SECONDS,
      currentDate: new Date(now * 1000),
    });
  } catch (error) {
    return refuse(...refusalOf(error));
  }
  return logoutClaimsOf(verified);
}

// Everything jose does not know about logout tokens (§2.6 steps 3–7).
function logoutClaimsOf({ payload, protectedHeader }: JWTVerifyResult): LogoutTokenClaims {
  const typ = protectedHeader.typ?.toLowerCase().replace(/^application\//, "");
  // The spec recommends typ logout+jwt; older providers omit it, so only a different type is refused.
  if (typ !== undefined && typ !== LOGOUT_TYPE) refuse("logout_token_type", `The token's type is ${protectedHeader.typ}, not a logout token (logout+jwt).`);
  const events = payload.events;
  const event = isObject(events) ? events[BACKCHANNEL_LOGOUT_EVENT] : undefined;
  if (!isObject(event)) refuse("logout_token_event", `The token does not carry the back-channel logout event (${BACKCHANNEL_LOGOUT_EVENT}).`);
  // An ID token has a nonce and a logout token must not: this keeps ID tokens from being used to sign people out.
  if (payload.nonce !== undefined) refuse("logout_token_nonce", "The token carries a nonce, so it is not a logout token.");
  const sid = nonEmpty(payload.sid);
  const sub = nonEmpty(payload.sub);
  if ((payload.sid !== undefined && sid === undefined) || (payload.sub !== undefined && sub === undefined)) {
    refuse("logout_token_subject", "The token's sid or sub is not a non-empty string.");
  }
  if (sid === undefined && sub === undefined) refuse("logout_token_subject", "The token names neither a session (sid) nor a user (sub).");
  const jti = nonEmpty(payload.jti) ?? refuse("logout_token_id", "The token has no usable identifier (jti).");
  const iat = payload.iat ?? refuse("logout_token_time", "The token does not say when it was issued (iat).");
  const keepUntil = Math.max(iat + LOGOUT_TOKEN_MAX_AGE_SECONDS, payload.exp ?? 0) + LOGOUT_TOKEN_CLOCK_SKEW_SECONDS;
  return { jti, keepUntil, ...(sid !== undefined ? { sid } : {}), ...(sub !== undefined ? { sub } : {}) };
}

// jose's findings, as a code for the logs and a sentence for the sender. Anything else (keys unreachable) is rethrown.
function refusalOf(error: unknown): [LogoutTokenErrorCode, string] {
  if (!(error instanceof errors.JOSEError) || error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) throw error;
  if (error instanceof errors.JOSEAlgNotAllowed) return ["logout_token_algorithm", "The token is not signed with the algorithm the provider uses."];
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return ["logout_token_signature", "The token is not signed with a key of the identity provider."];
  }
  if (error instanceof errors.JWTExpired || error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "exp") return ["logout_token_time", "The token has expired."];
    if (error.claim === "iss") return ["logout_token_issuer", "The token was not issued by the identity provider this site trusts."];
    if (error.claim === "aud") return ["logout_token_audience", "The token is not addressed to this site's client."];
    if (error.claim === "iat" || error.claim === "nbf") {
      return ["logout_token_time", `The token's issue time (iat) is missing, in the future or more than ${LOGOUT_TOKEN_MAX_AGE_SECONDS} seconds old.`];
    }
    if (error.claim === "jti") return ["logout_token_id", "The token has no usable identifier (jti)."];
  }
  return ["logout_token_malformed", "The logout token is not a signed JWT."];
}
