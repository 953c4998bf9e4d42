/**
 * Accurate refusals for sender-constrained requests (DPoP, RFC 9449) on the RFC 9068 path. oauth4webapi checks
 * the proof; this file refuses what the headers alone show to be wrong (before any cryptography), and reads the
 * structured `cause` oauth4webapi attaches to its errors to tell a failed proof from a failed token, and why.
 */
import { decodeJwt, decodeProtectedHeader } from "jose";
import type * as oauth from "oauth4webapi";
import type { ApiError } from "../http/errors";
import { invalidToken, type TokenScheme } from "./www-authenticate";

/** For a key-bound token sent as a plain Bearer token. */
export const BOUND_TOKEN_AS_BEARER = "The access token is bound to a key (DPoP): send it with the DPoP scheme and a DPoP proof signed by that key.";

const PROOF_CLAIMS: Readonly<Record<string, string>> = {
  htm: "The DPoP proof was made for another HTTP method (htm).",
  ath: "The DPoP proof was made for another access token (ath).",
  "cnf.jkt": "The DPoP proof is signed by another key than the one the access token is bound to.",
  iat: "The DPoP proof is too old or dated in the future: sign a new proof for each request.",
};

/** Whether claims carry a key binding (`cnf.jkt`). */
export function hasKeyBinding(claims: Readonly<Record<string, unknown>>): boolean {
  const { cnf } = claims;
  return typeof cnf === "object" && cnf !== null && "jkt" in cnf;
}

/** Whether the token carries a key binding, read unverified: only to word a refusal, never to grant anything. */
export function isBound(accessToken: string): boolean {
  try {
    return hasKeyBinding(decodeJwt(accessToken));
  } catch {
    return false;
  }
}

/** What the request presented, read from its headers once: the Authorization scheme and the DPoP header. */
export interface Presented {
  /** The Authorization header uses the DPoP scheme (else Bearer). */
  dpopScheme: boolean;
  /** The DPoP header's value, if any. */
  proof: string | null;
}

/**
 * The scheme a refusal must name: DPoP when the client used the DPoP scheme or sent a proof, or the token carries
 * a key binding (`cnf.jkt`). An unverified `bound` only picks the challenge's scheme (RFC 9449 §7.1); it grants nothing.
 */
export function challengeScheme(presented: Presented, bound: boolean): TokenScheme {
  return presented.dpopScheme || presented.proof !== null || bound ? "DPoP" : "Bearer";
}

/**
 * Refuses a DPoP-scheme request whose proof header alone is wrong (missing, repeated, not a JWT), before any
 * cryptography. Checks that need to know whether the token is bound are in `bindingProblem`.
 */
export function proofHeaderProblem({ dpopScheme, proof }: Presented): ApiError | undefined {
  if (!dpopScheme) return undefined;
  if (proof === null) return invalidToken("The DPoP scheme needs a DPoP proof in the DPoP header (RFC 9449).", "DPoP", { logDetail: "no proof" });
  // Node joins repeated headers with ", "; a JWT never contains a comma.
  if (proof.includes(",")) return invalidToken("Send exactly one DPoP proof (one DPoP header).", "DPoP", { logDetail: "several proofs" });
  try {
    decodeProtectedHeader(proof);
    decodeJwt(proof);
  } catch {
    return invalidToken("The DPoP proof is not a well-formed JWT.", "DPoP", { logDetail: "proof not a JWT" });
  }
  return undefined;
}

/**
 * Refuses a scheme/proof combination that does not fit the token's key binding (`bound`), with a description saying
 * what to change. oauth4webapi refuses each of these too; this only words the refusal, so it only ever refuses.
 */
export function bindingProblem({ dpopScheme, proof }: Presented, bound: boolean): ApiError | undefined {
  if (dpopScheme) {
    if (bound) return undefined;
    return invalidToken("The access token is not bound to a key, so it cannot be sent with the DPoP scheme: send it as a Bearer token.", "DPoP", {
      logDetail: "unbound token with DPoP scheme",
    });
  }
  if (bound) return invalidToken(BOUND_TOKEN_AS_BEARER, "DPoP", { logDetail: "bound token as Bearer" });
  if (proof !== null) {
    return invalidToken("A DPoP proof was sent with the Bearer scheme: send a key-bound token with the DPoP scheme, or no DPoP header.", "DPoP", {
      logDetail: "proof with Bearer",
    });
  }
  return undefined;
}

// RFC 9449 §4.3: htu is compared without query and fragment.
function htuOf(url: string): string {
  const htu = new URL(url);
  htu.search = "";
  htu.hash = "";
  return htu.href;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

// oauth4webapi's errors carry what they looked at: the JWT's header or claims, the signed bytes, or the claim name.
function concernsProof(cause: Record<string, unknown>, proof: string): boolean {
  const [header = "", payload = ""] = proof.split(".");
  if (cause.data instanceof Uint8Array) return new TextDecoder().decode(cause.data) === `${header}.${payload}`;
  try {
    if (cause.header !== undefined) return sameJson(cause.header, decodeProtectedHeader(proof));
    if (cause.claims !== undefined) return sameJson(cause.claims, decodeJwt(proof));
  } catch {
    return false;
  }
  return false;
}

/**
 * What was wrong with the DPoP proof, when oauth4webapi's `error` concerns the proof rather than the token;
 * undefined otherwise. `request.url` is what the proof's htu must name (built from this API's public URL).
 */
export function describeProofFailure(error: oauth.OperationProcessingError | oauth.UnsupportedOperationError, request: Request): string | undefined {
  const proof = request.headers.get("dpop");
  const cause = error.cause;
  if (proof === null || typeof cause !== "object" || cause === null) return undefined;
  const fields = cause as Record<string, unknown>;
  // htm, htu, ath, cnf.jkt and a timestamp check of iat only ever concern the proof.
  if (fields.claim === "htu") return `The DPoP proof was made for another URL (htu); this request's URL is ${htuOf(request.url)}.`;
  if (typeof fields.claim === "string" && PROOF_CLAIMS[fields.claim]) return PROOF_CLAIMS[fields.claim];
  if (!concernsProof(fields, proof)) return undefined;
  if (fields.data instanceof Uint8Array) return "The DPoP proof's signature does not verify with the key in its header.";
  if (fields.claim === "exp" || fields.claim === "nbf") return "The DPoP proof has expired or is not yet valid (exp, nbf).";
  return "The DPoP proof is not acceptable: it must be a dpop+jwt carrying jti, iat, htm, htu and ath, signed by the public key in its jwk header (RFC 9449, section 4.2).";
}
