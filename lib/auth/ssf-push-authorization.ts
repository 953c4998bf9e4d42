import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The Authorization header the intranet asks the transmitter to send with every SET (SSF 1.0 `authorization_header`,
 * RFC 8935 §2.2), derived from the session secret: every instance computes the same value and none is stored.
 * The SET's signature is what the receiver trusts; this only keeps strangers from making it verify signatures.
 */
export function pushAuthorization(sessionSecret: string): string {
  return `Bearer ${createHmac("sha256", sessionSecret).update("fabrikam-intranet ssf push v1").digest("base64url")}`;
}

/** True when `header` is exactly the expected push authorization (compared in constant time). */
export function isPushAuthorized(header: string | null, sessionSecret: string): boolean {
  const expected = Buffer.from(pushAuthorization(sessionSecret));
  const given = Buffer.from(header ?? "");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
