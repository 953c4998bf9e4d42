import type { WWWAuthenticateChallenge } from "openid-client";

/** What an RFC 9470 challenge asks the client to obtain. */
export interface StepUpChallenge {
  readonly acrValues?: string;
  readonly maxAge?: number;
}

// ACR values are URIs or short level names; anything else in a header is refused rather than forwarded.
const ACR_VALUES = /^[\x21-\x7e]+( [\x21-\x7e]+)*$/;

/**
 * Reads a step-up demand from parsed `WWW-Authenticate` challenges (openid-client parses the header).
 * Returns undefined unless a Bearer or DPoP (RFC 9449 §7.1, for sender-constrained tokens) challenge says
 * `insufficient_user_authentication` (RFC 9470 §3).
 */
export function stepUpFromChallenges(challenges: readonly WWWAuthenticateChallenge[]): StepUpChallenge | undefined {
  const bearer = challenges.find((c) => (c.scheme === "bearer" || c.scheme === "dpop") && c.parameters.error === "insufficient_user_authentication");
  if (!bearer) return undefined;
  const { acr_values: acr, max_age: maxAgeRaw } = bearer.parameters;
  const acrValues = typeof acr === "string" && acr.length <= 512 && ACR_VALUES.test(acr) ? acr : undefined;
  const maxAge = typeof maxAgeRaw === "string" && /^\d{1,9}$/.test(maxAgeRaw) ? Number(maxAgeRaw) : undefined;
  return { acrValues, maxAge };
}
