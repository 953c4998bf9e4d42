/**
 * Time-based one-time codes (RFC 6238): SHA-1, 6 digits, 30-second steps,
 * one step of clock drift accepted either way — what authenticator apps expect.
 */
import { Secret, TOTP } from "otpauth";

const ISSUER = "Fabrikam Identity";

function totpFor(username: string, base32Secret: string): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label: username,
    algorithm: "SHA1",
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(base32Secret),
  });
}

/** The time step (RFC 6238 counter) `code` belongs to, when it is the current code ±1 step; else undefined. */
export function totpStep(username: string, base32Secret: string, code: string, now = Date.now()): number | undefined {
  // People paste codes with spaces ("123 456"); anything else than 6 digits is wrong.
  const digits = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(digits)) return undefined;
  const totp = totpFor(username, base32Secret);
  const delta = totp.validate({ token: digits, window: 1, timestamp: now });
  return delta === null ? undefined : totp.counter({ timestamp: now }) + delta;
}

/** True when `code` is the current code (±1 step) for this secret. */
export function verifyTotp(username: string, base32Secret: string, code: string): boolean {
  return totpStep(username, base32Secret, code) !== undefined;
}

/** The otpauth:// URI an authenticator app scans. */
export function totpUri(username: string, base32Secret: string): string {
  return totpFor(username, base32Secret).toString();
}
