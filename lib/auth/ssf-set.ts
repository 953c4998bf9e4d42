/**
 * Validation of a Security Event Token (RFC 8417) pushed by the provider's SSF transmitter (SSF 1.0, CAEP 1.0).
 * jose checks the signature, `typ`, `iss`, `aud` and the times; this file adds what makes it an event the intranet
 * acts on: exactly one event of a known type, a well-formed event body, a subject in a format it can resolve
 * (`iss_sub` of this issuer, or `email`), and a `jti` to spend once.
 * Invariant: a SET is accepted only when every check passes; anything else is a SetError with an RFC 8935 `err`.
 */
import { errors, type JWTPayload, type JWTVerifyGetKey, type JWTVerifyResult, jwtVerify } from "jose";
import { CAEP_ASSURANCE_LEVEL_CHANGE, CAEP_SESSION_REVOKED, SET_TYP } from "@/common/ssf";
import { isObject, nonEmpty } from "./claim-values";

/** A SET is acted on only within this many seconds of its `iat` (SSF leaves the window to the receiver). */
export const SET_MAX_AGE_SECONDS = 300;

/** Clock difference tolerated between the transmitter and the intranet, for an `iat` in the future. */
export const SET_CLOCK_SKEW_SECONDS = 60;

/** RFC 8935 §2.4 error codes (the ones a receiver of a bad SET uses). */
export type SetErr = "invalid_request" | "invalid_key" | "invalid_issuer" | "invalid_audience";

/** A refused SET: `err` goes back to the transmitter, `code` to the logs, `message` is the plain sentence for both. */
export class SetError extends Error {
  constructor(
    readonly err: SetErr,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "SetError";
  }
}

/** Whom an event is about: the provider's own subject id, or an email address. */
export type SetSubject = { readonly format: "iss_sub"; readonly sub: string } | { readonly format: "email"; readonly email: string };

/** CAEP 1.0 §3.4: the facts of an assurance-level-change the intranet records. */
export interface AssuranceChange {
  readonly namespace: string;
  readonly currentLevel: string;
  readonly previousLevel?: string;
  readonly direction: "increase" | "decrease";
}

/** An accepted SET, reduced to what the receiver acts on. */
export type ReceivedEvent = {
  readonly jti: string;
  readonly subject: SetSubject;
  /** When it happened (CAEP `event_timestamp`, else the SET's `iat`), epoch seconds. */
  readonly occurredAt: number;
  /** Epoch seconds after which the SET could not be accepted any more: how long its jti is remembered. */
  readonly keepUntil: number;
  readonly reason?: string;
} & ({ readonly type: typeof CAEP_SESSION_REVOKED } | { readonly type: typeof CAEP_ASSURANCE_LEVEL_CHANGE; readonly change: AssuranceChange });

/** What a SET is checked against. */
export interface SetExpectations {
  readonly issuer: string;
  /** The stream's audience: the intranet's client id. */
  readonly audience: string;
  readonly keys: JWTVerifyGetKey;
  /** The one signature algorithm accepted; `none` and HMAC never pass. */
  readonly algorithm: string;
}

const refuse = (err: SetErr, code: string, message: string): never => {
  throw new SetError(err, code, message);
};

/** Verifies `token` and returns the event it carries, or throws SetError. Errors fetching keys are rethrown as they are. */
export async function verifySet(token: string, expect: SetExpectations, now: number): Promise<ReceivedEvent> {
  let verified: JWTVerifyResult;
  try {
    verified = await jwtVerify<JWTPayload>(token, expect.keys, {
      issuer: expect.issuer,
      audience: expect.audience,
      algorithms: [expect.algorithm],
      typ: SET_TYP,
      requiredClaims: ["iat", "jti"],
      maxTokenAge: SET_MAX_AGE_SECONDS,
      clockTolerance: SET_CLOCK_SKEW_SECONDS,
      currentDate: new Date(now * 1000),
    });
  } catch (error) {
    return refuse(...refusalOf(error));
  }
  return eventOf(verified.payload, expect.issuer, now);
}

// Everything jose does not know about SETs (RFC 8417 §2.2, SSF 1.0 §3 and §4, CAEP 1.0 §3).
function eventOf(payload: JWTPayload, issuer: string, now: number): ReceivedEvent {
  const jti = nonEmpty(payload.jti) ?? refuse("invalid_request", "set_id", "The SET has no usable identifier (jti).");
  const iat = payload.iat ?? refuse("invalid_request", "set_time", "The SET does not say when it was issued (iat).");
  const events = isObject(payload.events) ? Object.entries(payload.events) : [];
  if (events.length !== 1) refuse("invalid_request", "set_events", "The SET must carry exactly one event.");
  const [[type, body] = ["", undefined]] = events;
  if (type !== CAEP_SESSION_REVOKED && type !== CAEP_ASSURANCE_LEVEL_CHANGE)
    refuse("invalid_request", "set_event_type", `The event type ${type} is not one this site acts on.`);
  if (!isObject(body)) return refuse("invalid_request", "set_event", "The event's body is not a JSON object.");
  const subject = subjectOf(payload.sub_id, issuer);
  const timestamp = body.event_timestamp;
  if (timestamp !== undefined && (!Number.isSafeInteger(timestamp) || (timestamp as number) > now + SET_CLOCK_SKEW_SECONDS)) {
    refuse("invalid_request", "set_event_time", "The event's timestamp (event_timestamp) is not a time in the past.");
  }
  const common = {
    jti,
    subject,
    occurredAt: typeof timestamp === "number" ? timestamp : iat,
    keepUntil: iat + SET_MAX_AGE_SECONDS + SET_CLOCK_SKEW_SECONDS,
    reason: reasonOf(body),
  };
  if (type === CAEP_SESSION_REVOKED) return { ...common, type: CAEP_SESSION_REVOKED };
  return { ...common, type: CAEP_ASSURANCE_LEVEL_CHANGE, change: assuranceChangeOf(body) };
}

function subjectOf(value: unknown, issuer: string): SetSubject {
  if (!isObject(value)) return refuse("invalid_request", "set_subject", "The SET names no subject (sub_id).");
  if (value.format === "iss_sub") {
    if (value.iss !== issuer)
      refuse("invalid_request", "set_subject_issuer", "The subject belongs to another issuer than the identity provider this site trusts.");
    const sub = nonEmpty(value.sub) ?? refuse("invalid_request", "set_subject", "The subject's sub is not a non-empty string.");
    return { format: "iss_sub", sub };
  }
  if (value.format === "email") {
    const email = nonEmpty(value.email);
    if (email === undefined || !/^[^\s@]+@[^\s@]+$/.test(email)) refuse("invalid_request", "set_subject", "The subject's email is not an email address.");
    return { format: "email", email: (email as string).toLowerCase() };
  }
  return refuse("invalid_request", "set_subject_format", "The subject format is not one this site understands (iss_sub or email).");
}

function assuranceChangeOf(body: Record<string, unknown>): AssuranceChange {
  const namespace = nonEmpty(body.namespace);
  const currentLevel = nonEmpty(body.current_level);
  const direction = body.change_direction;
  if (namespace === undefined || currentLevel === undefined || (direction !== "increase" && direction !== "decrease")) {
    refuse("invalid_request", "set_event", "The assurance-level-change event needs namespace, current_level and change_direction.");
  }
  const previousLevel = nonEmpty(body.previous_level);
  return {
    namespace: namespace as string,
    currentLevel: currentLevel as string,
    direction: direction as AssuranceChange["direction"],
    ...(previousLevel ? { previousLevel } : {}),
  };
}

// CAEP reason_user / reason_admin are language maps; the English text (or the first) is kept for the activity page.
function reasonOf(body: Record<string, unknown>): string | undefined {
  for (const key of ["reason_user", "reason_admin"]) {
    const map = body[key];
    if (!isObject(map)) continue;
    const text = nonEmpty(map.en) ?? Object.values(map).map(nonEmpty).find(Boolean);
    if (text) return text.slice(0, 200);
  }
  return undefined;
}

// jose's findings, as an RFC 8935 err, a log code and a sentence. Anything else (keys unreachable) is rethrown.
function refusalOf(error: unknown): [SetErr, string, string] {
  if (!(error instanceof errors.JOSEError) || error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) throw error;
  if (error instanceof errors.JOSEAlgNotAllowed)
    return ["invalid_key", "set_algorithm", "The SET is not signed with the algorithm the identity provider uses."];
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return ["invalid_key", "set_signature", "The SET is not signed with a key of the identity provider."];
  }
  if (error instanceof errors.JWTExpired || error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "iss") return ["invalid_issuer", "set_issuer", "The SET was not issued by the identity provider this site trusts."];
    if (error.claim === "aud") return ["invalid_audience", "set_audience", "The SET is not addressed to this site's stream."];
    if (error.claim === "typ") return ["invalid_request", "set_type", `The token's type is not a Security Event Token (${SET_TYP}).`];
    if (error.claim === "iat" || error.claim === "nbf" || error.claim === "exp") {
      return ["invalid_request", "set_time", `The SET's issue time (iat) is missing, in the future or more than ${SET_MAX_AGE_SECONDS} seconds old.`];
    }
    if (error.claim === "jti") return ["invalid_request", "set_id", "The SET has no usable identifier (jti)."];
  }
  return ["invalid_request", "set_malformed", "The request body is not a signed JWT."];
}
